// Expression language hot paths: compiling, evaluating the expressions the benchmark
// workloads use, conditions, templates and regex matching.
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "core/expr/expression.hpp"
#include "core/expr/template_string.hpp"

namespace {

using weft::core::expr::expression;
using weft::core::expr::template_string;
using nlohmann::json;

const json context = json::parse(R"({
  "input": { "n": 1, "company_domain": "example.com", "tags": ["a", "b", "c"] },
  "s1": { "n": 2 },
  "lookup": { "status": 200, "body": { "name": "Example", "employees": 180, "tier": "gold" } },
  "enrich_data": { "success": true, "company_size": "101-250" }
})");

void compile(benchmark::State& state, const char* source) {
  for (auto _ : state) {
    auto e = expression::compile(source);
    benchmark::DoNotOptimize(e);
  }
}

void evaluate(benchmark::State& state, const char* source) {
  auto e = expression::compile(source);
  if (!e) {
    state.SkipWithError(e.err().to_string().c_str());
    return;
  }
  for (auto _ : state) {
    auto r = e.value().evaluate(context);
    benchmark::DoNotOptimize(r);
  }
}

void render(benchmark::State& state, const char* text) {
  auto t = template_string::compile(text);
  if (!t) {
    state.SkipWithError(t.err().to_string().c_str());
    return;
  }
  for (auto _ : state) {
    auto r = t.value().render(context);
    benchmark::DoNotOptimize(r);
  }
}

BENCHMARK_CAPTURE(compile, chain10_step, "$.s1.n + 1");
BENCHMARK_CAPTURE(compile, condition, "$.lookup.status == 200 && $.lookup.body.employees > 100");
BENCHMARK_CAPTURE(compile, object_literal, "{ 'name': $.lookup.body.name, 'big': $.lookup.body.employees > 100, 'tags': $.input.tags }");
BENCHMARK_CAPTURE(evaluate, chain10_step, "$.s1.n + 1");
BENCHMARK_CAPTURE(evaluate, path_read, "$.lookup.body.name");
BENCHMARK_CAPTURE(evaluate, condition, "$.lookup.status == 200 && $.lookup.body.employees > 100");
BENCHMARK_CAPTURE(evaluate, seed_condition, "$.enrich_data.success == true");
BENCHMARK_CAPTURE(evaluate, ternary_and_functions, "len($.input.tags) > 2 ? upper($.lookup.body.tier) : lower($.lookup.body.tier)");
BENCHMARK_CAPTURE(evaluate, object_literal, "{ 'name': $.lookup.body.name, 'big': $.lookup.body.employees > 100, 'tags': $.input.tags }");
BENCHMARK_CAPTURE(evaluate, regex_literal, "matches($.input.company_domain, '^[a-z0-9.-]+\\\\.com$')");
BENCHMARK_CAPTURE(render, url_template, "http://127.0.0.1:9000/crm/{{ $.input.company_domain }}");
BENCHMARK_CAPTURE(render, whole_value_template, "{{ $.lookup.body }}");

}  // namespace
