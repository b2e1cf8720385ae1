// Seed 000's WebSocket dialect against the real server and runtime: authentication at the
// upgrade or by message, subscriptions, the event stream of a run, resume with `since`,
// ACL refusals and other tenants.
#include <atomic>
#include <future>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "tests/actors/engine_node.hpp"
#include "tests/http/node_stack.hpp"
#include "tests/support/sse_client.hpp"
#include "tests/support/stub_server.hpp"
#include "tests/support/ws_client.hpp"

namespace weft::http {
namespace {

using nlohmann::json;
using weft::testing::ws_client;

const json flow = json::parse(R"({"name": "flow", "steps": [
  {"id": "input", "type": "input", "next": "enrich_data"},
  {"id": "enrich_data", "name": "Data Enrichment", "type": "transform", "config": {"set": {"n": "$.input.n + 1"}}, "next": "pause"},
  {"id": "pause", "type": "delay", "config": {"duration_ms": "$.input.pause_ms"}, "next": "out"},
  {"id": "out", "type": "output", "config": {"value": "$.enrich_data"}}]})");

class websocket_test : public node_stack {
 protected:
  std::unique_ptr<ws_client> connect(std::map<std::string, std::string> h = {}) {
    return std::make_unique<ws_client>(server_->port(), "/api/workflows/ws", h);
  }
};

TEST_F(websocket_test, a_subscriber_sees_a_whole_run_in_order) {
  const std::string wf = create(flow);
  const std::string id = execute(wf, {{"n", 1}, {"pause_ms", 200}});
  auto ws = connect(headers());
  ASSERT_TRUE(ws->connected());
  ASSERT_TRUE(ws->send({{"action", "subscribe"}, {"topics", {"execution:" + id}}, {"since", {{"execution:" + id, 0}}}}));
  const auto messages = ws->receive_until("workflow_execution_completed");
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages.front()["event"], "subscribed");
  std::set<std::uint64_t> seqs;
  std::vector<std::string> steps;
  for (const auto& m : messages) {
    if (!m.contains("seq")) continue;
    EXPECT_EQ(m["execution_id"], id);
    EXPECT_EQ(m["workflow_id"], wf);
    seqs.insert(m["seq"].get<std::uint64_t>());
    if (m["event"] == "workflow_step_completed") steps.push_back(m["step_id"]);
  }
  const json done = messages.back();
  ASSERT_EQ(done["event"], "workflow_execution_completed") << messages.size();
  EXPECT_EQ(done["status"], "completed");
  EXPECT_EQ(done["output"], json({{"n", 2}}));
  EXPECT_EQ(steps, (std::vector<std::string>{"input", "enrich_data", "pause", "out"}));
  // Every event of the log, once: seqs 1..N with no gap.
  std::vector<core::event> logged;
  ASSERT_OK(log_->read("acme", id, 0, 1000, logged));
  EXPECT_EQ(seqs.size(), logged.size());
  EXPECT_EQ(*seqs.rbegin(), logged.back().seq);
}

// A finished run replayed with since: 0 reaches the connection as one burst, which the server
// writes as one batch of frames: each still arrives whole and in order, whatever its length
// (a 7-bit, a 16-bit and a 64-bit frame length: a 70 kB output), and the connection stays in
// step afterwards.
TEST_F(websocket_test, a_burst_of_events_of_every_size_arrives_whole_and_in_order) {
  const std::string wf = create(json::parse(R"({"name": "sizes", "steps": [
    {"id": "input", "type": "input", "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.input"}}]})"));
  const std::string blob(70'000, 'x');
  const std::string id = execute(wf, {{"blob", blob}, {"note", std::string(300, 'n')}});
  ASSERT_EQ(http_->request("GET", "/api/executions/" + id + "?wait_ms=10000", "", headers()).json().value("status", ""),
            "completed");
  auto ws = connect(headers());
  ASSERT_TRUE(ws->connected());
  ASSERT_TRUE(ws->send({{"action", "subscribe"}, {"topics", {"execution:" + id}}, {"since", {{"execution:" + id, 0}}}}));
  const auto messages = ws->receive_until("workflow_execution_completed");
  ASSERT_FALSE(messages.empty());
  std::vector<std::uint64_t> seqs;
  for (const auto& m : messages) {
    if (m.contains("seq")) seqs.push_back(m["seq"].get<std::uint64_t>());
  }
  std::vector<core::event> logged;
  ASSERT_OK(log_->read("acme", id, 0, 1000, logged));
  ASSERT_EQ(seqs.size(), logged.size());
  for (std::size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], i + 1);
  EXPECT_EQ(messages.back()["output"]["blob"], blob);
  EXPECT_EQ(messages.back()["output"]["note"], std::string(300, 'n'));
  ASSERT_TRUE(ws->send({{"action", "ping"}}));
  const auto pong = ws->receive();
  ASSERT_TRUE(pong);
  EXPECT_EQ((*pong)["event"], "pong");
}

