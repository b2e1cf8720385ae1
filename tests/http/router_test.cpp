// Routing with path parameters, request-target parsing and the error-code mapping.
#include <gtest/gtest.h>

#include "http/errors.hpp"
#include "http/router.hpp"
#include "http/request_target.hpp"

namespace weft::http {
namespace {

// Calls a matched route and returns what it answered.
response call(const async_handler& h, request& req) {
  response out;
  h(req, [&out](response r) { out = std::move(r); });
  return out;
}

request make(std::string method, std::string path) {
  request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

TEST(router, binds_path_parameters) {
  router r;
  r.add("GET", "/api/workflows/{id}/versions/{v}", [](request& req) {
    return response::text(200, req.params["id"] + "@" + req.params["v"]);
  });
  auto req = make("GET", "/api/workflows/wf_1/versions/3");
  auto m = r.find(req);
  ASSERT_NE(m.h, nullptr);
  EXPECT_EQ(call(*m.h, req).body, "wf_1@3");
  EXPECT_EQ(m.name, "/api/workflows/{id}/versions/{v}");
}

TEST(router, a_last_rest_parameter_takes_the_rest_of_the_path) {
  router r;
  r.add("POST", "/api/hooks/{tenant}/{path...}", [](request& req) {
    return response::text(200, req.params["tenant"] + "|" + req.params["path"]);
  });
  auto deep = make("POST", "/api/hooks/acme/orders/new/eu");
  auto m = r.find(deep);
  ASSERT_NE(m.h, nullptr);
  EXPECT_EQ(call(*m.h, deep).body, "acme|orders/new/eu");
  auto one = make("POST", "/api/hooks/acme/orders");
  EXPECT_EQ(call(*r.find(one).h, one).body, "acme|orders");
  auto none = make("POST", "/api/hooks/acme");
  EXPECT_EQ(r.find(none).h, nullptr) << "the rest is at least one segment";
}

TEST(router, literal_routes_win_when_declared_first) {
  router r;
  r.add("POST", "/api/workflows/validate", [](request&) { return response::text(200, "validate"); });
  r.add("POST", "/api/workflows/{id}", [](request&) { return response::text(200, "id"); });
  auto req = make("POST", "/api/workflows/validate");
  EXPECT_EQ(call(*r.find(req).h, req).body, "validate");
}

TEST(router, tells_an_unknown_path_from_a_wrong_method) {
  router r;
  r.add("GET", "/api/workflows/{id}", [](request&) { return response::no_content(); });
  auto wrong_method = make("DELETE", "/api/workflows/x");
  auto m = r.find(wrong_method);
  EXPECT_EQ(m.h, nullptr);
  EXPECT_TRUE(m.path_known);
  auto unknown = make("GET", "/api/nothing");
  auto n = r.find(unknown);
  EXPECT_EQ(n.h, nullptr);
  EXPECT_FALSE(n.path_known);
  EXPECT_EQ(n.name, "unmatched");
  auto head = make("HEAD", "/api/workflows/x");
  EXPECT_NE(r.find(head).h, nullptr);
}

TEST(router, extra_and_missing_slashes_do_not_matter) {
  router r;
  r.add("GET", "/health", [](request&) { return response::no_content(); });
  for (const char* p : {"/health", "/health/", "//health"}) {
    auto req = make("GET", p);
    EXPECT_NE(r.find(req).h, nullptr) << p;
  }
  auto deeper = make("GET", "/health/x");
  EXPECT_EQ(r.find(deeper).h, nullptr);
}

TEST(parse_target, splits_and_decodes_path_and_query) {
  request req;
  ASSERT_TRUE(parse_target("/api/work%20flows?name=a+b&status=draft&x=%2F&flag&=v", req));
  EXPECT_EQ(req.path, "/api/work flows");
  EXPECT_EQ(req.query["name"], "a b");
  EXPECT_EQ(req.query["status"], "draft");
  EXPECT_EQ(req.query["x"], "/");
  EXPECT_EQ(req.query["flag"], "");
}

TEST(parse_target, refuses_malformed_targets) {
  for (const char* bad : {"", "api", "/a%", "/a%2", "/a%zz", "/a%00b", "/a?x=%g1", "http://host/a"}) {
    request req;
    EXPECT_FALSE(parse_target(bad, req)) << bad;
  }
}

TEST(errors, every_code_has_its_status_and_name) {
  const std::pair<errc, int> expected[] = {
      {errc::workflow_not_found, 404}, {errc::execution_not_found, 404}, {errc::not_found, 404},
      {errc::method_not_allowed, 405}, {errc::invalid_workflow_definition, 422},
      {errc::step_configuration_error, 422}, {errc::invalid_input, 400}, {errc::timeout, 408},
      {errc::unauthorized, 401}, {errc::permission_denied, 403}, {errc::tier_restriction, 403},
      {errc::rate_limited, 429}, {errc::payload_too_large, 413}, {errc::conflict, 409},
      {errc::internal_error, 500}, {errc::unavailable, 503}};
  for (const auto& [code, status] : expected) {
    EXPECT_EQ(http_status(code), status) << code_name(code);
    auto r = error_response({code, "m", {{"k", 1}}}, "rid");
    auto j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j["error"]["code"], code_name(code));
    EXPECT_EQ(j["error"]["message"], "m");
    EXPECT_EQ(j["error"]["details"]["k"], 1);
    EXPECT_EQ(j["error"]["request_id"], "rid");
    EXPECT_EQ(r.status, status);
  }
}

}  // namespace
}  // namespace weft::http
