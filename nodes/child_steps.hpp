// The steps that run other executions (SPEC §3): `loop` runs its body — a sub-graph of the
// same workflow, or a stored workflow — once per item, and `subworkflow` runs a stored
// workflow once. Each run is a child execution with a deterministic id, so a resumed
// attempt finds the children it had started instead of starting them again. This file is
// the pure part: what to start, and what the answers add up to. actors/child_runs starts
// and awaits the children.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/graph.hpp"
#include "nodes/step_handler.hpp"

namespace weft::nodes {

/// Nesting deeper than this (a sub-workflow calling itself, say) fails with `depth_exceeded`.
inline constexpr std::int64_t max_child_depth = 8;
/// The most items a loop runs at once.
inline constexpr std::size_t max_loop_concurrency = 100;

/// What a loop or subworkflow attempt starts.
struct child_plan {
  bool loop = false;
  std::string workflow_id;                     // the stored workflow, or the loop's own for a body
  std::uint64_t workflow_version = 0;
  std::shared_ptr<const std::string> definition;  // JSON text, the same for every child
  std::vector<nlohmann::json> inputs;          // one per child
  nlohmann::json items = nlohmann::json::array();  // the loop's items (for `$.item`)
  nlohmann::json scope;                        // an inline body's view of the loop's context; null otherwise
  std::vector<std::string> body_ends;          // an inline body's last steps (their output is the item's result)
  std::size_t concurrency = 1;
  std::string failure_policy = "fail";        // fail | continue | collect
  bool wait = true;                            // subworkflow: false = start and go on
  std::int64_t depth = 1;                      // the children's depth
};

/// Plans attempt `ctx` of a loop or subworkflow step (`g` is its workflow's graph). False
/// with `err` set to the failed attempt when the config does not evaluate or the target is
/// missing.
[[nodiscard]] bool plan_children(const step_context& ctx, const core::graph& g, child_plan& plan, step_result& err);

/// The id of child `index` of attempt `attempt` of step `step_id` in execution `parent`.
[[nodiscard]] std::string child_execution_id(const std::string& parent, const std::string& step_id, std::uint32_t attempt,
                                             std::size_t index);

/// The `parent` of child `index` (start_execution.parent): who started it (`caller`: its
/// context's `execution`), its idempotency scope and, for a loop item, its index, item and
/// scope. The idempotency scope leaves the attempt out: an outside call inside a child
/// keeps its Idempotency-Key when the step that started the child is retried.
[[nodiscard]] nlohmann::json child_parent(const child_plan& plan, const nlohmann::json& caller, const std::string& step_id,
                                          std::size_t index);

/// How one child ended, from its final state (core::to_json).
struct child_result {
  std::string execution_id;
  std::string status;           // completed | failed | cancelled | timed_out
  nlohmann::json output;        // the item's result (completed)
  nlohmann::json error;         // the child's error (otherwise)
};

/// Reads a child's final state (the engine's await answer); a completed inline body's
/// result is its last steps' output.
[[nodiscard]] child_result read_child(const child_plan& plan, std::string execution_id, const nlohmann::json& state);

/// The step's result once every child has answered (or the first failed, under `fail`).
[[nodiscard]] step_result finish_children(const child_plan& plan, const std::vector<child_result>& results);

/// A subworkflow that does not wait: the step's output as soon as the child has started.
[[nodiscard]] step_result started_child(const std::string& execution_id, const std::string& status);

}  // namespace weft::nodes
