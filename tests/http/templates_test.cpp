// The workflow templates: listed, read, used by POST /api/workflows { template_id }, and
// every one run end to end with its example input against a local stand-in server.
#include <set>

#include <gtest/gtest.h>

#include "templates/catalog.hpp"
#include "tests/http/node_stack.hpp"
#include "tests/support/self_signed.hpp"
#include "tests/support/smtp_sink.hpp"
#include "tests/support/stub_server.hpp"

namespace weft::http {
namespace {

using nlohmann::json;
using weft::testing::stub_request;
using weft::testing::stub_response;

class templates_test : public node_stack {
 protected:
  // The email templates send through a local SMTP server with STARTTLS and a login.
  static void SetUpTestSuite() { (void)weft::testing::trusted_certificates(); }
  weft::testing::smtp_sink smtp_{{"--cert", weft::testing::trusted_certificates().trusted.cert_file, "--key",
                                  weft::testing::trusted_certificates().trusted.key_file, "--require-tls", "--user", "*",
                                  "--password", "s3cret pass"}};
  // Answers like the APIs the templates call; /flaky always fails (the fallback path).
  weft::testing::stub_server remote_{[](const stub_request& req) {
    if (req.target.rfind("/flaky", 0) == 0) return stub_response{503, "application/json", R"({"busy": true})"};
    if (req.target == "/v1/chat/completions") {  // an OpenAI-compatible model that finds everything urgent
      return stub_response{200, "application/json", R"({"model": "m", "choices": [{"message": {"role": "assistant",
        "content": "{\"urgent\": true, \"topic\": \"outage\"}"}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 9, "completion_tokens": 4, "total_tokens": 13}})"};
    }
    return stub_response{200, "application/json", R"({"ok": true, "company_size": "101-250", "items": [{"id": 1}, {"id": 2}, {"id": 3}]})"};
  }};
};

TEST_F(templates_test, the_list_shows_every_template_without_its_definition) {
  auto r = http_->request("GET", "/api/templates", "", headers());
  ASSERT_EQ(r.status, 200) << r.body;
  const json list = r.json()["templates"];
  ASSERT_EQ(list.size(), templates::all().size());
  ASSERT_GE(list.size(), 20u);
  std::set<std::string> ids;
  for (const auto& t : list) {
    EXPECT_TRUE(ids.insert(t["id"].get<std::string>()).second);
    for (const char* key : {"name", "description", "category"}) EXPECT_FALSE(t[key].get<std::string>().empty()) << t["id"];
    EXPECT_FALSE(t.contains("definition"));
    EXPECT_GT(t["step_count"].get<int>(), 0);
  }
  auto one = http_->request("GET", "/api/templates/data-enrichment", "", headers());
  ASSERT_EQ(one.status, 200);
  EXPECT_TRUE(one.json()["definition"]["steps"].is_array());
  EXPECT_EQ(http_->request("GET", "/api/templates/nope", "", headers()).status, 404);
}

