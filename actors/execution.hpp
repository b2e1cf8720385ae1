// One execution of a workflow, as an actor (SPEC §1, §5). Its state is the fold of its
// events (core::apply); it decides which steps are ready (core::next_moves), spawns a step
// run per attempt, owns retries with backoff, attempt and execution timeouts, delays and
// cancellation, and finishes with the output of the output step it reached. Every event goes
// through the log writer before anything outside hears of it. At rest for longer than the
// passivation threshold, it offers the engine to stop; its log is enough to bring it back.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>

#include "core/events.hpp"
#include "core/execution_snapshot.hpp"

namespace weft::nodes {
struct step_environment;
}

namespace weft::actors {

class worker_pool;

struct execution_args {
  std::string tenant;
  std::string execution_id;
  caf::actor log_writer;
  core::execution_history history;  // empty for a new execution; its log when resuming
  caf::actor engine;                // offered passivation when at rest; none: never
  std::int64_t passivate_after_ms = 0;
  std::uint32_t snapshot_every = 0;  // events between snapshots; 0 = never
  std::shared_ptr<const nodes::step_environment> environment;  // handed to step runs; may be null
  std::uint64_t max_events = 0;      // the plan's cap on this execution's events; 0 = none
  std::shared_ptr<worker_pool> workers;  // where attempts may be placed; null: here
};

struct execution_state_holder;  // defined in execution.cpp

/// The behavior of an execution actor. A new one waits for start_execution (and answers
/// "running" once its first events are durable); a resumed one continues from its history
/// at once — and one admitted from the engine's queue (status pending) starts.
caf::behavior execution_actor(caf::stateful_actor<execution_state_holder>* self, execution_args args);

struct start_execution;
struct execution_plan;

/// The first event of an execution (seq 1): what it runs (its plan's definition, named by
/// digest: the log writer stores the definition once), with what, for how many steps, within
/// what time.
[[nodiscard]] core::event created_event(const start_execution& msg, const execution_plan& plan, nlohmann::json input,
                                        std::int64_t at_ms);

/// Spawns an execution actor (the state type stays private to execution.cpp).
[[nodiscard]] caf::actor spawn_execution(caf::local_actor* parent, execution_args args);

}  // namespace weft::actors
