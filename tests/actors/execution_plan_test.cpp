// Execution plans: built once per definition text and shared, with canonical step types and
// each step's kind (pure steps may run before their start is durable).
#include <gtest/gtest.h>

#include "actors/execution_plan.hpp"
#include "bench/workloads/workload.hpp"

namespace weft::actors {
namespace {

TEST(execution_plan, the_same_definition_text_shares_one_plan) {
  const std::string text = bench::workload("chain10").dump();
  const auto first = cached_plan_of(text);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(cached_plan_of(text), first);
  EXPECT_NE(cached_plan_of(bench::workload("fanout8").dump()), first);
  EXPECT_EQ(first->workflow->steps.size(), 12u);
  EXPECT_EQ(first->definition, bench::workload("chain10"));
}

TEST(execution_plan, aliases_run_as_their_canonical_type_and_outside_steps_are_not_pure) {
  const auto plan = plan_of(nlohmann::json::parse(R"({"steps": [
    {"id": "in", "type": "manualTrigger", "next": "set"},
    {"id": "set", "type": "set", "config": {"set": {"a": "1"}}, "next": "call"},
    {"id": "call", "type": "http_request", "config": {"url": "http://127.0.0.1:1/"}, "next": "mine"},
    {"id": "mine", "type": "acme_scorer", "next": "wait"},
    {"id": "wait", "type": "delay", "config": {"duration_ms": 1}}]})"));
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->workflow->find("set")->type, "transform");
  EXPECT_EQ(plan->workflow->find("call")->type, "http");
  using core::step_kind;
  EXPECT_EQ(plan->kind_of("in"), step_kind::pure);
  EXPECT_EQ(plan->kind_of("set"), step_kind::pure);
  EXPECT_EQ(plan->kind_of("call"), step_kind::outside);
  EXPECT_EQ(plan->kind_of("mine"), step_kind::outside) << "a tenant's component calls out";
  EXPECT_EQ(plan->kind_of("wait"), step_kind::timer);
  EXPECT_EQ(plan->workflow->find("mine")->type, "acme_scorer");
  EXPECT_EQ(plan->type_of("nope"), nullptr);
  EXPECT_EQ(plan->kind_of("nope"), step_kind::outside) << "an unknown step: the cautious answer";
}

TEST(execution_plan, what_is_no_workflow_has_no_plan) {
  EXPECT_EQ(cached_plan_of("not json"), nullptr);
  EXPECT_EQ(cached_plan_of(R"({"steps": []})"), nullptr);
  EXPECT_EQ(plan_of(nlohmann::json::array()), nullptr);
}

}  // namespace
}  // namespace weft::actors
