// What an execution runs by, built once per definition and shared by every execution of it:
// the definition, the workflow with canonical step types, its graph, and which steps are
// pure. Each execution of a workflow version used to parse its definition's text and build
// the workflow and graph again (a third of the execution actor's time on chain10).
#pragma once

#include <memory>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/graph.hpp"
#include "core/workflow.hpp"

namespace weft::actors {

struct execution_plan {
  nlohmann::json definition;                       // as given (execution_created records it)
  std::shared_ptr<const core::workflow> workflow;  // aliases replaced by their canonical type
  std::shared_ptr<const core::graph> graph;
  std::set<std::string> pure_steps;                // steps of kind pure (core::step_kind)
};

/// The plan of a definition; nullptr when it is no workflow (no steps).
[[nodiscard]] std::shared_ptr<const execution_plan> plan_of(nlohmann::json definition);

/// The same from the definition's text, shared with every earlier call with the same text
/// (the last few hundred distinct texts are kept); nullptr when it is not a workflow.
[[nodiscard]] std::shared_ptr<const execution_plan> cached_plan_of(const std::string& definition_text);

}  // namespace weft::actors
