// Tenant secrets and the llm step against the real server and runtime, with a loopback
// server speaking the chat-completions API: the key goes from a write-only secret to the
// Authorization header and nowhere else; failures are external_service_error.
#include <mutex>

#include <gtest/gtest.h>

#include "tests/http/node_stack.hpp"
#include "tests/support/stub_server.hpp"

namespace weft::http {
namespace {

using nlohmann::json;
using weft::testing::stub_request;
using weft::testing::stub_response;

const char* const completion = R"({"id": "chatcmpl-1", "object": "chat.completion", "model": "test-model",
  "choices": [{"index": 0, "message": {"role": "assistant", "content": "{\"summary\": \"short\"}"}, "finish_reason": "stop"}],
  "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}})";

class llm_secrets_test : public node_stack {
 protected:
  std::map<std::string, std::string> admin() { return headers("acme", {"admin"}); }

  json llm_flow(const std::string& base_url, const std::string& secret = "openai") {
    return {{"name", "summarise"},
            {"steps",
             {{{"id", "input"}, {"type", "input"}, {"next", "ask"}},
              {{"id", "ask"},
               {"type", "llm"},
               {"config",
                {{"base_url", base_url},
                 {"model", "test-model"},
                 {"api_key_secret", secret},
                 {"json_mode", true},
                 {"temperature", 0},
                 {"messages",
                  {{{"role", "system"}, {"content", "You summarise."}},
                   {{"role", "user"}, {"content", "Summarise: {{ $.input.text }}"}}}}}},
               {"next", "out"}},
              {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.ask"}}}}}}};
  }

  json run(const json& definition, const json& input) {
    const std::string wf = create(definition);
    const std::string id = execute(wf, input);
    last_execution_ = id;
    return http_->request("GET", "/api/executions/" + id + "?wait_ms=15000", "", headers()).json();
  }

  std::string last_execution_;
};

TEST_F(llm_secrets_test, secrets_are_write_only_per_tenant_and_for_admins) {
  auto put = http_->request("PUT", "/api/secrets/openai", R"({"value": "sk-very-secret"})", admin());
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["name"], "openai");
  EXPECT_EQ(put.body.find("sk-very-secret"), std::string::npos);
  auto list = http_->request("GET", "/api/secrets", "", admin());
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json()["secrets"].size(), 1u);
  EXPECT_EQ(list.json()["secrets"][0]["name"], "openai");
  EXPECT_EQ(list.body.find("sk-very-secret"), std::string::npos) << "never returned";
  EXPECT_TRUE(http_->request("GET", "/api/secrets", "", headers("globex", {"admin"})).json()["secrets"].empty());
  EXPECT_EQ(http_->request("GET", "/api/secrets", "", headers()).status, 403) << "not an admin";
  EXPECT_EQ(http_->request("PUT", "/api/secrets/openai", R"({"value": "x"})", headers()).status, 403);
  EXPECT_EQ(http_->request("PUT", "/api/secrets/bad%20name", R"({"value": "x"})", admin()).status, 400);
  EXPECT_EQ(http_->request("PUT", "/api/secrets/k", R"({"value": 7})", admin()).status, 400);
  EXPECT_EQ(http_->request("PUT", "/api/secrets/k", "not json", admin()).status, 400);
  EXPECT_EQ(http_->request("PUT", "/api/secrets/k", json{{"value", std::string(70 * 1024, 'x')}}.dump(), admin()).status, 400);
  EXPECT_EQ(http_->request("DELETE", "/api/secrets/openai", "", admin()).status, 204);
  EXPECT_EQ(http_->request("DELETE", "/api/secrets/openai", "", admin()).status, 404);
}

TEST_F(llm_secrets_test, the_llm_step_calls_the_api_with_the_secret_and_parses_the_answer) {
  std::mutex mutex;
  std::vector<stub_request> seen;
  weft::testing::stub_server api([&](const stub_request& req) {
    std::lock_guard lock(mutex);
    seen.push_back(req);
    return stub_response{200, "application/json", completion};
  });
  ASSERT_EQ(http_->request("PUT", "/api/secrets/openai", R"({"value": "sk-test-123"})", admin()).status, 200);
  const json done = run(llm_flow("http://127.0.0.1:" + std::to_string(api.port()) + "/v1/"), {{"text", "a {{ 1 + 1 }} b"}});
  ASSERT_EQ(done["status"], "completed") << done.dump();
  EXPECT_EQ(done["output"]["content"], R"({"summary": "short"})");
  EXPECT_EQ(done["output"]["json"], json({{"summary", "short"}}));
  EXPECT_EQ(done["output"]["usage"], json({{"prompt_tokens", 12}, {"completion_tokens", 5}, {"total_tokens", 17}}));
  EXPECT_EQ(done["output"]["finish_reason"], "stop");

  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/v1/chat/completions");
  EXPECT_EQ(seen[0].headers["authorization"], "Bearer sk-test-123");
  const json sent = json::parse(seen[0].body);
  EXPECT_EQ(sent["model"], "test-model");
  EXPECT_EQ(sent["response_format"], json({{"type", "json_object"}}));
  EXPECT_EQ(sent["messages"][1]["content"], "Summarise: a {{ 1 + 1 }} b") << "data is never read as a template";
  // The key is nowhere in what the execution recorded.
  auto events = http_->request("GET", "/api/executions/" + last_execution_ + "/events", "", headers());
  EXPECT_EQ(events.body.find("sk-test-123"), std::string::npos);
}

TEST_F(llm_secrets_test, a_failing_api_is_an_external_service_error_with_details) {
  weft::testing::stub_server api([](const stub_request&) {
    return stub_response{500, "application/json", R"({"error": {"message": "overloaded"}})"};
  });
  ASSERT_EQ(http_->request("PUT", "/api/secrets/openai", R"({"value": "sk-test"})", admin()).status, 200);
  const json done = run(llm_flow("http://127.0.0.1:" + std::to_string(api.port()) + "/v1"), {{"text", "x"}});
  ASSERT_EQ(done["status"], "failed") << done.dump();
  EXPECT_EQ(done["error"]["code"], "external_service_error");
  EXPECT_EQ(done["error"]["step_id"], "ask");
  EXPECT_EQ(done["error"]["details"]["cause"]["code"], "http_5xx");
  EXPECT_EQ(done["error"]["details"]["cause"]["details"]["body"]["error"]["message"], "overloaded");
}

TEST_F(llm_secrets_test, a_missing_secret_or_an_answer_that_is_not_a_completion_fails_clearly) {
  weft::testing::stub_server api([](const stub_request&) { return stub_response{200, "application/json", R"({"nope": true})"}; });
  const std::string base = "http://127.0.0.1:" + std::to_string(api.port()) + "/v1";
  const json missing = run(llm_flow(base, "absent"), {{"text", "x"}});
  EXPECT_EQ(missing["error"]["code"], "secret_not_found");
  ASSERT_EQ(http_->request("PUT", "/api/secrets/openai", R"({"value": "sk"})", admin()).status, 200);
  const json odd = run(llm_flow(base), {{"text", "x"}});
  EXPECT_EQ(odd["error"]["code"], "external_service_error");
  // Another tenant's secret of the same name is not this tenant's.
  ASSERT_EQ(http_->request("DELETE", "/api/secrets/openai", "", admin()).status, 204);
  ASSERT_EQ(http_->request("PUT", "/api/secrets/openai", R"({"value": "sk-globex"})", headers("globex", {"admin"})).status, 200);
  EXPECT_EQ(run(llm_flow(base), {{"text", "x"}})["error"]["code"], "secret_not_found");
}

}  // namespace
}  // namespace weft::http
