// The REST service end to end: the real server on an OS-chosen loopback port, a temp
// RocksDB, real tokens and a real HTTP client. Every route, every error code it can give,
// forged tokens, cross-tenant access, oversized and malformed input.
#include <thread>

#include <gtest/gtest.h>

#include "http/api.hpp"
#include "http/server.hpp"
#include "nodes/registry.hpp"
#include "services/workflow_service.hpp"
#include "storage/database.hpp"
#include "storage/workflow_store.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/base64url.hpp"
#include "tests/support/http_client.hpp"
#include "core/expr/value_ops.hpp"

namespace weft::http {
namespace {

using nlohmann::json;
using weft::testing::http_client;
using weft::testing::http_reply;

const std::string secret_key = "api-test-secret-0123456789";

const json hello = json::parse(R"({
  "name": "Hello",
  "steps": [
    { "id": "input", "type": "input", "next": "greet" },
    { "id": "greet", "type": "transform", "config": { "set": { "message": "'Hello, ' + $.input.name" } }, "next": "out" },
    { "id": "out", "type": "output", "config": { "value": "$.greet" } }
  ]
})");

class api_test : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::database_options options;
    options.path = dir_.path() + "/db";
    options.sync = storage::sync_mode::none;
    ASSERT_OK(storage::database::open(options, db_));
    store_ = std::make_unique<storage::workflow_store>(*db_);
    service_ = std::make_unique<services::workflow_service>(*store_, nodes::registry::builtin(), core::expr::system_now_ms);
    std::string why;
    auth_ = authenticator::make(secret_key, why);
    ASSERT_TRUE(auth_) << why;
    api_options o;
    o.version = "test";
    o.storage_ok = [](std::string&) { return true; };
    o.gauges = [] { return std::vector<std::pair<std::string, double>>{{"storage_bytes_workflows", 1.0}}; };
    api_ = std::make_unique<api>(*auth_, *service_, o);
    server_options so;
    so.port = 0;
    so.idle_timeout = std::chrono::seconds(3);
    server_ = std::make_unique<server>(so, [this](request& req, respond_fn respond) { api_->handle(req, std::move(respond)); });
    ASSERT_TRUE(server_->start(why)) << why;
    client_ = std::make_unique<http_client>(server_->port());
  }

  void TearDown() override {
    server_.reset();
    api_.reset();
    service_.reset();
    store_.reset();
    db_.reset();
  }

  std::string token(const std::string& tenant, const std::string& user = "ana", std::vector<std::string> roles = {}) {
    return auth_->issue({user, tenant, std::move(roles)}, std::chrono::hours(1));
  }

  http_reply call(const std::string& method, const std::string& target, const std::string& body = "",
                  const std::string& tenant = "acme") {
    return client_->request(method, target, body, {{"Authorization", "Bearer " + token(tenant)}, {"X-Tenant-ID", tenant}});
  }
  http_reply send(const std::string& method, const std::string& target, const json& body, const std::string& tenant = "acme") {
    return call(method, target, body.dump(), tenant);
  }
  http_reply send(const std::string& method, const std::string& target, const json& body,
                  std::map<std::string, std::string> headers) {
    headers.emplace("Authorization", "Bearer " + token("acme"));
    headers.emplace("X-Tenant-ID", "acme");
    return client_->request(method, target, body.dump(), headers);
  }

  std::string create(const json& definition = hello, const std::string& tenant = "acme") {
    auto r = send("POST", "/api/workflows", definition, tenant);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", "");
  }

  // Asserts the error envelope: code, status, and a request id matching the header.
  static void expect_error(const http_reply& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    json j = r.json();
    ASSERT_TRUE(j.is_object() && j.contains("error")) << r.body;
    EXPECT_EQ(j["error"]["code"], code) << r.body;
    EXPECT_TRUE(j["error"]["message"].is_string());
    EXPECT_TRUE(j["error"]["details"].is_object());
    EXPECT_EQ(j["error"]["request_id"], r.header("x-request-id"));
    EXPECT_FALSE(r.header("x-request-id").empty());
  }

  storage::testing::temp_dir dir_;
  std::unique_ptr<storage::database> db_;
  std::unique_ptr<storage::workflow_store> store_;
  std::unique_ptr<services::workflow_service> service_;
  std::optional<authenticator> auth_;
  std::unique_ptr<api> api_;
  std::unique_ptr<server> server_;
  std::unique_ptr<http_client> client_;
};

