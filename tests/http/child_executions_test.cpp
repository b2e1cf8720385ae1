// loop and subworkflow in real executions: each item (or the called workflow) runs as a
// child execution through the real engine; outputs in order, per-item failure policies,
// concurrency, stored versions, nesting limits, and a cancel that reaches the children.
#include <gtest/gtest.h>

#include "tests/http/node_stack.hpp"

namespace weft::http {
namespace {

using nlohmann::json;

class child_executions_test : public node_stack {
 protected:
  json run(const std::string& wf, const json& input) {
    const std::string id = execute(wf, input);
    return wait(id);
  }
  json wait(const std::string& id) {
    return http_->request("GET", "/api/executions/" + id + "?wait_ms=15000", "", headers()).json();
  }
  json get(const std::string& id) { return http_->request("GET", "/api/executions/" + id, "", headers()).json(); }
};

// The body reads the loop's item, its index and a step before the loop.
const json times_flow = json::parse(R"({"name": "times", "steps": [
  {"id": "input", "type": "input", "next": "prep"},
  {"id": "prep", "type": "transform", "config": {"set": {"factor": "3"}}, "next": "each"},
  {"id": "each", "type": "foreach", "config": {"items": "$.input.numbers", "body": "times", "concurrency": 2}, "next": "out"},
  {"id": "times", "type": "transform", "config": {"set": {"value": "$.item * $.prep.factor", "index": "$.execution.loop_index"}}, "next": "each"},
  {"id": "out", "type": "output", "config": {"value": "$.each"}}]})");

json failing_body(const std::string& policy) {
  json flow = json::parse(R"({"name": "picky", "steps": [
    {"id": "each", "type": "loop", "config": {"items": "$.input.numbers", "body": "check"}, "next": "out"},
    {"id": "check", "type": "condition", "config": {"conditions": [{"condition": "$.item == 2", "next": "boom"}], "default": "ok"}},
    {"id": "boom", "type": "fail", "config": {"code": "bad_item", "message": "two is not allowed"}},
    {"id": "ok", "type": "transform", "config": {"set": {"n": "$.item"}}, "next": "each"},
    {"id": "out", "type": "output", "config": {"value": "$.each"}}]})");
  flow["steps"][0]["config"]["failure_policy"] = policy;
  return flow;
}

TEST_F(child_executions_test, a_loop_runs_its_body_per_item_with_results_in_order) {
  const std::string wf = create(times_flow);
  const json done = run(wf, {{"numbers", {1, 2, 3, 4, 5}}});
  ASSERT_EQ(done["status"], "completed") << done.dump();
  const json& out = done["output"];
  ASSERT_EQ(out["count"], 5);
  EXPECT_EQ(out["failed"], 0);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(out["items"][i]["value"], 3 * (i + 1)) << out.dump();
    EXPECT_EQ(out["items"][i]["index"], i);
  }
  // The body's step counts in its items' executions, not in the loop's: progress ends at 100 %.
  EXPECT_EQ(done["progress"]["total_nodes"], 4);
  EXPECT_EQ(done["progress"]["percentage"], 100.0);

  // Each item is an execution of its own, linked to the loop's.
  const std::string child = done["execution_id"].get<std::string>() + ".each.1.3";
  const json item = get(child);
  ASSERT_EQ(item["status"], "completed") << item.dump();
  EXPECT_EQ(item["parent_execution_id"], done["execution_id"]);
  EXPECT_EQ(item["steps"]["times"]["output"]["value"], 12);
}

TEST_F(child_executions_test, an_empty_list_completes_at_once) {
  const json done = run(create(times_flow), {{"numbers", json::array()}});
  ASSERT_EQ(done["status"], "completed") << done.dump();
  EXPECT_EQ(done["output"]["items"], json::array());
  EXPECT_EQ(done["output"]["count"], 0);
}

TEST_F(child_executions_test, items_that_are_not_an_array_fail_the_step) {
  const json done = run(create(times_flow), {{"numbers", "1,2,3"}});
  ASSERT_EQ(done["status"], "failed") << done.dump();
  EXPECT_EQ(done["error"]["code"], "invalid_input");
  EXPECT_EQ(done["error"]["step_id"], "each");
}

