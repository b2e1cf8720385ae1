// Plans (SPEC §6, seed 000's table) at their edges: at the limit it works, one over is
// tier_restriction naming the limit, the tier and the count; operators set tiers and
// overrides that apply at once; rate limits answer 429 with Retry-After; the day's counter
// survives a restart and starts again at midnight UTC.
#include <gtest/gtest.h>

#include "tests/http/node_stack.hpp"
#include "tests/support/ws_client.hpp"

namespace weft::http {
namespace {

using nlohmann::json;
using weft::testing::http_reply;

json chain(int steps, const std::string& type = "log") {
  json list = json::array();
  for (int i = 0; i < steps; ++i) {
    json s = {{"id", "s" + std::to_string(i)}, {"type", type}, {"config", {{"message", "hi"}}}};
    if (type != "log") s["config"] = json::object();
    if (i + 1 < steps) s["next"] = "s" + std::to_string(i + 1);
    list.push_back(s);
  }
  return {{"name", "chain"}, {"steps", list}};
}

class tiers_test : public node_stack {
 protected:
  http_reply post_workflow(const json& definition, const std::string& tenant = "acme") {
    return http_->request("POST", "/api/workflows", definition.dump(), headers(tenant));
  }
  static void expect_refusal(const http_reply& r, const std::string& limit, const json& current, const json& allowed,
                             const std::string& tier = "free") {
    EXPECT_EQ(r.status, 403) << r.body;
    const json e = r.json()["error"];
    EXPECT_EQ(e["code"], "tier_restriction") << r.body;
    EXPECT_EQ(e["details"]["limit"], limit) << r.body;
    EXPECT_EQ(e["details"]["tier"], tier) << r.body;
    EXPECT_EQ(e["details"]["current"], current) << r.body;
    EXPECT_EQ(e["details"]["allowed"], allowed) << r.body;
  }
};

TEST_F(tiers_test, free_allows_five_workflows_and_refuses_the_sixth) {
  set_tier("acme", "free");
  for (int i = 0; i < 5; ++i) ASSERT_EQ(post_workflow(chain(1)).status, 201) << i;
  expect_refusal(post_workflow(chain(1)), "max_workflows", 5, 5);
  EXPECT_EQ(post_workflow(chain(1), "globex").status, 201) << "another tenant (enterprise by default) is not affected";
  // Raising the limit applies at once, without a restart.
  set_tier("acme", "free", {{"max_workflows", 6}});
  EXPECT_EQ(post_workflow(chain(1)).status, 201);
}

TEST_F(tiers_test, steps_per_workflow_are_counted_at_their_edge) {
  set_tier("acme", "free");
  EXPECT_EQ(post_workflow(chain(10)).status, 201);
  expect_refusal(post_workflow(chain(11)), "max_steps_per_workflow", 11, 10);
  set_tier("acme", "professional");
  EXPECT_EQ(post_workflow(chain(30)).status, 201);
  expect_refusal(post_workflow(chain(31)), "max_steps_per_workflow", 31, 30, "professional");
  // Changes are checked too, not only creation.
  const std::string id = post_workflow(chain(2)).json()["id"];
  expect_refusal(http_->request("PUT", "/api/workflows/" + id, chain(31).dump(), headers()), "max_steps_per_workflow", 31, 30,
                 "professional");
}

TEST_F(tiers_test, step_classes_follow_the_tier) {
  const json with_loop = json::parse(R"({"name": "l", "steps": [
    {"id": "each", "type": "loop", "config": {"items": "$.input.xs", "body": "b"}},
    {"id": "b", "type": "log", "config": {"message": "x"}, "next": "each"}]})");
  set_tier("acme", "free");
  expect_refusal(post_workflow(with_loop), "step_classes", "advanced", "basic");
  set_tier("acme", "professional");
  EXPECT_EQ(post_workflow(with_loop).status, 201);
}

TEST_F(tiers_test, webhooks_and_schedules_need_a_paid_tier) {
  const json hook = json::parse(R"({"name": "h", "steps": [{"id": "in", "type": "webhook", "config": {"path": "x"}}]})");
  set_tier("acme", "free", {{"step_classes", "advanced"}});
  expect_refusal(post_workflow(hook), "webhooks_and_schedules", "webhook", false);
  set_tier("acme", "professional");
  EXPECT_EQ(post_workflow(hook).status, 201);
}