// Every kind of seed 000 event, live and in order, for a run that retries a call, takes a
// condition's branch, skips the other and fails.
TEST_F(websocket_test, a_run_with_a_retry_a_condition_and_a_failure_streams_every_event_kind_in_order) {
  std::atomic<int> calls{0};
  weft::testing::stub_server remote([&calls](const weft::testing::stub_request&) {
    return ++calls == 1 ? weft::testing::stub_response{503, "application/json", R"({"busy": true})"}
                        : weft::testing::stub_response{200, "application/json", R"({"score": 9})"};
  });
  const std::string wf = create(json::parse(R"({"name": "scored", "steps": [
    {"id": "input", "type": "input", "next": "fetch"},
    {"id": "fetch", "name": "Fetch score", "type": "http", "config": {"url": "http://127.0.0.1:)" +
                                            std::to_string(remote.port()) + R"(/score"},
     "retry": {"max_attempts": 3, "initial_interval_ms": 10}, "next": "decide"},
    {"id": "decide", "type": "condition",
     "config": {"conditions": [{"condition": "$.fetch.body.score > 5", "next": "reject"}], "default": "approve"}},
    {"id": "approve", "type": "output", "config": {"value": "$.fetch.body"}},
    {"id": "reject", "name": "Reject", "type": "fail", "config": {"message": "score too high", "code": "rejected"}}]})"));
  auto ws = connect(headers());
  ws->send({{"action", "subscribe"}, {"topics", {"workflow:" + wf}}});
  ASSERT_EQ((*ws->receive())["event"], "subscribed");
  const std::string id = execute(wf, json::object());
  const auto messages = ws->receive_until("workflow_execution_completed");
  ASSERT_FALSE(messages.empty());
  std::vector<std::string> completed;
  std::uint64_t last_seq = 0;
  double last_progress = 0;
  bool retried = false;
  json error;
  for (const auto& m : messages) {
    ASSERT_EQ(m["execution_id"], id) << m.dump();
    // In order; one event may make two messages (a failure: error, then completed).
    EXPECT_GE(m["seq"].get<std::uint64_t>(), last_seq);
    last_seq = m["seq"];
    if (m["event"] == "workflow_execution_update") {
      EXPECT_GE(m["progress"].get<double>(), last_progress);
      EXPECT_LE(m["progress"].get<double>(), 1.0);
      last_progress = m["progress"];
      const std::string said = m["details"].value("message", "");
      if (m["current_step"] == "fetch" && said.find("retrying") != std::string::npos) retried = true;
    }
    if (m["event"] == "workflow_step_completed") completed.push_back(m["step_id"]);
    if (m["event"] == "workflow_step_completed" && m["step_id"] == "decide") {
      EXPECT_EQ(m["next_step"], "reject");
    }
    if (m["event"] == "workflow_execution_error") error = m["error"];
  }
  EXPECT_TRUE(retried) << "the failed first attempt is announced with its retry";
  EXPECT_EQ(completed, (std::vector<std::string>{"input", "fetch", "decide"})) << "approve is skipped, reject fails";
  ASSERT_TRUE(error.is_object());
  EXPECT_EQ(error["step_id"], "reject");
  EXPECT_EQ(error["step_name"], "Reject");
  EXPECT_EQ(error["code"], "rejected");
  EXPECT_EQ(error["message"], "score too high");
  EXPECT_EQ(messages.back()["status"], "failed");
  EXPECT_EQ(messages[messages.size() - 2]["event"], "workflow_execution_error");
  EXPECT_EQ(calls.load(), 2);
}

// Seed 000: a call to another service that fails is `external_service_error`, whatever the
// http step's own code, which details.cause keeps.
TEST_F(websocket_test, a_failing_external_call_is_an_external_service_error) {
  weft::testing::stub_server remote([](const weft::testing::stub_request&) {
    return weft::testing::stub_response{502, "application/json", R"({"error": "bad gateway"})"};
  });
  const std::string wf = create(json::parse(R"({"name": "lookup", "steps": [
    {"id": "lookup", "name": "Customer Lookup", "type": "http", "config": {"url": "http://127.0.0.1:)" +
                                            std::to_string(remote.port()) + R"(/crm"}}]})"));
  auto ws = connect(headers());
  ws->send({{"action", "subscribe"}, {"topics", {"workflow:" + wf}}});
  ASSERT_EQ((*ws->receive())["event"], "subscribed");
  execute(wf, json::object());
  json error;
  for (const auto& m : ws->receive_until("workflow_execution_completed")) {
    if (m["event"] == "workflow_execution_error") error = m["error"];
  }
  ASSERT_TRUE(error.is_object());
  EXPECT_EQ(error["code"], "external_service_error");
  EXPECT_EQ(error["step_id"], "lookup");
  EXPECT_EQ(error["step_name"], "Customer Lookup");
  EXPECT_EQ(error["details"]["cause"], "http_5xx");
  EXPECT_EQ(error["details"]["status"], 502);
}

