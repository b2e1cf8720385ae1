// The rest of the real-time surface against the real server and runtime: Server-Sent
// Events with Last-Event-ID, workflow_updated in every dialect, seed 004's monitoring
// routes, and seed 001's resume with ?since=.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/http/node_stack.hpp"
#include "tests/support/sse_client.hpp"
#include "tests/support/ws_client.hpp"

namespace weft::http {
namespace {

using nlohmann::json;
using weft::testing::sse_client;
using weft::testing::sse_event;
using weft::testing::ws_client;

const json flow = json::parse(R"({"name": "flow", "steps": [
  {"id": "input", "type": "input", "next": "double"},
  {"id": "double", "type": "transform", "config": {"set": {"n": "$.input.n * 2"}}, "next": "pause"},
  {"id": "pause", "type": "delay", "config": {"duration_ms": "$.input.pause_ms"}, "next": "out"},
  {"id": "out", "type": "output", "config": {"value": "$.double"}}]})");

class live_updates_test : public node_stack {
 protected:
  std::unique_ptr<sse_client> stream(const std::string& id, std::map<std::string, std::string> extra = {},
                                     const std::string& query = "") {
    auto h = headers();
    h.insert(extra.begin(), extra.end());
    return std::make_unique<sse_client>(server_->port(), "/api/executions/" + id + "/stream" + query, h);
  }
  // Runs `wf` to its end; the execution id and its last seq.
  std::pair<std::string, std::uint64_t> run_to_end(const std::string& wf) {
    const std::string id = execute(wf, {{"n", 2}, {"pause_ms", 1}});
    EXPECT_EQ(http_->request("GET", "/api/executions/" + id + "?wait_ms=10000", "", headers()).status, 200);
    std::vector<core::event> logged;
    EXPECT_TRUE(log_->read("acme", id, 0, 1000, logged).is_ok());
    return {id, logged.empty() ? 0 : logged.back().seq};
  }
  // Reads a stream to its end.
  static std::vector<sse_event> drain(sse_client& s) {
    std::vector<sse_event> events;
    for (int i = 0; i < 500; ++i) {
      auto e = s.next();
      if (!e) break;
      events.push_back(*e);
    }
    return events;
  }
};

// --- Server-Sent Events --------------------------------------------------------------

TEST_F(live_updates_test, sse_streams_a_run_live_from_its_first_event_and_ends_with_it) {
  const std::string id = execute(create(flow), {{"n", 2}, {"pause_ms", 300}});
  auto s = stream(id);
  ASSERT_EQ(s->status(), 200);
  EXPECT_EQ(s->header("Content-Type"), "text/event-stream; charset=utf-8");
  EXPECT_EQ(s->header("Cache-Control"), "no-cache");
  const auto events = drain(*s);
  EXPECT_TRUE(s->ended()) << "the stream ends after the execution's last event";
  ASSERT_FALSE(events.empty());
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].id, std::to_string(i + 1)) << "ids are the seqs, from 1, with no gap";
    const json data = json::parse(events[i].data);
    EXPECT_EQ(data["seq"], i + 1);
    EXPECT_EQ(data["type"], events[i].event);
    EXPECT_EQ(data["execution_id"], id);
  }
  EXPECT_EQ(events.front().event, "execution_created");
  EXPECT_EQ(events.back().event, "execution_completed");
  EXPECT_EQ(json::parse(events.back().data)["output"], json({{"n", 4}}));
  std::vector<core::event> logged;
  ASSERT_OK(log_->read("acme", id, 0, 1000, logged));
  EXPECT_EQ(events.size(), logged.size());
}

TEST_F(live_updates_test, sse_resumes_after_last_event_id_and_says_204_when_nothing_is_left) {
  const auto [id, last] = run_to_end(create(flow));
  ASSERT_GT(last, 4u);
  auto resumed = stream(id, {{"Last-Event-ID", "3"}});
  ASSERT_EQ(resumed->status(), 200);
  const auto events = drain(*resumed);
  ASSERT_EQ(events.size(), last - 3);
  EXPECT_EQ(events.front().id, "4");
  EXPECT_EQ(events.back().id, std::to_string(last));
  // ?since= for clients that cannot set headers; Last-Event-ID wins over it.
  auto by_query = stream(id, {}, "?since=" + std::to_string(last - 1));
  const auto tail = drain(*by_query);
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail.front().event, "execution_completed");
  auto both = stream(id, {{"Last-Event-ID", std::to_string(last - 2)}}, "?since=0");
  EXPECT_EQ(drain(*both).size(), 2u);
  // Everything seen of a finished execution: 204 makes EventSource stop reconnecting.
  auto done = stream(id, {{"Last-Event-ID", std::to_string(last)}});
  EXPECT_EQ(done->status(), 204);
}

