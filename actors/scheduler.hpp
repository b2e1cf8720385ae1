// Weft's CAF scheduler: CAF's work-stealing scheduler, with a clock thread that is woken only
// for actors that use it, and workers whose loop skips CAF's per-resume logging hook
// (scheduler.cpp says why).
//
// CAF 0.17 tells its clock thread to cancel an actor's timeouts whenever any actor exits
// (local_actor::cleanup), whether or not it ever set one; the clock thread sleeps on an
// empty queue, so every exit wakes it — a futex wake and two context switches. An execution
// spawns and ends an actor per step run, so at a few thousand executions a second the clock
// thread was woken tens of thousands of times a second for nothing (issue 19's profile:
// actor exits and the clock ~15 % of the server's CPU). Here the clock remembers which actors
// set a timeout (a receive timeout, a request with a deadline) and passes only their exits
// on; timeouts, delayed messages and cancellations behave exactly as in CAF's own clock.
#pragma once

namespace caf {
class actor_system_config;
}

namespace weft::actors {

/// Makes the actor system built from `cfg` use Weft's scheduler (same options as CAF's:
/// scheduler.max-threads, work-stealing.*).
void load_scheduler(caf::actor_system_config& cfg);

}  // namespace weft::actors
