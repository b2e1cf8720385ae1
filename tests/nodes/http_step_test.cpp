// The http step against a local stand-in server: rendering, the Idempotency-Key, JSON
// answers, status failures, timeouts and connection errors.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "nodes/http_step.hpp"
#include "tests/support/self_signed.hpp"
#include "tests/support/stub_server.hpp"

namespace weft::nodes {
namespace {

using nlohmann::json;
using weft::testing::stub_request;
using weft::testing::stub_response;
using weft::testing::stub_server;

// The process's TLS client context reads the trusted certificates once, at the first step
// that calls out, whichever suite runs it: they are made as the binary loads, so that the
// whole binary run at once passes too (ctest runs each test alone).
const auto& made_before_any_step = weft::testing::trusted_certificates();

class http_step_test : public ::testing::Test {
 protected:
  step_result run(const json& config, std::optional<std::int64_t> step_timeout = std::nullopt) {
    step_ = core::parse_workflow(json{{"steps", {{{"id", "call"}, {"type", "http"}, {"config", config}}}}}).steps.front();
    step_.timeout_ms = step_timeout;
    step_context ctx;
    ctx.step = &step_;
    ctx.context = &context_;
    ctx.now_ms = 1;
    ctx.tenant = "acme";
    ctx.env = &env_;
    return wait_for(start_http_step(ctx, "ex_1:call"));
  }
  std::string base(const stub_server& s) const { return "http://127.0.0.1:" + std::to_string(s.port()); }

  // The tenant's secrets: acme has one, "api_token".
  step_environment env_{[](const std::string& tenant, const std::string& name) -> std::optional<std::string> {
                          if (tenant == "acme" && name == "api_token") return "t0ken";
                          return std::nullopt;
                        },
                        {}, {}, {}, {}};
  json context_ = {{"input", {{"domain", "example.com"}, {"n", 3}}}, {"execution", {{"id", "ex_1"}}}};
  core::step step_;
};

TEST_F(http_step_test, renders_the_request_and_parses_a_json_answer) {
  stub_server server([](const stub_request&) { return stub_response{200, "application/json", R"({"name": "Example", "size": 180})"}; });
  auto r = run({{"method", "POST"},
                {"url", base(server) + "/crm/{{ $.input.domain }}"},
                {"headers", {{"X-Trace", "n={{ $.input.n }}"}}},
                {"query", {{"full", "yes please"}}},
                {"body", {{"domain", "{{ $.input.domain }}"}, {"n", "{{ $.input.n }}"}}}});
  ASSERT_TRUE(r.ok) << r.error.dump();
  EXPECT_EQ(r.output["status"], 200);
  EXPECT_EQ(r.output["success"], true);
  EXPECT_EQ(r.output["body"]["size"], 180);
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/crm/example.com?full=yes%20please");
  EXPECT_EQ(seen[0].headers["x-trace"], "n=3");
  EXPECT_EQ(seen[0].headers["idempotency-key"], "ex_1:call");
  EXPECT_EQ(json::parse(seen[0].body), json({{"domain", "example.com"}, {"n", 3}}));
  EXPECT_EQ(seen[0].headers["content-type"], "application/json");
}

TEST_F(http_step_test, a_failure_keeps_the_request_as_it_was_sent_with_credentials_redacted) {
  stub_server server([](const stub_request&) { return stub_response{500, "application/json", R"({"error": "boom"})"}; });
  auto r = run({{"method", "POST"},
                {"url", base(server) + "/crm/{{ $.input.domain }}"},
                {"headers", {{"Authorization", "Bearer s3cret"}, {"X-Api-Key", "k"}, {"X-Trace", "n={{ $.input.n }}"}}},
                {"query", {{"full", "yes please"}}},
                {"body", {{"domain", "{{ $.input.domain }}"}}}});
  ASSERT_FALSE(r.ok);
  const json& request = r.error["details"]["request"];
  EXPECT_EQ(request["method"], "POST");
  EXPECT_EQ(request["url"], base(server) + "/crm/example.com?full=yes%20please");
  EXPECT_EQ(request["headers"]["Authorization"], "[redacted]");
  EXPECT_EQ(request["headers"]["X-Api-Key"], "[redacted]");
  EXPECT_EQ(request["headers"]["X-Trace"], "n=3");
  EXPECT_EQ(request["headers"]["Idempotency-Key"], "ex_1:call");
  EXPECT_EQ(request["body"], json({{"domain", "example.com"}}));
  EXPECT_EQ(r.error["details"]["body"]["error"], "boom");
  EXPECT_EQ(r.error.dump().find("s3cret"), std::string::npos) << "no credential in what is recorded";
}

TEST_F(http_step_test, auth_comes_from_a_tenant_secret_and_is_never_recorded) {
  stub_server server([](const stub_request&) { return stub_response{401, "application/json", R"({"error": "who are you"})"}; });
  auto bearer = run({{"url", base(server) + "/b"}, {"auth", "bearer"}, {"auth_secret", "api_token"}});
  auto basic = run({{"url", base(server) + "/u"}, {"auth", "basic"}, {"auth_secret", "api_token"}, {"auth_username", "ana"}});
  auto header = run({{"url", base(server) + "/h"}, {"auth", "header"}, {"auth_secret", "api_token"}, {"auth_header", "X-Custom-Auth"}});
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].headers["authorization"], "Bearer t0ken");
  EXPECT_EQ(seen[1].headers["authorization"], "Basic YW5hOnQwa2Vu");  // base64("ana:t0ken")
  EXPECT_EQ(seen[2].headers["x-custom-auth"], "t0ken");
  for (const auto* r : {&bearer, &basic, &header}) {
    ASSERT_FALSE(r->ok);
    EXPECT_EQ(r->error["code"], "http_4xx");
    EXPECT_EQ(r->error.dump().find("t0ken"), std::string::npos) << r->error.dump();
  }
  EXPECT_EQ(header.error["details"]["request"]["headers"]["X-Custom-Auth"], "[redacted]");
  auto missing = run({{"url", base(server) + "/m"}, {"auth", "bearer"}, {"auth_secret", "nope"}});
  EXPECT_EQ(missing.error["code"], "secret_not_found");
  auto unnamed = run({{"url", base(server) + "/m"}, {"auth", "header"}, {"auth_secret", "api_token"}});
  EXPECT_EQ(unnamed.error["code"], "invalid_config");
  EXPECT_EQ(server.requests().size(), 3u) << "nothing sent without its credential";
}

