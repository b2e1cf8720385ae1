// The registry is the one place that knows how each step type runs: every type has either a
// runner or a kind the execution runs itself, and what it says of each type matches what
// running an attempt of it does.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>

#include "nodes/registry.hpp"

namespace weft::nodes {
namespace {

using nlohmann::json;
using core::step_kind;

// An attempt of a one-step workflow `step_json`, begun by its type's runner.
class step_types : public ::testing::Test {
 protected:
  step_start start(const std::string& step_json) {
    step_ = core::parse_workflow(json{{"steps", {json::parse(step_json)}}}).steps.front();
    step_context ctx;
    ctx.step = &step_;
    ctx.context = &context_;
    ctx.now_ms = 1'795'000'000'123;
    return start_step(ctx, "ex_1:s");
  }

  json context_ = {{"input", {{"n", 5}}}, {"execution", {{"id", "ex_1"}}}};
  core::step step_;
};

TEST_F(step_types, every_type_runs_by_a_runner_or_by_the_execution) {
  for (const step_type& t : registry::builtin().types()) {
    const step_kind kind = t.info.kind;
    const bool run_by_the_execution = kind == step_kind::timer || kind == step_kind::signal || kind == step_kind::child_runs;
    if (t.info.type == "comment") {
      EXPECT_EQ(t.runner.start, nullptr) << "a canvas note never runs";
    } else if (run_by_the_execution) {
      EXPECT_EQ(t.runner.start, nullptr) << t.info.type << ": the execution runs it, so no runner may claim it";
    } else {
      EXPECT_NE(t.runner.start, nullptr) << t.info.type << " has no runner";
    }
    // Only types that touch the world may hold a thread.
    if (t.runner.blocks_its_thread) {
      EXPECT_EQ(kind, step_kind::outside) << t.info.type;
    }
  }
}

TEST_F(step_types, kinds_are_what_the_types_do) {
  auto kind = [](const char* type) { return type_to_run(type).info.kind; };
  for (const char* type : {"trigger", "input", "output", "condition", "transform", "log", "fail", "parallel", "join",
                           "aggregate", "csvInput", "splitColumns", "webhook", "schedule"}) {
    EXPECT_EQ(kind(type), step_kind::pure) << type;
  }
  for (const char* type : {"http", "llm", "saveRecords", "fetchData", "sendEmail"}) EXPECT_EQ(kind(type), step_kind::outside) << type;
  EXPECT_EQ(kind("delay"), step_kind::timer);
  EXPECT_EQ(kind("wait_for_signal"), step_kind::signal);
  EXPECT_EQ(kind("loop"), step_kind::child_runs);
  EXPECT_EQ(kind("subworkflow"), step_kind::child_runs);
  std::set<std::string> outputs;
  for (const step_type& t : registry::builtin().types()) {
    if (t.info.execution_output) outputs.insert(t.info.type);
  }
  EXPECT_EQ(outputs, std::set<std::string>{"output"}) << "one type gives the execution its output";
}

TEST_F(step_types, blocking_types_are_the_ones_that_wait_on_smtp_or_storage) {
  std::set<std::string> blocking;
  for (const step_type& t : registry::builtin().types()) {
    if (t.runner.blocks_its_thread) blocking.insert(t.info.type);
  }
  EXPECT_EQ(blocking, (std::set<std::string>{"fetchData", "saveRecords", "sendEmail"}));
}

TEST_F(step_types, a_type_the_registry_does_not_know_is_a_tenants_component_called_over_http) {
  const step_type& t = type_to_run("invoice_scorer");
  EXPECT_EQ(t.info.kind, step_kind::outside);
  EXPECT_EQ(t.info.tier, core::step_class::custom);
  EXPECT_FALSE(t.runner.blocks_its_thread);
  // With no environment to find the registration in, the attempt fails as the component being gone.
  step_start s = start(R"({"id": "s", "type": "invoice_scorer"})");
  ASSERT_TRUE(std::holds_alternative<step_result>(s));
  EXPECT_EQ(std::get<step_result>(s).error["code"], "unknown_step_type");
}

TEST_F(step_types, a_pure_type_answers_at_once_and_an_http_call_is_handed_back_to_make) {
  step_start pure = start(R"({"id": "s", "type": "set", "config": {"set": {"twice": "$.input.n * 2"}}})");
  ASSERT_TRUE(std::holds_alternative<step_result>(pure)) << "an alias runs as its canonical type";
  EXPECT_EQ(std::get<step_result>(pure).output["twice"], 10);

  step_start call = start(R"({"id": "s", "type": "http_request", "config": {"url": "http://127.0.0.1:9/x", "method": "POST"}})");
  ASSERT_TRUE(std::holds_alternative<pending_call>(call));
  EXPECT_EQ(std::get<pending_call>(call).call.idempotency_key, "ex_1:s") << "the attempt's key goes with the call";
}

TEST_F(step_types, a_type_the_execution_runs_is_no_attempt) {
  for (const char* type : {"delay", "wait_for_signal", "loop", "subworkflow", "comment"}) {
    step_start s = start(std::string(R"({"id": "s", "type": ")") + type + R"("})");
    ASSERT_TRUE(std::holds_alternative<step_result>(s)) << type;
    EXPECT_EQ(std::get<step_result>(s).error["code"], "unsupported_step") << type;
  }
}

}  // namespace
}  // namespace weft::nodes