TEST_F(tiers_test, a_webhook_saved_on_a_paid_plan_stops_starting_runs_on_free) {
  set_tier("acme", "professional");
  ASSERT_EQ(post_workflow(json::parse(R"({"name": "h", "steps": [
    {"id": "in", "type": "webhook", "config": {"path": "orders"}, "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.input.body"}}]})")).status, 201);
  EXPECT_EQ(http_->request("POST", "/api/hooks/acme/orders", R"({"n": 1})").status, 202);
  set_tier("acme", "free");
  auto refused = http_->request("POST", "/api/hooks/acme/orders", R"({"n": 2})");
  expect_refusal(refused, "webhooks_and_schedules", "webhook", false);
}

TEST_F(tiers_test, execution_time_is_capped_by_the_tier) {
  set_tier("acme", "free");
  json long_one = chain(1);
  long_one["settings"] = {{"timeout_ms", 5 * 60'000 + 1}};
  expect_refusal(post_workflow(long_one), "max_execution_ms", 5 * 60'000 + 1, 5 * 60'000);
  long_one["settings"]["timeout_ms"] = 5 * 60'000;
  EXPECT_EQ(post_workflow(long_one).status, 201) << "exactly the limit";
  // A workflow without a timeout runs with the tier's as its own.
  const std::string id = create(chain(1));
  const std::string execution = execute(id, json::object());
  const json events = http_->request("GET", "/api/executions/" + execution + "/events", "", headers()).json();
  EXPECT_EQ(events["events"][0]["definition"]["settings"]["timeout_ms"], 5 * 60'000) << events.dump();
}

TEST_F(tiers_test, versioning_is_not_in_the_free_tier) {
  const std::string id = create(chain(1));
  set_tier("acme", "free");
  expect_refusal(http_->request("GET", "/api/workflows/" + id + "/versions", "", headers()), "versioning", false, true);
  expect_refusal(http_->request("POST", "/api/workflows/" + id + "/publish", "{}", headers()), "versioning", false, true);
  set_tier("acme", "professional");
  EXPECT_EQ(http_->request("GET", "/api/workflows/" + id + "/versions", "", headers()).status, 200);
}

TEST_F(tiers_test, executions_per_day_stop_at_the_limit_and_start_again_at_midnight_utc) {
  const std::string id = create(chain(1));
  set_tier("acme", "free", {{"max_executions_per_day", 3}, {"execute_per_minute", -1}, {"execute_per_minute_per_user", -1}});
  // Two hours before midnight UTC, on the node's clock.
  const std::int64_t real = core::expr::system_now_ms();
  const std::int64_t midnight = (real / 86'400'000 + 1) * 86'400'000;
  clock_offset_ms_ = midnight - 2 * 3'600'000 - real;
  for (int i = 0; i < 3; ++i) execute(id, json::object());
  auto fourth = http_->request("POST", "/api/workflows/" + id + "/execute", R"({"input": {}})", headers());
  expect_refusal(fourth, "max_executions_per_day", 3, 3);
  EXPECT_EQ(fourth.json()["error"]["details"]["resets_at"], core::expr::iso_timestamp(midnight).substr(0, 10) + "T00:00:00Z");
  const json usage = http_->request("GET", "/api/tenants/me/usage", "", headers()).json();
  EXPECT_EQ(usage["usage"]["executions_today"], 3) << usage.dump();
  EXPECT_EQ(usage["meters"][1], json({{"limit", "max_executions_per_day"}, {"allowed", 3}, {"used", 3}}));
  // After midnight the count starts again.
  clock_offset_ms_ = midnight + 1'000 - real;
  EXPECT_EQ(http_->request("POST", "/api/workflows/" + id + "/execute", R"({"input": {}})", headers()).status, 202);
}

TEST_F(tiers_test, the_day_counter_survives_a_restart) {
  // The counter is in RocksDB: a second tenant_service over the same store sees it.
  const std::string id = create(chain(1));
  set_tier("acme", "free", {{"max_executions_per_day", 2}, {"execute_per_minute", -1}, {"execute_per_minute_per_user", -1}});
  execute(id, json::object());
  execute(id, json::object());
  services::tenant_service after_restart(*tenant_store_, *store_, *log_, "enterprise", core::expr::system_now_ms);
  auto refused = after_restart.admit_execution("acme");
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->details["current"], 2);
}

TEST_F(tiers_test, execute_is_rate_limited_with_retry_after) {
  const std::string id = create(chain(1));
  set_tier("acme", "professional", {{"execute_per_minute", 3}});
  for (int i = 0; i < 3; ++i) execute(id, json::object());
  auto limited = http_->request("POST", "/api/workflows/" + id + "/execute", R"({"input": {}})", headers());
  ASSERT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.json()["error"]["code"], "rate_limited");
  const int wait = std::stoi(limited.headers.at("retry-after"));
  EXPECT_GE(wait, 1);
  EXPECT_LE(wait, 20) << "a token comes back every 20 s at 3 a minute";
  EXPECT_EQ(http_->request("GET", "/api/workflows/" + id, "", headers()).status, 200) << "reads are not limited";
  EXPECT_EQ(http_->request("POST", "/api/workflows/" + id + "/execute", R"({"input": {}})", headers("globex")).status / 100, 4)
      << "globex has no such workflow, but it is not rate limited: 404";
}

TEST_F(tiers_test, an_enterprise_tenant_starts_executions_without_a_rate_limit_until_one_is_set) {
  // Seed 000: enterprise is "unlimited executions" (before: 6,000 a minute, 3,000 per user).
  auto me = http_->request("GET", "/api/tenants/me", "", headers("globex"));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["tier"], "enterprise");
  EXPECT_EQ(me.json()["limits"]["execute_per_minute"], -1) << me.body;
  EXPECT_EQ(me.json()["limits"]["execute_per_minute_per_user"], -1);
  set_tier("globex", "enterprise", {{"execute_per_minute", 2}});  // still configurable per tenant
  const std::string id = create(chain(1), "globex");
  for (int i = 0; i < 2; ++i) EXPECT_EQ(http_->request("POST", "/api/workflows/" + id + "/execute", R"({"input": {}})", headers("globex")).status / 100, 2);
  EXPECT_EQ(http_->request("POST", "/api/workflows/" + id + "/execute", R"({"input": {}})", headers("globex")).status, 429);
}

