// The supervisor of one execution (SPEC §1): it runs the execution's step attempts as
// step-run actors, monitors them, and owns what happens when one goes wrong — retries with
// jittered exponential backoff, per-attempt timeouts — and the execution's total timeout.
// The execution keeps the log: it hears of every decision (attempt_failed, timer_due) and
// records it before anything acts on it. Linked to its execution; it stops with it and
// takes its running attempts down with it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/local_actor.hpp>

namespace weft::nodes {
struct step_environment;
}

namespace weft::actors {

struct execution_plan;
class worker_pool;

struct supervisor_args {
  caf::actor execution;
  std::shared_ptr<const execution_plan> plan;      // shared with the execution, read-only
  std::int64_t deadline_ms = 0;                    // the execution's total timeout, as a time; 0 = none
  std::int64_t passivate_after_ms = 0;             // timers are armed at most this far ahead (timer.hpp)
  std::string tenant;
  std::string execution_id;
  std::shared_ptr<const nodes::step_environment> environment;  // secrets and the like for step runs
  caf::actor engine;                               // loops and sub-workflows start children through it; may be null
  std::shared_ptr<worker_pool> workers;            // where attempts that call out may go; null: here
};

/// Spawns the supervisor of the execution `parent`, linked to it.
[[nodiscard]] caf::actor spawn_supervisor(caf::local_actor* parent, supervisor_args args);

}  // namespace weft::actors