TEST_F(templates_test, every_template_validates_creates_and_runs_its_example) {
  const std::string stub = "http://127.0.0.1:" + std::to_string(remote_.port());
  for (const auto& t : templates::all()) {
    const std::string id = t["id"];
    SCOPED_TRACE(id);
    auto created = http_->request("POST", "/api/workflows", json{{"template_id", id}}.dump(), headers());
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_TRUE(created.json()["warnings"].empty()) << created.body;
    const std::string wf = created.json()["id"];
    const json secrets = t["example"].value("secrets", json::object());
    for (const auto& [name, value] : secrets.items()) {
      ASSERT_EQ(http_->request("PUT", "/api/secrets/" + name, json{{"value", value}}.dump(), headers("acme", {"admin"})).status, 200);
    }
    std::string input = t["example"]["input"].dump();
    for (auto at = input.find("{{stub}}"); at != std::string::npos; at = input.find("{{stub}}")) input.replace(at, 8, stub);
    for (auto at = input.find("{{smtp_port}}"); at != std::string::npos; at = input.find("{{smtp_port}}")) {
      input.replace(at, 13, std::to_string(smtp_.port()));
    }
    auto started = http_->request("POST", "/api/workflows/" + wf + "/execute", R"({"input": )" + input + "}", headers());
    ASSERT_EQ(started.status, 202) << started.body;
    const std::string execution = started.json()["execution_id"];
    if (t["example"].contains("signal")) {
      const json& signal = t["example"]["signal"];
      auto sent = http_->request("POST", "/api/executions/" + execution + "/signals/" + signal["name"].get<std::string>(),
                                 signal["payload"].dump(), headers());
      EXPECT_EQ(sent.status / 100, 2) << sent.body;
    }
    auto done = http_->request("GET", "/api/executions/" + execution + "?wait_ms=15000", "", headers());
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(done.json()["status"], t["example"]["status"]) << done.body;
  }
  // The two email templates' messages reached the SMTP server, over TLS.
  std::set<std::string> recipients;
  for (json m = smtp_.next_message(); m.is_object(); m = smtp_.next_message(std::chrono::milliseconds(200))) {
    EXPECT_EQ(m["tls"], true);
    for (const auto& r : m["rcpt_tos"]) recipients.insert(r.get<std::string>());
  }
  EXPECT_EQ(recipients, (std::set<std::string>{"ana@example.com", "ops@example.com"}));
}

TEST_F(templates_test, examples_produce_what_their_templates_promise) {
  const std::string stub = "http://127.0.0.1:" + std::to_string(remote_.port());
  auto run = [&](const std::string& id, const json& input) {
    auto created = http_->request("POST", "/api/workflows", json{{"template_id", id}}.dump(), headers());
    auto started = http_->request("POST", "/api/workflows/" + created.json()["id"].get<std::string>() + "/execute",
                                  json{{"input", input}}.dump(), headers());
    return http_->request("GET", "/api/executions/" + started.json()["execution_id"].get<std::string>() + "?wait_ms=15000", "",
                          headers())
        .json();
  };
  EXPECT_EQ(run("resilient-api-call", {{"url", stub + "/flaky"}})["output"]["source"], "fallback");
  EXPECT_EQ(run("resilient-api-call", {{"url", stub + "/fine"}})["output"]["source"], "api");
  EXPECT_EQ(run("order-routing", {{"total", 20000}})["output"], json({{"lane", "review"}}));
  EXPECT_EQ(run("order-routing", {{"total", 5}})["output"], json({{"lane", "standard"}}));
  EXPECT_EQ(run("csv-import-totals", {{"csv", "region,amount\neu,10\nus,4.5\neu,2\n"}})["output"]["totals"][0],
            json({{"key", "eu"}, {"value", 12}, {"count", 2}}));
  EXPECT_EQ(run("api-report", {{"url", stub + "/items"}})["output"], json({{"items", 3}}));
  EXPECT_EQ(run("parallel-fan-out", {{"base", stub}})["output"]["answers"].size(), 3u);
  ASSERT_EQ(http_->request("PUT", "/api/secrets/openai", R"({"value": "sk"})", headers("acme", {"admin"})).status, 200);
  EXPECT_EQ(run("ticket-triage", {{"ticket", "down"}, {"llm_base_url", stub + "/v1"}, {"pager_url", stub + "/pager"}})["output"],
            json({{"lane", "urgent"}, {"topic", "outage"}}));
}

TEST_F(templates_test, a_template_can_be_renamed_and_unknown_ones_are_refused) {
  auto named = http_->request("POST", "/api/workflows", R"({"template_id": "order-routing", "name": "Our routing"})", headers());
  ASSERT_EQ(named.status, 201);
  EXPECT_EQ(named.json()["name"], "Our routing");
  auto unknown = http_->request("POST", "/api/workflows", R"({"template_id": "teleport"})", headers());
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json()["error"]["code"], "not_found");
  auto wrong_type = http_->request("POST", "/api/workflows", R"({"template_id": 7})", headers());
  EXPECT_EQ(wrong_type.status, 404);
  EXPECT_EQ(http_->request("GET", "/api/templates", "", {}).status, 401);
}

}  // namespace
}  // namespace weft::http
