// Definition hot paths: parsing JSON text, validating it against the registry (schemas,
// expressions, graph), building the graph, and folding an execution's events.

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "bench/workloads/workload.hpp"
#include "core/execution_state.hpp"
#include "core/graph.hpp"
#include "core/json_input.hpp"
#include "core/validator.hpp"
#include "nodes/registry.hpp"

namespace {

using nlohmann::json;
namespace core = weft::core;

// A 200-step line of transforms, the size a large editor canvas reaches.
std::string wide_workflow(int steps) {
  json doc = {{"name", "wide"}, {"steps", json::array()}};
  doc["steps"].push_back({{"id", "input"}, {"type", "input"}, {"next", "s0"}});
  for (int i = 0; i < steps; ++i) {
    std::string prev = i == 0 ? "input" : "s" + std::to_string(i - 1);
    json step = {{"id", "s" + std::to_string(i)}, {"type", "transform"},
                 {"config", {{"set", {{"n", "$." + prev + ".n + 1"}}}}}};
    step["next"] = i + 1 < steps ? "s" + std::to_string(i + 1) : "out";
    doc["steps"].push_back(step);
  }
  doc["steps"].push_back({{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.s" + std::to_string(steps - 1)}}}});
  return doc.dump();
}

const std::string& text_of(const std::string& name) {
  static const std::map<std::string, std::string> texts = {
      {"chain10", weft::bench::workload_text("chain10")}, {"fanout8", weft::bench::workload_text("fanout8")}, {"wide200", wide_workflow(200)}};
  return texts.at(name);
}

void parse_json(benchmark::State& state, const std::string& name) {
  const std::string& text = text_of(name);
  for (auto _ : state) {
    auto doc = core::parse_json_input(text);
    benchmark::DoNotOptimize(doc);
  }
  state.counters["bytes"] = static_cast<double>(text.size());
}

void validate(benchmark::State& state, const std::string& name) {
  const json doc = json::parse(text_of(name));
  const auto& registry = weft::nodes::registry::builtin();
  for (auto _ : state) {
    auto report = core::validate_definition(doc, registry);
    if (!report.ok()) state.SkipWithError(report.errors.front().to_string().c_str());
    benchmark::DoNotOptimize(report);
  }
}

void build_graph(benchmark::State& state, const std::string& name) {
  const core::workflow wf = core::parse_workflow(json::parse(text_of(name)));
  for (auto _ : state) {
    core::graph g(wf);
    benchmark::DoNotOptimize(g);
  }
}

// Replaying a finished chain10 execution: created, started, 12 x (scheduled, started,
// completed), completed — what recovery does for each execution after a restart.
void replay_chain10(benchmark::State& state) {
  std::vector<core::event> events;
  auto add = [&](core::event_type t, std::string step, json data) {
    core::event e;
    e.seq = events.size() + 1;
    e.type = t;
    e.at_ms = 1'000 + static_cast<std::int64_t>(events.size());
    e.step_id = std::move(step);
    e.attempt = e.step_id.empty() ? 0 : 1;
    e.data = std::move(data);
    events.push_back(std::move(e));
  };
  add(core::event_type::execution_created, "", {{"workflow_id", "w"}, {"input", {{"n", 1}}}, {"total_steps", 12}});
  add(core::event_type::execution_started, "", json::object());
  for (int i = 0; i < 12; ++i) {
    std::string id = "s" + std::to_string(i);
    add(core::event_type::step_scheduled, id, json::object());
    add(core::event_type::step_started, id, json::object());
    add(core::event_type::step_completed, id, {{"output", {{"n", i + 1}}}, {"duration_ms", 1}});
  }
  add(core::event_type::execution_completed, "", {{"output", {{"n", 12}}}});
  for (auto _ : state) {
    auto s = core::replay(events);
    benchmark::DoNotOptimize(s);
  }
  state.counters["events"] = static_cast<double>(events.size());
}

BENCHMARK_CAPTURE(parse_json, chain10, std::string("chain10"));
BENCHMARK_CAPTURE(parse_json, fanout8, std::string("fanout8"));
BENCHMARK_CAPTURE(parse_json, wide200, std::string("wide200"));
BENCHMARK_CAPTURE(validate, chain10, std::string("chain10"));
BENCHMARK_CAPTURE(validate, fanout8, std::string("fanout8"));
BENCHMARK_CAPTURE(validate, wide200, std::string("wide200"));
BENCHMARK_CAPTURE(build_graph, chain10, std::string("chain10"));
BENCHMARK_CAPTURE(build_graph, wide200, std::string("wide200"));
BENCHMARK(replay_chain10);

}  // namespace
