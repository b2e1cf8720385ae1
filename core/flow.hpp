// Which steps run next, and which are skipped (dead-path elimination), given how far an
// execution has come. Pure function of the graph and per-step flow states; the execution
// actor calls it after every settled step.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/graph.hpp"

namespace weft::core {

enum class flow_state : std::uint8_t {
  waiting,  // not started
  active,   // scheduled, running, waiting on a timer or signal, or between retries
  settled,  // finished (completed, or failed with on_error continue/route); `taken` says where it went
  skipped,  // on a branch that was not taken
};

struct step_flow {
  flow_state state = flow_state::waiting;
  // The handles a settled step left by: a view of the step's state (flows_of), valid while
  // that state is — the execution asks after every step, and copying them each time was a
  // tenth of its allocations (issue 19).
  const std::vector<std::string>* taken = nullptr;
};

struct flow_moves {
  std::vector<graph::index> ready;    // every forward predecessor resolved, at least one link taken
  std::vector<graph::index> skipped;  // every incoming link dead: skip, transitively
};

/// The steps to start and to skip now. `flows` is indexed like the graph. Loop bodies are
/// run by their loop step and are neither started nor skipped here.
[[nodiscard]] flow_moves next_moves(const graph& g, const std::vector<step_flow>& flows);

}  // namespace weft::core