TEST_F(websocket_test, a_client_that_reconnects_resumes_after_its_last_seq) {
  const std::string wf = create(flow);
  const std::string id = execute(wf, {{"n", 1}, {"pause_ms", 300}});
  std::uint64_t last = 0;
  {
    auto ws = connect(headers());
    ws->send({{"action", "subscribe"}, {"topics", {"execution:" + id}}, {"since", {{"execution:" + id, 0}}}});
    for (const auto& m : ws->receive_until("workflow_step_completed")) {
      if (m.contains("seq")) last = m["seq"];
    }
    ASSERT_GT(last, 0u);
  }  // dropped mid-run
  auto again = connect(headers());
  again->send({{"action", "subscribe"}, {"topics", {"execution:" + id}}, {"since", {{"execution:" + id, last}}}});
  std::vector<std::uint64_t> seqs;
  for (const auto& m : again->receive_until("workflow_execution_completed")) {
    if (m.contains("seq") && (seqs.empty() || seqs.back() != m["seq"])) seqs.push_back(m["seq"]);
  }
  ASSERT_FALSE(seqs.empty());
  EXPECT_EQ(seqs.front(), last + 1) << "no gap and no duplicate after the resume";
  for (std::size_t i = 1; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], seqs[i - 1] + 1);
}

// A client hopping from execution to execution (as a dashboard following the latest run
// does) may leave a topic before its subscription is in place (the hub has not answered
// yet: it is busy). The next subscription is still confirmed and its events still come:
// they used to wait for the one left, for ever, piling up in the server's memory.
// Made certain here: the actor system's only thread is held while the client comes and
// goes, so the hub cannot answer before the subscription is left.
class websocket_one_thread_test : public websocket_test {
 protected:
  websocket_one_thread_test() { actor_threads_ = 1; }
};

TEST_F(websocket_one_thread_test, leaving_a_topic_before_it_is_in_place_holds_nothing_up) {
  const std::string wf = create(flow);
  const std::string earlier = execute(wf, {{"n", 0}, {"pause_ms", 0}});
  auto ws = connect(headers());
  ASSERT_TRUE(ws->connected());
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> holding;
  sys_->spawn([released, &holding](caf::event_based_actor*) {
    holding.set_value();
    released.wait();  // the scheduler's only thread: no actor runs meanwhile
  });
  holding.get_future().wait();
  ASSERT_TRUE(ws->send({{"action", "subscribe"}, {"topics", {"execution:" + earlier}}}));
  ASSERT_TRUE(ws->send({{"action", "unsubscribe"}, {"topics", {"execution:" + earlier}}}));
  const auto left = ws->receive_until("unsubscribed");
  release.set_value();
  ASSERT_FALSE(left.empty());
  ASSERT_EQ(left.back()["topics"], json::array({"execution:" + earlier})) << left.back().dump();

  const std::string id = execute(wf, {{"n", 1}, {"pause_ms", 0}});
  ASSERT_TRUE(ws->send({{"action", "subscribe"}, {"topics", {"execution:" + id}}, {"since", {{"execution:" + id, 0}}}}));
  const auto messages = ws->receive_until("workflow_execution_completed");
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages.back()["event"], "workflow_execution_completed") << messages.back().dump();
  int confirmations = 0;
  for (const auto& m : messages) confirmations += m["event"] == "subscribed";
  EXPECT_EQ(confirmations, 1) << "for the execution followed (the one left was never in place)";
}

// Leaving an execution mid-run and following it again from the start replays it whole: what
// the connection was sent before does not linger (it used to, for ever, and hid the replay).
TEST_F(websocket_test, following_an_execution_again_from_the_start_replays_it_whole) {
  const std::string wf = create(flow);
  const std::string id = execute(wf, {{"n", 1}, {"pause_ms", 400}});
  auto ws = connect(headers());
  ASSERT_TRUE(ws->send({{"action", "subscribe"}, {"topics", {"execution:" + id}}, {"since", {{"execution:" + id, 0}}}}));
  ASSERT_FALSE(ws->receive_until("workflow_step_completed").empty());
  ASSERT_TRUE(ws->send({{"action", "unsubscribe"}, {"topics", {"execution:" + id}}}));
  ASSERT_FALSE(ws->receive_until("unsubscribed").empty());
  ASSERT_TRUE(ws->send({{"action", "subscribe"}, {"topics", {"execution:" + id}}, {"since", {{"execution:" + id, 0}}}}));
  std::vector<std::uint64_t> seqs;
  for (const auto& m : ws->receive_until("workflow_execution_completed")) {
    if (m.contains("seq") && (seqs.empty() || seqs.back() != m["seq"])) seqs.push_back(m["seq"]);
  }
  ASSERT_FALSE(seqs.empty());
  EXPECT_EQ(seqs.front(), 1u) << "the whole run again";
  std::vector<core::event> logged;
  ASSERT_OK(log_->read("acme", id, 0, 1000, logged));
  EXPECT_EQ(seqs.back(), logged.back().seq);
}

