// Two sharded coordinators as separate processes on loopback (SPEC §9, docs/cluster.md): each
// owns the executions whose ids hash to its shards; any node's front answers for any
// execution (requests go to the owner); the catalogue written through either is read on both;
// a WebSocket subscriber on the node that does not own an execution follows it live, and
// resumes across a kill -9 and restart of that node with `since`, with no gap and no
// duplicate; with two workers serving both, a worker and a coordinator killed mid-run lose
// nothing.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/cluster_map.hpp"
#include "tests/app/served.hpp"
#include "tests/app/worker_process.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/slowdown.hpp"
#include "tests/support/stub_server.hpp"
#include "tests/support/ws_client.hpp"

namespace weft {
namespace {

using nlohmann::json;
using testing::http_client;

// A loopback port free now (the cluster file must name the nodes' ports before they start).
std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  return ok ? ntohs(addr.sin_port) : 0;
}

using testing::eventually;

class sharded_cluster : public ::testing::Test {
 protected:
  virtual std::vector<std::string> coordinator_args() { return {}; }

  void SetUp() override {
    for (auto* p : {&http_a_, &cluster_a_, &http_b_, &cluster_b_}) *p = free_port();
    const json file = {{"shards", 16},
                       {"coordinators",
                        {{{"name", "a"}, {"cluster", address(cluster_a_)}, {"http", address(http_a_)}, {"shards", {0, 7}}},
                         {{"name", "b"}, {"cluster", address(cluster_b_)}, {"http", address(http_b_)}, {"shards", {8, 15}}}}}};
    file_ = dir_.path() + "/cluster.json";
    std::ofstream(file_) << file.dump(2);
    a_ = start("a", http_a_);
    b_ = start("b", http_b_);
    ASSERT_EQ(a_->port(), http_a_) << a_->output();
    ASSERT_EQ(b_->port(), http_b_) << b_->output();
    auth_ = {{"Authorization", "Bearer " + testing::run_token("--tenant acme --user ana")}, {"X-Tenant-ID", "acme"}};
    ASSERT_TRUE(eventually([&] { return joined(http_b_, "a") && joined(http_a_, "b"); })) << "the coordinators joined each other";
  }

