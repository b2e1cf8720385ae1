// One attempt of one step, as an actor (SPEC §1): runs the step's handler and reports a
// step_outcome to its supervisor, then quits. The supervisor monitors it, so a crash is a
// failure it decides on. Pure steps finish at once; a step that calls out over HTTP waits
// for its answer as a message.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/event_based_actor.hpp>

#include <nlohmann/json.hpp>

#include "actors/execution_plan.hpp"
#include "actors/messages.hpp"
#include "core/workflow.hpp"
#include "nodes/step_handler.hpp"

namespace weft::actors {

/// One attempt as its step run takes it: the attempt (a message any node could take) and what
/// this node resolved it to — the plan it names, the node's environment, a cancellation.
struct step_run_args {
  step_attempt attempt;
  std::shared_ptr<const execution_plan> plan;                  // the one attempt.plan names
  std::shared_ptr<const nodes::step_environment> environment;  // may be null
  std::shared_ptr<nodes::cancellation> cancel;                 // the supervisor cancels an abandoned attempt; may be null
};

/// The handler's view of the attempt (pointers into `args`, which must outlive it). The step
/// must be in the plan.
[[nodiscard]] nodes::step_context context_of(const step_run_args& args);

/// The step_outcome of an attempt that began at `start` and came to `r`.
[[nodiscard]] step_outcome outcome_of(const step_run_args& args, nodes::step_result r,
                                      std::chrono::steady_clock::time_point start);

/// The same, for the attempt `attempt` of `step_id`.
[[nodiscard]] step_outcome outcome_of(std::string step_id, std::uint32_t attempt, nodes::step_result r,
                                      std::chrono::steady_clock::time_point start);

/// Runs the attempt and sends its step_outcome to `reporter` (the supervisor).
caf::behavior step_run(caf::event_based_actor* self, caf::actor reporter, step_run_args args);

}  // namespace weft::actors
