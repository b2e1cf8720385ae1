// A coordinator and workers as separate processes on loopback (SPEC §9, docs/cluster.md):
// attempts that call out run on the workers; a worker killed with -9 mid-run loses nothing —
// its attempts run again elsewhere under their original idempotency keys and every step is
// logged once; a worker's steps read secrets and components from the coordinator; a worker of
// another protocol version is refused; one started again takes work.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/app/served.hpp"
#include "tests/app/worker_process.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/stub_server.hpp"

namespace weft {
namespace {

using nlohmann::json;
using testing::http_client;

std::uint16_t cluster_port(const testing::served& node) {
  const std::string marker = "workers join at 127.0.0.1:";
  const auto at = node.output().find(marker);
  if (at == std::string::npos) return 0;
  return static_cast<std::uint16_t>(std::stoi(node.output().substr(at + marker.size())));
}

// The value of the node's gauge `name` in /metrics (-1 when it has none).
double gauge(const http_client& http, const std::string& name) {
  const std::string body = http.request("GET", "/metrics").body;
  const std::string key = "weft_gauge{name=\"" + name + "\"} ";
  const auto at = body.find(key);
  return at == std::string::npos ? -1 : std::stod(body.substr(at + key.size()));
}

using testing::eventually;

class cluster : public ::testing::Test {
 protected:
  // --local-slots 0: attempts that call out go to a worker whenever one has a free slot.
  virtual std::vector<std::string> coordinator_args() { return {"--local-slots", "0"}; }

  void SetUp() override {
    std::vector<std::string> args = {"--cluster-listen", "127.0.0.1:0", "--sync", "none"};
    for (auto& a : coordinator_args()) args.push_back(std::move(a));
    node_ = std::make_unique<testing::served>(dir_.path(), args);
    ASSERT_NE(node_->port(), 0) << node_->output();
    port_ = cluster_port(*node_);
    ASSERT_NE(port_, 0) << node_->output();
    http_ = std::make_unique<http_client>(node_->port());
    const std::string token = testing::run_token("--tenant acme --user ana");
    auth_ = {{"Authorization", "Bearer " + token}, {"X-Tenant-ID", "acme"}};
  }

  std::unique_ptr<testing::worker_process> worker(const std::string& name, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--join", "127.0.0.1:" + std::to_string(port_), "--slots", "4", "--name", name};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<testing::worker_process>(args);
  }