  static std::string address(std::uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

  std::unique_ptr<testing::served> start(const std::string& name, std::uint16_t port) {
    std::vector<std::string> args = {"--cluster", file_, "--node", name, "--listen", address(port), "--sync", "none"};
    for (auto& a : coordinator_args()) args.push_back(std::move(a));
    return std::make_unique<testing::served>(dir_.path() + "/" + name, args);
  }

  // Whether the node on `port` sees coordinator `peer` up.
  bool joined(std::uint16_t port, const std::string& peer) {
    const std::string token = testing::run_token("--tenant ops --user olga --role operator");
    const auto answer = http_client(port).request("GET", "/api/cluster", "", {{"Authorization", "Bearer " + token}});
    if (answer.status != 200) return false;  // not up yet
    const json view = answer.json();
    for (const auto& n : view.value("nodes", json::array())) {
      if (n.value("name", "") == peer && n.value("health", "") == "up") return true;
    }
    return false;
  }

  storage::testing::temp_dir dir_;  // first: removed after the nodes stop
  std::uint16_t http_a_ = 0, cluster_a_ = 0, http_b_ = 0, cluster_b_ = 0;
  std::string file_;
  std::unique_ptr<testing::served> a_, b_;
  std::map<std::string, std::string> auth_;
};

TEST_F(sharded_cluster, any_node_answers_for_an_execution_and_a_subscriber_on_the_other_node_resumes_across_its_restart) {
  http_client a(http_a_), b(http_b_);
  // The catalogue's home is a (listed first): workflows are created there.
  const json definition = {{"name", "asks"},
                           {"steps",
                            {{{"id", "input"}, {"type", "input"}, {"next", "ask"}},
                             {{"id", "ask"}, {"type", "wait_for_signal"}, {"config", {{"name", "go"}}}, {"next", "out"}},
                             {{"id", "out"}, {"type", "output"}, {"config", {{"value", "{ 'n': $.input.n, 'said': $.ask.payload }"}}}}}}};
  auto created = a.request("POST", "/api/workflows", definition.dump(), auth_);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string workflow = created.json()["id"];
  std::vector<std::string> ids;
  for (int n = 0; n < 2; ++n) {
    auto started = a.request("POST", "/api/workflows/" + workflow + "/execute", json{{"input", {{"n", n}}}}.dump(), auth_);
    ASSERT_EQ(started.status, 202) << started.body;
    ids.push_back(started.json()["execution_id"]);
  }
  // b answers for a's executions: what a answers.
  std::map<std::string, std::uint64_t> waiting_at;  // the last seq of each, waiting for its signal
  for (const auto& id : ids) {
    ASSERT_TRUE(eventually([&] {
      const json e = b.request("GET", "/api/executions/" + id, "", auth_).json();
      waiting_at[id] = e.value("last_seq", 0);
      return e["steps"]["ask"].value("status", "") == "waiting";
    })) << b.request("GET", "/api/executions/" + id, "", auth_).body;
  }
  auto via_b = b.request("GET", "/api/executions/" + ids[0] + "/events?limit=100", "", auth_);
  EXPECT_EQ(via_b.status, 200);
  EXPECT_EQ(via_b.body, a.request("GET", "/api/executions/" + ids[0] + "/events?limit=100", "", auth_).body);
  EXPECT_EQ(b.request("GET", "/api/executions/" + ids[0], "", {{"Authorization", "Bearer forged"}, {"X-Tenant-ID", "acme"}}).status, 401);
  // An event stream is not relayed but redirected: the client holds it with the owner.
  auto stream = b.request("GET", "/api/executions/" + ids[0] + "/stream?since=3", "", auth_);
  EXPECT_EQ(stream.status, 307) << stream.body;
  EXPECT_EQ(stream.headers["location"], "http://" + address(http_a_) + "/api/executions/" + ids[0] + "/stream?since=3");
  auto other = auth_;
  other["Authorization"] = "Bearer " + testing::run_token("--tenant globex --user gus");
  other["X-Tenant-ID"] = "globex";
  EXPECT_EQ(b.request("GET", "/api/executions/" + ids[0], "", other).status, 404) << "another tenant's execution, through b";
  // Subscribing on b to an execution a owns is checked by a: refused for another tenant, and
  // for an id a does not hold, as on one node.
  {
    testing::ws_client ws(http_b_, "/api/workflows/ws", other);
    ASSERT_TRUE(ws.connected());
    ws.send({{"action", "subscribe"}, {"topics", {"execution:" + ids[0]}}});
    auto refused = ws.receive(std::chrono::seconds(10));
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->value(json::json_pointer("/error/code"), ""), "permission_denied") << refused->dump();
  }
  {
    core::cluster_map map;
    std::string why, unknown;
    ASSERT_TRUE(core::cluster_map::parse(json::parse(std::ifstream(file_)), "b", map, why)) << why;
    for (int n = 0; unknown.empty() || map.owns(unknown); ++n) unknown = "ex_nosuch" + std::to_string(n);  // one of a's
    testing::ws_client ws(http_b_, "/api/workflows/ws", auth_);
    ASSERT_TRUE(ws.connected());
    ws.send({{"action", "subscribe"}, {"topics", {"execution:" + unknown}}});
    auto refused = ws.receive(std::chrono::seconds(10));
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->value(json::json_pointer("/error/code"), ""), "permission_denied") << unknown << ": " << refused->dump();
  }

