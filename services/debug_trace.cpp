#include "services/debug_trace.hpp"

#include <algorithm>

#include "core/graph.hpp"
#include "core/workflow.hpp"

namespace weft::services {

using json = nlohmann::json;

json debug_trace(const json& definition, const json& state) {
  const core::workflow wf = core::parse_workflow(definition);
  const core::graph g(wf);
  const json& steps = state.contains("steps") && state["steps"].is_object() ? state["steps"] : json::object();
  auto output_of = [&steps](const std::string& id) -> json {
    auto it = steps.find(id);
    return it != steps.end() && it->contains("output") ? (*it)["output"] : json();
  };
  json trace = json::array();
  for (core::graph::index i = 0; i < g.size(); ++i) {
    auto s = steps.find(g.id(i));
    if (s == steps.end()) continue;
    json input;
    const auto& incoming = g.incoming(i);
    if (incoming.empty()) {
      input = state.value("input", json());
    } else if (incoming.size() == 1) {
      input = output_of(g.id(g.link_from(incoming.front())));
    } else {
      input = json::object();
      for (auto l : incoming) input[g.id(g.link_from(l))] = output_of(g.id(g.link_from(l)));
    }
    json entry = {{"step_id", g.id(i)},
                  {"type", g.type(i)},
                  {"status", s->value("status", "")},
                  {"attempts", s->value("attempts", 0)},
                  {"started_at", s->value("started_at", json())},
                  {"finished_at", s->value("finished_at", json())},
                  {"duration_ms", s->value("duration_ms", 0)},
                  {"input", std::move(input)},
                  {"output", s->value("output", json())}};
    if (s->contains("error")) entry["error"] = (*s)["error"];
    trace.push_back(std::move(entry));
  }
  // In the order the steps started (ISO timestamps sort as text); skipped steps last.
  std::stable_sort(trace.begin(), trace.end(), [](const json& a, const json& b) {
    const bool a_started = a["started_at"].is_string(), b_started = b["started_at"].is_string();
    if (a_started != b_started) return a_started;
    return a_started && a["started_at"].get<std::string>() < b["started_at"].get<std::string>();
  });
  return trace;
}

}  // namespace weft::services
