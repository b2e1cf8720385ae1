// How an engine behaves (actors/engine.hpp): its limits, its tenants' plans, what its step
// runs may reach, and where it says what went wrong. Free of CAF, so that a node's options
// (app/node.hpp) can carry it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace weft::nodes {
struct step_environment;
}

namespace weft::actors {

class worker_pool;

struct engine_options {
  /// Executions with actors (running, or waiting briefly) at most; more starts are queued
  /// as `pending` (their first event durable) and start in order as others end or sleep.
  std::size_t max_active = 10'000;
  /// An execution at rest (waiting on timers, signals or retries) whose next due time is
  /// at least this far away is passivated: its actors stop and its log is all that
  /// remains until it is woken. 0 = never.
  std::int64_t passivate_after_ms = 10'000;
  /// An execution writes a snapshot of its state every this many events, so bringing it
  /// back reads the snapshot and what followed instead of its whole log.
  std::uint32_t snapshot_every = 500;
  /// How many executions a tenant may have with actors at once (SPEC §6; -1: no limit).
  /// Starts beyond it wait as `pending`, and the queue is served round-robin across
  /// tenants. Null: no per-tenant limit. Called on the engine's thread; must be quick.
  std::function<std::int64_t(const std::string& tenant)> tenant_concurrency = nullptr;
  /// The most events one execution of a tenant may write (its plan's; < 1: no cap). An
  /// execution that reaches it fails with `event_limit_exceeded`. Null: no cap.
  std::function<std::int64_t(const std::string& tenant)> tenant_event_cap = nullptr;
  /// What step runs may reach beyond their context (tenant secrets); null: nothing.
  std::shared_ptr<const nodes::step_environment> environment = nullptr;
  /// The workers step attempts may be placed on (SPEC §9); null: every attempt runs here.
  std::shared_ptr<worker_pool> workers = nullptr;
  /// An execution whose log cannot be read when it should resume (an I/O error, a damaged
  /// record), or that stopped because its log could not be written (a full disk), is
  /// brought back after this long, doubling up to a minute — never dropped.
  std::int64_t retry_ms = 1'000;
  /// Where the engine says what went wrong that no request will hear of; null: nowhere.
  std::function<void(const std::string& message)> warn = nullptr;
};

}  // namespace weft::actors