  std::string create_workflow(std::uint16_t stub) {
    const json definition = {
        {"name", "calls out"},
        {"steps",
         {{{"id", "input"}, {"type", "input"}, {"next", "call"}},
          {{"id", "call"},
           {"type", "http"},
           {"config", {{"url", "http://127.0.0.1:" + std::to_string(stub) + "/work/{{ $.input.n }}"}, {"method", "POST"}}},
           {"next", "out"}},
          {{"id", "out"}, {"type", "output"}, {"config", {{"value", "{ 'n': $.input.n, 'echo': $.call.body.n }"}}}}}}};
    auto r = http_->request("POST", "/api/workflows", definition.dump(), auth_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", "");
  }

  std::string start(const std::string& workflow, int n) {
    auto r = http_->request("POST", "/api/workflows/" + workflow + "/execute", json{{"input", {{"n", n}}}}.dump(), auth_);
    EXPECT_EQ(r.status, 202) << r.body;
    return r.json().value("execution_id", "");
  }

  // Awaits execution `id` (input n) and checks it completed with the right output, its call
  // step logged as completed exactly once.
  void expect_completed_once(const std::string& id, int n) {
    auto done = http_->request("GET", "/api/executions/" + id + "?wait_ms=30000", "", auth_);
    ASSERT_EQ(done.status, 200) << id << ": " << done.body;
    EXPECT_EQ(done.json()["status"], "completed") << id << ": " << done.body;
    EXPECT_EQ(done.json()["output"], (json{{"n", n}, {"echo", n}})) << id;
    const json events = http_->request("GET", "/api/executions/" + id + "/events?limit=1000", "", auth_).json()["events"];
    int completed = 0;
    for (const auto& e : events) completed += e["type"] == "step_completed" && e.value("step_id", "") == "call";
    EXPECT_EQ(completed, 1) << id << ": the call step's completion is logged once";
  }

  storage::testing::temp_dir dir_;  // declared first: removed after the node stops
  std::unique_ptr<testing::served> node_;
  std::uint16_t port_ = 0;
  std::unique_ptr<http_client> http_;
  std::map<std::string, std::string> auth_;
};

// The outside world: /work/N answers {"n": N} after a while, and remembers each request's key.
testing::stub_server slow_echo() {
  return testing::stub_server([](const testing::stub_request& req) {
    const std::string n = req.target.substr(req.target.rfind('/') + 1);
    return testing::stub_response{200, "application/json", "{\"n\": " + n + "}", 20};
  });
}

TEST_F(cluster, a_worker_killed_mid_run_loses_nothing_and_its_attempts_keep_their_keys) {
  auto stub = slow_echo();
  auto w1 = worker("w1");
  auto w2 = worker("w2");
  ASSERT_TRUE(w1->wait_for("joined")) << w1->output();
  ASSERT_TRUE(w2->wait_for("joined")) << w2->output();
  ASSERT_TRUE(eventually([&] { return gauge(*http_, "cluster_workers") == 2; }));
  // An operator sees the nodes; a tenant's user does not.
  auto ops = auth_;
  ops["Authorization"] = "Bearer " + testing::run_token("--tenant ops --user olga --role operator");
  ops.erase("X-Tenant-ID");
  const auto seen = http_->request("GET", "/api/cluster", "", ops);
  ASSERT_EQ(seen.status, 200) << seen.body;
  const json cluster = seen.json();
  EXPECT_EQ(cluster["cluster_listen"], "127.0.0.1:" + std::to_string(port_));
  ASSERT_EQ(cluster["nodes"].size(), 3u) << cluster.dump();
  EXPECT_EQ(cluster["nodes"][0]["role"], "coordinator");
  EXPECT_EQ(cluster["nodes"][0]["name"], "127.0.0.1:" + std::to_string(node_->port()));
  EXPECT_EQ(cluster["nodes"][0]["slots"], 0);
  std::set<std::string> workers;
  for (const auto& n : cluster["nodes"]) {
    if (n["role"] != "worker") continue;
    workers.insert(n["name"].get<std::string>());
    EXPECT_EQ(n["slots"], 4);
    EXPECT_EQ(n["health"], "up");
  }
  EXPECT_EQ(workers, (std::set<std::string>{"w1", "w2"}));
  EXPECT_EQ(cluster["shards"][0]["owner"], cluster["nodes"][0]["name"]);
  EXPECT_EQ(http_->request("GET", "/api/cluster", "", auth_).status, 403);
  const std::string workflow = create_workflow(stub.port());

  constexpr int total = 500;
  std::vector<std::string> ids;
  for (int n = 0; n < total; ++n) ids.push_back(start(workflow, n));
  // Mid-run: once the outside world has seen a fifth of the calls, w1 dies with some in flight.
  ASSERT_TRUE(eventually([&] { return stub.requests().size() >= total / 5; }));
  w1->kill9();
  for (int n = 0; n < total; ++n) expect_completed_once(ids[static_cast<std::size_t>(n)], n);

  // Every call carried its execution's key, the same for a call made again elsewhere.
  std::map<std::string, std::set<std::string>> keys_by_target;
  std::map<std::string, int> calls_by_key;
  for (const auto& r : stub.requests()) {
    auto key = r.headers.find("idempotency-key");
    ASSERT_NE(key, r.headers.end()) << r.target;
    keys_by_target[r.target].insert(key->second);
    ++calls_by_key[key->second];
  }
  for (int n = 0; n < total; ++n) {
    const std::set<std::string> expected = {ids[static_cast<std::size_t>(n)] + ":call"};
    EXPECT_EQ(keys_by_target["/work/" + std::to_string(n)], expected) << "execution " << n;
  }
  int called_again = 0;
  for (const auto& [key, calls] : calls_by_key) called_again += calls > 1;
  EXPECT_GT(called_again, 0) << "the attempts w1 had in flight ran again";
  EXPECT_GT(gauge(*http_, "cluster_attempts_placed_on_workers"), 0);
  EXPECT_TRUE(eventually([&] { return gauge(*http_, "cluster_workers") == 1; })) << "w1 left the pool";
  EXPECT_EQ(w2->stop(SIGTERM), 0) << "a worker that ran attempts stops on SIGTERM: " << w2->output();
}

TEST_F(cluster, a_custom_component_on_a_worker_reads_its_registration_and_secret_from_the_coordinator) {
  testing::stub_server endpoint([](const testing::stub_request& req) {
    const json body = json::parse(req.body, nullptr, false);
    return testing::stub_response{200, "application/json", json{{"n", body["input"]["n"]}}.dump(), 0};
  });
  auto w = worker("w");
  ASSERT_TRUE(w->wait_for("joined")) << w->output();
  ASSERT_TRUE(eventually([&] { return gauge(*http_, "cluster_workers") == 1; }));
  auto admin = auth_;
  admin["Authorization"] = "Bearer " + testing::run_token("--tenant acme --user ana --role admin");
  ASSERT_EQ(http_->request("PUT", "/api/secrets/score_key", R"({"value": "s3cret"})", admin).status, 200);
  const json component = {{"name", "Score"},
                          {"endpoint", {{"url", "http://127.0.0.1:" + std::to_string(endpoint.port()) + "/score"},
                                        {"auth_secret", "score_key"}}}};
  auto registered = http_->request("PUT", "/api/components/score", component.dump(), admin);
  ASSERT_EQ(registered.status, 201) << registered.body;
  const json definition = {{"name", "scores"},
                           {"steps",
                            {{{"id", "input"}, {"type", "input"}, {"next", "score"}},
                             {{"id", "score"}, {"type", "score"}, {"next", "out"}},
                             {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.score"}}}}}}};
  auto created = http_->request("POST", "/api/workflows", definition.dump(), auth_);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string workflow = created.json()["id"];
  // Its 4 slots taken at once, more than its scheduler's threads, each step reading its
  // environment meanwhile (the rest run here: placement never waits).
  std::vector<std::string> ids;
  for (int n = 0; n < 40; ++n) ids.push_back(start(workflow, n));
  for (int n = 0; n < 40; ++n) {
    auto done = http_->request("GET", "/api/executions/" + ids[static_cast<std::size_t>(n)] + "?wait_ms=30000", "", auth_);
    EXPECT_EQ(done.json()["status"], "completed") << done.body;
    EXPECT_EQ(done.json()["output"], (json{{"n", n}}));
  }
  EXPECT_GE(gauge(*http_, "cluster_attempts_placed_on_workers"), 4) << "the worker's 4 slots were taken first";
  const auto calls = endpoint.requests();
  ASSERT_EQ(calls.size(), 40u);
  for (const auto& r : calls) EXPECT_EQ(r.headers.at("authorization"), "Bearer s3cret");
  EXPECT_EQ(w->stop(SIGTERM), 0) << "a worker that ran custom steps stops on SIGTERM: " << w->output();
}

TEST_F(cluster, a_worker_of_another_protocol_is_refused_and_one_started_again_takes_work) {
  auto stub = slow_echo();
  auto old = worker("old", {"--protocol", "999"});
  EXPECT_EQ(old->exit_code(), 2);
  old->wait_for("never printed", std::chrono::milliseconds(200));  // reads what it wrote before it ended
  EXPECT_NE(old->output().find("refused"), std::string::npos) << old->output();
  EXPECT_EQ(gauge(*http_, "cluster_workers"), 0);

  const std::string workflow = create_workflow(stub.port());
  {
    auto w = worker("w");
    ASSERT_TRUE(w->wait_for("joined")) << w->output();
    w->kill9();
  }
  ASSERT_TRUE(eventually([&] { return gauge(*http_, "cluster_workers") == 0; })) << "the killed worker left the pool";
  const double placed_before = gauge(*http_, "cluster_attempts_placed_on_workers");
  auto again = worker("w");
  ASSERT_TRUE(again->wait_for("joined")) << again->output();
  ASSERT_TRUE(eventually([&] { return gauge(*http_, "cluster_workers") == 1; }));
  for (int n = 0; n < 20; ++n) expect_completed_once(start(workflow, n), n);
  EXPECT_GE(gauge(*http_, "cluster_attempts_placed_on_workers"), placed_before + 20) << "the worker started again took them";
}

TEST_F(cluster, a_worker_joins_its_coordinator_again_after_the_coordinator_is_killed_and_restarted) {
  auto stub = slow_echo();
  auto w = worker("w");
  ASSERT_TRUE(w->wait_for("joined")) << w->output();
  const std::string workflow = create_workflow(stub.port());
  node_->stop(SIGKILL);
  ASSERT_TRUE(w->wait_for("lost the coordinator")) << w->output();
  const std::size_t lost_at = w->output().find("lost the coordinator");
  // The same data and the same cluster port: what a supervisor restarting the service does.
  node_ = std::make_unique<testing::served>(
      dir_.path(), std::vector<std::string>{"--cluster-listen", "127.0.0.1:" + std::to_string(port_), "--local-slots", "0",
                                            "--sync", "none"});
  ASSERT_NE(node_->port(), 0) << node_->output();
  http_ = std::make_unique<http_client>(node_->port());
  ASSERT_TRUE(w->wait_for("joined", std::chrono::seconds(20), lost_at)) << w->output();
  ASSERT_TRUE(eventually([&] { return gauge(*http_, "cluster_workers") == 1; }));
  for (int n = 0; n < 10; ++n) expect_completed_once(start(workflow, n), n);
  EXPECT_GE(gauge(*http_, "cluster_attempts_placed_on_workers"), 4) << "the worker took work from the restarted coordinator";
}

// http attempts pinned by the operator to workers labelled egress; the coordinator keeps its
// own 16 slots, which pinned attempts never take.
class pinned_cluster : public cluster {
 protected:
  std::vector<std::string> coordinator_args() override { return {"--pin", "http=egress"}; }
};

// The node seen by an operator: GET /api/cluster.
json cluster_view(const http_client& http) {
  const std::string token = testing::run_token("--tenant ops --user olga --role operator");
  return http.request("GET", "/api/cluster", "", {{"Authorization", "Bearer " + token}}).json();
}

TEST_F(pinned_cluster, attempts_pinned_to_labels_wait_for_a_worker_that_has_them_all) {
  auto stub = slow_echo();
  auto admin = auth_;
  admin["Authorization"] = "Bearer " + testing::run_token("--tenant acme --user ana --role admin");
  // A tenant pins its component to gpu workers.
  const json component = {{"name", "Echo"},
                          {"worker_labels", {"gpu"}},
                          {"endpoint", {{"url", "http://127.0.0.1:" + std::to_string(stub.port()) + "/work/7"}}}};
  auto registered = http_->request("PUT", "/api/components/echo", component.dump(), admin);
  ASSERT_EQ(registered.status, 201) << registered.body;
  EXPECT_EQ(http_->request("GET", "/api/components/echo", "", auth_).json()["worker_labels"], json({"gpu"}));
  auto bad = http_->request("PUT", "/api/components/echo", json{{"name", "Echo"}, {"worker_labels", {"GPU!"}},
                                                                {"endpoint", component["endpoint"]}}.dump(), admin);
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("/worker_labels"), std::string::npos) << bad.body;
  const json definition = {{"name", "echo"},
                           {"steps",
                            {{{"id", "input"}, {"type", "input"}, {"next", "call"}},
                             {{"id", "call"}, {"type", "echo"}, {"next", "out"}},
                             {{"id", "out"}, {"type", "output"}, {"config", {{"value", "{ 'n': $.input.n, 'echo': $.call.n }"}}}}}}};
  auto created = http_->request("POST", "/api/workflows", definition.dump(), auth_);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string echo = created.json()["id"];
  const std::string http_calls = create_workflow(stub.port());

  // A worker without labels takes none of them, nor does the coordinator: they wait.
  auto plain = worker("plain");
  ASSERT_TRUE(plain->wait_for("joined")) << plain->output();
  std::vector<std::string> calls, echoes;
  for (int n = 0; n < 10; ++n) calls.push_back(start(http_calls, n));
  for (int n = 0; n < 10; ++n) echoes.push_back(start(echo, 7));
  ASSERT_TRUE(eventually([&] { return gauge(*http_, "cluster_attempts_waiting_for_labels") == 20; }))
      << gauge(*http_, "cluster_attempts_waiting_for_labels");
  EXPECT_TRUE(stub.requests().empty());
  EXPECT_EQ(http_->request("GET", "/api/executions/" + calls[0], "", auth_).json()["status"], "running");

  // An egress worker (with another label too) takes the http attempts; the echoes still wait.
  auto egress = worker("egress", {"--labels", "eu,egress"});
  ASSERT_TRUE(egress->wait_for("joined")) << egress->output();
  for (int n = 0; n < 10; ++n) expect_completed_once(calls[static_cast<std::size_t>(n)], n);
  EXPECT_EQ(gauge(*http_, "cluster_attempts_waiting_for_labels"), 10);
  EXPECT_EQ(http_->request("GET", "/api/executions/" + echoes[0], "", auth_).json()["status"], "running");

  auto gpu = worker("gpu", {"--labels", "gpu"});
  ASSERT_TRUE(gpu->wait_for("joined")) << gpu->output();
  for (const auto& id : echoes) expect_completed_once(id, 7);
  EXPECT_EQ(gauge(*http_, "cluster_attempts_waiting_for_labels"), 0);

  const json view = cluster_view(*http_);
  EXPECT_EQ(view["pins"], (json{{"http", {"egress"}}})) << view.dump();
  std::map<std::string, int> placed;
  for (const auto& n : view["nodes"]) {
    if (n["role"] == "worker") placed[n["name"]] = n["placed"];
  }
  EXPECT_EQ(placed, (std::map<std::string, int>{{"plain", 0}, {"egress", 10}, {"gpu", 10}})) << view.dump();
  EXPECT_EQ(view["nodes"][0]["in_flight"], 0) << "the coordinator ran none of them";
}

TEST(cluster_cli, a_worker_with_a_malformed_label_is_refused_before_it_joins) {
  testing::worker_process w({"--join", "127.0.0.1:1", "--labels", "ok,Not A Label"});
  EXPECT_EQ(w.exit_code(), 2);
  w.wait_for("never printed", std::chrono::milliseconds(200));
  EXPECT_NE(w.output().find("'Not A Label' is not a label"), std::string::npos) << w.output();
}

}  // namespace
}  // namespace weft
