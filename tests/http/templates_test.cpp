// The workflow templates: listed, read, used by POST /api/workflows { template_id }, and
// every one run end to end with its example input against a local stand-in server.
#include <set>

#include <gtest/gtest.h>

#include "templates/catalog.hpp"
#include "tests/http/example_runs.hpp"

namespace weft::http {
namespace {

using nlohmann::json;

class templates_test : public example_runs {};

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
  for (const auto& t : templates::all()) {
    const std::string id = t["id"];
    SCOPED_TRACE(id);
    const std::string tenant = "t-" + id;  // each example on its own: its records, its secrets
    auto created = http_->request("POST", "/api/workflows", json{{"template_id", id}}.dump(), headers(tenant));
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_TRUE(created.json()["warnings"].empty()) << created.body;
    const json& example = t["example"];
    EXPECT_TRUE(example.contains("output") || example.contains("error")) << "the example says nothing of what it produces";
    expect_promise_kept(run_example(created.json()["id"], example, tenant), example);
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
    return run_example(created.json()["id"], {{"input", input}});
  };
  EXPECT_EQ(run("resilient-api-call", {{"url", stub + "/flaky"}})["output"]["source"], "fallback");
  EXPECT_EQ(run("resilient-api-call", {{"url", stub + "/fine"}})["output"]["source"], "api");
  EXPECT_EQ(run("order-routing", {{"total", 20000}})["output"], json({{"lane", "review"}}));
  EXPECT_EQ(run("order-routing", {{"total", 5}})["output"], json({{"lane", "standard"}}));
  EXPECT_EQ(run("csv-import-totals", {{"csv", "region,amount\neu,10\nus,4.5\neu,2\n"}})["output"]["totals"][0],
            json({{"key", "eu"}, {"value", 12}, {"count", 2}}));
  EXPECT_EQ(run("api-report", {{"url", stub + "/items"}})["output"], json({{"items", 3}}));
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
