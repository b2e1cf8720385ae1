// Executions over HTTP against the real runtime: execute with and without waiting, read an
// execution and its events, cancel, and never see another tenant's executions.
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "bench/workloads/workload.hpp"
#include "tests/http/node_stack.hpp"

namespace weft::http {
namespace {

using nlohmann::json;
using weft::testing::http_client;
using weft::testing::http_reply;

using bench::workload;

class execution_api : public node_stack {
 protected:
  http_reply call(const std::string& method, const std::string& target, const std::string& body = "",
                  const std::string& tenant = "acme") {
    return http_->request(method, target, body, headers(tenant));
  }

  std::string create(const json& definition) {
    auto r = call("POST", "/api/workflows", definition.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
};

TEST_F(execution_api, execute_and_wait_answers_with_the_finished_execution) {
  std::string wf = create(workload("chain10"));
  auto r = call("POST", "/api/workflows/" + wf + "/execute?wait_ms=5000", R"({"input": {"n": 1}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "completed");
  EXPECT_EQ(r.json()["output"], json({{"n", 11}}));
  EXPECT_EQ(r.json()["progress"]["percentage"], 100.0);
  EXPECT_EQ(r.json()["workflow_id"], wf);
}

TEST_F(execution_api, execute_without_waiting_answers_202_then_the_execution_can_be_read) {
  std::string wf = create(workload("sleepers"));
  auto r = call("POST", "/api/workflows/" + wf + "/execute", R"({"input": {"sleep_ms": 50, "n": 2}})");
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string id = r.json()["execution_id"];
  EXPECT_EQ(r.json()["status"], "running");
  auto now = call("GET", "/api/executions/" + id);
  ASSERT_EQ(now.status, 200);
  EXPECT_NE(now.json()["status"], "pending");
  auto done = call("GET", "/api/executions/" + id + "?wait_ms=5000");
  ASSERT_EQ(done.status, 200);
  EXPECT_EQ(done.json()["status"], "completed");
  EXPECT_EQ(done.json()["output"], json({{"woke", true}, {"n", 2}}));
}

TEST_F(execution_api, a_short_wait_answers_202_with_the_status_so_far) {
  std::string wf = create(workload("sleepers"));
  auto r = call("POST", "/api/workflows/" + wf + "/execute?wait_ms=20", R"({"input": {"sleep_ms": 60000, "n": 1}})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.json()["status"], "running");
}

TEST_F(execution_api, events_page_through_the_log) {
  std::string wf = create(workload("chain10"));
  const std::string id = call("POST", "/api/workflows/" + wf + "/execute?wait_ms=5000", R"({"input": {"n": 1}})").json()["execution_id"];
  auto first = call("GET", "/api/executions/" + id + "/events?limit=5");
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(first.json()["events"].size(), 5u);
  EXPECT_EQ(first.json()["events"][0]["type"], "execution_created");
  EXPECT_EQ(first.json()["events"][0]["seq"], 1);
  EXPECT_EQ(first.json()["next_after"], 5);
  auto rest = call("GET", "/api/executions/" + id + "/events?after=5&limit=1000");
  const json events = rest.json()["events"];
  EXPECT_EQ(events.front()["seq"], 6);
  EXPECT_EQ(events.back()["type"], "execution_completed");
  auto none = call("GET", "/api/executions/" + id + "/events?after=" + std::to_string(events.back()["seq"].get<int>()));
  EXPECT_TRUE(none.json()["events"].empty());
}

TEST_F(execution_api, cancel_stops_a_running_execution_once) {
  std::string wf = create(workload("sleepers"));
  const std::string id = call("POST", "/api/workflows/" + wf + "/execute", R"({"input": {"sleep_ms": 60000, "n": 1}})").json()["execution_id"];
  auto c = call("POST", "/api/executions/" + id + "/cancel", R"({"reason": "no longer needed"})");
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.json()["status"], "cancelled");
  auto s = call("GET", "/api/executions/" + id + "?wait_ms=5000");
  EXPECT_EQ(s.json()["status"], "cancelled");
  EXPECT_EQ(s.json()["error"]["message"], "no longer needed");
  auto again = call("POST", "/api/executions/" + id + "/cancel");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.json()["error"]["code"], "conflict");
}

TEST_F(execution_api, executions_are_tenant_scoped_and_errors_use_the_envelope) {
  std::string wf = create(workload("chain10"));
  const std::string id = call("POST", "/api/workflows/" + wf + "/execute?wait_ms=5000", R"({"input": {"n": 1}})").json()["execution_id"];
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/executions/" + id}, {"GET", "/api/executions/" + id + "/events"},
           {"POST", "/api/executions/" + id + "/cancel"}}) {
    auto r = call(method, target, "", "globex");
    EXPECT_EQ(r.status, 404) << method << " " << target << " " << r.body;
    EXPECT_EQ(r.json()["error"]["code"], "execution_not_found");
  }
  auto other = call("POST", "/api/workflows/" + wf + "/execute", "{}", "globex");
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.json()["error"]["code"], "workflow_not_found");
  EXPECT_EQ(call("GET", "/api/executions/ex_nope").json()["error"]["code"], "execution_not_found");
  EXPECT_EQ(call("POST", "/api/workflows/" + wf + "/execute?wait_ms=abc").status, 400);
  EXPECT_EQ(call("POST", "/api/workflows/" + wf + "/execute?wait_ms=999999999").status, 400);
  EXPECT_EQ(call("POST", "/api/workflows/" + wf + "/execute", "[1]").status, 400);
  EXPECT_EQ(call("POST", "/api/workflows/" + wf + "/execute", "{bad").status, 400);
}

TEST_F(execution_api, the_published_version_is_what_runs) {
  json v1 = workload("chain10");
  std::string wf = create(v1);
  ASSERT_EQ(call("POST", "/api/workflows/" + wf + "/publish", "{}").status, 200);
  json v2 = v1;
  v2["steps"][1]["config"]["set"]["n"] = "$.input.n + 100";
  ASSERT_EQ(call("PUT", "/api/workflows/" + wf, v2.dump()).status, 200);
  auto r = call("POST", "/api/workflows/" + wf + "/execute?wait_ms=5000", R"({"input": {"n": 1}})");
  EXPECT_EQ(r.json()["output"]["n"], 11);
  EXPECT_EQ(r.json()["workflow_version"], 1) << "publishing named version 1 and wrote no copy of it";
}

// What a start runs is kept from one start to the next (workflow_service::version_to_run):
// every change to the workflow is seen by the next start.
TEST_F(execution_api, each_start_runs_the_workflow_as_it_is_after_the_last_change) {
  json v1 = workload("chain10");
  const std::string wf = create(v1);
  auto run = [&] { return call("POST", "/api/workflows/" + wf + "/execute?wait_ms=5000", R"({"input": {"n": 1}})"); };
  EXPECT_EQ(run().json()["output"]["n"], 11);
  json v2 = v1;
  v2["steps"][1]["config"]["set"]["n"] = "$.input.n + 100";
  ASSERT_EQ(call("PUT", "/api/workflows/" + wf, v2.dump()).status, 200);
  auto second = run().json();
  EXPECT_EQ(second["output"]["n"], 110) << "the start after a change runs the new version";
  EXPECT_EQ(second["workflow_version"], 2);
  ASSERT_EQ(call("POST", "/api/workflows/" + wf + "/publish", R"({"version": 1})").status, 200);
  EXPECT_EQ(run().json()["workflow_version"], 1) << "the published version, once published";
  ASSERT_EQ(call("DELETE", "/api/workflows/" + wf).status / 100, 2);
  auto gone = run();
  EXPECT_EQ(gone.status, 404) << gone.body;
  EXPECT_EQ(gone.json()["error"]["code"], "workflow_not_found");
}

TEST_F(execution_api, publishing_an_earlier_version_runs_it_while_the_later_one_stays_a_draft) {
  json v1 = workload("chain10");
  std::string wf = create(v1);
  json v2 = v1;
  v2["steps"][1]["config"]["set"]["n"] = "$.input.n + 100";
  ASSERT_EQ(call("PUT", "/api/workflows/" + wf, v2.dump()).status, 200);
  auto pub = call("POST", "/api/workflows/" + wf + "/publish", R"({"version": 1, "notes": "the first one"})");
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(pub.json()["version"], 2) << "no version written";
  EXPECT_EQ(pub.json()["active_version"], 1);
  EXPECT_EQ(pub.json()["status"], "draft") << "the latest is not the published one";
  auto r = call("POST", "/api/workflows/" + wf + "/execute?wait_ms=5000", R"({"input": {"n": 1}})");
  EXPECT_EQ(r.json()["output"]["n"], 11);
  EXPECT_EQ(r.json()["workflow_version"], 1);
  auto latest = call("POST", "/api/workflows/" + wf + "/publish", "{}");
  EXPECT_EQ(latest.json()["active_version"], 2);
  EXPECT_EQ(latest.json()["status"], "active");
  EXPECT_EQ(call("POST", "/api/workflows/" + wf + "/execute?wait_ms=5000", R"({"input": {"n": 1}})").json()["workflow_version"], 2);
}

TEST_F(execution_api, signals_and_logs) {
  json def = json::parse(R"({"steps": [
    {"id": "note", "type": "log", "config": {"message": "waiting for {{ $.input.who }}"}, "next": "ask"},
    {"id": "ask", "type": "wait_for_signal", "config": {"name": "approve"}, "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.ask.payload"}}]})");
  std::string wf = create(def);
  const std::string id = call("POST", "/api/workflows/" + wf + "/execute", R"({"input": {"who": "ana"}})").json()["execution_id"];
  auto sig = call("POST", "/api/executions/" + id + "/signals/approve", R"({"ok": true})");
  ASSERT_EQ(sig.status, 200) << sig.body;
  EXPECT_EQ(sig.json()["delivered"], true);
  auto done = call("GET", "/api/executions/" + id + "?wait_ms=5000");
  EXPECT_EQ(done.json()["status"], "completed");
  EXPECT_EQ(done.json()["output"], json({{"ok", true}}));
  auto logs = call("GET", "/api/executions/" + id + "/logs");
  ASSERT_EQ(logs.status, 200);
  ASSERT_EQ(logs.json()["logs"].size(), 1u);
  EXPECT_EQ(logs.json()["logs"][0]["message"], "waiting for ana");
  EXPECT_EQ(call("POST", "/api/executions/" + id + "/signals/approve", "{}").status, 409);
  EXPECT_EQ(call("POST", "/api/executions/ex_nope/signals/approve", "{}").status, 404);
  EXPECT_EQ(call("POST", "/api/executions/" + id + "/signals/approve", "{bad").status, 400);
  EXPECT_EQ(call("GET", "/api/executions/" + id + "/logs", "", "globex").status, 404);
}