// The same for a run that ended before it was left: its end went out, and the connection
// remembered it as ended (to send no duplicate through a second topic) and dropped the
// replay asked for afterwards. Under load the run above can end before it is left too.
TEST_F(websocket_test, following_an_ended_execution_again_from_the_start_replays_it_whole) {
  const std::string wf = create(flow);
  const std::string id = execute(wf, {{"n", 1}, {"pause_ms", 0}});
  ASSERT_EQ(http_->request("GET", "/api/executions/" + id + "?wait_ms=10000", "", headers()).json().value("status", ""),
            "completed");
  std::vector<core::event> logged;
  ASSERT_OK(log_->read("acme", id, 0, 1000, logged));
  ASSERT_FALSE(logged.empty());
  auto ws = connect(headers());
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE(ws->send({{"action", "subscribe"}, {"topics", {"execution:" + id}}, {"since", {{"execution:" + id, 0}}}}));
    std::vector<std::uint64_t> seqs;
    for (const auto& m : ws->receive_until("workflow_execution_completed")) {
      if (m.contains("seq") && (seqs.empty() || seqs.back() != m["seq"])) seqs.push_back(m["seq"]);
    }
    ASSERT_FALSE(seqs.empty()) << "round " << round;
    EXPECT_EQ(seqs.front(), 1u) << "round " << round;
    EXPECT_EQ(seqs.back(), logged.back().seq) << "round " << round;
    ASSERT_TRUE(ws->send({{"action", "unsubscribe"}, {"topics", {"execution:" + id}}}));
    ASSERT_FALSE(ws->receive_until("unsubscribed").empty());
  }
}

TEST_F(websocket_test, authentication_by_message_and_its_refusals) {
  auto ws = connect();
  ASSERT_TRUE(ws->connected());
  ws->send({{"action", "subscribe"}, {"topics", {"execution:x"}}});
  EXPECT_EQ((*ws->receive())["error"]["code"], "unauthorized");
  ws->send({{"action", "ping"}});
  EXPECT_EQ((*ws->receive())["event"], "pong");
  ws->send({{"action", "authenticate"}, {"token", token()}, {"tenant_id", "acme"}});
  auto ok = ws->receive();
  ASSERT_TRUE(ok);
  EXPECT_EQ((*ok)["event"], "authenticated");
  EXPECT_EQ((*ok)["tenant_id"], "acme");

  auto forged = connect();
  forged->send({{"action", "authenticate"}, {"token", token() + "x"}, {"tenant_id", "acme"}});
  EXPECT_EQ((*forged->receive())["error"]["code"], "unauthorized");
  EXPECT_FALSE(forged->receive(std::chrono::seconds(2)));
  EXPECT_TRUE(forged->closed());

  auto other = connect();
  other->send({{"action", "authenticate"}, {"token", token("globex")}, {"tenant_id", "acme"}});
  EXPECT_EQ((*other->receive())["error"]["code"], "unauthorized");
}

TEST_F(websocket_test, bad_upgrades_are_refused_over_http) {
  ws_client forged(server_->port(), "/api/workflows/ws", {{"Authorization", "Bearer abc.def.ghi"}, {"X-Tenant-ID", "acme"}});
  EXPECT_FALSE(forged.connected());
  EXPECT_EQ(forged.refused_status(), 401);
  ws_client wrong_tenant(server_->port(), "/api/workflows/ws", {{"Authorization", "Bearer " + token()}, {"X-Tenant-ID", "globex"}});
  EXPECT_EQ(wrong_tenant.refused_status(), 401);
  ws_client nowhere(server_->port(), "/api/nowhere/ws", headers());
  EXPECT_FALSE(nowhere.connected());
  EXPECT_EQ(nowhere.refused_status(), 404);
}

TEST_F(websocket_test, topics_for_all_need_an_admin_and_bad_messages_get_errors) {
  auto ws = connect(headers());
  ws->send({{"action", "subscribe"}, {"topics", {"all_executions"}}});
  EXPECT_EQ((*ws->receive())["error"]["code"], "permission_denied");
  ws->send({{"action", "subscribe"}, {"topics", {"everything"}}});
  EXPECT_EQ((*ws->receive())["error"]["code"], "invalid_input");
  ws->send_text("{not json");
  EXPECT_EQ((*ws->receive())["error"]["code"], "invalid_input");
  ws->send({{"action", "dance"}});
  EXPECT_EQ((*ws->receive())["error"]["code"], "invalid_input");
  ws->send({{"action", "subscribe"}, {"topics", json::array()}});
  EXPECT_EQ((*ws->receive())["error"]["code"], "invalid_input");

  auto admin = connect(headers("acme", {"admin"}));
  admin->send({{"action", "subscribe"}, {"topics", {"all_executions"}}});
  EXPECT_EQ((*admin->receive())["event"], "subscribed");
  const std::string id = execute(create(flow), {{"n", 5}, {"pause_ms", 1}});
  const auto messages = admin->receive_until("workflow_execution_completed");
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages.back()["execution_id"], id);
}