TEST_F(child_executions_test, under_fail_the_first_failed_item_fails_the_loop) {
  const json done = run(create(failing_body("fail")), {{"numbers", {1, 2, 3}}});
  ASSERT_EQ(done["status"], "failed") << done.dump();
  EXPECT_EQ(done["error"]["code"], "loop_item_failed");
  EXPECT_EQ(done["error"]["details"]["index"], 1);
  EXPECT_EQ(done["error"]["details"]["error"]["code"], "bad_item");
  EXPECT_EQ(get(done["error"]["details"]["execution_id"].get<std::string>())["status"], "failed");
}

TEST_F(child_executions_test, under_continue_failed_items_are_null_and_listed) {
  const json done = run(create(failing_body("continue")), {{"numbers", {1, 2, 3}}});
  ASSERT_EQ(done["status"], "completed") << done.dump();
  const json& out = done["output"];
  EXPECT_EQ(out["items"], json::parse(R"([{"n": 1}, null, {"n": 3}])"));
  EXPECT_EQ(out["failed"], 1);
  EXPECT_EQ(out["errors"][0]["index"], 1);
  EXPECT_EQ(out["errors"][0]["error"]["code"], "bad_item");
}

TEST_F(child_executions_test, under_collect_every_item_runs_then_the_loop_fails) {
  const json done = run(create(failing_body("collect")), {{"numbers", {2, 1, 2}}});
  ASSERT_EQ(done["status"], "failed") << done.dump();
  EXPECT_EQ(done["error"]["code"], "loop_item_failed");
  EXPECT_EQ(done["error"]["details"]["errors"].size(), 2u);
  EXPECT_EQ(done["error"]["details"]["items"][1], json({{"n", 1}})) << "the good item ran too";
}

const json double_flow = json::parse(R"({"name": "double", "steps": [
  {"id": "input", "type": "input", "next": "calc"},
  {"id": "calc", "type": "transform", "config": {"set": {"doubled": "$.input.n * 2"}}, "next": "out"},
  {"id": "out", "type": "output", "config": {"value": "$.calc"}}]})");

TEST_F(child_executions_test, a_loop_can_run_a_stored_workflow_per_item) {
  const std::string callee = create(double_flow);
  json flow = json::parse(R"({"name": "caller", "steps": [
    {"id": "each", "type": "loop", "config": {"items": "$.input.rows", "concurrency": 3}, "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.each.items"}}]})");
  flow["steps"][0]["config"]["workflow_id"] = callee;
  const json done = run(create(flow), {{"rows", {{{"n", 1}}, {{"n", 5}}, {{"n", 7}}, {{"n", 0}}}}});
  ASSERT_EQ(done["status"], "completed") << done.dump();
  EXPECT_EQ(done["output"], json::parse(R"([{"doubled": 2}, {"doubled": 10}, {"doubled": 14}, {"doubled": 0}])"));
}

json caller_of(const std::string& callee, const json& extra = json::object()) {
  json flow = json::parse(R"({"name": "caller", "steps": [
    {"id": "input", "type": "input", "next": "call"},
    {"id": "call", "type": "subworkflow", "config": {"input": {"n": "{{ $.input.value + 1 }}"}}, "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.call"}}]})");
  flow["steps"][1]["config"]["workflow_id"] = callee;
  flow["steps"][1]["config"].update(extra);
  return flow;
}

TEST_F(child_executions_test, a_subworkflow_runs_and_its_output_comes_back) {
  const std::string callee = create(double_flow);
  const json done = run(create(caller_of(callee, {{"input", "{ 'n': $.input.value * 10 }"}})), {{"value", 4}});
  ASSERT_EQ(done["status"], "completed") << done.dump();
  EXPECT_EQ(done["output"]["status"], "completed");
  EXPECT_EQ(done["output"]["output"], json({{"doubled", 80}}));
  const json child = get(done["output"]["execution_id"].get<std::string>());
  EXPECT_EQ(child["workflow_id"], callee);
  EXPECT_EQ(child["parent_execution_id"], done["execution_id"]);
}

TEST_F(child_executions_test, a_subworkflow_runs_the_version_asked_for) {
  const std::string callee = create(double_flow);
  json v2 = double_flow;
  v2["steps"][1]["config"]["set"]["doubled"] = "$.input.n * 100";
  ASSERT_EQ(http_->request("PUT", "/api/workflows/" + callee, v2.dump(), headers()).status, 200);
  // Templates render to strings: "{{ 3 + 1 }}" is "4", and "4" * 2 is not a number — so
  // the callee gets a number through an expression here.
  const json latest = run(create(caller_of(callee, {{"input", "{ 'n': 1 }"}})), {{"value", 0}});
  EXPECT_EQ(latest["output"]["output"]["doubled"], 100) << "no published version: the latest";
  const json first = run(create(caller_of(callee, {{"input", "{ 'n': 1 }"}, {"workflow_version", 1}})), {{"value", 0}});
  EXPECT_EQ(first["output"]["output"]["doubled"], 2) << first.dump();
}

