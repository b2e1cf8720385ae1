// One attempt of a `loop` or `subworkflow` step (SPEC §3), as an actor in the place of a
// step run: it starts the attempt's child executions through the engine (at most the
// loop's concurrency at once), awaits each one's end, and reports one step_outcome to its
// supervisor. Children have deterministic ids (nodes/child_steps.hpp), so after a restart
// the re-run attempt awaits the children it had started rather than starting them again.
// Stopped early (a cancel, the attempt's timeout, the execution's end), it cancels the
// children still running.
#pragma once

#include <memory>

#include <caf/actor.hpp>
#include <caf/local_actor.hpp>

#include "actors/step_run.hpp"
#include "core/graph.hpp"

namespace weft::actors {

struct child_runs_args {
  step_run_args run;   // a loop's body comes from its plan's graph
  caf::actor engine;                         // starts, awaits and cancels the children
};

/// Spawns the attempt, monitored by `supervisor`, reporting to it.
[[nodiscard]] caf::actor spawn_child_runs(caf::local_actor* supervisor, child_runs_args args);

}  // namespace weft::actors
