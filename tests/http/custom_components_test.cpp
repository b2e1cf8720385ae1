// Custom components: a tenant admin registers a step type backed by an HTTP endpoint (a
// local stand-in here); it shows in the component lists, its config is validated against
// its own schema, and a step of that type calls the endpoint with the usual retries and
// timeouts. Other tenants neither see nor can use it.
#include <gtest/gtest.h>

#include <atomic>

#include "tests/http/node_stack.hpp"
#include "tests/support/stub_server.hpp"

namespace weft::http {
namespace {

using nlohmann::json;
using weft::testing::stub_request;
using weft::testing::stub_response;
using weft::testing::http_reply;
using weft::testing::stub_server;

class custom_components_test : public node_stack {
 protected:
  // Scores a lead: answers { score } from the input's size; /flaky fails once, /slow sleeps.
  stub_server endpoint_{[this](const stub_request& r) {
    if (r.target == "/flaky" && flaky_calls_++ == 0) return stub_response{503, "application/json", R"({"busy": true})"};
    if (r.target == "/broken") return stub_response{500, "application/json", R"({"error": "boom"})"};
    if (r.target == "/slow") return stub_response{200, "application/json", "{}", 2000};
    const json body = json::parse(r.body, nullptr, false);
    return stub_response{200, "application/json",
                         json{{"score", body["input"].value("employees", 0) > 100 ? 90 : 10}, {"threshold", body["config"]["threshold"]}}.dump()};
  }};
  std::atomic<int> flaky_calls_{0};