TEST_F(live_updates_test, sse_refuses_other_tenants_bad_ids_and_missing_tokens) {
  const auto [id, last] = run_to_end(create(flow));
  sse_client foreign(server_->port(), "/api/executions/" + id + "/stream", headers("globex"));
  EXPECT_EQ(foreign.status(), 404);
  EXPECT_NE(foreign.body().find("execution_not_found"), std::string::npos);
  auto bad = stream(id, {{"Last-Event-ID", "seven"}});
  EXPECT_EQ(bad->status(), 400);
  EXPECT_NE(bad->body().find("invalid_input"), std::string::npos);
  sse_client anonymous(server_->port(), "/api/executions/" + id + "/stream", {});
  EXPECT_EQ(anonymous.status(), 401);
  auto unknown = stream("exe_nope");
  EXPECT_EQ(unknown->status(), 404);
}

// --- workflow_updated -----------------------------------------------------------------

json next_with(ws_client& ws, const std::string& key, const std::string& value) {
  for (int i = 0; i < 50; ++i) {
    auto m = ws.receive();
    if (!m) return json();
    if (m->value(key, "") == value) return *m;
  }
  return json();
}

TEST_F(live_updates_test, every_change_to_a_workflow_reaches_its_subscribers_as_workflow_updated) {
  const std::string wf = create(flow);
  ws_client ws(server_->port(), "/api/workflows/ws", headers());
  ASSERT_TRUE(ws.connected());
  ws.send({{"action", "subscribe"}, {"topics", {"workflow:" + wf}}});
  ASSERT_EQ((*ws.receive())["event"], "subscribed");
  json changed = flow;
  changed["description"] = "now with a description";
  ASSERT_EQ(http_->request("PUT", "/api/workflows/" + wf, changed.dump(), headers()).status, 200);
  ASSERT_EQ(http_->request("POST", "/api/workflows/" + wf + "/publish", R"({"notes": "go"})", headers()).status, 200);
  ASSERT_EQ(http_->request("POST", "/api/workflows/" + wf + "/revert", R"({"version": 1})", headers()).status, 200);
  ASSERT_EQ(http_->request("DELETE", "/api/workflows/" + wf, "", headers()).status / 100, 2);

  // A publish writes no version (it names version 2) but is a change: seq counts changes.
  const std::vector<std::tuple<std::string, std::string, std::string, std::uint64_t, std::uint64_t>> expected = {
      {"replaced", "draft", "draft", 2, 2}, {"published", "draft", "active", 2, 3}, {"reverted", "active", "draft", 3, 4},
      {"deleted", "draft", "deleted", 4, 5}};
  for (const auto& [change, previous, status, version, seq] : expected) {
    const json m = next_with(ws, "event", "workflow_updated");
    ASSERT_FALSE(m.is_null()) << change;
    EXPECT_EQ(m["workflow_id"], wf);
    EXPECT_EQ(m["name"], "flow");
    EXPECT_EQ(m["change"], change);
    EXPECT_EQ(m["previous_status"], previous) << change;
    EXPECT_EQ(m["status"], status) << change;
    EXPECT_EQ(m["version"], version);
    EXPECT_EQ(m["seq"], seq);
    EXPECT_EQ(m["updated_by"], "ana");
    EXPECT_TRUE(m["updated_at"].is_string());
  }
}

