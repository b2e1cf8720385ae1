// The requests the front door sends the engine (through engine_client): start, query,
// await, signal and cancel an execution. Plain structs with inspect(), like every message
// (actors/messages.hpp includes this file); kept apart so that the HTTP layer sees only
// these, without CAF's error machinery or the runtime's own messages.
#pragma once

#include <cstdint>
#include <string>

#include <caf/meta/type_name.hpp>

namespace weft::actors {

/// To the engine (and from it to a new execution actor): start an execution of
/// `definition` (canonical JSON text) with `input` (JSON text). Answered "running" once its
/// first events are durable, or "pending" when admission queued it.
struct start_execution {
  std::string tenant;
  std::string execution_id;
  std::string workflow_id;
  std::uint64_t workflow_version = 0;
  std::string definition;
  std::string input;
  /// JSON text; "" for a top-level execution. For a loop item or a sub-workflow:
  /// { execution_id, step_id, depth, index?, item?, scope? } (actors/child_runs.hpp).
  std::string parent = {};
  /// SPEC §6: among a tenant's pending executions, higher priorities start first (-100..100).
  std::int32_t priority = 0;
  /// The start's Idempotency-Key ("" = none): claimed in the batch of execution_created.
  std::string idempotency_key = {};
  /// To the engine: 0 answers once the execution's first events are durable ("running", or
  /// "pending" when queued); more answers with its state once it ended, or after this many
  /// ms with the state so far — an execute-and-wait in one request, whose waiter is in place
  /// before the execution can end (an await sent after the start often found it ended, and
  /// its state was folded again from the log).
  std::uint32_t await_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, start_execution& x) {
  return f(caf::meta::type_name("weft.start_execution"), x.tenant, x.execution_id, x.workflow_id, x.workflow_version,
           x.definition, x.input, x.parent, x.priority, x.idempotency_key, x.await_ms);
}

/// To the engine: the execution's state as JSON text (core::to_json of the fold).
struct query_execution {
  std::string tenant;
  std::string execution_id;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, query_execution& x) {
  return f(caf::meta::type_name("weft.query_execution"), x.tenant, x.execution_id);
}

/// To the engine: answer with the execution's state (as query_execution) once it has
/// ended, or after `timeout_ms` with the state so far (`?wait_ms=`, tests).
struct await_execution {
  std::string tenant;
  std::string execution_id;
  std::uint32_t timeout_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, await_execution& x) {
  return f(caf::meta::type_name("weft.await_execution"), x.tenant, x.execution_id, x.timeout_ms);
}

/// To the engine: deliver signal `name` (payload: JSON text) to an execution. Answered true
/// once `signal_received` is durable, false when the execution is not running.
struct signal_execution {
  std::string tenant;
  std::string execution_id;
  std::string name;
  std::string payload;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, signal_execution& x) {
  return f(caf::meta::type_name("weft.signal_execution"), x.tenant, x.execution_id, x.name, x.payload);
}

/// To the engine: cancel a running execution; answered true once `execution_cancelled` is
/// durable.
struct cancel_execution {
  std::string tenant;
  std::string execution_id;
  std::string reason;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cancel_execution& x) {
  return f(caf::meta::type_name("weft.cancel_execution"), x.tenant, x.execution_id, x.reason);
}

}  // namespace weft::actors