  json registration(const std::string& path = "/score") const {
    return {{"name", "Lead Scorer"},
            {"description", "Scores a lead with our model"},
            {"icon", "StarIcon"},
            {"config_schema",
             {{"type", "object"},
              {"additionalProperties", false},
              {"required", {"threshold"}},
              {"properties", {{"threshold", {{"type", "string"}, {"description", "minimum score"}}}, {"model", {{"enum", {"v1", "v2"}}}}}}}},
            {"endpoint", {{"url", "http://127.0.0.1:" + std::to_string(endpoint_.port()) + path}, {"auth_secret", "scorer_key"}, {"timeout_ms", 5000}}}};
  }
  http_reply put(const std::string& type, const json& body, const std::string& tenant = "acme", std::vector<std::string> roles = {"admin"}) {
    return http_->request("PUT", "/api/components/" + type, body.dump(), headers(tenant, std::move(roles)));
  }
  json flow(const std::string& type, const json& config, const json& extra = json::object()) const {
    json step = {{"id", "score"}, {"type", type}, {"config", config}, {"next", "out"}};
    step.update(extra);
    return {{"name", "leads"},
            {"steps",
             {{{"id", "input"}, {"type", "input"}, {"next", "score"}},
              step,
              {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.score"}}}}}}};
  }
  json run(const json& definition, const json& input) {
    const std::string id = execute(create(definition), input);
    return http_->request("GET", "/api/executions/" + id + "?wait_ms=15000", "", headers()).json();
  }
  void SetUp() override {
    node_stack::SetUp();
    ASSERT_EQ(http_->request("PUT", "/api/secrets/scorer_key", R"({"value": "key-123"})", headers("acme", {"admin"})).status, 200);
  }
};

TEST_F(custom_components_test, an_admin_registers_a_component_and_editors_see_it) {
  auto created = put("lead_scorer", registration());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["type"], "lead_scorer");
  EXPECT_EQ(put("lead_scorer", registration()).status, 200) << "replacing answers 200";

  const json list = http_->request("GET", "/api/components", "", headers()).json()["components"];
  const json mine = list.back();
  EXPECT_EQ(mine["type"], "lead_scorer");
  EXPECT_EQ(mine["tier"], "custom");
  EXPECT_EQ(mine["custom"], true);
  EXPECT_EQ(mine["icon"], "StarIcon");
  ASSERT_EQ(mine["parameters"].size(), 2u);
  EXPECT_EQ(mine["parameters"][0]["name"], "model");
  EXPECT_EQ(mine["parameters"][0]["type"], "select");
  EXPECT_EQ(http_->request("GET", "/api/components/lead_scorer", "", headers()).json()["name"], "Lead Scorer");
  auto seed001 = http_->request("GET", "/api/workflow/components/lead_scorer", "", {{"Authorization", "Bearer " + token()}});
  EXPECT_EQ(seed001.json()["data"]["type"], "lead_scorer") << seed001.body;

  // Another tenant sees nothing of it.
  EXPECT_EQ(http_->request("GET", "/api/components/lead_scorer", "", headers("globex")).status, 404);
  EXPECT_EQ(http_->request("GET", "/api/components", "", headers("globex")).json()["components"].back()["type"], "schedule");
}

TEST_F(custom_components_test, registrations_are_checked_and_admins_only) {
  EXPECT_EQ(put("lead_scorer", registration(), "acme", {}).status, 403);
  EXPECT_EQ(put("http", registration()).json()["error"]["details"]["pointer"], "/type") << "a built-in name";
  EXPECT_EQ(put("Bad-Name", registration()).status, 400);
  json no_url = registration();
  no_url["endpoint"].erase("url");
  EXPECT_EQ(put("lead_scorer", no_url).json()["error"]["details"]["pointer"], "/endpoint/url");
  json ftp = registration();
  ftp["endpoint"]["url"] = "ftp://example.com/x";
  EXPECT_EQ(put("lead_scorer", ftp).json()["error"]["details"]["pointer"], "/endpoint/url");
  json bad_schema = registration();
  bad_schema["config_schema"] = {{"type", 42}};
  EXPECT_EQ(put("lead_scorer", bad_schema).json()["error"]["details"]["pointer"], "/config_schema");
  EXPECT_EQ(http_->request("PUT", "/api/components/lead_scorer", "not json", headers("acme", {"admin"})).status, 400);
  EXPECT_EQ(http_->request("GET", "/api/components/lead_scorer", "", headers()).status, 404) << "nothing was stored";
}

TEST_F(custom_components_test, a_step_of_the_type_is_validated_against_its_schema) {
  ASSERT_EQ(put("lead_scorer", registration()).status, 201);
  auto bad = http_->request("POST", "/api/workflows", flow("lead_scorer", {{"model", "v3"}}).dump(), headers());
  ASSERT_EQ(bad.status, 422) << bad.body;
  const json errors = bad.json()["error"]["details"]["errors"];
  std::set<std::string> pointers;
  for (const auto& e : errors) pointers.insert(e["pointer"].get<std::string>());
  EXPECT_TRUE(pointers.count("/steps/1/config/model")) << bad.body;
  EXPECT_TRUE(pointers.count("/steps/1/config")) << "threshold is required: " << bad.body;
  // Unknown in another tenant.
  auto elsewhere = http_->request("POST", "/api/workflows", flow("lead_scorer", {{"threshold", "50"}}).dump(), headers("globex"));
  EXPECT_EQ(elsewhere.status, 422) << elsewhere.body;
}

TEST_F(custom_components_test, a_step_calls_the_endpoint_and_its_answer_is_the_output) {
  ASSERT_EQ(put("lead_scorer", registration()).status, 201);
  const json done = run(flow("lead_scorer", {{"threshold", "{{ $.input.min }}"}}), {{"employees", 250}, {"min", 70}});
  ASSERT_EQ(done["status"], "completed") << done.dump();
  EXPECT_EQ(done["output"], json({{"score", 90}, {"threshold", 70}})) << "a template that is the whole string keeps its type";
  const auto calls = endpoint_.requests();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "POST");
  EXPECT_EQ(calls[0].headers.at("authorization"), "Bearer key-123");
  EXPECT_EQ(calls[0].headers.at("idempotency-key"), done["execution_id"].get<std::string>() + ":score");
  const json sent = json::parse(calls[0].body);
  EXPECT_EQ(sent["type"], "lead_scorer");
  EXPECT_EQ(sent["step_id"], "score");
  EXPECT_EQ(sent["execution_id"], done["execution_id"]);
  EXPECT_EQ(sent["input"]["employees"], 250) << "the step before it: the input";
  EXPECT_EQ(sent["config"], json({{"threshold", 70}}));
}

TEST_F(custom_components_test, retries_and_timeouts_apply_as_to_any_step) {
  ASSERT_EQ(put("flaky_scorer", registration("/flaky")).status, 201);
  const json retried = run(flow("flaky_scorer", {{"threshold", "1"}}, {{"retry", {{"max_attempts", 2}, {"initial_interval_ms", 10}}}}),
                           {{"employees", 5}});
  ASSERT_EQ(retried["status"], "completed") << retried.dump();
  EXPECT_EQ(retried["steps"]["score"]["attempts"], 2);

  ASSERT_EQ(put("slow_scorer", registration("/slow")).status, 201);
  const json slow = run(flow("slow_scorer", {{"threshold", "1"}}, {{"timeout_ms", 200}}), {{"employees", 5}});
  ASSERT_EQ(slow["status"], "failed") << slow.dump();
  EXPECT_EQ(slow["error"]["code"], "timeout");

  ASSERT_EQ(put("broken_scorer", registration("/broken")).status, 201);
  const json broken = run(flow("broken_scorer", {{"threshold", "1"}}), {{"employees", 5}});
  ASSERT_EQ(broken["status"], "failed") << broken.dump();
  EXPECT_EQ(broken["error"]["code"], "external_service_error");
  EXPECT_EQ(broken["error"]["details"]["status"], 500);
  EXPECT_EQ(broken["error"]["details"]["body"], json({{"error", "boom"}}));
}

TEST_F(custom_components_test, a_removed_component_fails_the_steps_that_still_use_it) {
  ASSERT_EQ(put("lead_scorer", registration()).status, 201);
  const std::string wf = create(flow("lead_scorer", {{"threshold", "1"}}));
  EXPECT_EQ(http_->request("DELETE", "/api/components/lead_scorer", "", headers()).status, 403);
  ASSERT_EQ(http_->request("DELETE", "/api/components/lead_scorer", "", headers("acme", {"admin"})).status, 204);
  EXPECT_EQ(http_->request("DELETE", "/api/components/lead_scorer", "", headers("acme", {"admin"})).status, 404);
  const std::string id = execute(wf, {{"employees", 5}});
  const json done = http_->request("GET", "/api/executions/" + id + "?wait_ms=15000", "", headers()).json();
  ASSERT_EQ(done["status"], "failed") << done.dump();
  EXPECT_EQ(done["error"]["code"], "unknown_step_type");
}

}  // namespace
}  // namespace weft::http