TEST_F(api_test, health_answers_without_a_token) {
  auto r = client_->request("GET", "/health");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["status"], "ok");
  EXPECT_EQ(r.json()["version"], "test");
  EXPECT_EQ(r.json()["storage"], "ok");
  EXPECT_GE(r.json()["uptime_seconds"].get<double>(), 0.0);
}

TEST_F(api_test, metrics_count_requests_by_route_and_status) {
  create();
  (void)call("GET", "/api/workflows/nope");
  auto r = client_->request("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(r.body.find(R"(weft_http_requests_total{method="POST",route="/api/workflows",status="201"} 1)"), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(R"(route="/api/workflows/{id}",status="404")"), std::string::npos);
  EXPECT_NE(r.body.find("weft_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(r.body.find(R"(weft_gauge{name="storage_bytes_workflows"} 1)"), std::string::npos);
}

// A client choosing the method must not choose how many series /metrics keeps: each would
// stay in memory for the life of the process.
TEST_F(api_test, metrics_count_unknown_methods_as_one) {
  for (const char* method : {"PROPFIND", "MKCOL", "LOCK"}) EXPECT_EQ(call(method, "/api/workflows").status, 405) << method;
  auto r = client_->request("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("PROPFIND"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("MKCOL"), std::string::npos);
  EXPECT_NE(r.body.find(R"(weft_http_requests_total{method="other",route="unmatched",status="405"} 3)"), std::string::npos)
      << r.body;
}

TEST_F(api_test, create_then_get_returns_the_workflow_and_its_definition) {
  auto r = send("POST", "/api/workflows", hello);
  ASSERT_EQ(r.status, 201) << r.body;
  json created = r.json();
  EXPECT_EQ(created["id"].get<std::string>().rfind("wf_", 0), 0u);
  EXPECT_EQ(created["name"], "Hello");
  EXPECT_EQ(created["status"], "draft");
  EXPECT_EQ(created["version"], 1);
  EXPECT_TRUE(created["active_version"].is_null());
  EXPECT_EQ(created["created_by"], "ana");
  EXPECT_EQ(created["step_count"], 3);
  auto got = call("GET", "/api/workflows/" + created["id"].get<std::string>());
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json()["definition"], hello);
}

TEST_F(api_test, an_invalid_definition_is_refused_with_every_problem) {
  json bad = json::parse(R"({"steps": [{"id": "a", "type": "teleport", "next": "ghost"}]})");
  auto r = send("POST", "/api/workflows", bad);
  expect_error(r, 422, "invalid_workflow_definition");
  auto errors = r.json()["error"]["details"]["errors"];
  ASSERT_EQ(errors.size(), 2u) << r.body;
  std::set<std::string> codes;
  for (const auto& e : errors) codes.insert(e["code"].get<std::string>());
  EXPECT_EQ(codes, (std::set<std::string>{"unknown_step_type", "dangling_reference"}));
  auto list = call("GET", "/api/workflows");
  EXPECT_TRUE(list.json()["workflows"].empty());
}

TEST_F(api_test, a_react_flow_definition_is_stored_in_canonical_form) {
  json rf = json::parse(R"({"name": "RF", "nodes": [
    {"id": "t", "type": "manualTrigger", "position": {"x": 0, "y": 0}, "data": {"label": "Start"}},
    {"id": "l", "type": "log", "position": {"x": 100, "y": 0}, "data": {"config": {"message": "hi"}}}],
    "edges": [{"id": "e1", "source": "t", "target": "l"}]})");
  std::string id = create(rf);
  auto got = call("GET", "/api/workflows/" + id);
  EXPECT_EQ(got.json()["definition"]["steps"][0]["name"], "Start");
  EXPECT_EQ(got.json()["definition"]["edges"][0]["from"], "t");
}

TEST_F(api_test, listing_pages_with_a_cursor_and_filters) {
  std::set<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    json d = hello;
    d["name"] = i % 2 ? "Report " + std::to_string(i) : "Sync " + std::to_string(i);
    ids.insert(create(d));
  }
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto r = call("GET", "/api/workflows?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    const json page = r.json();
    for (const auto& w : page["workflows"]) {
      EXPECT_FALSE(w.contains("definition"));
      seen.insert(w["id"].get<std::string>());
    }
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen, ids);
  EXPECT_EQ(pages, 3);
  auto reports = call("GET", "/api/workflows?name=REPORT");
  EXPECT_EQ(reports.json()["workflows"].size(), 2u);
  std::string some = *ids.begin();
  ASSERT_EQ(send("POST", "/api/workflows/" + some + "/publish", json{{"notes", "go"}}).status, 200);
  auto active = call("GET", "/api/workflows?status=active");
  ASSERT_EQ(active.json()["workflows"].size(), 1u);
  EXPECT_EQ(active.json()["workflows"][0]["id"], some);
  expect_error(call("GET", "/api/workflows?status=weird"), 400, "invalid_input");
  expect_error(call("GET", "/api/workflows?limit=abc"), 400, "invalid_input");
}