TEST_F(execution_api, an_idempotency_key_returns_the_first_execution) {
  std::string wf = create(workload("chain10"));
  auto with_key = [&](const std::string& key, const std::string& tenant = "acme") {
    return http_->request("POST", "/api/workflows/" + wf + "/execute?wait_ms=5000", R"({"input": {"n": 1}})",
                          {{"Authorization", "Bearer " + auth_->issue({"ana", tenant, {}}, std::chrono::hours(1))},
                           {"X-Tenant-ID", tenant}, {"Idempotency-Key", key}});
  };
  auto first = with_key("order-42");
  ASSERT_EQ(first.status, 200) << first.body;
  auto second = with_key("order-42");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json()["execution_id"], first.json()["execution_id"]);
  EXPECT_EQ(second.json()["output"], json({{"n", 11}}));
  auto other = with_key("order-43");
  EXPECT_NE(other.json()["execution_id"], first.json()["execution_id"]);
  EXPECT_EQ(with_key(std::string(300, 'k')).status, 400);
}

TEST_F(execution_api, seed_003_routes_answer_in_their_camel_case_shapes) {
  std::string wf = create(workload("chain10"));
  auto started = call("POST", "/api/workflow/" + wf + "/execute", R"({"inputs": {"n": 1}, "usePrefect": true})");
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(started.json()["success"], true);
  EXPECT_EQ(started.json()["backgroundExecution"], true);
  EXPECT_EQ(started.json()["status"], "pending");
  const std::string id = started.json()["executionId"];
  ASSERT_EQ(call("GET", "/api/executions/" + id + "?wait_ms=5000").json()["status"], "completed");
  auto s = call("GET", "/api/workflow/execution/" + id);
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.json()["executionId"], id);
  EXPECT_EQ(s.json()["status"], "completed");
  EXPECT_EQ(s.json()["currentNodeId"], "out");
  EXPECT_EQ(s.json()["progress"], json({{"totalNodes", 12}, {"completedNodes", 12}, {"failedNodes", 0}, {"percentage", 100.0}}));
  EXPECT_EQ(s.json()["finalOutput"], json({{"n", 11}}));
  EXPECT_TRUE(s.json()["logs"].is_array());
  auto other = call("POST", "/api/workflows/execute", json{{"workflowId", wf}, {"inputs", {{"n", 5}}}, {"organizationId", "acme"}}.dump());
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(other.json()["success"], true);
  auto health = call("GET", "/api/prefect/health");
  EXPECT_EQ(health.json()["available"], true);
  auto missing = call("POST", "/api/workflow/wf_nope/execute", "{}");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json()["success"], false);
  EXPECT_EQ(missing.json()["error"]["code"], "workflow_not_found");
  EXPECT_EQ(call("GET", "/api/workflow/execution/ex_nope").json()["success"], false);
  EXPECT_EQ(call("POST", "/api/workflows/execute", R"({"inputs": {}})").status, 400);
}

