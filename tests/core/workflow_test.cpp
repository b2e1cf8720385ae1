// The canonical workflow model: parsing, lossless writing, retry policies.
#include <gtest/gtest.h>

#include "core/workflow.hpp"

namespace weft::core {
namespace {

using nlohmann::json;

const json spec_example = json::parse(R"({
  "name": "Data Enrichment Workflow",
  "version": "1.0.0",
  "input_schema": { "type": "object" },
  "settings": { "timeout_ms": 300000,
                "retry": { "max_attempts": 3, "initial_interval_ms": 500, "backoff_coefficient": 2.0, "max_interval_ms": 30000 } },
  "steps": [
    { "id": "input", "type": "input", "name": "Input", "next": "lookup" },
    { "id": "lookup", "type": "http", "timeout_ms": 5000, "config": { "url": "http://x/{{ $.input.d }}" },
      "next": ["a", "b"], "on_error": "continue", "position": { "x": 1, "y": 2 }, "owner": "ops" },
    { "id": "a", "type": "output", "retry": { "max_attempts": 5, "retry_on": ["timeout"] } },
    { "id": "b", "type": "output" }
  ],
  "edges": [ { "from": "a", "to": "b", "handle": "out", "id": "e1", "style": "dashed" } ],
  "labels": ["x"]
})");

TEST(workflow, parses_every_field_of_a_canonical_definition) {
  workflow wf = parse_workflow(spec_example);
  EXPECT_EQ(wf.name, "Data Enrichment Workflow");
  EXPECT_EQ(wf.version, "1.0.0");
  ASSERT_EQ(wf.steps.size(), 4u);
  const step& lookup = wf.steps[1];
  EXPECT_EQ(lookup.type, "http");
  EXPECT_EQ(lookup.next, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(lookup.next_is_list);
  EXPECT_EQ(lookup.timeout_ms, 5000);
  EXPECT_EQ(lookup.on_error, "continue");
  EXPECT_EQ(lookup.position, json::parse(R"({"x":1,"y":2})"));
  EXPECT_EQ(lookup.extra, json::parse(R"({"owner":"ops"})"));
  EXPECT_EQ(wf.steps[0].next, std::vector<std::string>{"lookup"});
  EXPECT_FALSE(wf.steps[0].next_is_list);
  ASSERT_EQ(wf.edges.size(), 1u);
  EXPECT_EQ(wf.edges[0].extra, json::parse(R"({"style":"dashed"})"));
  EXPECT_EQ(wf.extra, json::parse(R"({"labels":["x"]})"));
  EXPECT_EQ(wf.find("b"), &wf.steps[3]);
  EXPECT_EQ(wf.find("zz"), nullptr);
}

TEST(workflow, writing_back_loses_nothing) {
  EXPECT_EQ(to_json(parse_workflow(spec_example)), spec_example);
}

TEST(workflow, tolerates_wrong_types_and_keeps_defaults) {
  workflow wf = parse_workflow(json::parse(R"({"name": 5, "steps": [7, {"id": 1, "type": "log", "next": 3, "config": []}]})"));
  EXPECT_EQ(wf.name, "");
  ASSERT_EQ(wf.steps.size(), 2u);
  EXPECT_EQ(wf.steps[0].id, "");
  EXPECT_EQ(wf.steps[1].type, "log");
  EXPECT_TRUE(wf.steps[1].next.empty());
  EXPECT_TRUE(wf.steps[1].config.is_object());
  EXPECT_TRUE(parse_workflow(json::array()).steps.empty());
  EXPECT_TRUE(parse_workflow(json("x")).steps.empty());
}

TEST(workflow, retry_policy_comes_from_the_step_then_the_workflow) {
  workflow wf = parse_workflow(spec_example);
  retry_policy own = effective_retry(wf, wf.steps[2]);
  EXPECT_EQ(own.max_attempts, 5u);
  EXPECT_EQ(own.retry_on, std::vector<std::string>{"timeout"});
  retry_policy inherited = effective_retry(wf, wf.steps[3]);
  EXPECT_EQ(inherited.max_attempts, 3u);
  EXPECT_EQ(inherited.initial_interval_ms, 500);
  EXPECT_DOUBLE_EQ(inherited.backoff_coefficient, 2.0);
  EXPECT_EQ(inherited.max_interval_ms, 30000);
  workflow bare = parse_workflow(json::parse(R"({"steps":[{"id":"a","type":"log"}]})"));
  EXPECT_EQ(effective_retry(bare, bare.steps[0]).max_attempts, 1u);
}

TEST(workflow, retry_policy_ignores_nonsense_values) {
  retry_policy p = parse_retry(json::parse(R"({"max_attempts": 0, "initial_interval_ms": "soon"})"));
  EXPECT_EQ(p.max_attempts, 1u);
  EXPECT_EQ(p.initial_interval_ms, 1000);
  EXPECT_EQ(parse_retry(json::parse(R"({"max_attempts": 100000})")).max_attempts, 1000u);
}

}  // namespace
}  // namespace weft::core