TEST_F(websocket_test, a_since_of_the_wrong_type_is_an_error_frame_not_ignored) {
  // Before: a `since` that was not a seq was dropped and the subscription replayed nothing.
  const std::string wf = create(flow);
  auto ws = connect(headers());
  for (const json& since : {json("yesterday"), json{{"workflow:" + wf, "3"}}, json{{"workflow:" + wf, -1}}, json{{"workflow:" + wf, 1.5}}}) {
    SCOPED_TRACE(since.dump());
    ws->send({{"action", "subscribe"}, {"topics", {"workflow:" + wf}}, {"since", since}});
    const auto reply = ws->receive();
    ASSERT_TRUE(reply);
    EXPECT_EQ((*reply)["error"]["code"], "invalid_input");
    EXPECT_NE((*reply)["error"]["message"].get<std::string>().find("since"), std::string::npos);
  }
  ws->send({{"action", "subscribe"}, {"topics", {"workflow:" + wf}}, {"since", {{"workflow:" + wf, 0}}}});
  EXPECT_EQ((*ws->receive())["event"], "subscribed");

  ws_client v1(server_->port(), "/api/v1/ws?token=" + token());  // seed 004 says so too
  ASSERT_TRUE(v1.connected());
  v1.send({{"type", "subscribe"}, {"room_id", "workflow:" + wf}, {"since", "yesterday"}});
  std::optional<json> refused;
  for (int i = 0; i < 5 && !(refused && (*refused)["type"] == "error"); ++i) refused = v1.receive();  // after its welcome
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["type"], "error") << refused->dump();
  EXPECT_EQ((*refused)["room_id"], "workflow:" + wf);
}

TEST_F(websocket_test, another_tenant_hears_nothing_of_an_execution) {
  const std::string id = execute(create(flow), {{"n", 1}, {"pause_ms", 100}});
  auto intruder = connect(headers("globex", {"admin"}));
  intruder->send({{"action", "subscribe"}, {"topics", {"execution:" + id}}, {"since", {{"execution:" + id, 0}}}});
  const json refused = *intruder->receive();
  EXPECT_EQ(refused["error"]["code"], "permission_denied") << refused.dump();
  intruder->send({{"action", "subscribe"}, {"topics", {"workflow:nope", "all_executions"}}});
  EXPECT_EQ((*intruder->receive())["error"]["code"], "permission_denied");
  intruder->send({{"action", "subscribe"}, {"topics", {"all_executions"}}});
  EXPECT_EQ((*intruder->receive())["event"], "subscribed");
  auto owner = connect(headers());
  owner->send({{"action", "subscribe"}, {"topics", {"execution:" + id}}, {"since", {{"execution:" + id, 0}}}});
  ASSERT_EQ(owner->receive_until("workflow_execution_completed").back()["event"], "workflow_execution_completed");
  EXPECT_FALSE(intruder->receive(std::chrono::milliseconds(100))) << "no data of another tenant";
}

}  // namespace
}  // namespace weft::http

namespace weft::http {
namespace {

// Seed 004's dialect: token in the query, rooms, execution_update / node_update.
TEST_F(websocket_test, seed004_connects_joins_rooms_and_streams_a_run) {
  const std::string id = execute(create(flow), {{"n", 1}, {"pause_ms", 100}});
  ws_client ws(server_->port(), "/api/v1/ws?token=" + token());
  ASSERT_TRUE(ws.connected());
  const json hello = *ws.receive();
  EXPECT_EQ(hello["type"], "connection");
  EXPECT_EQ(hello["event"], "connected");
  EXPECT_FALSE(hello["connection_id"].get<std::string>().empty());
  const json user_room = *ws.receive();
  EXPECT_EQ(user_room["type"], "subscription");
  EXPECT_EQ(user_room["room_id"], "user:ana");
  ws.send({{"type", "subscribe"}, {"room_id", "execution:" + id}, {"since", 0}});
  const json confirmed = *ws.receive();
  EXPECT_EQ(confirmed["type"], "subscription");
  EXPECT_EQ(confirmed["event"], "subscribed");
  EXPECT_EQ(confirmed["room_id"], "execution:" + id);
  std::vector<std::string> enrich;
  json last_update;
  for (int i = 0; i < 200; ++i) {
    auto m = ws.receive();
    ASSERT_TRUE(m) << "the run did not end";
    if ((*m)["type"] == "node_update" && (*m)["data"]["node_id"] == "enrich_data") enrich.push_back((*m)["data"]["status"]);
    if ((*m)["type"] == "execution_update") last_update = *m;
    if ((*m)["type"] == "execution_update" && (*m)["data"]["status"] == "completed") break;
  }
  EXPECT_EQ(enrich, (std::vector<std::string>{"running", "completed"}));
  EXPECT_EQ(last_update["event"], "status_changed");
  EXPECT_EQ(last_update["data"]["progress_percentage"], 100.0);
  EXPECT_EQ(last_update["data"]["execution_id"], id);
  ws.send({{"type", "ping"}});
  EXPECT_EQ((*ws.receive())["type"], "pong");
  ws.send({{"type", "unsubscribe"}, {"room_id", "execution:" + id}});
  EXPECT_EQ((*ws.receive())["event"], "unsubscribed");
}

TEST_F(websocket_test, seed004_denies_rooms_that_are_not_the_callers) {
  const std::string id = execute(create(flow), {{"n", 1}, {"pause_ms", 1}});
  ws_client ws(server_->port(), "/api/v1/ws?token=" + token("globex"));
  ASSERT_TRUE(ws.connected());
  (void)ws.receive();  // connection
  (void)ws.receive();  // user room
  for (const std::string& room : std::vector<std::string>{"execution:" + id, "workflow:nope", "user:someone-else", "all_executions", "junk"}) {
    ws.send({{"type", "subscribe"}, {"room_id", room}});
    const json m = *ws.receive();
    EXPECT_EQ(m["type"], "error") << room;
    EXPECT_EQ(m["message"], "Access denied to room") << room;
    EXPECT_EQ(m["room_id"], room);
  }
  ws.send_text("[]");
  EXPECT_EQ((*ws.receive())["type"], "error");
}

TEST_F(websocket_test, seed004_refuses_upgrades_without_a_valid_token) {
  ws_client none(server_->port(), "/api/v1/ws");
  EXPECT_EQ(none.refused_status(), 401);
  ws_client forged(server_->port(), "/api/v1/ws?token=" + token() + "x");
  EXPECT_EQ(forged.refused_status(), 401);
}

}  // namespace
}  // namespace weft::http