TEST_F(execution_api, every_answer_of_a_seed_route_is_in_its_seeds_shape_errors_included) {
  // Seed 003 and 001 clients check `success`: malformed bodies, wrong types and a missing
  // token answer success: false too (before: our envelope alone).
  auto expect_seed_error = [&](const http_reply& r, int status, const std::string& code, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    EXPECT_EQ(r.json()["success"], false) << what << ": " << r.body;
    EXPECT_EQ(r.json()["error"]["code"], code) << what;
  };
  expect_seed_error(call("POST", "/api/workflows/execute", "{bad"), 400, "invalid_input", "malformed JSON");
  expect_seed_error(call("POST", "/api/workflows/execute", R"({"workflowId": 5})"), 400, "invalid_input", "a number for workflowId");
  expect_seed_error(call("POST", "/api/workflows/execute", "[1]"), 400, "invalid_input", "an array body");
  expect_seed_error(http_->request("POST", "/api/workflows/execute", R"({"workflowId": "wf_x"})", {}), 401, "unauthorized", "seed 003 without a token");
  expect_seed_error(http_->request("GET", "/api/workflow/instances", "", {}), 401, "unauthorized", "seed 001 without a token");
  expect_seed_error(http_->request("GET", "/api/workflow/instances", "", {{"Authorization", "Bearer forged"}}), 401, "unauthorized", "a forged token");
  // Our own routes keep their envelope, without `success`.
  auto ours = http_->request("GET", "/api/workflows", "", {});
  EXPECT_EQ(ours.status, 401);
  EXPECT_FALSE(ours.json().contains("success"));
}

