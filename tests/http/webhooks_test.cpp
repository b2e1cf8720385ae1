// Webhook triggers against the real server: a POST to the hook's path starts the
// workflow with the request as input, optionally signed (HMAC-SHA256 of the body with a
// tenant secret), answering at once or when the execution ends.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <gtest/gtest.h>

#include "tests/http/node_stack.hpp"

namespace weft::http {
namespace {

using nlohmann::json;

json hook_flow(const std::string& path, json extra = json::object()) {
  json config = {{"path", path}};
  config.update(extra);
  return {{"name", "hook"},
          {"steps",
           {{{"id", "hook"}, {"type", "webhook"}, {"config", config}, {"next", "shape"}},
            {{"id", "shape"}, {"type", "transform"}, {"config", {{"set", {{"order", "$.hook.body.order"}, {"via", "$.hook.method"}}}}}, {"next", "out"}},
            {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.shape"}}}}}}};
}

std::string sign(const std::string& key, const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &n);
  std::string hex;
  for (unsigned int i = 0; i < n; ++i) {
    static const char* const d = "0123456789abcdef";
    hex += d[mac[i] >> 4];
    hex += d[mac[i] & 15];
  }
  return "sha256=" + hex;
}

class webhooks_test : public node_stack {};

TEST_F(webhooks_test, a_post_to_the_hook_starts_the_workflow_with_the_request_as_input) {
  create(hook_flow("orders/new"));
  auto r = http_->request("POST", "/api/hooks/acme/orders/new?source=shop", R"({"order": 42})", {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string id = r.json()["execution_id"];
  const json done = http_->request("GET", "/api/executions/" + id + "?wait_ms=10000", "", headers()).json();
  ASSERT_EQ(done["status"], "completed") << done.dump();
  EXPECT_EQ(done["output"], json({{"order", 42}, {"via", "POST"}}));
  EXPECT_EQ(done["input"]["query"]["source"], "shop");
  EXPECT_EQ(done["input"]["path"], "orders/new");
}

TEST_F(webhooks_test, on_completion_answers_with_the_output) {
  create(hook_flow("sync", {{"respond", "on_completion"}}));
  auto r = http_->request("POST", "/api/hooks/acme/sync", R"({"order": 7})", {});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "completed");
  EXPECT_EQ(r.json()["output"]["order"], 7);
}

TEST_F(webhooks_test, a_signed_hook_refuses_missing_or_wrong_signatures) {
  ASSERT_EQ(http_->request("PUT", "/api/secrets/hook-key", R"({"value": "shh"})", headers("acme", {"admin"})).status, 200);
  create(hook_flow("signed", {{"secret", "hook-key"}}));
  const std::string body = R"({"order": 1})";
  EXPECT_EQ(http_->request("POST", "/api/hooks/acme/signed", body, {}).status, 401);
  EXPECT_EQ(http_->request("POST", "/api/hooks/acme/signed", body, {{"X-Weft-Signature", sign("wrong", body)}}).status, 401);
  EXPECT_EQ(http_->request("POST", "/api/hooks/acme/signed", body + " ", {{"X-Weft-Signature", sign("shh", body)}}).status, 401)
      << "the signature covers the exact body";
  auto ok = http_->request("POST", "/api/hooks/acme/signed", body, {{"X-Weft-Signature", sign("shh", body)}});
  EXPECT_EQ(ok.status, 202) << ok.body;
}

TEST_F(webhooks_test, unknown_hooks_and_other_tenants_paths_are_404) {
  create(hook_flow("orders/new"));
  EXPECT_EQ(http_->request("POST", "/api/hooks/acme/orders/old", "{}", {}).status, 404);
  EXPECT_EQ(http_->request("POST", "/api/hooks/globex/orders/new", "{}", {}).status, 404);
  EXPECT_EQ(http_->request("POST", "/api/hooks/acme", "{}", {}).status, 404);
  EXPECT_EQ(http_->request("GET", "/api/hooks/acme/orders/new", "", {}).status, 405);
}

TEST_F(webhooks_test, a_body_that_is_not_json_arrives_as_text) {
  create(hook_flow("text", {{"respond", "on_completion"}}));
  auto r = http_->request("POST", "/api/hooks/acme/text", "plain words", {{"Content-Type", "text/plain"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "completed");
  const std::string id = r.json()["execution_id"];
  EXPECT_EQ(http_->request("GET", "/api/executions/" + id, "", headers()).json()["input"]["body"], "plain words");
}

}  // namespace
}  // namespace weft::http
