// What running one attempt of a step means: the context a handler reads, the result it gives,
// what handlers share (templates, expression fields, secrets, failures), and the handlers of
// the flow types, which compute their output from the execution context alone (trigger,
// input, output, condition, transform, log, fail, parallel, join). The registry
// (nodes/registry.hpp) names each type's handler; the step-run actor turns results into events.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/workflow.hpp"
#include "nodes/cancellation.hpp"

namespace weft::nodes {

/// What steps may reach beyond their context, set up by the node (absent in pure tests).
struct step_environment {
  /// A tenant secret's value by name, or nullopt (unknown, or unreadable).
  std::function<std::optional<std::string>(const std::string& tenant, const std::string& name)> secret;
  /// Upserts (key, record) pairs into a tenant collection in one atomic write; false with
  /// `why` (saveRecords).
  std::function<bool(const std::string& tenant, const std::string& collection,
                     const std::vector<std::pair<std::string, nlohmann::json>>& records, std::string& why)>
      save_records;
  /// Visits a tenant collection's records in key order until `visit` returns false; false
  /// with `why` (fetchData).
  std::function<bool(const std::string& tenant, const std::string& collection,
                     const std::function<bool(const nlohmann::json& record)>& visit, std::string& why)>
      scan_records;
  /// A tenant workflow's definition: `version`, or when 0 its published version, else its
  /// latest; sets `version` to the one found. False with `why` (subworkflow, loop).
  std::function<bool(const std::string& tenant, const std::string& workflow_id, std::uint64_t& version,
                     nlohmann::json& definition, std::string& why)>
      workflow_definition;
  /// A tenant's custom component registration (nodes/custom_component.hpp), or nullopt.
  std::function<std::optional<nlohmann::json>(const std::string& tenant, const std::string& type)> component;
};

struct step_context {
  const core::step* step = nullptr;        // canonical type (aliases resolved)
  const core::workflow* workflow = nullptr;  // the step's workflow (loop bodies are part of it)
  const nlohmann::json* context = nullptr; // { input, <step id>: output, vars, item, execution }
  const nlohmann::json* input_schema = nullptr;  // the workflow's input_schema (may be null)
  /// Outputs of the step's predecessors, in declaration order (for join and keep_input).
  std::vector<const nlohmann::json*> predecessor_outputs;
  std::int64_t now_ms = 0;                 // the event's time, so replays agree
  std::string tenant;                      // whose execution this is
  const step_environment* env = nullptr;   // may be null
  std::shared_ptr<cancellation> cancel;    // the attempt's; an outside call registers how to stop (may be null)
};

struct step_result {
  bool ok = true;
  nlohmann::json output = nlohmann::json::object();
  std::vector<std::string> handles = {"out"};  // handles the step leaves by
  nlohmann::json error;                        // { code, message, details } when !ok
  std::vector<nlohmann::json> logs;            // { level, message } log events to record
};

/// A failed attempt: no output, no handle, error { code, message, details }.
[[nodiscard]] step_result step_failure(std::string code, std::string message,
                                       nlohmann::json details = nlohmann::json::object());

/// Renders `{{ }}` templates in every string inside `value` against the context; false with
/// `why` (naming the column) when one does not compile or evaluate.
[[nodiscard]] bool render_templates(const nlohmann::json& value, const step_context& ctx, nlohmann::json& out,
                                    std::string& why);

/// Evaluates an expression field of a step's config; false with `err` set to a failed
/// attempt (`expression_error`, naming `where`) when it does not compile or evaluate.
bool evaluate_field(const std::string& source, const step_context& ctx, const std::string& where, nlohmann::json& out,
                    step_result& err);
/// Renders the templates in a config value; false with `err` set as evaluate_field does.
bool render_field(const nlohmann::json& value, const step_context& ctx, const std::string& where, nlohmann::json& out,
                  step_result& err);

/// The tenant secret `name` for a step; false with `err` set to a `secret_not_found`
/// failure when the tenant has none by that name.
bool tenant_secret(const step_context& ctx, const std::string& name, std::string& value, step_result& err);

/// The flow types' handlers. Failures come back as !ok with an error code: `expression_error`,
/// `invalid_input`, `failed` (the fail step's own code when it sets one). They may throw on
/// data of a shape they do not expect; start_step() (nodes/registry.hpp) makes that a failure.
/// trigger (also webhook and schedule: inside the execution they pass on what started it).
[[nodiscard]] step_result run_trigger(const step_context& ctx);
/// Applies defaults (config.defaults, then the schema's property defaults), then validates.
[[nodiscard]] step_result run_input(const step_context& ctx);
[[nodiscard]] step_result run_output(const step_context& ctx);
[[nodiscard]] step_result run_condition(const step_context& ctx);
[[nodiscard]] step_result run_transform(const step_context& ctx);
[[nodiscard]] step_result run_log(const step_context& ctx);
[[nodiscard]] step_result run_fail(const step_context& ctx);
[[nodiscard]] step_result run_parallel(const step_context& ctx);
[[nodiscard]] step_result run_join(const step_context& ctx);

/// Runs one attempt of a pure type (core::step_kind::pure) by its registered handler; any other
/// type fails with `unsupported_step`. Never throws. For tools and tests: the engine asks the
/// registry (nodes::start_step).
[[nodiscard]] step_result run_pure_step(const step_context& ctx);

}  // namespace weft::nodes