TEST_F(execution_api, every_list_reads_its_page_size_by_one_rule) {
  // 1 to the list's maximum, else 400 with the range: before, /api/workflows clamped 201 to
  // 200 while /api/executions refused it.
  for (const std::string list : {"/api/workflows", "/api/executions"}) {
    for (const std::string bad : {"0", "201", "-1", "abc", "1e2"}) {
      auto r = call("GET", list + "?limit=" + bad);
      EXPECT_EQ(r.status, 400) << list << " limit=" << bad;
      EXPECT_EQ(r.json()["error"]["message"], "limit must be an integer from 1 to 200") << list << " limit=" << bad;
    }
    EXPECT_EQ(call("GET", list + "?limit=200").status, 200) << list;
    EXPECT_EQ(call("GET", list + "?limit=1").status, 200) << list;
  }
  EXPECT_EQ(call("GET", "/api/executions/ex_nope/events?limit=1001").status, 400);
}

TEST_F(execution_api, a_malformed_execute_body_says_where_it_breaks) {
  std::string chain = create(workload("chain10"));
  for (const std::string& route : std::vector<std::string>{"/api/workflows/" + chain + "/execute", "/api/workflows/" + chain + "/test-execute",
                                  std::string("/api/workflows")}) {
    auto r = call("POST", route, R"({"input": {"n": 1,}})");
    EXPECT_EQ(r.status, 400) << route;
    EXPECT_EQ(r.json()["error"]["code"], "invalid_input") << route;
    EXPECT_EQ(r.json()["error"]["details"]["byte"], 19) << route << ": " << r.body;  // one body parser for every route
  }
}