  // A subscriber on b follows a's execution live: its past from a's log, then a signal sent
  // through b (forwarded to a) and the events it causes, relayed from a's hub.
  std::vector<std::uint64_t> seqs;
  {
    testing::ws_client ws(http_b_, "/api/workflows/ws", auth_);
    ASSERT_TRUE(ws.connected());
    ws.send({{"action", "subscribe"}, {"topics", {"execution:" + ids[0], "execution:" + ids[1]}},
             {"since", {{"execution:" + ids[0], 0}, {"execution:" + ids[1], 0}}}});
    std::map<std::string, std::uint64_t> last;
    while (last[ids[0]] < waiting_at[ids[0]] || last[ids[1]] < waiting_at[ids[1]]) {
      auto m = ws.receive(std::chrono::seconds(10));
      ASSERT_TRUE(m) << "events of both executions, replayed from a's log; closed: " << ws.closed() << " " << ws.end_reason();
      if (!m->contains("seq")) continue;
      const std::string id = (*m)["execution_id"];
      EXPECT_EQ((*m)["seq"], last[id] + 1) << m->dump();
      last[id] = (*m)["seq"];
    }
    ASSERT_EQ(b.request("POST", "/api/executions/" + ids[0] + "/signals/go", R"({"yes": true})", auth_).status, 200);
    for (;;) {
      auto m = ws.receive(std::chrono::seconds(10));
      ASSERT_TRUE(m) << "the signalled execution's events, live from a";
      if (!m->contains("seq")) continue;
      const std::string id = (*m)["execution_id"];
      EXPECT_EQ(id, ids[0]);
      EXPECT_EQ((*m)["seq"], last[id] + 1) << m->dump();
      last[id] = (*m)["seq"];
      if (m->value("event", "") == "workflow_execution_completed") break;
    }
    seqs.push_back(last[ids[1]]);
  }

  // b dies; meanwhile the other execution goes on at a. Restarted, b replays what was missed.
  b_->stop(SIGKILL);
  ASSERT_EQ(a.request("POST", "/api/executions/" + ids[1] + "/signals/go", R"({"yes": 1})", auth_).status, 200);
  ASSERT_EQ(a.request("GET", "/api/executions/" + ids[1] + "?wait_ms=10000", "", auth_).json()["status"], "completed");
  b_ = start("b", http_b_);
  ASSERT_EQ(b_->port(), http_b_) << b_->output();
  ASSERT_TRUE(eventually([&] { return joined(http_b_, "a"); }));
  testing::ws_client ws(http_b_, "/api/workflows/ws", auth_);
  ASSERT_TRUE(ws.connected());
  ws.send({{"action", "subscribe"}, {"topics", {"execution:" + ids[1]}}, {"since", {{"execution:" + ids[1], seqs[0]}}}});
  std::uint64_t next = seqs[0] + 1;
  for (;;) {
    auto m = ws.receive(std::chrono::seconds(10));
    ASSERT_TRUE(m) << "the events after since, from a's log";
    if (!m->contains("seq")) continue;
    EXPECT_EQ((*m)["execution_id"], ids[1]);
    EXPECT_EQ((*m)["seq"], next) << "no gap, no duplicate: " << m->dump();
    next = (*m)["seq"].get<std::uint64_t>() + 1;
    if (m->value("event", "") == "workflow_execution_completed") break;
  }
  EXPECT_EQ(b.request("GET", "/api/executions/" + ids[1], "", auth_).json()["output"], (json{{"n", 1}, {"said", {{"yes", 1}}}}));
}