TEST_F(http_step_test, text_answers_stay_text) {
  stub_server server([](const stub_request&) { return stub_response{200, "text/plain", "hello"}; });
  auto r = run({{"url", base(server) + "/"}});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.output["body"], "hello");
}

// An outside server is as hostile as any client: a JSON answer nested 100,000 deep (well under
// the 16 MiB answer limit) became a value whose encoding for the event log, or rendering for
// a subscriber, recursed once per level and overflowed the stack. It is bounded like every
// JSON from outside (128 levels) and kept as text beyond that.
TEST_F(http_step_test, an_answer_nested_beyond_reason_stays_text) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  stub_server server([&](const stub_request&) { return stub_response{200, "application/json", deep}; });
  auto r = run({{"url", base(server) + "/"}});
  ASSERT_TRUE(r.ok) << r.error.dump();
  ASSERT_TRUE(r.output["body"].is_string());
  EXPECT_EQ(r.output["body"].get<std::string>().size(), deep.size());
  const std::string nested_128 = std::string(128, '[') + std::string(128, ']');
  stub_server fine([&](const stub_request&) { return stub_response{200, "application/json", nested_128}; });
  EXPECT_TRUE(run({{"url", base(fine) + "/"}}).output["body"].is_array());
}

TEST_F(http_step_test, error_statuses_fail_with_their_class_unless_told_otherwise) {
  stub_server server([](const stub_request& req) {
    return stub_response{req.target == "/missing" ? 404 : 503, "application/json", R"({"why": "down"})"};
  });
  auto down = run({{"url", base(server) + "/x"}});
  ASSERT_FALSE(down.ok);
  EXPECT_EQ(down.error["code"], "http_5xx");
  EXPECT_EQ(down.error["details"]["status"], 503);
  auto missing = run({{"url", base(server) + "/missing"}});
  EXPECT_EQ(missing.error["code"], "http_4xx");
  auto tolerated = run({{"url", base(server) + "/missing"}, {"fail_on_status", false}});
  ASSERT_TRUE(tolerated.ok);
  EXPECT_EQ(tolerated.output["success"], false);
  EXPECT_EQ(tolerated.output["status"], 404);
}

TEST_F(http_step_test, a_slow_server_times_out) {
  stub_server server([](const stub_request&) { return stub_response{200, "application/json", "{}", 500}; });
  auto start = std::chrono::steady_clock::now();
  auto r = run({{"url", base(server) + "/slow"}, {"timeout_ms", 100}});
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error["code"], "timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1500));
  auto by_step = run({{"url", base(server) + "/slow"}}, 100);
  EXPECT_EQ(by_step.error["code"], "timeout");
}