TEST_F(execution_api, executions_are_listed_by_when_they_were_created) {
  std::string chain = create(workload("chain10"));
  const json first = call("POST", "/api/workflows/" + chain + "/execute?wait_ms=5000", R"({"input": {"n": 1}})").json();
  // Creation times are in milliseconds: the second starts in a later one than the first (two
  // in one millisecond made this test fail now and then).
  const std::int64_t first_ms = core::expr::parse_iso_timestamp(first["created_at"]).value_or(0);
  while (core::expr::system_now_ms() <= first_ms) std::this_thread::yield();
  const json second = call("POST", "/api/workflows/" + chain + "/execute?wait_ms=5000", R"({"input": {"n": 2}})").json();
  const std::string a = first["created_at"], b = second["created_at"];
  ASSERT_LT(a, b);
  auto ids = [&](const std::string& query) {
    auto r = call("GET", "/api/executions?" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    std::vector<std::string> out;
    const json page = r.json();
    for (const auto& e : page["executions"]) out.push_back(e["execution_id"]);
    return out;
  };
  EXPECT_EQ(ids("created_after=" + a).size(), 2u);
  EXPECT_EQ(ids("created_after=" + b), std::vector<std::string>{second["execution_id"]});
  EXPECT_EQ(ids("created_before=" + b + "&created_after=" + a), std::vector<std::string>{first["execution_id"]}) << "before is exclusive";
  EXPECT_TRUE(ids("created_before=2000-01-01T00:00:00Z").empty());
  EXPECT_TRUE(ids("created_after=2999-01-01T00:00:00Z").empty());
  for (const std::string& bad : std::vector<std::string>{"created_after=yesterday", "created_before=12", "created_after=" + b + "&created_before=" + a}) {
    auto r = call("GET", "/api/executions?" + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.json()["error"]["code"], "invalid_input") << bad;
  }
}

TEST_F(execution_api, executions_are_listed_with_filters_and_a_cursor) {
  std::string chain = create(workload("chain10"));
  std::string sleep = create(workload("sleepers"));
  std::set<std::string> done_ids;
  for (int i = 0; i < 5; ++i) {
    done_ids.insert(call("POST", "/api/workflows/" + chain + "/execute?wait_ms=5000", R"({"input": {"n": 1}})").json()["execution_id"]);
  }
  const std::string waiting = call("POST", "/api/workflows/" + sleep + "/execute", R"({"input": {"sleep_ms": 60000, "n": 1}})").json()["execution_id"];
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto r = call("GET", "/api/executions?limit=2" + (cursor.empty() ? std::string() : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    const json page = r.json();
    for (const auto& e : page["executions"]) seen.insert(e["execution_id"].get<std::string>());
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 6u);
  // Newest first: the last one started leads — or shares the first millisecond with another,
  // which the ids then order (creation times are in milliseconds).
  const json all = call("GET", "/api/executions").json();
  ASSERT_EQ(all["executions"].size(), 6u);
  std::size_t at = 0;
  while (at < all["executions"].size() && all["executions"][at]["execution_id"] != waiting) ++at;
  ASSERT_LT(at, all["executions"].size());
  for (std::size_t i = 0; i < at; ++i) {
    const json& before = all["executions"][i];
    EXPECT_EQ(before["created_at"], all["executions"][at]["created_at"]) << "only a tie comes before the newest";
    EXPECT_LT(before["execution_id"].get<std::string>(), waiting);
  }
  for (std::size_t i = 1; i < all["executions"].size(); ++i) {
    EXPECT_GE(all["executions"][i - 1]["created_at"].get<std::string>(), all["executions"][i]["created_at"].get<std::string>());
  }
  EXPECT_EQ(call("GET", "/api/executions?cursor=zz").json()["error"]["code"], "invalid_input");
  EXPECT_EQ(call("GET", "/api/executions?cursor=00").status, 400);
  const json completed = call("GET", "/api/executions?status=completed&workflow_id=" + chain).json();
  EXPECT_EQ(completed["executions"].size(), 5u);
  for (const auto& e : completed["executions"]) EXPECT_TRUE(done_ids.count(e["execution_id"].get<std::string>()));
  const json running = call("GET", "/api/executions?status=running").json();
  ASSERT_EQ(running["executions"].size(), 1u);
  EXPECT_EQ(running["executions"][0]["execution_id"], waiting);
  EXPECT_EQ(running["executions"][0]["workflow_id"], sleep);
  EXPECT_TRUE(call("GET", "/api/executions", "", "globex").json()["executions"].empty());
  EXPECT_EQ(call("GET", "/api/executions?status=sleepy").status, 400);
}

TEST_F(execution_api, a_failing_workflow_reports_its_error) {
  json def = json::parse(R"({"steps": [{"id": "f", "type": "fail", "config": {"code": "nope", "message": "it broke"}}]})");
  std::string wf = create(def);
  auto r = call("POST", "/api/workflows/" + wf + "/execute?wait_ms=5000", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "failed");
  EXPECT_EQ(r.json()["error"]["code"], "nope");
  EXPECT_EQ(r.json()["error"]["step_id"], "f");
}

}  // namespace
}  // namespace weft::http