TEST_F(api_test, every_change_makes_an_immutable_version) {
  std::string id = create();
  json v2 = hello;
  v2["steps"][1]["config"]["set"]["message"] = "'Hi, ' + $.input.name";
  auto put = send("PUT", "/api/workflows/" + id, v2);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["version"], 2);
  auto patch = send("PATCH", "/api/workflows/" + id, json{{"name", "Hello again"}, {"description", "patched"}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(patch.json()["version"], 3);
  EXPECT_EQ(patch.json()["name"], "Hello again");
  EXPECT_EQ(patch.json()["definition"]["steps"], v2["steps"]);

  auto versions = call("GET", "/api/workflows/" + id + "/versions");
  ASSERT_EQ(versions.status, 200);
  auto list = versions.json()["versions"];
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0]["change"], "created");
  EXPECT_EQ(list[1]["change"], "replaced");
  EXPECT_EQ(list[2]["change"], "patched");
  auto first = call("GET", "/api/workflows/" + id + "/versions/1");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.json()["definition"], hello);

  auto diff = call("GET", "/api/workflows/" + id + "/diff?from=1&to=3");
  ASSERT_EQ(diff.status, 200) << diff.body;
  EXPECT_TRUE(diff.json()["added"].empty());
  ASSERT_EQ(diff.json()["changed"].size(), 1u);
  EXPECT_EQ(diff.json()["changed"][0]["step_id"], "greet");
  EXPECT_EQ(diff.json()["changed"][0]["fields"], json({"config"}));
  EXPECT_EQ(diff.json()["workflow_fields"], json({"description", "name"}));
}

