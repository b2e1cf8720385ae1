// The pure step types run against an execution context.
#include <gtest/gtest.h>

#include "nodes/step_handler.hpp"

namespace weft::nodes {
namespace {

using nlohmann::json;

class pure_steps : public ::testing::Test {
 protected:
  step_result run(const char* step_json, std::vector<json> predecessors = {}, const json* input_schema = nullptr) {
    step_ = core::parse_workflow(json{{"steps", {json::parse(step_json)}}}).steps.front();
    preds_ = std::move(predecessors);
    step_context ctx;
    ctx.step = &step_;
    ctx.context = &context_;
    ctx.input_schema = input_schema;
    for (const auto& p : preds_) ctx.predecessor_outputs.push_back(&p);
    ctx.now_ms = 1'795'000'000'123;
    return run_pure_step(ctx);
  }

  json context_ = json::parse(R"({
    "input": {"n": 5, "name": "Ada", "company_domain": "example.com"},
    "enrich_data": {"success": true, "company_size": "101-250"},
    "lookup": {"status": 200, "body": {"rows": [1, 2]}}
  })");
  core::step step_;
  std::vector<json> preds_;
};

TEST_F(pure_steps, trigger_passes_the_execution_input_on) {
  auto r = run(R"({"id": "t", "type": "trigger"})");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.output, context_["input"]);
  EXPECT_EQ(r.handles, std::vector<std::string>{"out"});
}

TEST_F(pure_steps, input_applies_defaults_and_validates) {
  json schema = json::parse(R"({"type": "object", "required": ["n"],
    "properties": {"n": {"type": "integer"}, "greeting": {"type": "string", "default": "hi"}}})");
  auto r = run(R"({"id": "input", "type": "input", "config": {"defaults": {"lang": "en"}}})", {}, &schema);
  ASSERT_TRUE(r.ok) << r.error.dump();
  EXPECT_EQ(r.output["greeting"], "hi");
  EXPECT_EQ(r.output["lang"], "en");
  EXPECT_EQ(r.output["n"], 5);
  context_["input"]["n"] = "five";
  auto bad = run(R"({"id": "input", "type": "input"})", {}, &schema);
  ASSERT_FALSE(bad.ok);
  EXPECT_EQ(bad.error["code"], "invalid_input");
  EXPECT_EQ(bad.error["details"]["errors"][0]["pointer"], "/n");
  EXPECT_TRUE(bad.handles.empty());
}

TEST_F(pure_steps, output_evaluates_its_value) {
  auto r = run(R"({"id": "o", "type": "output", "config": {"value": "$.enrich_data"}})");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.output, context_["enrich_data"]);
  auto literal = run(R"({"id": "o", "type": "output", "config": {"value": {"fixed": true}}})");
  EXPECT_EQ(literal.output, json({{"fixed", true}}));
  auto object = run(R"({"id": "o", "type": "output", "config": {"value": "{ 'success': false }"}})");
  EXPECT_EQ(object.output, json({{"success", false}}));
}

TEST_F(pure_steps, condition_takes_the_first_true_route_or_the_default) {
  auto r = run(R"({"id": "c", "type": "condition", "config": {"conditions": [
      {"condition": "$.input.n > 10", "next": "big"},
      {"condition": "$.enrich_data.success == true", "next": "ok", "handle": "yes"}], "default": "no"}})");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.handles, std::vector<std::string>{"yes"});
  EXPECT_EQ(r.output["route"], "yes");
  EXPECT_EQ(r.output["matched"], 1);
  auto none = run(R"({"id": "c", "type": "condition", "config": {"conditions": [{"condition": "false", "next": "x"}]}})");
  EXPECT_EQ(none.handles, std::vector<std::string>{"default"});
  auto first = run(R"({"id": "c", "type": "condition", "config": {"conditions": [{"condition": "true", "next": "x"}]}})");
  EXPECT_EQ(first.handles, std::vector<std::string>{"case_0"});
}