namespace weft::http {
namespace {

const json enrichment = json::parse(R"({"steps": [
  {"id": "input", "type": "input", "next": "enrich"},
  {"id": "enrich", "type": "transform", "config": {"set": {"size": "$.input.n * 10"}}, "next": "decide"},
  {"id": "decide", "type": "condition",
   "config": {"conditions": [{"condition": "$.enrich.size > 50", "next": "big"}], "default": "small"}},
  {"id": "big", "type": "output", "config": {"value": "{ 'big': true, 'size': $.enrich.size }"}},
  {"id": "small", "type": "output", "config": {"value": "{ 'big': false }"}}]})");

TEST_F(execution_api, test_execute_runs_the_saved_definition_with_a_per_step_trace) {
  std::string wf = create(enrichment);
  auto r = call("POST", "/api/workflows/" + wf + "/test-execute", R"({"input": {"n": 7}, "debug_mode": true})");
  ASSERT_EQ(r.status, 200) << r.body;
  const json body = r.json();
  EXPECT_EQ(body["status"], "completed");
  EXPECT_EQ(body["output"], json({{"big", true}, {"size", 70}}));
  const json trace = body["debug"]["steps"];
  ASSERT_EQ(trace.size(), 5u) << trace.dump();
  EXPECT_EQ(trace[0]["step_id"], "input");
  EXPECT_EQ(trace[0]["input"], json({{"n", 7}}));  // an entry step reads the execution input
  json by_id;
  for (const auto& t : trace) by_id[t["step_id"].get<std::string>()] = t;
  EXPECT_EQ(by_id["enrich"]["input"], json({{"n", 7}}));
  EXPECT_EQ(by_id["enrich"]["output"], json({{"size", 70}}));
  EXPECT_EQ(by_id["enrich"]["attempts"], 1);
  EXPECT_EQ(by_id["enrich"]["type"], "transform");
  EXPECT_EQ(by_id["decide"]["input"], json({{"size", 70}}));
  EXPECT_EQ(by_id["big"]["status"], "completed");
  EXPECT_EQ(by_id["small"]["status"], "skipped");
  EXPECT_EQ(trace.back()["step_id"], "small") << "skipped steps come last";
  // Without debug_mode: the same answer without the trace.
  auto plain = call("POST", "/api/workflows/" + wf + "/test-execute", R"({"input": {"n": 1}})");
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_EQ(plain.json()["output"], json({{"big", false}}));
  EXPECT_FALSE(plain.json().contains("debug"));
}