TEST_F(sharded_cluster, a_subscriber_whose_execution_owner_dies_is_told_to_subscribe_again_and_resumes_once_it_is_back) {
  http_client a(http_a_), b(http_b_);
  const json definition = {{"name", "asks"},
                           {"steps",
                            {{{"id", "input"}, {"type", "input"}, {"next", "ask"}},
                             {{"id", "ask"}, {"type", "wait_for_signal"}, {"config", {{"name", "go"}}}, {"next", "out"}},
                             {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.ask.payload"}}}}}}};
  auto created = a.request("POST", "/api/workflows", definition.dump(), auth_);
  ASSERT_EQ(created.status, 201) << created.body;
  auto started = a.request("POST", "/api/workflows/" + created.json()["id"].get<std::string>() + "/execute", "{}", auth_);
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id = started.json()["execution_id"];
  const std::string topic = "execution:" + id;

  testing::ws_client ws(http_b_, "/api/workflows/ws", auth_);
  ASSERT_TRUE(ws.connected());
  ws.send({{"action", "subscribe"}, {"topics", {topic}}, {"since", {{topic, 0}}}});
  std::uint64_t last = 0;
  while (last < 7) {  // up to the wait for the signal
    auto m = ws.receive(std::chrono::seconds(10));
    ASSERT_TRUE(m);
    if (m->contains("seq")) last = (*m)["seq"];
  }
  a_->stop(SIGKILL);
  ASSERT_TRUE(eventually([&] { return !ws.receive(std::chrono::milliseconds(100)) && ws.closed(); }))
      << "b closes the subscription whose owner went away (1013: subscribe again)";
  EXPECT_EQ(b.request("GET", "/api/executions/" + id, "", auth_).status, 503) << "its owner is down: unavailable, not unknown";

  a_ = start("a", http_a_);
  ASSERT_EQ(a_->port(), http_a_) << a_->output();
  ASSERT_TRUE(eventually([&] { return joined(http_b_, "a"); }));
  testing::ws_client again(http_b_, "/api/workflows/ws", auth_);
  ASSERT_TRUE(again.connected());
  again.send({{"action", "subscribe"}, {"topics", {topic}}, {"since", {{topic, last}}}});
  ASSERT_EQ(b.request("POST", "/api/executions/" + id + "/signals/go", R"({"k": 2})", auth_).status, 200);
  for (;;) {
    auto m = again.receive(std::chrono::seconds(10));
    ASSERT_TRUE(m) << "the events after the signal, from the restarted owner";
    if (!m->contains("seq")) continue;
    EXPECT_EQ((*m)["seq"], last + 1) << m->dump();
    last = (*m)["seq"];
    if (m->value("event", "") == "workflow_execution_completed") break;
  }
  EXPECT_EQ(b.request("GET", "/api/executions/" + id, "", auth_).json()["output"], (json{{"k", 2}}));
}

TEST_F(sharded_cluster, the_catalogue_written_through_any_node_is_read_on_every_node_and_both_own_executions) {
  http_client a(http_a_), b(http_b_);
  auto admin = auth_;
  admin["Authorization"] = "Bearer " + testing::run_token("--tenant acme --user ana --role admin");
  // Written through b (not the home): the home writes it, and b answers once its copy has it.
  const json definition = {{"name", "echo"},
                           {"steps",
                            {{{"id", "input"}, {"type", "input"}, {"next", "out"}},
                             {{"id", "out"}, {"type", "output"}, {"config", {{"value", "{ 'n': $.input.n, 'key': $.vars.k }"}}}}}}};
  auto created = b.request("POST", "/api/workflows", definition.dump(), auth_);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string workflow = created.json()["id"];
  EXPECT_EQ(b.request("GET", "/api/workflows/" + workflow, "", auth_).status, 200) << "read back on b at once";
  EXPECT_EQ(a.request("GET", "/api/workflows/" + workflow, "", auth_).status, 200);
  ASSERT_EQ(b.request("PUT", "/api/secrets/k", R"({"value": "s3"})", admin).status, 200);
  EXPECT_EQ(a.request("GET", "/api/secrets", "", admin).json()["secrets"].size(), 1u);

  // Each node starts executions in its own shards; either answers for any of them.
  std::map<std::string, int> input_of;
  for (int n = 0; n < 20; ++n) {
    http_client& via = n % 2 ? a : b;
    auto started = via.request("POST", "/api/workflows/" + workflow + "/execute?wait_ms=10000", json{{"input", {{"n", n}}}}.dump(), auth_);
    ASSERT_EQ(started.status, 200) << started.body;
    input_of[started.json()["execution_id"]] = n;
  }
  // One Idempotency-Key through both nodes starts one execution: the key's owner dedupes it.
  std::set<std::string> keyed;
  for (int round = 0; round < 3; ++round) {
    for (http_client* via : {&a, &b}) {
      auto again = via->request("POST", "/api/workflows/" + workflow + "/execute?wait_ms=10000", R"({"input": {"n": 7}})",
                                {{"Authorization", auth_.at("Authorization")}, {"X-Tenant-ID", "acme"}, {"Idempotency-Key", "order-7"}});
      ASSERT_TRUE(again.status == 200 || again.status == 202) << again.body;
      keyed.insert(again.json()["execution_id"].get<std::string>());
    }
  }
  EXPECT_EQ(keyed.size(), 1u) << "the same key started one execution, whichever node took it";
  input_of[*keyed.begin()] = 7;
  // Listing through either node shows both nodes' executions, newest first, page by page.
  for (http_client* via : {&a, &b}) {
    std::vector<std::string> listed;
    std::vector<std::pair<std::string, std::string>> order;  // (created_at, id) as listed
    std::string cursor;
    do {
      auto page = via->request("GET", "/api/executions?limit=7" + (cursor.empty() ? "" : "&cursor=" + cursor), "", auth_);
      ASSERT_EQ(page.status, 200) << page.body;
      const json body = page.json();
      for (const auto& e : body["executions"]) {
        listed.push_back(e["execution_id"]);
        order.emplace_back(e["created_at"], e["execution_id"]);
      }
      cursor = body["next_cursor"].is_string() ? body["next_cursor"].get<std::string>() : "";
    } while (!cursor.empty());
    std::vector<std::string> expected;
    for (const auto& [id, n] : input_of) expected.push_back(id);
    std::vector<std::string> sorted_listed = listed;
    std::sort(sorted_listed.begin(), sorted_listed.end());
    EXPECT_EQ(sorted_listed, expected) << "each of the 20 once, whichever node owns it";
    // Newest first, executions of one millisecond by id: the order every coordinator lists in.
    for (std::size_t i = 1; i < order.size(); ++i) {
      EXPECT_TRUE(order[i - 1].first > order[i].first || (order[i - 1].first == order[i].first && order[i - 1].second < order[i].second))
          << order[i - 1].first << " " << order[i - 1].second << " before " << order[i].first << " " << order[i].second;
    }
  }
  for (const auto& [id, n] : input_of) {
    for (http_client* via : {&a, &b}) {
      auto got = via->request("GET", "/api/executions/" + id, "", auth_);
      ASSERT_EQ(got.status, 200) << got.body;
      EXPECT_EQ(got.json()["status"], "completed") << got.body;
      EXPECT_EQ(got.json()["output"]["n"], n);
    }
  }

  // b away: the home goes on writing; b back catches up by itself.
  b_->stop(SIGKILL);
  auto later = a.request("POST", "/api/workflows", json{{"name", "later"}, {"steps", definition["steps"]}}.dump(), auth_);
  ASSERT_EQ(later.status, 201) << later.body;
  const std::string later_id = later.json()["id"];
  ASSERT_EQ(a.request("DELETE", "/api/secrets/k", "", admin).status, 204);
  b_ = start("b", http_b_);
  ASSERT_EQ(b_->port(), http_b_) << b_->output();
  ASSERT_TRUE(eventually([&] { return b.request("GET", "/api/workflows/" + later_id, "", auth_).status == 200; }))
      << "b caught up with what the home wrote while it was away";
  EXPECT_TRUE(eventually([&] { return b.request("GET", "/api/secrets", "", admin).json()["secrets"].empty(); })) << "the removal too";
  auto on_b = b.request("POST", "/api/workflows/" + later_id + "/execute?wait_ms=10000", R"({"input": {"n": 99}})", auth_);
  ASSERT_EQ(on_b.status, 200) << on_b.body;
  EXPECT_EQ(on_b.json()["status"], "completed");
  // A follower stops cleanly on SIGTERM, even right after a write through it that it waited
  // to read back (its catalogue follower and connectors let the actor system go: it hung on a
  // handle the API kept, and then on a detached follower's pending clock entries).
  ASSERT_EQ(b.request("PUT", "/api/secrets/k2", R"({"value": "s4"})", admin).status, 200);
  const int status = b_->stop(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

// A subscription spanning executions (a workflow's, a tenant's) made on b while a is away
// hears a's executions once a joins: the coordinators a topic listens to are not only those
// connected when it was made.
TEST_F(sharded_cluster, a_subscription_spanning_executions_hears_a_coordinator_that_joins_after_it_was_made) {
  http_client a(http_a_), b(http_b_);
  const json definition = {{"name", "quick"},
                           {"steps",
                            {{{"id", "input"}, {"type", "input"}, {"next", "out"}},
                             {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.input.n"}}}}}}};
  auto created = a.request("POST", "/api/workflows", definition.dump(), auth_);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string workflow = created.json()["id"];
  ASSERT_TRUE(eventually([&] { return b.request("GET", "/api/workflows/" + workflow, "", auth_).status == 200; }));

  a_->stop(SIGKILL);
  ASSERT_TRUE(eventually([&] { return !joined(http_b_, "a"); }));
  testing::ws_client ws(http_b_, "/api/workflows/ws", auth_);
  ASSERT_TRUE(ws.connected());
  ws.send({{"action", "subscribe"}, {"topics", {"workflow:" + workflow}}});
  for (;;) {
    auto m = ws.receive(std::chrono::seconds(10));
    ASSERT_TRUE(m) << "subscribed; closed: " << ws.closed() << " " << ws.end_reason();
    if (m->value("event", "") == "subscribed") break;
  }
  a_ = start("a", http_a_);
  ASSERT_EQ(a_->port(), http_a_) << a_->output();
  ASSERT_TRUE(eventually([&] { return joined(http_b_, "a"); }));
  // Executions started through a (its own), one every 100 ms, until the subscriber on b hears
  // one end: the first may end before b's subscription reached a's hub.
  std::mutex m;
  std::set<std::string> started_on_a;
  std::atomic<bool> stop{false};
  std::thread starter([&] {
    while (!stop) {
      auto r = a.request("POST", "/api/workflows/" + workflow + "/execute", R"({"input": {"n": 1}})", auth_);
      if (r.status == 202) {
        std::lock_guard lock(m);
        started_on_a.insert(r.json()["execution_id"].get<std::string>());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  std::string heard;
  while (heard.empty()) {
    auto message = ws.receive(std::chrono::seconds(10));
    if (!message) break;
    std::lock_guard lock(m);
    if (message->value("event", "") == "workflow_execution_completed" && started_on_a.count(message->value("execution_id", ""))) {
      heard = (*message)["execution_id"];
    }
  }
  stop = true;
  starter.join();
  EXPECT_FALSE(heard.empty()) << "b's subscriber heard none of the " << started_on_a.size()
                               << " executions a ran after it joined; closed: " << ws.closed() << " " << ws.end_reason();
}

// Record collections are the cluster's, not a coordinator's: saveRecords and fetchData of
// executions owned by either node read and write the collections kept on the catalogue's home.
TEST_F(sharded_cluster, record_collections_are_one_per_cluster_whichever_node_runs_the_step) {
  http_client a(http_a_), b(http_b_);
  const std::string operator_token = testing::run_token("--tenant ops --user olga --role operator");
  auto plan = b.request("PUT", "/api/admin/tenants/acme", R"({"tier": "enterprise"})", {{"Authorization", "Bearer " + operator_token}});
  ASSERT_EQ(plan.status, 200) << plan.body;  // records steps are advanced ones
  const json save = {{"name", "save"},
                     {"steps",
                      {{{"id", "input"}, {"type", "input"}, {"next", "save"}},
                       {{"id", "save"}, {"type", "saveRecords"}, {"retry", {{"max_attempts", 1}}},
                        {"config", {{"collection", "orders"}, {"records", "$.input.orders"}}}}}}};
  const json fetch = {{"name", "fetch"},
                      {"steps",
                       {{{"id", "input"}, {"type", "input"}, {"next", "fetch"}},
                        {{"id", "fetch"}, {"type", "fetchData"}, {"config", {{"collection", "orders"}}}, {"next", "out"}},
                        {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.fetch.records"}}}}}}};
  auto saved = b.request("POST", "/api/workflows", save.dump(), auth_);
  auto fetched = b.request("POST", "/api/workflows", fetch.dump(), auth_);
  ASSERT_EQ(saved.status, 201) << saved.body;
  ASSERT_EQ(fetched.status, 201) << fetched.body;
  const std::string save_id = saved.json()["id"], fetch_id = fetched.json()["id"];
  auto run = [&](http_client& via, const std::string& workflow, const json& input) {
    auto r = via.request("POST", "/api/workflows/" + workflow + "/execute?wait_ms=10000", json{{"input", input}}.dump(), auth_);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().value("status", ""), "completed") << r.body;
    return r.json();
  };
  // Each node starts (and owns, and runs) the executions started through it.
  run(b, save_id, {{"orders", {{{"id", "o1"}, {"by", "b"}}}}});
  EXPECT_EQ(run(a, fetch_id, json::object())["output"], json::parse(R"([{"id": "o1", "by": "b"}])")) << "a reads what b's execution saved";
  run(a, save_id, {{"orders", {{{"id", "o2"}, {"by", "a"}}}}});
  EXPECT_EQ(run(b, fetch_id, json::object())["output"], json::parse(R"([{"id": "o1", "by": "b"}, {"id": "o2", "by": "a"}])"))
      << "b reads what both saved, in key order";
  // More records than one page between the nodes.
  json many = json::array();
  for (int i = 0; i < 600; ++i) many.push_back({{"id", "p" + std::to_string(1000 + i)}, {"n", i}});
  run(b, save_id, {{"orders", many}});
  EXPECT_EQ(run(b, fetch_id, json::object())["output"].size(), 602u);

  // The home away: a step on b that saves records fails saying where they are; once the home
  // is back, b's steps reach it again.
  a_->stop(SIGKILL);
  ASSERT_TRUE(eventually([&] { return !joined(http_b_, "a"); }));
  auto away = b.request("POST", "/api/workflows/" + save_id + "/execute?wait_ms=10000", R"({"input": {"orders": [{"id": "o3"}]}})", auth_);
  ASSERT_EQ(away.status, 200) << away.body;
  EXPECT_EQ(away.json()["status"], "failed") << away.body;
  EXPECT_NE(away.json()["error"].value("message", "").find("coordinator 'a'"), std::string::npos) << away.body;
  a_ = start("a", http_a_);
  ASSERT_EQ(a_->port(), http_a_) << a_->output();
  ASSERT_TRUE(eventually([&] { return joined(http_b_, "a"); }));
  run(b, save_id, {{"orders", {{{"id", "o3"}}}}});
  EXPECT_EQ(run(a, fetch_id, json::object())["output"].size(), 603u);
}

// Attempts that call out go to workers whenever one has a free slot.
class sharded_cluster_with_workers : public sharded_cluster {
 protected:
  std::vector<std::string> coordinator_args() override { return {"--local-slots", "0"}; }
};

TEST_F(sharded_cluster_with_workers, two_coordinators_and_two_workers_lose_nothing_when_a_worker_and_a_coordinator_are_killed) {
  testing::stub_server stub([](const testing::stub_request& req) {
    const std::string n = req.target.substr(req.target.rfind('/') + 1);
    return testing::stub_response{200, "application/json", "{\"n\": " + n + "}", 1000};
  });
  const std::string join = address(cluster_a_) + "," + address(cluster_b_);
  auto w1 = std::make_unique<testing::worker_process>(std::vector<std::string>{"--join", join, "--slots", "4", "--name", "w1"});
  auto w2 = std::make_unique<testing::worker_process>(std::vector<std::string>{"--join", join, "--slots", "4", "--name", "w2"});
  for (auto* w : {w1.get(), w2.get()}) {
    ASSERT_TRUE(w->wait_for("joined a at")) << w->output();
    ASSERT_TRUE(w->wait_for("joined b at")) << w->output();
  }
  http_client a(http_a_), b(http_b_);
  const json definition = {
      {"name", "calls out"},
      {"steps",
       {{{"id", "input"}, {"type", "input"}, {"next", "call"}},
        {{"id", "call"},
         {"type", "http"},
         {"config", {{"url", "http://127.0.0.1:" + std::to_string(stub.port()) + "/work/{{ $.input.n }}"}, {"method", "POST"}}},
         {"next", "out"}},
        {{"id", "out"}, {"type", "output"}, {"config", {{"value", "{ 'n': $.input.n, 'echo': $.call.body.n }"}}}}}}};
  auto created = b.request("POST", "/api/workflows", definition.dump(), auth_);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string workflow = created.json()["id"];

  constexpr int total = 500;
  std::vector<std::string> ids;
  std::vector<std::string> owned_by_a;
  for (int n = 0; n < total; ++n) {
    auto started = (n % 2 ? b : a).request("POST", "/api/workflows/" + workflow + "/execute", json{{"input", {{"n", n}}}}.dump(), auth_);
    ASSERT_EQ(started.status, 202) << started.body;
    ids.push_back(started.json()["execution_id"]);
    if (n % 2 == 0 && n >= total - 40) owned_by_a.push_back(ids.back());
  }
  // A subscriber on b follows the last 20 of a's executions (still running when b is killed).
  std::map<std::string, std::vector<std::uint64_t>> seen;
  std::set<std::string> ended;
  auto watch = [&](std::chrono::seconds quiet) {
    testing::ws_client ws(http_b_, "/api/workflows/ws", auth_);
    if (!ws.connected()) return false;
    json topics = json::array(), since = json::object();
    for (const auto& id : owned_by_a) {
      topics.push_back("execution:" + id);
      since["execution:" + id] = seen[id].empty() ? 0 : seen[id].back();
    }
    ws.send({{"action", "subscribe"}, {"topics", topics}, {"since", since}});
    while (ended.size() < owned_by_a.size()) {
      auto m = ws.receive(quiet);
      if (!m) return false;  // b went away (or was quiet): resume later
      if (!m->contains("seq")) continue;
      seen[(*m)["execution_id"]].push_back((*m)["seq"]);
      if (m->value("event", "") == "workflow_execution_completed") ended.insert((*m)["execution_id"]);
    }
    return true;
  };
  bool resumed = false;
  std::thread subscriber([&] {
    // Until b is killed: what it relays live. Then the rest, resumed on b restarted.
    if (!watch(std::chrono::seconds(30))) {
      resumed = true;
      while (!eventually([&] { return joined(http_b_, "a"); }, std::chrono::seconds(2))) {
      }
      watch(std::chrono::seconds(30));
    }
  });
  // Mid-run: a worker dies; a little later so does coordinator b, started again at once.
  // Each call takes a second: the last executions started are still calling out now.
  auto running = [&](const std::string& id) {
    return a.request("GET", "/api/executions/" + id, "", auth_).json().value("status", "") == "running";
  };
  EXPECT_TRUE(running(ids[total - 1]) && running(ids[total - 2])) << "mid-run";
  w1->kill9();
  b_->stop(SIGKILL);
  b_ = start("b", http_b_);
  ASSERT_EQ(b_->port(), http_b_) << b_->output();

  for (int n = 0; n < total; ++n) {
    const std::string& id = ids[static_cast<std::size_t>(n)];
    auto done = a.request("GET", "/api/executions/" + id + "?wait_ms=30000", "", auth_);
    ASSERT_EQ(done.status, 200) << id << ": " << done.body;
    EXPECT_EQ(done.json()["status"], "completed") << id << ": " << done.body;
    EXPECT_EQ(done.json()["output"], (json{{"n", n}, {"echo", n}})) << id;
    const json events = a.request("GET", "/api/executions/" + id + "/events?limit=1000", "", auth_).json()["events"];
    int completed = 0;
    for (const auto& e : events) completed += e["type"] == "step_completed" && e.value("step_id", "") == "call";
    EXPECT_EQ(completed, 1) << id << ": the call step's completion is logged once";
  }
  subscriber.join();
  EXPECT_TRUE(resumed) << "b was killed while the subscriber followed a's executions";
  EXPECT_EQ(ended.size(), owned_by_a.size()) << "the subscriber saw each one end";
  // Every call carried its execution's key, the same when it was made again.
  std::map<std::string, std::set<std::string>> keys_by_target;
  std::map<std::string, int> calls_by_key;
  for (const auto& r : stub.requests()) {
    auto key = r.headers.find("idempotency-key");
    ASSERT_NE(key, r.headers.end()) << r.target;
    keys_by_target[r.target].insert(key->second);
    ++calls_by_key[key->second];
  }
  for (int n = 0; n < total; ++n) {
    EXPECT_EQ(keys_by_target["/work/" + std::to_string(n)], (std::set<std::string>{ids[static_cast<std::size_t>(n)] + ":call"}));
  }
  int called_again = 0;
  for (const auto& [key, calls] : calls_by_key) called_again += calls > 1;
  EXPECT_GT(called_again, 0) << "the attempts w1 (and b) had in flight ran again";
  // The subscriber on b saw each of a's executions whole, across b's restart: no gap, no duplicate.
  for (const auto& id : owned_by_a) {
    const auto& seqs = seen[id];
    ASSERT_FALSE(seqs.empty()) << id;
    for (std::size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], i + 1) << id << " at " << i;
  }
}

}  // namespace
}  // namespace weft