TEST_F(pure_steps, transform_sets_removes_and_keeps) {
  auto r = run(R"({"id": "t", "type": "transform", "config": {"set": {"n": "$.input.n + 1", "tag": 7, "size": "$.enrich_data.company_size"}}})");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.output, json({{"n", 6}, {"tag", 7}, {"size", "101-250"}}));
  auto keep = run(R"({"id": "t", "type": "transform", "config": {"keep_input": true, "set": {"b": "2"}, "remove": ["secret"]}})",
                  {json{{"a", 1}, {"secret", "x"}}});
  EXPECT_EQ(keep.output, json({{"a", 1}, {"b", 2}}));
}

TEST_F(pure_steps, expression_errors_fail_the_attempt_with_the_field_and_column) {
  auto r = run(R"({"id": "t", "type": "transform", "config": {"set": {"bad": "$.input.name * 2"}}})");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error["code"], "expression_error");
  EXPECT_EQ(r.error["details"]["field"], "set.bad");
  EXPECT_EQ(r.error["details"]["code"], "type_mismatch");
  EXPECT_NE(r.error["message"].get<std::string>().find("column 1"), std::string::npos);
  auto zero = run(R"({"id": "c", "type": "condition", "config": {"conditions": [{"condition": "1 / 0", "next": "x"}]}})");
  EXPECT_EQ(zero.error["details"]["code"], "division_by_zero");
}

TEST_F(pure_steps, log_renders_its_message_and_records_it) {
  auto r = run(R"({"id": "l", "type": "log", "config": {"message": "hello {{ $.input.name }} at {{ now() }}", "level": "warn"}})");
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.logs.size(), 1u);
  EXPECT_EQ(r.logs[0]["level"], "warn");
  EXPECT_EQ(r.logs[0]["message"], "hello Ada at 2026-11-18T11:06:40.123Z");
}

TEST_F(pure_steps, fail_ends_with_its_code_and_message) {
  auto r = run(R"({"id": "f", "type": "fail", "config": {"code": "payment_failed", "message": "no money for {{ $.input.name }}"}})");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error["code"], "payment_failed");
  EXPECT_EQ(r.error["message"], "no money for Ada");
  auto plain = run(R"({"id": "f", "type": "fail"})");
  EXPECT_EQ(plain.error["code"], "failed");
}

TEST_F(pure_steps, join_merges_collects_or_combines_by_key) {
  std::vector<json> outs = {json{{"a", 1}, {"n", 1}}, json{{"b", 2}, {"n", 2}}};
  auto merged = run(R"({"id": "j", "type": "join"})", outs);
  EXPECT_EQ(merged.output, json({{"a", 1}, {"b", 2}, {"n", 2}}));
  auto array = run(R"({"id": "j", "type": "join", "config": {"mode": "array"}})", outs);
  EXPECT_EQ(array.output["items"], json::array({outs[0], outs[1]}));
  std::vector<json> rows = {json::parse(R"([{"id": 1, "x": "a"}, {"id": 2, "x": "b"}])"),
                            json::parse(R"({"items": [{"id": 2, "y": "B"}, {"id": 3, "y": "C"}]})")};
  auto keyed = run(R"({"id": "j", "type": "join", "config": {"mode": "by_key", "key": "id"}})", rows);
  EXPECT_EQ(keyed.output["items"], json::parse(R"([{"id": 1, "x": "a"}, {"id": 2, "x": "b", "y": "B"}, {"id": 3, "y": "C"}])"));
}

TEST_F(pure_steps, only_pure_types_run_here) {
  for (const char* type : {"http", "delay", "sendEmail", "loop"}) {
    auto r = run((std::string(R"({"id": "x", "type": ")") + type + R"("})").c_str());
    ASSERT_FALSE(r.ok) << type;
    EXPECT_EQ(r.error["code"], "unsupported_step") << type;
  }
  auto r = run(R"({"id": "h", "type": "http", "config": {"url": "http://x"}})");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error["code"], "unsupported_step");
}

TEST_F(pure_steps, the_benchmark_chain_step_adds_one) {
  context_["s1"] = {{"n", 2}};
  auto r = run(R"({"id": "s2", "type": "transform", "config": {"set": {"n": "$.s1.n + 1"}}})");
  EXPECT_EQ(r.output["n"], 3);
}

}  // namespace
}  // namespace weft::nodes
