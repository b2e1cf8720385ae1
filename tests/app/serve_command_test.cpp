// `weft serve` and `weft token` as users run them: the real binary on an OS-chosen port, a
// temp data dir, kill -9 and SIGTERM, and a restart that keeps every workflow and version.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/serve_command.hpp"
#include "tests/app/served.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/shell.hpp"

namespace weft {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::http_client;

using testing::weft_binary;
using testing::secret;
using testing::served;
using testing::run_token;

class serve_cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("weft_serve_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

const json hello = json::parse(R"({"name": "Hello", "steps": [
  {"id": "input", "type": "input", "next": "out"}, {"id": "out", "type": "output", "config": {"value": "$.input"}}]})");

TEST_F(serve_cli, workflows_and_versions_survive_kill_9_and_restart) {
  const std::string token = run_token("--tenant acme --user ana");
  const std::map<std::string, std::string> auth = {{"Authorization", "Bearer " + token}, {"X-Tenant-ID", "acme"}};
  std::string id;
  {
    served node(dir_.string());
    ASSERT_NE(node.port(), 0) << node.output();
    http_client client(node.port());
    auto created = client.request("POST", "/api/workflows", hello.dump(), auth);
    ASSERT_EQ(created.status, 201) << created.body;
    id = created.json()["id"];
    json v2 = hello;
    v2["name"] = "Hello v2";
    ASSERT_EQ(client.request("PUT", "/api/workflows/" + id, v2.dump(), auth).status, 200);
    ASSERT_EQ(client.request("POST", "/api/workflows/" + id + "/publish", R"({"notes": "ship"})", auth).status, 200);
    int status = node.stop(SIGKILL);
    EXPECT_TRUE(WIFSIGNALED(status));
  }
  served again(dir_.string());
  ASSERT_NE(again.port(), 0) << again.output();
  http_client client(again.port());
  auto got = client.request("GET", "/api/workflows/" + id, "", auth);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json()["name"], "Hello v2");
  EXPECT_EQ(got.json()["status"], "active");
  EXPECT_EQ(got.json()["version"], 2);
  EXPECT_EQ(got.json()["active_version"], 2);
  auto versions = client.request("GET", "/api/workflows/" + id + "/versions", "", auth).json()["versions"];
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1]["publish_notes"], "ship");
}

TEST_F(serve_cli, executions_in_flight_finish_after_kill_9_and_restart) {
  const std::string token = run_token("--tenant acme --user ana");
  const std::map<std::string, std::string> auth = {{"Authorization", "Bearer " + token}, {"X-Tenant-ID", "acme"}};
  const json sleepers = json::parse(R"({"name": "sleepers", "steps": [
    {"id": "input", "type": "input", "next": "wait"},
    {"id": "wait", "type": "delay", "config": {"duration_ms": "$.input.sleep_ms"}, "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "{ 'woke': true, 'n': $.input.n }"}}]})");
  std::vector<std::string> executions;
  {
    served node(dir_.string());
    http_client client(node.port());
    auto wf = client.request("POST", "/api/workflows", sleepers.dump(), auth);
    ASSERT_EQ(wf.status, 201) << wf.body;
    const std::string id = wf.json()["id"];
    for (int i = 0; i < 20; ++i) {
      auto r = client.request("POST", "/api/workflows/" + id + "/execute",
                              json{{"input", {{"sleep_ms", 400}, {"n", i}}}}.dump(), auth);
      ASSERT_EQ(r.status, 202) << r.body;
      executions.push_back(r.json()["execution_id"]);
    }
    node.stop(SIGKILL);  // every execution is waiting on its timer
  }
  served again(dir_.string());
  http_client client(again.port());
  for (int i = 0; i < 20; ++i) {
    auto r = client.request("GET", "/api/executions/" + executions[static_cast<std::size_t>(i)] + "?wait_ms=10000", "", auth);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json()["status"], "completed") << r.body;
    EXPECT_EQ(r.json()["output"], json({{"woke", true}, {"n", i}}));
    auto events = client.request("GET", "/api/executions/" + executions[static_cast<std::size_t>(i)] + "/events?limit=1000", "", auth);
    std::map<std::string, int> completed;
    const json page = events.json();
    for (const auto& e : page["events"]) {
      if (e["type"] == "step_completed") ++completed[e["step_id"].get<std::string>()];
    }
    EXPECT_EQ(completed, (std::map<std::string, int>{{"input", 1}, {"out", 1}, {"wait", 1}}));
  }
}

