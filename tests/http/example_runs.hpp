// Runs the workflows Weft ships (templates/*.template.json and schemas/examples/valid/) the
// way their examples say, against the whole node and local stand-ins for the outside world,
// and checks that each produces what it promises.
//
// An example is { input, records?, secrets?, signal?, status, output?, error? }:
//   - `{{stub}}` in its input becomes the stand-in HTTP server's base URL, `{{smtp_port}}` the
//     port of the local SMTP server (STARTTLS, login with the password "s3cret pass");
//   - `records` are put in the tenant's collections, `secrets` in its secrets, first;
//   - `signal` ({ name, payload }) is sent once the execution has started;
//   - the finished execution must have `status`, and contain `output` and `error`: every
//     field they give, with that value (fields that vary from run to run are left out).
#pragma once

#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/http/node_stack.hpp"
#include "tests/support/self_signed.hpp"
#include "tests/support/smtp_sink.hpp"
#include "tests/support/stub_server.hpp"

namespace weft::http {

/// Where `actual` lacks something of `expected` ("" when it has all): objects by their keys,
/// recursively; arrays and scalars must be equal.
inline std::string missing_from(const nlohmann::json& actual, const nlohmann::json& expected, const std::string& at = "") {
  if (expected.is_object() && actual.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      if (!actual.contains(key)) return at + "/" + key + " is missing";
      if (auto m = missing_from(actual[key], value, at + "/" + key); !m.empty()) return m;
    }
    return "";
  }
  if (actual != expected) return (at.empty() ? "/" : at) + " is " + actual.dump() + ", expected " + expected.dump();
  return "";
}

class example_runs : public node_stack {
 protected:
  static void SetUpTestSuite() { (void)weft::testing::trusted_certificates(); }

  /// Starts `wf` of `tenant` as `example` says and awaits its end; the finished execution.
  nlohmann::json run_example(const std::string& wf, const nlohmann::json& example, const std::string& tenant = "acme") {
    const nlohmann::json secrets = example.value("secrets", nlohmann::json::object());
    const nlohmann::json records = example.value("records", nlohmann::json::object());
    for (const auto& [name, value] : secrets.items()) {
      auto put = http_->request("PUT", "/api/secrets/" + name, nlohmann::json{{"value", value}}.dump(), headers(tenant, {"admin"}));
      EXPECT_EQ(put.status, 200) << put.body;
    }
    for (const auto& [collection, rows] : records.items()) {
      std::vector<std::pair<std::string, nlohmann::json>> keyed;
      for (const auto& r : rows) keyed.emplace_back(std::to_string(keyed.size() + 1), r);
      EXPECT_TRUE(records_->upsert(tenant, collection, keyed).is_ok()) << collection;
    }
    auto started = http_->request("POST", "/api/workflows/" + wf + "/execute",
                                  R"({"input": )" + with_addresses(example.value("input", nlohmann::json::object()).dump()) + "}",
                                  headers(tenant));
    EXPECT_EQ(started.status, 202) << started.body;
    const std::string execution = started.json().value("execution_id", "");
    if (example.contains("signal")) {
      const auto& signal = example["signal"];
      auto sent = http_->request("POST", "/api/executions/" + execution + "/signals/" + signal["name"].get<std::string>(),
                                 signal["payload"].dump(), headers(tenant));
      EXPECT_EQ(sent.status / 100, 2) << sent.body;
    }
    auto done = http_->request("GET", "/api/executions/" + execution + "?wait_ms=15000", "", headers(tenant));
    EXPECT_EQ(done.status, 200) << done.body;
    return done.json();
  }

  /// Checks `finished` against what `example` promises.
  static void expect_promise_kept(const nlohmann::json& finished, const nlohmann::json& example) {
    EXPECT_EQ(finished.value("status", ""), example.value("status", "completed")) << finished.dump();
    for (const char* part : {"output", "error"}) {
      if (!example.contains(part)) continue;
      EXPECT_EQ(missing_from(finished.value(part, nlohmann::json()), example[part]), "") << part << " of " << finished.dump();
    }
  }

  std::string with_addresses(std::string text) const {
    const std::pair<std::string, std::string> addresses[] = {{"{{stub}}", "http://127.0.0.1:" + std::to_string(remote_.port())},
                                                             {"{{smtp_port}}", std::to_string(smtp_.port())}};
    for (const auto& [placeholder, value] : addresses) {
      for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size())) {
        text.replace(at, placeholder.size(), value);
      }
    }
    return text;
  }

  // The email steps send through a local SMTP server with STARTTLS and a login.
  weft::testing::smtp_sink smtp_{{"--cert", weft::testing::trusted_certificates().trusted.cert_file, "--key",
                                  weft::testing::trusted_certificates().trusted.key_file, "--require-tls", "--user", "*",
                                  "--password", "s3cret pass"}};
  // Answers like the APIs the examples call: a CRM, a payment API, company data, orders, an
  // OpenAI-compatible model; anything under /flaky always fails (the fallback paths).
  weft::testing::stub_server remote_{[](const weft::testing::stub_request& req) {
    using weft::testing::stub_response;
    const std::string& t = req.target;
    if (t.rfind("/flaky", 0) == 0) return stub_response{503, "application/json", R"({"busy": true})"};
    if (t == "/crm/acme.com") return stub_response{200, "application/json", R"({"name": "Acme", "company_size": "101-250"})"};
    if (t.rfind("/crm/", 0) == 0) return stub_response{404, "application/json", R"({"error": "no such company"})"};
    if (t == "/charge") return stub_response{200, "application/json", R"({"charge_id": "ch_1", "status": "succeeded"})"};
    if (t == "/orders/42") return stub_response{200, "application/json", R"({"id": 42, "total": 5000})"};
    if (t == "/orders/7") return stub_response{200, "application/json", R"({"id": 7, "total": 10})"};
    if (t == "/crm") return stub_response{200, "application/json", R"({"customer": "Ada"})"};
    if (t == "/billing") return stub_response{200, "application/json", R"({"balance": 12})"};
    if (t == "/support") return stub_response{200, "application/json", R"({"open_tickets": 1})"};
    if (t.rfind("/company", 0) == 0) return stub_response{200, "application/json", R"({"company": "Acme", "employees": 180})"};
    if (t.rfind("/people", 0) == 0) return stub_response{200, "application/json", R"({"people": ["Ana", "Ben"]})"};
    if (t.rfind("/news", 0) == 0) return stub_response{500, "application/json", R"({"error": "news is down"})"};
    if (t == "/v1/chat/completions") {  // a model that finds everything urgent
      return stub_response{200, "application/json", R"({"model": "m", "choices": [{"message": {"role": "assistant",
        "content": "{\"urgent\": true, \"topic\": \"outage\"}"}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 9, "completion_tokens": 4, "total_tokens": 13}})"};
    }
    return stub_response{200, "application/json", R"({"ok": true, "company_size": "101-250", "items": [{"id": 1}, {"id": 2}, {"id": 3}]})"};
  }};
};

}  // namespace weft::http
