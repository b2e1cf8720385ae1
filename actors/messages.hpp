// Every actor message of Weft, each struct followed by its inspect(), so that any of them
// can cross a CAF middleman to another node (SPEC §1). All are registered in
// system_config.cpp; tests/actors/middleman_test.cpp sends each one across. Plain data.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <caf/error.hpp>
#include <caf/sec.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/meta/type_name.hpp>
#include <nlohmann/json.hpp>

#include "actors/requests.hpp"
#include "core/events.hpp"
#include "core/workflow_change.hpp"

namespace weft::actors {

/// A JSON value in a message: shared by reference counting, never copied between actors of
/// one node; CBOR bytes when a message crosses to another node. Copy on write: edit()
/// changes the value in place while no other handle shares it, so an execution hands its
/// context to every attempt and changes it afterwards without a copy per attempt. (Its own
/// count, not std::shared_ptr's: "no one else holds it" must be an acquire, so that the
/// last reader's reads happen before the owner's writes — use_count() is a relaxed load.)
class shared_json {
 public:
  shared_json() = default;
  explicit shared_json(nlohmann::json v);
  shared_json(const shared_json& other) noexcept;
  shared_json(shared_json&& other) noexcept : box_(std::exchange(other.box_, nullptr)) {}
  shared_json& operator=(shared_json other) noexcept {
    std::swap(box_, other.box_);
    return *this;
  }
  ~shared_json();
  /// The value (null when there is none).
  [[nodiscard]] const nlohmann::json& get() const;
  /// The value, to change: this handle's own when no other handle shares it, else a copy
  /// made now (the other handles keep seeing the value as it was).
  [[nodiscard]] nlohmann::json& edit();

 private:
  struct box;
  box* box_ = nullptr;
};

/// The CBOR of `value`, in a string (the form storage keeps records in).
[[nodiscard]] std::string cbor_of(const nlohmann::json& value);
[[nodiscard]] std::string to_cbor_bytes(const shared_json& x);
/// False when `bytes` is not CBOR (x is then null).
[[nodiscard]] bool from_cbor_bytes(const std::string& bytes, shared_json& x);

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, shared_json& x) {
  if constexpr (Inspector::reads_state) {
    std::string bytes = to_cbor_bytes(x);
    return f(caf::meta::type_name("weft.json"), bytes);
  } else {
    std::string bytes;
    auto decode = [&]() -> caf::error {
      if (!from_cbor_bytes(bytes, x)) return caf::make_error(caf::sec::invalid_argument, "corrupt JSON in a message");
      return caf::none;
    };
    return f(caf::meta::type_name("weft.json"), bytes, caf::meta::load_callback(decode));
  }
}

/// An event in a message (its data shared, CBOR across nodes).
struct wire_event {
  std::uint64_t seq = 0;
  std::uint8_t type = 0;
  std::int64_t at_ms = 0;
  std::string step_id;
  std::uint32_t attempt = 0;
  shared_json data;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, wire_event& x) {
  return f(caf::meta::type_name("weft.wire_event"), x.seq, x.type, x.at_ms, x.step_id, x.attempt, x.data);
}

[[nodiscard]] wire_event to_wire(core::event e);
/// Whether its type is one an event has (a corrupt wire form's may not be).
[[nodiscard]] bool known_type(const wire_event& w) noexcept;
/// The event back; false when the wire form is corrupt (an unknown type).
[[nodiscard]] bool from_wire(const wire_event& w, core::event& out);
/// The event by reference, its data left in `w` (valid while `w` is); check known_type first.
[[nodiscard]] core::event_ref ref_of(const wire_event& w);

/// To the log writer: make these events of one execution durable. Answered with the
/// number of events committed in the same group (one RocksDB write), once durable; then
/// passed on, as it is, to the hub.
struct append_events {
  std::string tenant;
  std::string execution_id;
  std::vector<wire_event> events;
  std::string summary;      // CBOR of the execution's new summary (core::summary_of), written in the same batch; "" = none
  std::string workflow_id;  // for the hub's workflow:ID topic
  std::string snapshot;     // CBOR of core::snapshot_of at the last event, written in the same batch; "" = none
  std::string start_key = {};  // the Idempotency-Key claimed with execution_created, in the same batch; "" = none
  // With an execution_created that names its definition by digest: the digest and the
  // definition's stored form (CBOR), stored in the same batch unless the writer has already.
  std::string definition_digest = {};
  std::string definition = {};
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, append_events& x) {
  return f(caf::meta::type_name("weft.append_events"), x.tenant, x.execution_id, x.events, x.summary, x.workflow_id,
           x.snapshot, x.start_key, x.definition_digest, x.definition);
}

}  // namespace weft::actors

namespace weft::core {

// A workflow change for the hub to fan out (its definition is in core/workflow_change.hpp).
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, workflow_change& x) {
  return f(caf::meta::type_name("weft.workflow_change"), x.tenant, x.workflow_id, x.name, x.version, x.change,
           x.previous_status, x.status, x.updated_by, x.updated_at, x.revision);
}

}  // namespace weft::core