TEST_F(live_updates_test, all_workflows_is_for_admins_of_the_tenant_only) {
  ws_client admin(server_->port(), "/api/workflows/ws", headers("acme", {"admin"}));
  ws_client other(server_->port(), "/api/workflows/ws", headers("globex", {"admin"}));
  for (auto* ws : {&admin, &other}) {
    ws->send({{"action", "subscribe"}, {"topics", {"all_workflows"}}});
    ASSERT_EQ((*ws->receive())["event"], "subscribed");
  }
  const std::string wf = create(flow);  // acme's
  const json created = next_with(admin, "event", "workflow_updated");
  EXPECT_EQ(created["workflow_id"], wf);
  EXPECT_EQ(created["change"], "created");
  EXPECT_TRUE(created["previous_status"].is_null());
  EXPECT_EQ(created["status"], "draft");
  // globex's admin hears its own tenant's change first: nothing of acme's came before it.
  auto r = http_->request("POST", "/api/workflows", flow.dump(), headers("globex"));
  ASSERT_EQ(r.status, 201);
  const json own = next_with(other, "event", "workflow_updated");
  EXPECT_EQ(own["workflow_id"], r.json()["id"]);
}

TEST_F(live_updates_test, seed004_and_seed001_clients_hear_workflow_changes_in_their_own_shapes) {
  const std::string wf = create(flow);
  ws_client v1(server_->port(), "/api/v1/ws?token=" + token());
  (void)v1.receive();  // connection
  (void)v1.receive();  // user room
  v1.send({{"type", "subscribe"}, {"room_id", "workflow:" + wf}});
  ASSERT_EQ((*v1.receive())["event"], "subscribed");
  ws_client instance(server_->port(), "/api/workflow/ws/" + wf + "?token=" + token());
  ASSERT_EQ((*instance.receive())["event_type"], "subscribed");
  ASSERT_EQ(http_->request("POST", "/api/workflows/" + wf + "/publish", "{}", headers()).status, 200);

  const json update = next_with(v1, "type", "workflow_update");
  EXPECT_EQ(update["event"], "published");
  EXPECT_EQ(update["data"]["workflow_id"], wf);
  EXPECT_EQ(update["data"]["status"], "active");
  EXPECT_EQ(update["data"]["previous_status"], "draft");
  const json updated = next_with(instance, "event_type", "workflow_updated");
  EXPECT_EQ(updated["data"]["workflow_id"], wf);
  EXPECT_EQ(updated["data"]["version"], 1) << "publishing names version 1, it writes none";
}

// A room's confirmation means its subscription is in place: a change made right after it
// is heard (workflow changes have no replay). Seed 004 once confirmed first and subscribed
// after, and a change made at once could reach the hub before the subscription; with
// executions keeping the actor threads busy, that window widened. Many rooms, each changed
// the moment it is confirmed.
TEST_F(live_updates_test, seed004_hears_a_change_made_the_moment_its_room_is_confirmed) {
  const std::string busy = create(flow);
  struct background_load {
    std::atomic<bool> done{false};
    std::thread thread;
    ~background_load() {  // also when an assertion ends the test early
      done = true;
      thread.join();
    }
  } load;
  load.thread = std::thread([&] {
    weft::testing::http_client client(server_->port());
    while (!load.done) (void)client.request("POST", "/api/workflows/" + busy + "/execute", R"({"input": {"n": 1, "pause_ms": 0}})", headers());
  });
  ws_client v1(server_->port(), "/api/v1/ws?token=" + token());
  (void)v1.receive();  // connection
  (void)v1.receive();  // user room
  for (int round = 0; round < 40; ++round) {
    const std::string wf = create(flow);
    v1.send({{"type", "subscribe"}, {"room_id", "workflow:" + wf}});
    ASSERT_EQ((*v1.receive())["event"], "subscribed");
    ASSERT_EQ(http_->request("POST", "/api/workflows/" + wf + "/publish", "{}", headers()).status, 200);
    const json update = next_with(v1, "type", "workflow_update");
    ASSERT_TRUE(update.is_object()) << "round " << round << ": the change was not heard";
    ASSERT_EQ(update["data"]["workflow_id"], wf) << "round " << round;
  }
}

// --- seed 004's monitoring routes -----------------------------------------------------