TEST_F(tiers_test, each_user_has_a_bucket_of_their_own_for_writes) {
  set_tier("acme", "professional", {{"writes_per_minute", 100}, {"writes_per_minute_per_user", 2}});
  auto as = [&](const std::string& user) {
    return std::map<std::string, std::string>{{"Authorization", "Bearer " + token("acme", {}, user)}, {"X-Tenant-ID", "acme"}};
  };
  EXPECT_EQ(http_->request("POST", "/api/workflows", chain(1).dump(), as("ana")).status, 201);
  EXPECT_EQ(http_->request("POST", "/api/workflows", chain(1).dump(), as("ana")).status, 201);
  EXPECT_EQ(http_->request("POST", "/api/workflows", chain(1).dump(), as("ana")).status, 429);
  EXPECT_EQ(http_->request("POST", "/api/workflows", chain(1).dump(), as("bob")).status, 201) << "bob's bucket is full";
}

// The console validates as the user types; that must not spend the writes that saving needs.
TEST_F(tiers_test, validation_is_not_a_write) {
  set_tier("acme", "professional", {{"writes_per_minute", 100}, {"writes_per_minute_per_user", 1}});
  const json step = {{"step", {{"id", "t"}, {"type", "log"}, {"config", {{"message", "hi"}}}}}, {"context", {{"available_steps", json::array()}}}};
  for (int i = 0; i < 40; ++i) {
    ASSERT_EQ(http_->request("POST", "/api/workflows/validate-step", step.dump(), headers()).status, 200);
    ASSERT_EQ(http_->request("POST", "/api/workflows/validate", chain(2).dump(), headers()).status, 200);
  }
  EXPECT_EQ(http_->request("POST", "/api/workflows", chain(1).dump(), headers()).status, 201);
  EXPECT_EQ(http_->request("POST", "/api/workflows", chain(1).dump(), headers()).status, 429) << "saving still counts";
}

