// A worker's runner of step attempts (SPEC §9, docs/cluster.md): it takes a step_attempt from a
// coordinator's supervisor, finds the plan the attempt names (asking the coordinator's door
// for its definition the first time), and spawns the attempt's step run, which reports to that
// supervisor. It answers with the step run, so the supervisor monitors it as its own: a run
// lost with its node is seen there as a down message. What the step reaches beyond its
// context (tenant secrets, custom component registrations) it asks the door for.
#pragma once

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

namespace weft::actors {

/// Spawns a runner whose plans and environment come from `door` (a coordinator's, remote).
[[nodiscard]] caf::actor spawn_step_runner(caf::actor_system& sys, caf::actor door);

}  // namespace weft::actors