TEST_F(serve_cli, max_active_queues_executions_as_pending) {
  const std::string token = run_token("--tenant acme --user ana");
  const std::map<std::string, std::string> auth = {{"Authorization", "Bearer " + token}, {"X-Tenant-ID", "acme"}};
  served node(dir_.string(), {"--max-active", "1"});
  http_client client(node.port());
  const json sleepers = json::parse(R"({"name": "sleepers", "steps": [
    {"id": "input", "type": "input", "next": "wait"},
    {"id": "wait", "type": "delay", "config": {"duration_ms": "$.input.sleep_ms"}, "next": "out"},
    {"id": "out", "type": "output", "config": {"value": "$.input.n"}}]})");
  const std::string wf = client.request("POST", "/api/workflows", sleepers.dump(), auth).json()["id"];
  auto first = client.request("POST", "/api/workflows/" + wf + "/execute", R"({"input": {"sleep_ms": 300, "n": 1}})", auth);
  ASSERT_EQ(first.status, 202) << first.body;
  EXPECT_EQ(first.json()["status"], "running");
  auto second = client.request("POST", "/api/workflows/" + wf + "/execute", R"({"input": {"sleep_ms": 1, "n": 2}})", auth);
  ASSERT_EQ(second.status, 202) << second.body;
  EXPECT_EQ(second.json()["status"], "pending");
  const std::string id = second.json()["execution_id"];
  auto done = client.request("GET", "/api/executions/" + id + "?wait_ms=10000", "", auth);
  EXPECT_EQ(done.json()["status"], "completed") << done.body;
  EXPECT_EQ(done.json()["output"], 2);
}