TEST_F(child_executions_test, a_failed_subworkflow_fails_the_step_with_its_error) {
  const std::string callee = create(json::parse(R"({"name": "broken", "steps": [
    {"id": "stop", "type": "fail", "config": {"code": "no_stock", "message": "out of stock"}}]})"));
  const json done = run(create(caller_of(callee)), {{"value", 1}});
  ASSERT_EQ(done["status"], "failed") << done.dump();
  EXPECT_EQ(done["error"]["code"], "subworkflow_failed");
  EXPECT_EQ(done["error"]["details"]["error"]["code"], "no_stock");
  EXPECT_EQ(done["error"]["details"]["status"], "failed");
}

TEST_F(child_executions_test, a_missing_workflow_fails_the_step) {
  const json done = run(create(caller_of("wf_does_not_exist")), {{"value", 1}});
  ASSERT_EQ(done["status"], "failed") << done.dump();
  EXPECT_EQ(done["error"]["code"], "workflow_not_found");
}

TEST_F(child_executions_test, another_tenants_workflow_cannot_be_called) {
  auto other = http_->request("POST", "/api/workflows", double_flow.dump(), headers("globex"));
  ASSERT_EQ(other.status, 201);
  const json done = run(create(caller_of(other.json()["id"].get<std::string>())), {{"value", 1}});
  ASSERT_EQ(done["status"], "failed") << done.dump();
  EXPECT_EQ(done["error"]["code"], "workflow_not_found");
}

TEST_F(child_executions_test, a_workflow_calling_itself_stops_at_the_depth_limit) {
  // Saved first, then pointed at itself.
  const std::string wf = create(double_flow);
  ASSERT_EQ(http_->request("PUT", "/api/workflows/" + wf, caller_of(wf, {{"input", "{ 'value': 1 }"}}).dump(), headers()).status, 200);
  const json done = run(wf, {{"value", 1}});
  ASSERT_EQ(done["status"], "failed") << done.dump();
  // Each level fails with its child's error; the deepest names the limit.
  json error = done["error"];
  int levels = 0;
  while (error["code"] == "subworkflow_failed") {
    error = error["details"]["error"];
    ++levels;
  }
  EXPECT_EQ(error["code"], "depth_exceeded");
  EXPECT_EQ(levels, 8);
}

TEST_F(child_executions_test, cancelling_the_caller_cancels_the_running_child) {
  const std::string callee = create(json::parse(R"({"name": "approval", "steps": [
    {"id": "wait", "type": "wait_for_signal", "config": {"name": "approve"}, "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.wait"}}]})"));
  const std::string caller = execute(create(caller_of(callee)), {{"value", 1}});
  const std::string child = caller + ".call.1.0";
  // Wait until the child waits for its signal.
  for (int i = 0; i < 500 && get(child).value("current_step", json()) != "wait"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(get(child)["current_step"], "wait");
  ASSERT_EQ(http_->request("POST", "/api/executions/" + caller + "/cancel", "{}", headers()).status, 200);
  EXPECT_EQ(wait(caller)["status"], "cancelled");
  EXPECT_EQ(wait(child)["status"], "cancelled");
}

TEST_F(child_executions_test, a_subworkflow_that_does_not_wait_hands_back_its_execution_id) {
  const std::string callee = create(json::parse(R"({"name": "approval", "steps": [
    {"id": "wait", "type": "wait_for_signal", "config": {"name": "approve"}}]})"));
  const json done = run(create(caller_of(callee, {{"wait", false}})), {{"value", 1}});
  ASSERT_EQ(done["status"], "completed") << done.dump();
  const std::string child = done["output"]["execution_id"];
  EXPECT_EQ(get(child)["status"], "running") << "it runs on after its caller ended";
  ASSERT_EQ(http_->request("POST", "/api/executions/" + child + "/signals/approve", "{}", headers()).status, 200);
  EXPECT_EQ(wait(child)["status"], "completed");
}

}  // namespace
}  // namespace weft::http
