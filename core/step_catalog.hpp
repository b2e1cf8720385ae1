// What the validator needs to know about step types, without knowing how they run:
// implemented by nodes::registry, which holds the real types and their JSON Schemas.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/problem.hpp"

namespace weft::core {

/// Tier classes of SPEC §3 and seed 000's table.
enum class step_class { basic, advanced, custom };

/// What running a step does besides computing its output, which decides how the engine may
/// run it. A `pure` step's output depends only on its input and the recorded clock, and it
/// touches nothing outside: the engine may run it before the events that start it are
/// durable (docs/architecture.md, "The hot path"), since a crash before they are can only
/// make it run again, unseen.
enum class step_kind {
  pure,           // computes its output (transform, condition, join, …)
  outside,        // acts on or reads the world: HTTP, an LLM, SMTP, the record store, a custom component
  timer,          // waits on a durable timer (delay)
  signal,         // waits for a signal (wait_for_signal)
  child_runs,     // starts child executions (loop, subworkflow)
};

struct step_type_info {
  std::string type;                       // canonical name
  std::vector<std::string> aliases;
  step_class tier = step_class::basic;
  bool trigger = false;                   // starts a workflow (trigger, input, webhook, schedule)
  step_kind kind = step_kind::pure;
  bool execution_output = false;          // its output is the execution's (the last one reached: output)
  /// Config locations holding expressions, as JSON pointers in which `*` stands for any
  /// key or index ("/conditions/*/condition", "/set/*"). Other strings are templates.
  std::vector<std::string> expression_fields;
};

class step_catalog {
 public:
  virtual ~step_catalog() = default;
  /// The type named `type_or_alias`, or nullptr.
  [[nodiscard]] virtual const step_type_info* find(std::string_view type_or_alias) const = 0;
  /// Checks a step's config against its type's JSON Schema; problems point below `pointer`.
  virtual void check_config(const step_type_info& type, const nlohmann::json& config, const std::string& pointer,
                            std::vector<problem>& out) const = 0;
  /// Checks a whole canonical definition against the definition schema.
  virtual void check_definition(const nlohmann::json& doc, std::vector<problem>& out) const = 0;
};

}  // namespace weft::core