TEST_F(tiers_test, only_operators_set_tiers_and_bad_settings_are_refused) {
  auto as_admin = http_->request("PUT", "/api/admin/tenants/acme", R"({"tier": "enterprise"})",
                                 {{"Authorization", "Bearer " + token("acme", {"admin"})}});
  EXPECT_EQ(as_admin.status, 403) << "a tenant admin is not an operator";
  const std::map<std::string, std::string> op = {{"Authorization", "Bearer " + token("ops", {"operator"}, "olga")}};
  EXPECT_EQ(http_->request("PUT", "/api/admin/tenants/acme", R"({"tier": "platinum"})", op).status, 400);
  auto bad_limit = http_->request("PUT", "/api/admin/tenants/acme", R"({"tier": "free", "limits": {"max_wombats": 3}})", op);
  EXPECT_EQ(bad_limit.status, 400);
  EXPECT_EQ(bad_limit.json()["error"]["details"]["pointer"], "/limits");
  EXPECT_EQ(http_->request("PUT", "/api/admin/tenants/acme", R"({"tier": "free", "limits": {"max_workflows": "many"}})", op).status, 400);
  auto ok = http_->request("PUT", "/api/admin/tenants/acme", R"({"tier": "professional", "limits": {"max_workflows": 70}})", op);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["limits"]["max_workflows"], 70);
  EXPECT_EQ(ok.json()["limits"]["max_steps_per_workflow"], 30);
  const json me = http_->request("GET", "/api/tenants/me", "", headers()).json();
  EXPECT_EQ(me["tier"], "professional");
  EXPECT_EQ(me["overrides"], json({{"max_workflows", 70}}));
}

TEST_F(tiers_test, an_execution_stops_at_its_event_cap_with_a_clear_error) {
  set_tier("acme", "professional", {{"max_events_per_execution", 12}});
  const std::string id = execute(create(chain(8)), json::object());
  const json done = http_->request("GET", "/api/executions/" + id + "?wait_ms=10000", "", headers()).json();
  ASSERT_EQ(done["status"], "failed") << done.dump();
  EXPECT_EQ(done["error"]["code"], "event_limit_exceeded");
  EXPECT_EQ(done["error"]["details"]["limit"], 12);
  const json events = http_->request("GET", "/api/executions/" + id + "/events", "", headers()).json();
  EXPECT_LE(events["events"].size(), 12u) << events.dump();
}

// Free: execution-level live events only (the run's start and end), no step updates.
TEST_F(tiers_test, free_live_events_are_execution_level_only) {
  auto node_updates = [this](const std::string& tenant) {
    const std::string id = execute(create(chain(3), tenant), json::object());
    weft::testing::ws_client ws(server_->port(), "/api/v1/ws?token=" + token(tenant));
    EXPECT_TRUE(ws.connected());
    ws.send({{"type", "subscribe"}, {"room_id", "execution:" + id}, {"since", 0}});
    int nodes = 0;
    bool completed = false;
    for (int i = 0; i < 200 && !completed; ++i) {
      auto m = ws.receive();
      if (!m) break;
      nodes += (*m)["type"] == "node_update";
      completed = (*m)["type"] == "execution_update" && (*m)["data"]["status"] == "completed";
    }
    EXPECT_TRUE(completed) << tenant << ": the run's end did not arrive";
    return nodes;
  };
  set_tier("acme", "free");
  EXPECT_EQ(node_updates("acme"), 0);
  set_tier("acme", "professional");
  EXPECT_GT(node_updates("acme"), 0);
}

// A sub-workflow is part of its caller's run: a tenant at its concurrency limit of one can
// still run a workflow that calls another (it would wait for itself if the child queued).
TEST_F(tiers_test, children_do_not_wait_for_their_callers_slot) {
  set_tier("acme", "professional", {{"max_concurrent_executions", 1}});
  const std::string callee = create(chain(1));
  json caller = json::parse(R"({"name": "caller", "steps": [
    {"id": "call", "type": "subworkflow", "config": {}, "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.call.status"}}]})");
  caller["steps"][0]["config"]["workflow_id"] = callee;
  const std::string id = execute(create(caller), json::object());
  const json done = http_->request("GET", "/api/executions/" + id + "?wait_ms=10000", "", headers()).json();
  EXPECT_EQ(done["status"], "completed") << done.dump();
  EXPECT_EQ(done["output"], "completed");
}