TEST_F(live_updates_test, seed004_stats_and_rooms_count_the_callers_tenant_with_only_a_bearer_token) {
  const std::string id = execute(create(flow), {{"n", 1}, {"pause_ms", 1}});
  ws_client ana1(server_->port(), "/api/v1/ws?token=" + token());
  ws_client ana2(server_->port(), "/api/v1/ws?token=" + token());
  ws_client bob(server_->port(), "/api/v1/ws?token=" + token("acme", {}, "bob"));
  ws_client stranger(server_->port(), "/api/v1/ws?token=" + token("globex"));
  for (auto* ws : {&ana1, &ana2, &bob, &stranger}) {
    ASSERT_EQ((*ws->receive())["type"], "connection");
    ASSERT_EQ((*ws->receive())["type"], "subscription");  // the user room: joined by then
  }
  ana1.send({{"type", "subscribe"}, {"room_id", "execution:" + id}});
  ASSERT_EQ((*ana1.receive())["event"], "subscribed");

  const std::map<std::string, std::string> bearer = {{"Authorization", "Bearer " + token()}};
  auto stats = http_->request("GET", "/api/v1/ws/stats", "", bearer);
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.json(), json({{"total_connections", 3}, {"user_connections", 2}, {"active_rooms", 3}}));

  auto rooms = http_->request("GET", "/api/v1/ws/rooms", "", bearer);
  ASSERT_EQ(rooms.status, 200);
  EXPECT_EQ(rooms.json(), json({{"active_rooms", {"execution:" + id, "user:ana"}}, {"total_rooms", 2}}))
      << "other users' rooms are for admins";
  auto as_admin = http_->request("GET", "/api/v1/ws/rooms", "", {{"Authorization", "Bearer " + token("acme", {"admin"})}});
  EXPECT_EQ(as_admin.json()["total_rooms"], 3);

  ana1.close();
  ana2.close();
  auto after = http_->request("GET", "/api/v1/ws/stats", "", bearer);
  for (int i = 0; i < 100 && after.json()["total_connections"] != 1; ++i) {
    ws_client probe(server_->port(), "/api/v1/ws?token=" + token("globex"));  // a round trip: closes have landed
    (void)probe.receive();
    after = http_->request("GET", "/api/v1/ws/stats", "", bearer);
  }
  EXPECT_EQ(after.json(), json({{"total_connections", 1}, {"user_connections", 0}, {"active_rooms", 1}}));
}

TEST_F(live_updates_test, seed004_monitoring_routes_refuse_missing_forged_or_mismatched_credentials) {
  EXPECT_EQ(http_->request("GET", "/api/v1/ws/stats", "", {}).status, 401);
  EXPECT_EQ(http_->request("GET", "/api/v1/ws/rooms", "", {{"Authorization", "Bearer " + token() + "x"}}).status, 401);
  auto mismatch = http_->request("GET", "/api/v1/ws/stats", "", {{"Authorization", "Bearer " + token()}, {"X-Tenant-ID", "globex"}});
  EXPECT_EQ(mismatch.status, 403);
  EXPECT_EQ(mismatch.json()["error"]["code"], "permission_denied");
  EXPECT_EQ(http_->request("POST", "/api/v1/ws/stats", "", headers()).status, 405);
}

// --- seed 001's resume ------------------------------------------------------------------

TEST_F(live_updates_test, seed001_resumes_the_latest_execution_after_since) {
  const std::string wf = create(flow);
  const auto [id, last] = run_to_end(wf);
  ws_client ws(server_->port(), "/api/workflow/ws/" + wf + "?since=3&token=" + token());
  ASSERT_TRUE(ws.connected());
  EXPECT_EQ((*ws.receive())["event_type"], "subscribed");
  std::vector<std::uint64_t> seqs;
  for (std::uint64_t i = 4; i <= last; ++i) {
    auto m = ws.receive();
    ASSERT_TRUE(m) << "missed events after seq 3 did not come";
    EXPECT_EQ((*m)["data"]["execution_id"], id);
    seqs.push_back((*m)["data"]["seq"]);
  }
  EXPECT_EQ(seqs.front(), 4u);
  EXPECT_EQ(seqs.back(), last);
  EXPECT_FALSE(ws.receive(std::chrono::milliseconds(200))) << "nothing twice";

  ws_client bad(server_->port(), "/api/workflow/ws/" + wf + "?since=x&token=" + token());
  EXPECT_EQ(bad.refused_status(), 400);
}

}  // namespace
}  // namespace weft::http
