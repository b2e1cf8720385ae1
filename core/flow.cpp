// AND-join semantics with dead-path elimination: a link is taken when its source settled
// leaving by the link's handle, dead when the source was skipped or left by another handle.
#include "core/flow.hpp"

#include <algorithm>

namespace weft::core {
namespace {

enum class link_state { pending, taken, dead };

link_state state_of(const graph& g, const std::vector<step_flow>& flows, std::uint32_t l) {
  const step_flow& src = flows[g.link_from(l)];
  switch (src.state) {
    case flow_state::skipped: return link_state::dead;
    case flow_state::settled: {
      const auto& h = g.links()[l].handle;
      return src.taken && std::find(src.taken->begin(), src.taken->end(), h) != src.taken->end() ? link_state::taken
                                                                                                : link_state::dead;
    }
    default: return link_state::pending;
  }
}

}  // namespace

flow_moves next_moves(const graph& g, const std::vector<step_flow>& input) {
  std::vector<step_flow> flows = input;  // skips propagate through this working copy (views: no strings copied)
  flow_moves moves;
  bool changed = true;
  while (changed) {  // skipping a step may kill the links it would have fed
    changed = false;
    for (graph::index v = 0; v < g.size(); ++v) {
      if (flows[v].state != flow_state::waiting || g.is_comment(v) || g.loop_of(v)) continue;
      const auto& in = g.incoming(v);
      if (in.empty()) continue;
      bool all_dead = std::all_of(in.begin(), in.end(),
                                  [&](std::uint32_t l) { return state_of(g, flows, l) == link_state::dead; });
      if (all_dead) {
        flows[v].state = flow_state::skipped;
        moves.skipped.push_back(v);
        changed = true;
      }
    }
  }
  for (graph::index v = 0; v < g.size(); ++v) {
    if (flows[v].state != flow_state::waiting || g.is_comment(v) || g.loop_of(v)) continue;
    const auto& in = g.incoming(v);
    bool any_taken = in.empty();
    bool any_pending = false;
    for (auto l : in) {
      auto s = state_of(g, flows, l);
      any_taken |= s == link_state::taken;
      any_pending |= s == link_state::pending;
    }
    if (any_taken && !any_pending) moves.ready.push_back(v);
  }
  return moves;
}

}  // namespace weft::core
