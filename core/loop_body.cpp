#include "core/loop_body.hpp"

#include <algorithm>
#include <set>

namespace weft::core {

workflow loop_body_workflow(const workflow& wf, const graph& g, graph::index loop) {
  std::set<std::string> members;
  for (auto i : g.loop_body(loop)) members.insert(g.id(i));
  workflow body;
  body.name = wf.name + " / " + g.id(loop);
  body.settings = wf.settings;
  body.settings.erase("timeout_ms");
  body.has_edges = wf.has_edges;
  for (const auto& s : wf.steps) {
    if (members.count(s.id)) body.steps.push_back(s);
  }
  step placeholder;
  placeholder.id = g.id(loop);
  placeholder.type = "comment";
  body.steps.push_back(std::move(placeholder));
  for (const auto& e : wf.edges) {
    if (members.count(e.from) && (members.count(e.to) || e.to == g.id(loop))) body.edges.push_back(e);
  }
  return body;
}

std::vector<std::string> loop_body_ends(const graph& g, graph::index loop) {
  std::vector<std::string> ends;
  for (std::size_t l = 0; l < g.links().size(); ++l) {
    if (!g.links()[l].back || g.link_to(l) != loop) continue;
    const std::string& id = g.id(g.link_from(l));
    if (std::find(ends.begin(), ends.end(), id) == ends.end()) ends.push_back(id);
  }
  if (!ends.empty()) return ends;
  for (auto i : g.loop_body(loop)) {
    bool leads_on = false;
    for (auto l : g.outgoing(i)) leads_on |= g.loop_of(g.link_to(l)) == loop;
    if (!leads_on) ends.push_back(g.id(i));
  }
  return ends;
}

}  // namespace weft::core