namespace weft::http {
namespace {

// Seed 001's dialect: every event of an instance's (workflow's) executions.
TEST_F(websocket_test, seed001_streams_every_event_of_an_instances_executions) {
  const std::string wf = create(flow);
  ws_client ws(server_->port(), "/api/workflow/ws/" + wf + "?token=" + token());
  ASSERT_TRUE(ws.connected());
  EXPECT_EQ((*ws.receive())["event_type"], "subscribed");  // listening: nothing started now is missed
  ws.send({{"type", "ping"}});
  EXPECT_EQ((*ws.receive())["event_type"], "pong");
  const std::string id = execute(wf, {{"n", 1}, {"pause_ms", 1}});
  std::vector<std::uint64_t> seqs;
  for (int i = 0; i < 200; ++i) {
    auto m = ws.receive();
    ASSERT_TRUE(m) << "the run did not end";
    EXPECT_EQ((*m)["data"]["execution_id"], id);
    EXPECT_FALSE((*m)["data"].contains("definition"));
    seqs.push_back((*m)["data"]["seq"]);
    if ((*m)["event_type"] == "execution_completed") break;
  }
  std::vector<core::event> logged;
  ASSERT_OK(log_->read("acme", id, 0, 1000, logged));
  ASSERT_EQ(seqs.size(), logged.size());
  for (std::size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], i + 1);
}

TEST_F(websocket_test, seed001_refuses_unknown_or_foreign_instances_and_missing_tokens) {
  const std::string wf = create(flow);
  ws_client foreign(server_->port(), "/api/workflow/ws/" + wf + "?token=" + token("globex"));
  EXPECT_EQ(foreign.refused_status(), 404);
  ws_client unknown(server_->port(), "/api/workflow/ws/wf_nope?token=" + token());
  EXPECT_EQ(unknown.refused_status(), 404);
  ws_client anonymous(server_->port(), "/api/workflow/ws/" + wf);
  EXPECT_EQ(anonymous.refused_status(), 401);
}

}  // namespace
}  // namespace weft::http

namespace weft::http {
namespace {

// A client that does not read while thousands of events come is told where it fell behind
// and is closed, instead of holding the server's memory.
TEST_F(websocket_test, a_client_that_falls_behind_is_told_its_last_seq_and_closed) {
  ws_client slow(server_->port(), "/api/workflows/ws", headers("acme", {"admin"}), 4096);
  ASSERT_TRUE(slow.connected());
  slow.send({{"action", "subscribe"}, {"topics", {"all_executions"}}});
  const std::string wf = create(actors::workload("chain10"));
  std::vector<std::string> ids;
  for (int i = 0; i < 600; ++i) ids.push_back(execute(wf, {{"n", i}}));  // ~25,000 events (~9 MB), not read
  for (const auto& id : ids) EXPECT_EQ(http_->request("GET", "/api/executions/" + id + "?wait_ms=10000", "", headers()).status, 200);
  json lagged;
  for (int i = 0; i < 100000 && lagged.is_null(); ++i) {
    auto m = slow.receive(std::chrono::seconds(5));
    if (!m) break;
    if ((*m).value("event", "") == "lagged") lagged = *m;
  }
  ASSERT_FALSE(lagged.is_null()) << "no lagged notice";
  EXPECT_TRUE(lagged["last_seq"].is_number());
  EXPECT_FALSE(lagged["execution_id"].get<std::string>().empty());
  EXPECT_FALSE(slow.receive(std::chrono::seconds(5))) << "closed after the notice";
  EXPECT_TRUE(slow.closed());
}

// The same for a few large events: the queue is bounded in bytes too, not only in messages.
TEST_F(websocket_test, a_client_that_falls_behind_on_large_events_is_closed_before_they_pile_up) {
  ws_client slow(server_->port(), "/api/workflows/ws", headers("acme", {"admin"}), 4096);
  ASSERT_TRUE(slow.connected());
  slow.send({{"action", "subscribe"}, {"topics", {"all_executions"}}});
  const std::string wf = create(json::parse(R"({"name": "big", "steps": [
    {"id": "input", "type": "input", "next": "copy"},
    {"id": "copy", "type": "transform", "config": {"set": {"blob": "$.input.blob"}}, "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.copy.blob"}}]})"));
  const std::string blob(200'000, 'x');
  std::vector<std::string> ids;
  for (int i = 0; i < 30; ++i) ids.push_back(execute(wf, {{"blob", blob}}));  // ~300 messages, ~18 MB, not read
  for (const auto& id : ids) EXPECT_EQ(http_->request("GET", "/api/executions/" + id + "?wait_ms=10000", "", headers()).status, 200);
  json lagged;
  for (int i = 0; i < 1000 && lagged.is_null(); ++i) {
    auto m = slow.receive(std::chrono::seconds(5));
    if (!m) break;
    if ((*m).value("event", "") == "lagged") lagged = *m;
  }
  ASSERT_FALSE(lagged.is_null()) << "no lagged notice: every large event was queued";
  EXPECT_FALSE(slow.receive(std::chrono::seconds(5))) << "closed after the notice";
}

}  // namespace
}  // namespace weft::http