TEST_F(http_step_test, bad_urls_and_refused_connections) {
  EXPECT_EQ(run({{"url", "not a url"}}).error["code"], "invalid_url");
  EXPECT_EQ(run({{"url", "ftp://127.0.0.1/x"}}).error["code"], "unsupported_scheme");
  EXPECT_EQ(run({{"url", "http://127.0.0.1:1/x"}, {"timeout_ms", 2000}}).error["code"], "connection_error");
  EXPECT_EQ(run({{"url", "http://127.0.0.1:{{ 1 / 0 }}/"}}).error["code"], "expression_error");
}

// https: the certificate must chain to a trusted CA and name the host. The suite trusts
// the process's test certificates (tests/support/self_signed.hpp).
class https_step_test : public http_step_test {
 protected:
  static void SetUpTestSuite() {
    const auto& trust = weft::testing::trusted_certificates();
    trusted_ = trust.trusted;
    untrusted_ = trust.untrusted;
    wrong_host_ = trust.elsewhere;
  }
  std::string https_base(const stub_server& s) const { return "https://127.0.0.1:" + std::to_string(s.port()); }

  static inline weft::testing::certificate_files trusted_, untrusted_, wrong_host_;
};

TEST_F(https_step_test, calls_a_trusted_server_with_the_idempotency_key) {
  ASSERT_FALSE(trusted_.cert_file.empty()) << "openssl could not make a certificate";
  stub_server s([](const stub_request&) { return stub_response{200, "application/json", R"({"secure": true})"}; },
                {trusted_.cert_file, trusted_.key_file});
  step_result r = run({{"url", https_base(s) + "/items/{{ $.input.n }}"}, {"timeout_ms", 5000}});
  ASSERT_TRUE(r.ok) << r.error.dump();
  EXPECT_EQ(r.output["body"], json({{"secure", true}}));
  ASSERT_EQ(s.requests().size(), 1u);
  EXPECT_EQ(s.requests()[0].target, "/items/3");
  EXPECT_EQ(s.requests()[0].headers.at("idempotency-key"), "ex_1:call");
}

TEST_F(https_step_test, refuses_an_untrusted_certificate) {
  ASSERT_FALSE(untrusted_.cert_file.empty());
  stub_server s([](const stub_request&) { return stub_response{}; }, {untrusted_.cert_file, untrusted_.key_file});
  step_result r = run({{"url", https_base(s) + "/"}, {"timeout_ms", 5000}});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error["code"], "tls_error") << r.error.dump();
  EXPECT_TRUE(s.requests().empty()) << "nothing may be sent over an unverified connection";
}

TEST_F(https_step_test, refuses_a_certificate_for_another_host) {
  ASSERT_FALSE(wrong_host_.cert_file.empty());
  stub_server s([](const stub_request&) { return stub_response{}; }, {wrong_host_.cert_file, wrong_host_.key_file});
  step_result r = run({{"url", https_base(s) + "/"}, {"timeout_ms", 5000}});
  EXPECT_EQ(r.error["code"], "tls_error") << r.error.dump();
  EXPECT_TRUE(s.requests().empty());
}

TEST_F(https_step_test, a_plain_http_server_behind_an_https_url_is_a_tls_error) {
  stub_server s([](const stub_request&) { return stub_response{}; });
  step_result r = run({{"url", https_base(s) + "/"}, {"timeout_ms", 5000}});
  EXPECT_EQ(r.error["code"], "tls_error") << r.error.dump();
}

TEST(parse_url, splits_urls) {
  parsed_url u;
  ASSERT_TRUE(parse_url("http://example.com:8080/a/b?x=1", u));
  EXPECT_EQ(u.host, "example.com");
  EXPECT_EQ(u.port, "8080");
  EXPECT_EQ(u.target, "/a/b?x=1");
  ASSERT_TRUE(parse_url("HTTP://h?q", u));
  EXPECT_EQ(u.scheme, "http");
  EXPECT_EQ(u.port, "80");
  EXPECT_EQ(u.target, "/?q");
  ASSERT_TRUE(parse_url("http://[::1]:9000/", u));
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, "9000");
  EXPECT_FALSE(parse_url("http://", u));
  EXPECT_FALSE(parse_url("http://user@host/", u));
  EXPECT_FALSE(parse_url("http://host:80x/", u));
}

}  // namespace
}  // namespace weft::nodes
