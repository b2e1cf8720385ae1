// Graph construction and analysis. Iterative algorithms only: definitions may hold
// thousands of steps and must not exhaust the stack.
#include "core/graph.hpp"

#include <algorithm>

namespace weft::core {
namespace {

using json = nlohmann::json;

// Adds one link per step id in `targets` (a string or an array of strings).
void add_targets(std::vector<link>& out, const std::string& from, const json& targets, const std::string& handle,
                 link_origin origin, const std::string& pointer) {
  if (targets.is_string()) {
    out.push_back({from, targets.get<std::string>(), handle, origin, pointer, false});
  } else if (targets.is_array()) {
    for (std::size_t k = 0; k < targets.size(); ++k) {
      if (targets[k].is_string()) {
        out.push_back({from, targets[k].get<std::string>(), handle, origin, pointer + "/" + std::to_string(k), false});
      }
    }
  }
}

}  // namespace

std::string condition_handle(const json& condition, std::size_t i) {
  if (condition.is_object()) {
    if (auto it = condition.find("handle"); it != condition.end() && it->is_string()) return it->get<std::string>();
  }
  return "case_" + std::to_string(i);
}

std::vector<link> declared_links(const workflow& wf) {
  std::vector<link> out;
  for (std::size_t i = 0; i < wf.steps.size(); ++i) {
    const step& s = wf.steps[i];
    const std::string base = "/steps/" + std::to_string(i);
    if (s.next_is_list) {
      for (std::size_t k = 0; k < s.next.size(); ++k) {
        out.push_back({s.id, s.next[k], handle::out, link_origin::next, base + "/next/" + std::to_string(k), false});
      }
    } else if (!s.next.empty()) {
      out.push_back({s.id, s.next.front(), handle::out, link_origin::next, base + "/next", false});
    }
    if (s.type == "condition") {
      if (auto it = s.config.find("conditions"); it != s.config.end() && it->is_array()) {
        for (std::size_t k = 0; k < it->size(); ++k) {
          const json& c = (*it)[k];
          if (!c.is_object()) continue;
          if (auto nx = c.find("next"); nx != c.end()) {
            add_targets(out, s.id, *nx, condition_handle(c, k), link_origin::condition,
                        base + "/config/conditions/" + std::to_string(k) + "/next");
          }
        }
      }
      if (auto it = s.config.find("default"); it != s.config.end()) {
        add_targets(out, s.id, *it, handle::fallback, link_origin::condition_default, base + "/config/default");
      }
    }
    if (s.type == "loop") {
      if (auto it = s.config.find("body"); it != s.config.end()) {
        add_targets(out, s.id, *it, handle::body, link_origin::loop_body, base + "/config/body");
      }
    }
    if (!s.on_error.empty() && s.on_error != "fail" && s.on_error != "continue") {
      out.push_back({s.id, s.on_error, handle::error, link_origin::on_error, base + "/on_error", false});
    }
  }
  for (std::size_t j = 0; j < wf.edges.size(); ++j) {
    const edge& e = wf.edges[j];
    out.push_back({e.from, e.to, e.handle.empty() ? std::string(handle::out) : e.handle, link_origin::edge,
                   "/edges/" + std::to_string(j), false});
  }
  return out;
}

graph::graph(const workflow& wf) {
  for (const auto& s : wf.steps) {
    // Steps without an id cannot be linked; with a duplicate id, the first one wins. The
    // validator reports both.
    if (s.id.empty() || by_id_.count(s.id)) continue;
    by_id_.emplace(s.id, static_cast<index>(ids_.size()));
    ids_.push_back(s.id);
    types_.push_back(s.type);
  }
  const std::size_t n = ids_.size();
  incoming_.resize(n);
  outgoing_.resize(n);
  back_out_.resize(n);
  loop_of_.resize(n);

  for (auto& l : declared_links(wf)) {
    auto from = index_of(l.from);
    auto to = index_of(l.to);
    if (!from || !to || is_comment(*from) || is_comment(*to)) continue;
    links_.push_back(std::move(l));
    link_ends_.emplace_back(*from, *to);
  }

  // Loop bodies: everything reached from a loop's `body` handle without passing the loop
  // itself. A link from the body back into its loop step closes the loop (a back link).
  std::vector<std::vector<std::uint32_t>> all_out(n);
  for (std::uint32_t l = 0; l < links_.size(); ++l) all_out[link_ends_[l].first].push_back(l);
  for (index loop = 0; loop < n; ++loop) {
    if (types_[loop] != "loop") continue;
    std::vector<bool> in_body(n, false);
    std::vector<index> stack;
    for (auto l : all_out[loop]) {
      if (links_[l].handle == handle::body) stack.push_back(link_ends_[l].second);
    }
    while (!stack.empty()) {
      index v = stack.back();
      stack.pop_back();
      if (v == loop || in_body[v]) continue;
      in_body[v] = true;
      if (!loop_of_[v]) loop_of_[v] = loop;
      for (auto l : all_out[v]) stack.push_back(link_ends_[l].second);
    }
    for (std::uint32_t l = 0; l < links_.size(); ++l) {
      if (link_ends_[l].second == loop && in_body[link_ends_[l].first]) links_[l].back = true;
    }
  }

  for (std::uint32_t l = 0; l < links_.size(); ++l) {
    if (links_[l].back) {
      back_out_[link_ends_[l].first].push_back(l);
      continue;
    }
    outgoing_[link_ends_[l].first].push_back(l);
    incoming_[link_ends_[l].second].push_back(l);
  }
  for (index i = 0; i < n; ++i) {
    if (is_comment(i) || loop_of_[i]) continue;  // a loop body runs in its items' executions
    ++total_steps_;
    if (incoming_[i].empty()) entries_.push_back(i);
  }
}

std::optional<graph::index> graph::index_of(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::vector<graph::index> graph::successors(index i, std::string_view handle_name) const {
  std::vector<index> out;
  // Back links leave by a handle too (the last body step's `out` returns to its loop).
  for (const auto* links : {&outgoing_[i], &back_out_[i]}) {
    for (auto l : *links) {
      if (links_[l].handle != handle_name) continue;
      index to = link_ends_[l].second;
      if (std::find(out.begin(), out.end(), to) == out.end()) out.push_back(to);
    }
  }
  return out;
}

bool graph::is_and_join(index i) const {
  const auto& in = incoming_[i];
  for (std::size_t k = 1; k < in.size(); ++k) {
    if (link_ends_[in[k]].first != link_ends_[in[0]].first) return true;
  }
  return false;
}

std::optional<graph::index> graph::loop_of(index i) const { return loop_of_[i]; }

std::vector<graph::index> graph::loop_body(index loop) const {
  std::vector<index> out;
  for (index i = 0; i < size(); ++i) {
    if (loop_of_[i] == loop) out.push_back(i);
  }
  return out;
}

std::vector<std::vector<graph::index>> graph::cycles() const {
  // Tarjan's strongly connected components, iteratively.
  const std::size_t n = size();
  constexpr std::uint32_t unvisited = UINT32_MAX;
  std::vector<std::uint32_t> order(n, unvisited), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<index> stack;
  std::vector<std::vector<index>> out;
  std::uint32_t counter = 0;
  struct frame {
    index v;
    std::size_t next_edge;
  };
  for (index root = 0; root < n; ++root) {
    if (order[root] != unvisited) continue;
    std::vector<frame> calls{{root, 0}};
    order[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!calls.empty()) {
      frame& f = calls.back();
      if (f.next_edge < outgoing_[f.v].size()) {
        index w = link_ends_[outgoing_[f.v][f.next_edge++]].second;
        if (order[w] == unvisited) {
          order[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = true;
          calls.push_back({w, 0});
        } else if (on_stack[w]) {
          low[f.v] = std::min(low[f.v], order[w]);
        }
        continue;
      }
      index v = f.v;
      calls.pop_back();
      if (!calls.empty()) low[calls.back().v] = std::min(low[calls.back().v], low[v]);
      if (low[v] != order[v]) continue;
      std::vector<index> component;
      index w = 0;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        component.push_back(w);
      } while (w != v);
      bool self_loop = false;
      for (auto l : outgoing_[v]) self_loop |= link_ends_[l].second == v;
      if (component.size() > 1 || self_loop) {
        std::sort(component.begin(), component.end());
        out.push_back(std::move(component));
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<bool> graph::reachable() const {
  std::vector<bool> seen(size(), false);
  std::vector<index> stack(entries_.begin(), entries_.end());
  while (!stack.empty()) {
    index v = stack.back();
    stack.pop_back();
    if (seen[v]) continue;
    seen[v] = true;
    for (auto l : outgoing_[v]) stack.push_back(link_ends_[l].second);
  }
  return seen;
}

}  // namespace weft::core
