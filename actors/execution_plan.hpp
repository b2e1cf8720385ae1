// What an execution runs by, built once per definition and shared by every execution of it:
// the definition, the workflow with canonical step types, its graph, and each step's type
// from the registry (its kind, how it runs). Each execution of a workflow version used to parse its definition's text and build
// the workflow and graph again (a third of the execution actor's time on chain10).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/graph.hpp"
#include "core/step_catalog.hpp"
#include "core/workflow.hpp"

namespace weft::nodes {
struct step_type;
}

namespace weft::actors {

struct execution_plan {
  nlohmann::json definition;                       // as given
  std::string digest;                              // hex SHA-256 of definition.dump(): the plan's name
  std::string definition_cbor;                     // its stored form, which execution_created names by digest
  std::shared_ptr<const core::workflow> workflow;  // aliases replaced by their canonical type
  std::shared_ptr<const core::graph> graph;
  std::unordered_map<std::string, const nodes::step_type*> types;  // by step id (nodes::type_to_run)

  /// The type step `step_id` runs as; nullptr for an id not in the workflow.
  [[nodiscard]] const nodes::step_type* type_of(const std::string& step_id) const;
  /// Its kind; `outside` for an id not in the workflow.
  [[nodiscard]] core::step_kind kind_of(const std::string& step_id) const;
};

/// The plan of a definition; nullptr when it is no workflow (no steps).
[[nodiscard]] std::shared_ptr<const execution_plan> plan_of(nlohmann::json definition);

/// The same from the definition's text, shared with every earlier call with the same text
/// (the last few hundred distinct texts are kept); nullptr when it is not a workflow.
[[nodiscard]] std::shared_ptr<const execution_plan> cached_plan_of(const std::string& definition_text);

/// The plan named `digest` while some execution of this process still runs by it (a step
/// attempt names its plan: step_attempt.plan), else nullptr.
[[nodiscard]] std::shared_ptr<const execution_plan> plan_in_use(const std::string& digest);

}  // namespace weft::actors