TEST_F(serve_cli, sigterm_stops_gracefully) {
  served node(dir_.string());
  ASSERT_NE(node.port(), 0);
  EXPECT_EQ(http_client(node.port()).request("GET", "/health").status, 200);
  // Without --cluster-listen it is a cluster of one: itself, owning every execution.
  const json cluster = http_client(node.port())
                           .request("GET", "/api/cluster", "",
                                    {{"Authorization", "Bearer " + run_token("--tenant ops --user olga --role operator")}})
                           .json();
  ASSERT_EQ(cluster["nodes"].size(), 1u) << cluster.dump();
  EXPECT_EQ(cluster["nodes"][0]["role"], "coordinator");
  EXPECT_TRUE(cluster["cluster_listen"].is_null());
  int status = node.stop(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(serve_cli, dev_mode_keeps_a_secret_and_prints_a_working_token) {
  std::string token;
  {
    served node(dir_.string(), {"--dev"}, false);
    ASSERT_NE(node.port(), 0) << node.output();
    auto at = node.output().find("Bearer ");
    ASSERT_NE(at, std::string::npos) << node.output();
    token = node.output().substr(at + 7, node.output().find('\'', at) - at - 7);
    auto r = http_client(node.port()).request("GET", "/api/workflows", "", {{"Authorization", "Bearer " + token}, {"X-Tenant-ID", "dev"}});
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_NE(node.output().find("curl -s http://127.0.0.1:"), std::string::npos);
    auto me = http_client(node.port()).request("GET", "/api/tenants/me", "", {{"Authorization", "Bearer " + token}, {"X-Tenant-ID", "dev"}});
    EXPECT_EQ(me.json()["tier"], "enterprise") << "the tour's tenant may try everything: " << me.body;
  }
  EXPECT_TRUE(fs::exists(dir_ / "dev_secret"));
  EXPECT_EQ(fs::status(dir_ / "dev_secret").permissions() & fs::perms::others_read, fs::perms::none);
  // The same secret after a restart: the old token still works, and `weft token --data` signs with it.
  served again(dir_.string(), {"--dev"}, false);
  http_client client(again.port());
  EXPECT_EQ(client.request("GET", "/api/workflows", "", {{"Authorization", "Bearer " + token}, {"X-Tenant-ID", "dev"}}).status, 200);
  std::string minted = run_token("--tenant dev --user bob --role admin --data " + dir_.string(), false);
  EXPECT_EQ(client.request("GET", "/api/workflows", "", {{"Authorization", "Bearer " + minted}, {"X-Tenant-ID", "dev"}}).status, 200)
      << minted;
}

// The web console's files, as a browser fetches them: index.html revalidated by ETag, hashed
// assets cached for good, API paths never answered with a page, and the dev sign-in token.
TEST_F(serve_cli, serves_the_console_with_caching_headers_and_a_dev_session) {
  const fs::path site = dir_ / "site";
  fs::create_directories(site / "assets");
  std::ofstream(site / "index.html") << "<!doctype html><div id=root></div>";
  std::ofstream(site / "assets" / "index-3f9a1c.js") << "console.log('weft')";
  served node((dir_ / "data").string(), {"--dev", "--console", site.string()}, false);
  ASSERT_NE(node.port(), 0) << node.output();
  EXPECT_NE(node.output().find("Console: http://127.0.0.1:"), std::string::npos) << node.output();
  http_client client(node.port());

  auto page = client.request("GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, "<!doctype html><div id=root></div>");
  EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(page.headers["cache-control"], "no-cache");
  EXPECT_NE(page.headers["content-security-policy"].find("default-src 'self'"), std::string::npos);
  ASSERT_FALSE(page.headers["etag"].empty());
  auto again = client.request("GET", "/index.html", "", {{"If-None-Match", page.headers["etag"]}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());

  auto script = client.request("GET", "/assets/index-3f9a1c.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.body, "console.log('weft')");
  EXPECT_EQ(script.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(script.headers["cache-control"], "public, max-age=31536000, immutable");

  // Unknown files, path tricks and API paths get the API's 404, never a page.
  for (const char* path : {"/nope.js", "/assets/../index.html.bak", "/api/nothing-here"}) {
    auto r = client.request("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_TRUE(r.json().contains("error")) << path << ": " << r.body;
  }
  EXPECT_EQ(client.request("POST", "/", "{}").status, 404);

  // Dev mode on loopback: the console's sign-in gets a working admin token for tenant dev.
  auto session = client.request("GET", "/api/console/session");
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(session.json()["mode"], "dev");
  EXPECT_EQ(session.headers["cache-control"], "no-store");
  const std::string token = session.json()["token"];
  EXPECT_EQ(client.request("GET", "/api/workflows", "", {{"Authorization", "Bearer " + token}, {"X-Tenant-ID", "dev"}}).status, 200);
}

TEST_F(serve_cli, outside_dev_mode_the_console_asks_for_a_token_and_says_when_it_is_not_built) {
  served node(dir_.string(), {"--console", (dir_ / "missing").string()});
  ASSERT_NE(node.port(), 0) << node.output();
  http_client client(node.port());
  auto session = client.request("GET", "/api/console/session");
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(session.json(), json({{"mode", "token"}}));
  auto page = client.request("GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("console is not built"), std::string::npos) << page.body;
}

// Plans through the real binary: --default-tier and a --tenants file, a limit at its edge,
// and the day's execution counter across kill -9 and a restart.
TEST_F(serve_cli, plans_come_from_flags_and_the_day_counter_survives_kill_9) {
  fs::create_directories(dir_);
  const fs::path tenants = dir_ / "tenants.json";
  std::ofstream(tenants) << R"({"globex": {"tier": "professional", "limits": {"max_workflows": 7}}})";
  const std::vector<std::string> flags = {"--default-tier", "free", "--tenants", tenants.string()};
  const std::map<std::string, std::string> acme = {{"Authorization", "Bearer " + run_token("--tenant acme --user ana")}, {"X-Tenant-ID", "acme"}};
  const std::map<std::string, std::string> globex = {{"Authorization", "Bearer " + run_token("--tenant globex --user gus")},
                                                     {"X-Tenant-ID", "globex"}};
  const std::string one_step = R"({"name": "hi", "steps": [{"id": "a", "type": "log", "config": {"message": "hi"}}]})";
  {
    served node(dir_.string(), flags);
    ASSERT_NE(node.port(), 0) << node.output();
    http_client client(node.port());
    std::string id;
    for (int i = 0; i < 5; ++i) id = client.request("POST", "/api/workflows", one_step, acme).json().value("id", "");
    auto sixth = client.request("POST", "/api/workflows", one_step, acme);
    EXPECT_EQ(sixth.status, 403) << sixth.body;
    EXPECT_EQ(sixth.json()["error"]["code"], "tier_restriction");
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(client.request("POST", "/api/workflows/" + id + "/execute?wait_ms=5000", R"({"input": {}})", acme).status, 200);
    }
    const json plan = client.request("GET", "/api/tenants/me", "", globex).json();
    EXPECT_EQ(plan["tier"], "professional");
    EXPECT_EQ(plan["limits"]["max_workflows"], 7);
    EXPECT_TRUE(WIFSIGNALED(node.stop(SIGKILL)));
  }
  served again(dir_.string(), flags);
  ASSERT_NE(again.port(), 0) << again.output();
  const json usage = http_client(again.port()).request("GET", "/api/tenants/me/usage", "", acme).json();
  EXPECT_EQ(usage["tier"], "free");
  EXPECT_EQ(usage["usage"]["executions_today"], 2) << usage.dump();
  EXPECT_EQ(usage["usage"]["workflows"], 5);
}

TEST_F(serve_cli, refuses_to_start_without_a_secret_or_with_bad_flags) {
  auto run = [](const std::string& args) {
    std::string command = "env -u WEFT_JWT_SECRET " + weft_binary() + " serve " + args + " >/dev/null 2>&1";
    int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  EXPECT_EQ(run("--listen 127.0.0.1:0 --data " + dir_.string()), 2);
  EXPECT_NE(run("--dev --listen nonsense --data " + dir_.string()), 0);
  EXPECT_NE(run("--dev --sync sometimes --data " + dir_.string()), 0);
  EXPECT_NE(run("--dev --default-tier gold --data " + dir_.string()), 0);
  EXPECT_EQ(run("--dev --listen 127.0.0.1:0 --cluster-listen nonsense --data " + dir_.string()), 2);
  // --pin: a type that calls out over HTTP (or custom) and labels.
  for (const char* pin : {"sendEmail=smtp", "saveRecords=db", "nonsense=x", "http", "http=", "http=Not A Label", "llm=gpu,,eu"}) {
    EXPECT_EQ(run(std::string("--dev --listen 127.0.0.1:0 --cluster-listen 127.0.0.1:0 --pin '") + pin + "' --data " + dir_.string()),
              2)
        << pin;
  }
  fs::create_directories(dir_);
  std::ofstream(dir_ / "tenants.json") << "[not an object]";
  EXPECT_EQ(run("--dev --listen 127.0.0.1:0 --tenants " + (dir_ / "tenants.json").string() + " --data " + dir_.string()), 2);
}

TEST_F(serve_cli, a_port_in_use_is_a_clear_error) {
  served first(dir_.string());
  ASSERT_NE(first.port(), 0);
  auto r = testing::shell("WEFT_JWT_SECRET=" + secret + " " + weft_binary() + " serve --listen 127.0.0.1:" +
                          std::to_string(first.port()) + " --data " + (dir_ / "other").string() + " 2>&1");
  const std::string& out = r.out;
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(out.find("cannot listen"), std::string::npos) << out;
}

TEST_F(serve_cli, token_command_checks_its_arguments) {
  EXPECT_NE(run_token("--tenant acme --user ana --role root").find("--role"), std::string::npos);
  EXPECT_NE(run_token("--tenant acme --user ana --ttl forever").find("--ttl"), std::string::npos);
  EXPECT_NE(run_token("--tenant acme --user ana --data /nonexistent", false).find("WEFT_JWT_SECRET"), std::string::npos);
  std::string token = run_token("--tenant acme --user ana --role operator --ttl 15m");
  EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2) << token;
}

TEST(durations, parse_units) {
  EXPECT_EQ(app::parse_duration_seconds("30"), 30);
  EXPECT_EQ(app::parse_duration_seconds("30s"), 30);
  EXPECT_EQ(app::parse_duration_seconds("15m"), 900);
  EXPECT_EQ(app::parse_duration_seconds("1h"), 3600);
  EXPECT_EQ(app::parse_duration_seconds("7d"), 604800);
  EXPECT_EQ(app::parse_duration_seconds("0"), -1);
  EXPECT_EQ(app::parse_duration_seconds("-5m"), -1);
  EXPECT_EQ(app::parse_duration_seconds("1y"), -1);
  EXPECT_EQ(app::parse_duration_seconds(""), -1);
  EXPECT_EQ(app::parse_duration_seconds("h"), -1);
}

}  // namespace
}  // namespace weft