TEST_F(execution_api, test_execute_runs_an_inline_definition_and_refuses_an_invalid_one) {
  std::string wf = create(enrichment);
  json def = workload("chain10");
  auto r = call("POST", "/api/workflows/" + wf + "/test-execute",
                json{{"input", {{"n", 5}}}, {"definition", def}, {"debug_mode", true}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["output"], json({{"n", 15}}));
  EXPECT_EQ(r.json()["workflow_version"], 0);
  EXPECT_EQ(r.json()["debug"]["steps"].size(), def["steps"].size());
  def["steps"][1]["next"] = "nowhere";
  auto bad = call("POST", "/api/workflows/" + wf + "/test-execute", json{{"definition", def}}.dump());
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.json()["error"]["code"], "invalid_workflow_definition");
  EXPECT_FALSE(bad.json()["error"]["details"]["errors"].empty());
}

TEST_F(execution_api, test_execute_answers_202_with_the_state_so_far_after_wait_ms) {
  std::string wf = create(workload("sleepers"));
  auto r = call("POST", "/api/workflows/" + wf + "/test-execute",
                R"({"input": {"sleep_ms": 60000, "n": 1}, "debug_mode": true, "wait_ms": 30})");
  ASSERT_EQ(r.status, 202) << r.body;
  const json body = r.json();
  EXPECT_EQ(body["status"], "running");
  json by_id;
  for (const auto& t : body["debug"]["steps"]) by_id[t["step_id"].get<std::string>()] = t;
  EXPECT_EQ(by_id["input"]["status"], "completed");
  EXPECT_EQ(by_id["wait"]["status"], "waiting") << r.body;
}

TEST_F(execution_api, test_execute_refuses_bad_bodies_and_other_tenants_workflows) {
  std::string wf = create(enrichment);
  EXPECT_EQ(call("POST", "/api/workflows/" + wf + "/test-execute", "{nope").json()["error"]["code"], "invalid_input");
  EXPECT_EQ(call("POST", "/api/workflows/" + wf + "/test-execute", "[1]").status, 400);
  EXPECT_EQ(call("POST", "/api/workflows/" + wf + "/test-execute", R"({"debug_mode": "yes"})").status, 400);
  EXPECT_EQ(call("POST", "/api/workflows/" + wf + "/test-execute", R"({"wait_ms": -1})").status, 400);
  auto other = call("POST", "/api/workflows/" + wf + "/test-execute", "{}", "globex");
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.json()["error"]["code"], "workflow_not_found");
}

}  // namespace
}  // namespace weft::http
