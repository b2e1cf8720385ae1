// The execution events of SPEC §5: the event log is the truth, and an execution's state is
// the fold of its events (execution_state.hpp). Plain data with a JSON codec.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace weft::core {

enum class event_type : std::uint8_t {
  execution_created,    // data: workflow_id, workflow_version, input, total_steps, timeout_ms,
                        // definition (stored as definition_digest: storage/event_log.hpp)
  execution_started,
  step_scheduled,       // step_id
  step_started,         // step_id, attempt
  step_completed,       // step_id, attempt; data: output, duration_ms, handles (default ["out"])
  step_failed,          // step_id, attempt; data: error, will_retry, next_retry_at, handles
  step_skipped,         // step_id
  timer_started,        // step_id; data: due_at (unix ms)
  timer_fired,          // step_id
  signal_received,      // step_id (may be empty); data: name, payload
  log,                  // step_id (may be empty); data: level, message
  execution_completed,  // data: output
  execution_failed,     // data: error
  execution_cancelled,  // data: reason
  execution_timed_out,  // data: timeout_ms
};

[[nodiscard]] std::string_view to_string(event_type t) noexcept;
[[nodiscard]] std::optional<event_type> event_type_from(std::string_view name) noexcept;
/// execution_completed / _failed / _cancelled / _timed_out.
[[nodiscard]] bool is_terminal(event_type t) noexcept;

struct event {
  std::uint64_t seq = 0;       // per execution, from 1
  event_type type = event_type::log;
  std::int64_t at_ms = 0;      // unix ms
  std::string step_id;         // empty for execution-level events
  std::uint32_t attempt = 0;   // 0 when not about an attempt
  nlohmann::json data = nlohmann::json::object();  // the type's own fields (see event_type)
};

/// An event by reference: what the log writer stores straight from the messages that carry
/// it, with no copy of its data. Valid while the event it refers to is.
struct event_ref {
  std::uint64_t seq = 0;
  event_type type = event_type::log;
  std::int64_t at_ms = 0;
  std::string_view step_id;
  std::uint32_t attempt = 0;
  const nlohmann::json* data = nullptr;  // never null
};

[[nodiscard]] inline event_ref ref_of(const event& e) { return {e.seq, e.type, e.at_ms, e.step_id, e.attempt, &e.data}; }

/// execution_created's data names its definition by digest when stored (storage/event_log.hpp,
/// which puts the definition back for every reader): the digest, or nullptr when the data
/// carries no digest (the definition itself, or neither).
[[nodiscard]] const std::string* definition_digest_of(const nlohmann::json& created_data);
/// Names the definition by `digest` in execution_created's data.
void name_definition(nlohmann::json& created_data, std::string digest);
/// Puts `definition` in place of the digest that named it, as readers see the event.
void put_definition_in_place(nlohmann::json& created_data, nlohmann::json definition);

/// `{ "seq", "type", "timestamp": ISO-8601, "step_id"?, "attempt"?, ...data }`.
[[nodiscard]] nlohmann::json to_json(const event& e);
/// The inverse of to_json; nullopt when `j` is not an event.
[[nodiscard]] std::optional<event> event_from_json(const nlohmann::json& j);

}  // namespace weft::core