namespace weft::http {
namespace {

// Push connections (WebSocket and SSE) with their liveness periods shortened from a minute to
// a second.
class push_liveness_test : public websocket_test {
 protected:
  push_liveness_test() {
    server_options_.push_ping_every = std::chrono::milliseconds(200);
    server_options_.push_dead_after = std::chrono::milliseconds(1000);
  }
};

// A client that reads slowly, behind a backlog that takes it longer to read than the server
// waits for a sign of life, is alive all along (it takes bytes): it gets every message of
// the run (far below the lagged bound) and is never cut off. It used to be: the server's ping waited
// behind the backlog, its pong came too late, the server closed the connection as dead (the
// soak's 44 "connection reset by peer" of seed 004 clients, which send nothing of their own).
TEST_F(push_liveness_test, a_slow_reader_behind_a_long_backlog_is_not_taken_for_dead) {
  json steps = json::array({{{"id", "input"}, {"type", "input"}, {"next", "copy0"}}});
  for (int i = 0; i < 20; ++i) {
    steps.push_back({{"id", "copy" + std::to_string(i)},
                     {"type", "transform"},
                     {"config", {{"set", {{"blob", "$.input.blob"}}}}},
                     {"next", i + 1 < 20 ? "copy" + std::to_string(i + 1) : "out"}});
  }
  steps.push_back({{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.copy19.blob"}}}});
  const std::string wf = create({{"name", "copies"}, {"steps", steps}});
  const std::string id = execute(wf, {{"blob", std::string(2000, 'b')}});
  ASSERT_EQ(http_->request("GET", "/api/executions/" + id + "?wait_ms=10000", "", headers()).json().value("status", ""),
            "completed");
  ws_client slow(server_->port(), "/api/workflows/ws", headers(), 4096);  // a small buffer: its backlog stays server-side
  ASSERT_TRUE(slow.connected());
  ASSERT_TRUE(slow.send({{"action", "subscribe"}, {"topics", {"execution:" + id}}, {"since", {{"execution:" + id, 0}}}}));
  std::vector<std::uint64_t> seqs;
  std::string last;
  const auto started = std::chrono::steady_clock::now();
  while (last != "workflow_execution_completed" && last != "lagged") {
    auto m = slow.receive(std::chrono::seconds(5));
    ASSERT_TRUE(m) << "after " << seqs.size() << " messages: " << slow.end_reason();
    last = m->value("event", "");
    if (m->contains("seq") && (seqs.empty() || seqs.back() != (*m)["seq"])) seqs.push_back((*m)["seq"]);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the slow reader under test
  }
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_GT(took, server_options_.push_dead_after * 2) << "the backlog must outlast the server's patience";
  ASSERT_NE(last, "lagged") << "70 messages are far below the lagged bound (1,024)";
  ASSERT_FALSE(seqs.empty());
  EXPECT_EQ(seqs.front(), 1u);
  for (std::size_t i = 1; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], seqs[i - 1] + 1);
  // Still connected: the server did not give up on it half-way (the kernel would still have
  // delivered what it held, so the messages alone do not show it).
  ASSERT_TRUE(slow.send({{"action", "ping"}}));
  auto pong = slow.receive();
  ASSERT_TRUE(pong) << slow.end_reason();
  EXPECT_EQ((*pong)["event"], "pong");
}

// A client that stops reading altogether is closed once its connection takes nothing for the
// dead period (its queue is below the lagged bound: nothing else would free it).
TEST_F(push_liveness_test, a_client_that_takes_nothing_is_closed) {
  const std::string wf = create(flow);
  ws_client stuck(server_->port(), "/api/v1/ws?token=" + token(), {}, 4096);  // seed 004: it sends nothing unasked
  ASSERT_TRUE(stuck.connected());
  ASSERT_TRUE(stuck.send({{"type", "subscribe"}, {"room_id", "workflow:" + wf}}));
  ASSERT_FALSE(stuck.receive_until("subscribed").empty());
  auto connections = [&] { return registry_->stats_of("acme", "ana").total_connections; };
  ASSERT_EQ(connections(), 1u);
  std::vector<std::string> ids;  // about 1 MB of messages, far below the lagged bound, never read
  for (int i = 0; i < 20; ++i) ids.push_back(execute(wf, {{"n", i}, {"pause_ms", 0}, {"pad", std::string(50'000, 'p')}}));
  const auto deadline = std::chrono::steady_clock::now() + server_options_.push_dead_after * 10;
  while (connections() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(connections(), 0u) << "still held after ten dead periods";
}

// A client that is silent but reads (it answers pings) stays connected across many periods.
TEST_F(push_liveness_test, a_silent_client_that_answers_pings_stays) {
  auto ws = connect(headers());
  ASSERT_TRUE(ws->connected());
  EXPECT_FALSE(ws->receive(server_options_.push_dead_after * 3)) << "nothing to say";
  EXPECT_FALSE(ws->closed()) << "the read gave up at its deadline, the server did not end it: " << ws->end_reason();
}

// An SSE stream of a run that says nothing for several dead periods stays open: its
// keep-alive comments are taken, which is progress.
TEST_F(push_liveness_test, a_quiet_event_stream_stays_open) {
  const std::string wf = create(flow);
  const std::string id = execute(wf, {{"n", 1}, {"pause_ms", 3000}});
  weft::testing::sse_client sse(server_->port(), "/api/executions/" + id + "/stream", headers());
  ASSERT_EQ(sse.status(), 200);
  std::string last;
  while (last != "execution_completed") {
    auto e = sse.next(std::chrono::seconds(10));
    ASSERT_TRUE(e) << "the stream ended after " << last;
    last = e->event;
  }
}

// A frame's answer to `ws`'s next ping: true once a pong comes (error frames before it are
// fine), false if the connection closed instead.
bool still_answers(ws_client& ws, const json& ping) {
  if (!ws.send(ping)) return false;
  for (int i = 0; i < 10; ++i) {
    auto m = ws.receive(std::chrono::seconds(2));
    if (!m) return false;
    for (const char* key : {"event", "type", "event_type"}) {
      if (m->value(key, json()) == "pong") return true;
    }
  }
  return false;
}

// Issue 16 (2): a wrong-typed field or text cut inside a UTF-8 character used to abort the
// whole process (nlohmann's type_error / invalid UTF-8 on the error reply, uncaught).
TEST_F(websocket_test, no_message_of_any_dialect_ends_the_server) {
  std::string euros;
  for (int i = 0; i < 100; ++i) euros += "\xe2\x82\xac";  // €, three bytes: echoes cut at 64 or 80 bytes split one
  struct dialect {
    std::string target;
    json ping;
    std::vector<std::string> messages;
  };
  const std::vector<dialect> dialects = {
      {"/api/workflows/ws",  // seed 000, before authentication
       {{"action", "ping"}},
       {R"({"action": 123})", R"({"action": null})", R"({"action": []})", R"({"action": {"a": 1}})",
        R"({"action": "authenticate", "token": 42})", R"({"action": "authenticate", "token": "x", "tenant_id": []})",
        json{{"action", euros}}.dump(), R"({"action": "subscribe", "topics": ["x"]})"}},
      {"/api/v1/ws?token=" + token(),  // seed 004
       {{"type", "ping"}},
       {R"({"type": 123})", R"({"type": null})", R"({"type": []})", R"({"type": "subscribe", "room_id": 5})",
        json{{"type", euros}}.dump(), json{{"type", "subscribe"}, {"room_id", "execution:" + euros}}.dump(),
        R"({"type": "subscribe", "room_id": "execution:x", "since": "yesterday"})"}},
      {"/api/workflow/ws/" + create(flow) + "?token=" + token(),  // seed 001
       {{"type", "ping"}},
       {R"({"type": []})", R"({"type": 123})", R"({"type": null})", json{{"type", euros}}.dump(), "[1, 2]", "\"ping\""}},
  };
  for (const auto& d : dialects) {
    for (const auto& text : d.messages) {
      SCOPED_TRACE(d.target.substr(0, 24) + " " + text.substr(0, 80));
      ws_client ws(server_->port(), d.target);
      ASSERT_TRUE(ws.connected());
      ASSERT_TRUE(ws.send_text(text));
      EXPECT_TRUE(still_answers(ws, d.ping)) << "the connection closed or fell silent";
    }
  }
  // Authenticated seed 000: topics echoed in errors, wrong-typed lists.
  auto ws = connect(headers());
  for (const json& m : {json{{"action", "subscribe"}, {"topics", {euros}}}, json{{"action", "subscribe"}, {"topics", 5}},
                        json{{"action", "unsubscribe"}, {"topics", "all"}}, json{{"action", "authenticate"}, {"token", token()}, {"tenant_id", 7}}}) {
    SCOPED_TRACE(m.dump().substr(0, 80));
    ASSERT_TRUE(ws->send(m));
    EXPECT_TRUE(still_answers(*ws, {{"action", "ping"}}));
  }
  EXPECT_EQ(http_->request("GET", "/health").status, 200);
}

}  // namespace
}  // namespace weft::http