TEST_F(tiers_test, free_has_five_basic_templates_and_no_step_traces) {
  set_tier("acme", "free");
  const json list = http_->request("GET", "/api/templates", "", headers()).json()["templates"];
  std::vector<std::string> open, locked;
  for (const auto& t : list) (t["available"] == true ? open : locked).push_back(t["id"]);
  ASSERT_EQ(open.size(), 5u) << list.dump();
  EXPECT_FALSE(locked.empty());
  EXPECT_EQ(http_->request("POST", "/api/workflows", json{{"template_id", open[0]}}.dump(), headers()).status, 201);
  expect_refusal(http_->request("POST", "/api/workflows", json{{"template_id", locked[0]}}.dump(), headers()), "all_templates", false, true);
  // debug_mode's per-step trace is a paid feature; a plain test run is not.
  const std::string id = create(chain(1));
  expect_refusal(http_->request("POST", "/api/workflows/" + id + "/test-execute", R"({"input": {}, "debug_mode": true})", headers()),
                 "detailed_logs", false, true);
  EXPECT_EQ(http_->request("POST", "/api/workflows/" + id + "/test-execute", R"({"input": {}})", headers()).status, 200);
  set_tier("acme", "professional");
  EXPECT_EQ(http_->request("POST", "/api/workflows", json{{"template_id", locked[0]}}.dump(), headers()).status, 201);
}

TEST_F(tiers_test, a_queued_execution_with_a_higher_priority_goes_first) {
  set_tier("acme", "professional", {{"max_concurrent_executions", 1}});
  const std::string slow = create(json::parse(R"({"name": "slow", "steps": [{"id": "d", "type": "delay", "config": {"duration_ms": 300}}]})"));
  const std::string quick = create(chain(1));
  execute(slow, json::object());
  auto start = [&](int priority) {
    auto r = http_->request("POST", "/api/workflows/" + quick + "/execute", json{{"input", json::object()}, {"priority", priority}}.dump(), headers());
    EXPECT_EQ(r.status, 202) << r.body;
    EXPECT_EQ(r.json()["status"], "pending") << r.body;
    return r.json().value("execution_id", "");
  };
  const std::string normal = start(0);
  const std::string urgent = start(10);
  EXPECT_EQ(http_->request("GET", "/api/executions/" + urgent, "", headers()).json()["queue_position"], 1);
  EXPECT_EQ(http_->request("GET", "/api/executions/" + normal, "", headers()).json()["queue_position"], 2);
  auto bad = http_->request("POST", "/api/workflows/" + quick + "/execute", R"({"input": {}, "priority": 500})", headers());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["details"]["pointer"], "/priority");
}

// A queued execution's summary is written by the engine itself (with its first event): the
// list of executions shows it as pending, and the list stays readable around it (its summary
// was once stored as JSON text where CBOR belongs, and every list failed while it waited).
TEST_F(tiers_test, a_queued_execution_is_listed_as_pending) {
  set_tier("acme", "professional", {{"max_concurrent_executions", 1}});
  const std::string slow = create(json::parse(R"({"name": "slow", "steps": [{"id": "d", "type": "delay", "config": {"duration_ms": 300}}]})"));
  const std::string quick = create(chain(1));
  execute(slow, json::object());
  auto queued = http_->request("POST", "/api/workflows/" + quick + "/execute", R"({"input": {}})", headers());
  ASSERT_EQ(queued.status, 202) << queued.body;
  ASSERT_EQ(queued.json()["status"], "pending") << queued.body;
  const std::string id = queued.json()["execution_id"];
  auto list = http_->request("GET", "/api/executions?workflow_id=" + quick, "", headers());
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json()["executions"].size(), 1u) << list.body;
  EXPECT_EQ(list.json()["executions"][0]["execution_id"], id);
  EXPECT_EQ(list.json()["executions"][0]["status"], "pending");
  EXPECT_EQ(http_->request("GET", "/api/executions/" + id + "?wait_ms=5000", "", headers()).json()["status"], "completed");
  EXPECT_EQ(http_->request("GET", "/api/executions?workflow_id=" + quick, "", headers()).json()["executions"][0]["status"], "completed");
}

TEST_F(tiers_test, usage_shows_each_limit_and_its_use) {
  set_tier("acme", "free");
  create(chain(1));
  create(chain(2));
  const json usage = http_->request("GET", "/api/tenants/me/usage", "", headers()).json();
  EXPECT_EQ(usage["tier"], "free");
  EXPECT_EQ(usage["meters"][0], json({{"limit", "max_workflows"}, {"allowed", 5}, {"used", 2}}));
  EXPECT_EQ(usage["limits"]["history_days"], 7);
  EXPECT_EQ(usage["limits"]["step_classes"], "basic");
  EXPECT_EQ(http_->request("GET", "/api/tenants/me/usage", "", headers("globex")).json()["meters"][0]["used"], 0);
}

}  // namespace
}  // namespace weft::http