// Two editors of one workflow: the second save, based on a version that is no longer the
// latest, is refused instead of silently overwriting the first.
TEST_F(api_test, if_match_refuses_a_save_based_on_an_old_version) {
  std::string id = create();
  json v2 = hello;
  v2["description"] = "first editor";
  auto first = send("PUT", "/api/workflows/" + id, v2, {{"If-Match", "\"1\""}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()["version"], 2);
  v2["description"] = "second editor, who read version 1";
  auto second = send("PUT", "/api/workflows/" + id, v2, {{"If-Match", "1"}});
  ASSERT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(second.json()["error"]["code"], "conflict");
  EXPECT_EQ(second.json()["error"]["details"]["current_version"], 2);
  EXPECT_EQ(second.json()["error"]["details"]["based_on"], 1);
  EXPECT_EQ(send("PATCH", "/api/workflows/" + id, json{{"name", "x"}}, {{"If-Match", "W/\"1\""}}).status, 409);
  EXPECT_EQ(call("GET", "/api/workflows/" + id).json()["description"], "first editor") << "nothing was overwritten";
  EXPECT_EQ(send("PATCH", "/api/workflows/" + id, json{{"name", "x"}}, {{"If-Match", "2"}}).json()["version"], 3);
  EXPECT_EQ(send("PUT", "/api/workflows/" + id, v2).status, 200) << "without If-Match the last save wins, as before";
  for (const char* bad : {"abc", "0", "\"\"", "-1"}) {
    auto r = send("PUT", "/api/workflows/" + id, v2, {{"If-Match", bad}});
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_EQ(r.json()["error"]["code"], "invalid_input");
  }
}

TEST_F(api_test, publish_and_revert) {
  std::string id = create();
  // Publishing names the version the user looked at: version 1 becomes the one that runs and
  // no version 2 is written for it (before, publish wrote a copy as a new version).
  auto pub = send("POST", "/api/workflows/" + id + "/publish", json{{"notes", "first release"}});
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(pub.json()["status"], "active");
  EXPECT_EQ(pub.json()["version"], 1);
  EXPECT_EQ(pub.json()["active_version"], 1);
  json changed = hello;
  changed["name"] = "Changed";
  auto put = send("PUT", "/api/workflows/" + id, changed);
  EXPECT_EQ(put.json()["version"], 2);
  EXPECT_EQ(put.json()["status"], "draft");
  EXPECT_EQ(put.json()["active_version"], 1);
  auto rev = send("POST", "/api/workflows/" + id + "/revert", json{{"version", 1}});
  ASSERT_EQ(rev.status, 200) << rev.body;
  EXPECT_EQ(rev.json()["version"], 3);
  EXPECT_EQ(rev.json()["name"], "Hello");
  auto versions = call("GET", "/api/workflows/" + id + "/versions").json()["versions"];
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[0]["change"], "created");
  EXPECT_EQ(versions[0]["publish_notes"], "first release");
  EXPECT_TRUE(versions[0]["published_at"].is_string());
  EXPECT_EQ(versions[0]["active"], true);
  EXPECT_FALSE(versions[1].contains("published_at"));
  EXPECT_EQ(versions[2]["change"], "reverted");
  EXPECT_EQ(versions[2]["notes"], "reverted to version 1");
  expect_error(send("POST", "/api/workflows/" + id + "/revert", json{{"version", 99}}), 404, "not_found");
  expect_error(send("POST", "/api/workflows/" + id + "/revert", json{{"version", "1"}}), 400, "invalid_input");
  expect_error(send("POST", "/api/workflows/" + id + "/publish", json{{"notes", 5}}), 400, "invalid_input");
  expect_error(send("POST", "/api/workflows/" + id + "/publish", json{{"version", 0}}), 400, "invalid_input");
  expect_error(send("POST", "/api/workflows/" + id + "/publish", json{{"version", 9}}), 404, "not_found");
}

TEST_F(api_test, delete_removes_the_workflow_and_its_versions) {
  std::string id = create();
  auto del = call("DELETE", "/api/workflows/" + id);
  EXPECT_EQ(del.status, 204);
  EXPECT_TRUE(del.body.empty());
  expect_error(call("GET", "/api/workflows/" + id), 404, "workflow_not_found");
  expect_error(call("GET", "/api/workflows/" + id + "/versions"), 404, "workflow_not_found");
  expect_error(call("DELETE", "/api/workflows/" + id), 404, "workflow_not_found");
}

TEST_F(api_test, validate_reports_problems_without_storing) {
  auto ok = send("POST", "/api/workflows/validate", hello);
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(ok.json()["valid"], true);
  auto bad = send("POST", "/api/workflows/validate", json::parse(R"({"steps": [{"id": "a", "type": "log"}]})"));
  ASSERT_EQ(bad.status, 200);
  EXPECT_EQ(bad.json()["valid"], false);
  EXPECT_EQ(bad.json()["errors"][0]["pointer"], "/steps/0/config");
  EXPECT_TRUE(call("GET", "/api/workflows").json()["workflows"].empty());
}