namespace weft::actors {

/// To the hub: deliver the durable events of `topic` — "execution:ID", "workflow:ID" or
/// "all_executions" — of `tenant` to the sender, as append_events batches, until it
/// unsubscribes or stops. Answered true.
struct hub_subscribe {
  std::string tenant;
  std::string topic;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, hub_subscribe& x) {
  return f(caf::meta::type_name("weft.hub_subscribe"), x.tenant, x.topic);
}

/// To the hub: stop delivering `topic` to the sender. Answered true when it was subscribed.
struct hub_unsubscribe {
  std::string tenant;
  std::string topic;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, hub_unsubscribe& x) {
  return f(caf::meta::type_name("weft.hub_unsubscribe"), x.tenant, x.topic);
}

/// From a step-run actor to its supervisor (and, when ok, on to the execution): how one
/// attempt ended.
struct step_outcome {
  std::string step_id;
  std::uint32_t attempt = 0;
  bool ok = false;
  shared_json output;
  std::vector<std::string> handles;  // taken handles when ok
  shared_json error;                 // { code, message, details } when !ok
  shared_json logs;                  // array of { level, message }
  std::int64_t duration_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, step_outcome& x) {
  return f(caf::meta::type_name("weft.step_outcome"), x.step_id, x.attempt, x.ok, x.output, x.handles, x.error, x.logs,
           x.duration_ms);
}

/// From an execution to its supervisor: run attempt `attempt` of `step_id` (its
/// step_started event is durable) with the execution context as it is now.
struct run_attempt {
  std::string step_id;
  std::uint32_t attempt = 1;
  shared_json context;  // the expression context { input, vars, execution, <step>: output }
  std::int64_t now_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, run_attempt& x) {
  return f(caf::meta::type_name("weft.run_attempt"), x.step_id, x.attempt, x.context, x.now_ms);
}

/// One attempt of one step as a runner takes it, on this node or another (SPEC §9): everything
/// it needs besides the plan, which it names (execution_plan::digest, the definition's) rather
/// than carries. From the supervisor to the step run it spawns.
struct step_attempt {
  std::string tenant;
  std::string execution_id;
  std::string plan;             // execution_plan::digest
  std::string step_id;
  std::uint32_t attempt = 1;
  std::string idempotency_key;  // the same for every attempt of the step (SPEC §5)
  std::int64_t now_ms = 0;      // the recorded clock, so replays agree
  std::int64_t deadline_ms = 0; // when the attempt's timeout passes (unix ms); 0 = none
  shared_json context;          // the expression context when the attempt began
  /// A custom component's attempt that may go to a worker: its registration (JSON text), which
  /// the coordinator read to place it, so that the worker need not ask for it. Else empty.
  std::string component;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, step_attempt& x) {
  return f(caf::meta::type_name("weft.step_attempt"), x.tenant, x.execution_id, x.plan, x.step_id, x.attempt,
           x.idempotency_key, x.now_ms, x.deadline_ms, x.context, x.component);
}

/// From a supervisor to its execution: an attempt failed (it returned an error, crashed or
/// timed out) and the supervisor decided whether it will be retried, and after how long. The
/// execution dates the retry from the failure's record and, once that record is durable,
/// asks the supervisor to arm it (schedule_retry): a retry never precedes its failure.
struct attempt_failed {
  std::string step_id;
  std::uint32_t attempt = 0;
  std::string error;  // JSON text { code, message, details }
  std::int64_t duration_ms = 0;
  bool will_retry = false;
  std::int64_t retry_in_ms = 0;  // the backoff, when will_retry
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, attempt_failed& x) {
  return f(caf::meta::type_name("weft.attempt_failed"), x.step_id, x.attempt, x.error, x.duration_ms, x.will_retry,
           x.retry_in_ms);
}

/// From an execution to its supervisor: a retry is in the log (a failure just recorded, or
/// one pending when the process stopped); it is due at `due_at_ms` (the logged next_retry_at).
struct schedule_retry {
  std::string step_id;
  std::uint32_t attempt = 0;  // the attempt to start when due
  std::int64_t due_at_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, schedule_retry& x) {
  return f(caf::meta::type_name("weft.schedule_retry"), x.step_id, x.attempt, x.due_at_ms);
}

/// From an execution that someone awaits (the engine passed it an await_execution) to the
/// engine: it has ended, and this is its final state (JSON text, as query_execution), so
/// the engine answers its waiters without reading the log.
struct execution_ended {
  std::string tenant;
  std::string execution_id;
  std::string state;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, execution_ended& x) {
  return f(caf::meta::type_name("weft.execution_ended"), x.tenant, x.execution_id, x.state);
}

/// From an execution to the engine: it is at rest (only timers, signals or retries to wait
/// for) until `wake_at_ms` (0: until a signal), longer than the passivation threshold.
struct execution_at_rest {
  std::string tenant;
  std::string execution_id;
  std::int64_t wake_at_ms = 0;
  std::uint64_t last_seq = 0;  // the state it was in; a later event makes the offer stale
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, execution_at_rest& x) {
  return f(caf::meta::type_name("weft.execution_at_rest"), x.tenant, x.execution_id, x.wake_at_ms, x.last_seq);
}

/// From the engine to an execution at rest: stop now (answer true, then quit) unless
/// something happened since it offered (answer false and carry on). Its log holds all.
struct passivate {
  std::uint64_t last_seq = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, passivate& x) {
  return f(caf::meta::type_name("weft.passivate"), x.last_seq);
}

/// Timers: a retry is due, an attempt timed out, or the whole execution ran out of time
/// (step_id empty) — the supervisor's, which it passes on to the execution when they call
/// for an event; a delay fired or a signal wait timed out — the execution's own.
struct timer_due {
  enum kind_t : std::uint8_t { retry = 0, attempt_timeout = 1, delay_fired = 2, execution_timeout = 3, signal_timeout = 4 };
  std::uint8_t kind = retry;
  std::string step_id;
  std::uint32_t attempt = 0;
  std::int64_t due_at_ms = 0;  // when it is due (unix ms); arm_timer re-arms one that came early
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, timer_due& x) {
  return f(caf::meta::type_name("weft.timer_due"), x.kind, x.step_id, x.attempt, x.due_at_ms);
}

}  // namespace weft::actors
