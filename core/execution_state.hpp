// An execution's state as the fold of its events: apply(state, event) -> state. Pure and
// deterministic, so replaying the log after a crash rebuilds exactly what was there.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/events.hpp"
#include "core/flow.hpp"

namespace weft::core {

enum class execution_status : std::uint8_t { pending, running, completed, failed, cancelled, timed_out };
enum class step_status : std::uint8_t { pending, scheduled, running, waiting, retrying, completed, failed, skipped };

[[nodiscard]] std::string_view to_string(execution_status s) noexcept;
[[nodiscard]] std::string_view to_string(step_status s) noexcept;
[[nodiscard]] bool is_terminal(execution_status s) noexcept;
/// True for the name of a status an execution ends in ("completed", "failed", ...).
[[nodiscard]] bool is_terminal_status(std::string_view name) noexcept;

struct step_state {
  step_status status = step_status::pending;
  std::uint32_t attempts = 0;
  nlohmann::json output;                // set by step_completed
  nlohmann::json error;                 // last failure
  std::int64_t started_at = 0;          // first attempt's start, unix ms
  std::int64_t finished_at = 0;
  std::int64_t duration_ms = 0;         // of the successful (or last) attempt
  std::int64_t next_retry_at = 0;       // while retrying
  std::int64_t timer_due_at = 0;        // while waiting on a timer
  std::uint32_t interruptions = 0;      // restarts of the current attempt (step_started with resumed)
  std::vector<std::string> taken;       // handles left by, once settled
};

struct execution_progress {
  std::uint32_t total = 0;
  std::uint32_t completed = 0;
  std::uint32_t failed = 0;
  std::uint32_t skipped = 0;
  /// (completed + failed + skipped) / total, in [0, 1]; 1 once the execution has ended.
  [[nodiscard]] double fraction() const noexcept;
};

struct execution_state {
  std::string workflow_id;
  std::int64_t workflow_version = 0;
  std::string parent_execution_id;      // a loop item's or sub-workflow's caller; "" when none
  execution_status status = execution_status::pending;
  nlohmann::json input;
  nlohmann::json output;
  nlohmann::json error;
  std::int64_t created_at = 0;
  std::int64_t started_at = 0;
  std::int64_t finished_at = 0;
  std::int64_t timeout_ms = 0;          // the definition's settings.timeout_ms; 0 = none
  std::string current_step;             // most recently started step
  std::uint64_t last_seq = 0;
  std::map<std::string, step_state> steps;  // steps that have had events
  execution_progress progress;
};

/// Folds one event in. Events at or below `last_seq` are duplicates and change nothing;
/// after a terminal event only `log` events are taken.
[[nodiscard]] execution_state apply(execution_state state, const event& e);
/// The same fold, in place (an execution actor folds ~40 events a run: no state moved twice
/// per event).
void fold_into(execution_state& state, const event& e);

/// Replays a whole history.
template <class Events>
[[nodiscard]] execution_state replay(const Events& events) {
  execution_state s;
  for (const auto& e : events) fold_into(s, e);
  return s;
}

/// A running execution at rest: none of its steps is running — each active one waits on a
/// timer, a signal or a retry. `wake_at` is the earliest time it must act (a timer, a
/// retry, its total timeout), 0 when only a signal or a cancel can wake it.
struct rest {
  bool at_rest = false;
  std::int64_t wake_at = 0;
};

/// Whether `s` is at rest, and until when (for passivation).
[[nodiscard]] rest rest_of(const execution_state& s);

/// The flow view of the state for next_moves(), indexed like `g`; it refers to `s` (each
/// settled step's handles), so it is used before `s` changes.
[[nodiscard]] std::vector<step_flow> flows_of(const execution_state& s, const graph& g);

/// The short summary `GET /api/executions` lists: id, workflow, version, status, times,
/// error code.
[[nodiscard]] nlohmann::json summary_of(const execution_state& s, const std::string& execution_id);

/// The execution summary served by `GET /api/executions/{id}` (without the id).
[[nodiscard]] nlohmann::json to_json(const execution_state& s);

/// to_json(s) with "execution_id" added, as JSON text: byte for byte its dump(), written
/// straight out (the state every awaited execution hands over as it ends; building the
/// tree, dumping it and destroying it was an eighth of the engine's time).
[[nodiscard]] std::string state_text(const execution_state& s, std::string_view execution_id);

}  // namespace weft::core