TEST_F(api_test, validate_step_answers_as_seed_000_shows) {
  json body = json::parse(R"({
    "step": {"id": "decision", "type": "condition", "name": "Check Enrichment Success",
             "config": {"conditions": [{"condition": "$.enrich_data.success == true", "next": "output_success"}],
                        "default": "output_failure"}},
    "context": {"available_steps": ["input", "lookup", "enrich_data", "output_success", "output_failure"],
                "input_schema": {}}})");
  auto r = send("POST", "/api/workflows/validate-step", body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["valid"], true);
  ASSERT_EQ(r.json()["warnings"].size(), 1u);
  EXPECT_EQ(r.json()["warnings"][0]["code"], "expression_simplification");
  EXPECT_NE(r.json()["warnings"][0]["message"].get<std::string>().find("'$.enrich_data.success'"), std::string::npos);

  body["context"]["available_steps"] = json({"input"});
  auto missing = send("POST", "/api/workflows/validate-step", body);
  expect_error(missing, 422, "step_configuration_error");
  EXPECT_EQ(missing.json()["error"]["details"]["valid"], false);
  EXPECT_FALSE(missing.json()["error"]["details"]["errors"].empty());
  expect_error(send("POST", "/api/workflows/validate-step", json{{"nostep", 1}}), 400, "invalid_input");
  expect_error(send("POST", "/api/workflows/validate-step", json{{"step", {{"id", "x"}, {"type", "log"}}}, {"context", 5}}),
               400, "invalid_input");
}

TEST_F(api_test, requests_without_valid_credentials_are_unauthorized) {
  std::string id = create();
  const std::string target = "/api/workflows/" + id;
  auto none = client_->request("GET", target);
  expect_error(none, 401, "unauthorized");
  EXPECT_EQ(none.header("www-authenticate"), "Bearer");
  expect_error(client_->request("GET", target, "", {{"Authorization", "Basic YTpi"}, {"X-Tenant-ID", "acme"}}), 401,
               "unauthorized");
  expect_error(client_->request("GET", target, "", {{"Authorization", "Bearer garbage"}, {"X-Tenant-ID", "acme"}}), 401,
               "unauthorized");
  std::string why;
  auto other = authenticator::make("some-other-secret-123456", why);
  expect_error(client_->request("GET", target, "",
                                {{"Authorization", "Bearer " + other->issue({"ana", "acme", {}}, std::chrono::hours(1))},
                                 {"X-Tenant-ID", "acme"}}),
               401, "unauthorized");
  std::string none_alg = weft::testing::base64url(R"({"alg":"none","typ":"JWT"})") + "." +
                         weft::testing::base64url(R"({"sub":"ana","tenant_id":"acme","roles":[],"exp":9999999999})") + ".";
  expect_error(client_->request("GET", target, "", {{"Authorization", "Bearer " + none_alg}, {"X-Tenant-ID", "acme"}}), 401,
               "unauthorized");
  std::string expired = auth_->issue({"ana", "acme", {}}, std::chrono::seconds(-30));
  expect_error(client_->request("GET", target, "", {{"Authorization", "Bearer " + expired}, {"X-Tenant-ID", "acme"}}), 401,
               "unauthorized");
  expect_error(client_->request("GET", target, "", {{"Authorization", "Bearer " + token("acme")}}), 401, "unauthorized");
}

TEST_F(api_test, a_token_for_one_tenant_cannot_act_for_another) {
  std::string id = create();
  auto r = client_->request("GET", "/api/workflows/" + id, "",
                            {{"Authorization", "Bearer " + token("globex")}, {"X-Tenant-ID", "acme"}});
  expect_error(r, 403, "permission_denied");
}

TEST_F(api_test, another_tenants_ids_answer_404_and_change_nothing) {
  std::string id = create();
  const std::string base = "/api/workflows/" + id;
  expect_error(call("GET", base, "", "globex"), 404, "workflow_not_found");
  expect_error(call("PUT", base, hello.dump(), "globex"), 404, "workflow_not_found");
  expect_error(call("PATCH", base, R"({"name": "pwned"})", "globex"), 404, "workflow_not_found");
  expect_error(call("GET", base + "/versions", "", "globex"), 404, "workflow_not_found");
  expect_error(call("GET", base + "/versions/1", "", "globex"), 404, "workflow_not_found");
  expect_error(call("GET", base + "/diff?from=1&to=1", "", "globex"), 404, "workflow_not_found");
  expect_error(call("POST", base + "/publish", "{}", "globex"), 404, "workflow_not_found");
  expect_error(call("POST", base + "/revert", R"({"version": 1})", "globex"), 404, "workflow_not_found");
  expect_error(call("DELETE", base, "", "globex"), 404, "workflow_not_found");
  EXPECT_TRUE(call("GET", "/api/workflows", "", "globex").json()["workflows"].empty());
  auto mine = call("GET", base);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json()["name"], "Hello");
  EXPECT_EQ(mine.json()["version"], 1);
}

TEST_F(api_test, malformed_and_hostile_bodies_get_the_envelope) {
  expect_error(call("POST", "/api/workflows", std::string("{\"steps\": [")), 400, "invalid_input");
  expect_error(call("POST", "/api/workflows", std::string("")), 400, "invalid_input");
  expect_error(call("POST", "/api/workflows", std::string("\xff\xfe")), 400, "invalid_input");
  expect_error(call("POST", "/api/workflows", std::string(300, '[') + std::string(300, ']')), 400, "invalid_input");
  expect_error(call("POST", "/api/workflows", std::string("[1, 2]")), 422, "invalid_workflow_definition");
  expect_error(call("POST", "/api/workflows", std::string("\"just a string\"")), 422, "invalid_workflow_definition");
  std::string id = create();
  expect_error(call("PATCH", "/api/workflows/" + id, std::string("[1]")), 400, "invalid_input");
  json too_big = hello;
  too_big["description"] = std::string(1024 * 1024 + 10, 'x');
  expect_error(send("POST", "/api/workflows", too_big), 413, "payload_too_large");
  // The server still serves afterwards.
  EXPECT_EQ(call("GET", "/api/workflows/" + id).status, 200);
}

TEST_F(api_test, bad_parameters_unknown_routes_and_wrong_methods) {
  std::string id = create();
  expect_error(call("GET", "/api/workflows/" + id + "/versions/abc"), 400, "invalid_input");
  expect_error(call("GET", "/api/workflows/" + id + "/versions/0"), 400, "invalid_input");
  expect_error(call("GET", "/api/workflows/" + id + "/versions/99"), 404, "not_found");
  expect_error(call("GET", "/api/workflows/" + id + "/diff?from=1"), 400, "invalid_input");
  expect_error(call("GET", "/api/nothing/here"), 404, "not_found");
  expect_error(client_->request("GET", "/api/nothing/here"), 404, "not_found");
  expect_error(call("DELETE", "/api/workflows"), 405, "method_not_allowed");
  expect_error(client_->request("POST", "/health"), 405, "method_not_allowed");
  expect_error(call("GET", "/api/workflows/" + std::string(300, 'x')), 404, "workflow_not_found");
}

TEST_F(api_test, garbage_on_the_socket_does_not_stop_the_server) {
  std::string reply = client_->raw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_NE(reply.find("400"), std::string::npos) << reply;
  reply = client_->raw(std::string("GET /health HTTP/1.1\r\nHost: x\r\nX: ") + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_NE(reply.find("413"), std::string::npos) << reply.substr(0, 200);
  (void)client_->raw("GET /hea", 300);  // a request cut short
  EXPECT_EQ(client_->request("GET", "/health").status, 200);
}

TEST_F(api_test, keep_alive_serves_several_requests_on_one_connection) {
  std::string two = "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  std::string reply = client_->raw(two);
  std::size_t first = reply.find("HTTP/1.1 200");
  ASSERT_NE(first, std::string::npos) << reply;
  EXPECT_NE(reply.find("HTTP/1.1 200", first + 1), std::string::npos) << reply;
}

TEST_F(api_test, request_ids_are_echoed_or_made) {
  auto mine = client_->request("GET", "/health", "", {{"X-Request-ID", "trace-123"}});
  EXPECT_EQ(mine.header("x-request-id"), "trace-123");
  auto hostile = client_->request("GET", "/health", "", {{"X-Request-ID", "bad id with spaces"}});
  EXPECT_NE(hostile.header("x-request-id"), "bad id with spaces");
  EXPECT_EQ(hostile.header("x-request-id").size(), 32u);
}

TEST_F(api_test, concurrent_creates_all_land) {
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        if (send("POST", "/api/workflows", hello).status == 201) ++created;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created, 40);
  auto r = call("GET", "/api/workflows?limit=200");
  EXPECT_EQ(r.json()["workflows"].size(), 40u);
}

}  // namespace
}  // namespace weft::http
