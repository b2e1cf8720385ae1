// Renders the http step's config into an http_call; nodes/http_client.cpp sends it.
#include "nodes/http_step.hpp"

#include "core/expr/expression.hpp"
#include "core/expr/template_string.hpp"
#include "core/expr/value_ops.hpp"
#include "nodes/base64.hpp"

namespace weft::nodes {
namespace {

using json = nlohmann::json;

constexpr std::int64_t default_timeout_ms = 30'000;

std::int64_t timeout_of(const step_context& ctx) {
  const json& config = ctx.step->config;
  if (auto t = config.find("timeout_ms"); t != config.end()) {
    if (t->is_number_integer()) return t->get<std::int64_t>();
    if (t->is_string()) {
      auto e = core::expr::expression::compile(t->get<std::string>());
      if (e) {
        auto v = e.value().evaluate(*ctx.context);
        if (v && v.value().is_number()) return static_cast<std::int64_t>(v.value().get<double>());
      }
    }
  }
  if (ctx.step->timeout_ms) return *ctx.step->timeout_ms;
  return default_timeout_ms;
}

// The credentials of `auth` (none | bearer | basic | header), read from a tenant secret.
bool apply_auth(const step_context& ctx, http_call& call, step_result& err) {
  const json& config = ctx.step->config;
  const std::string kind = config.value("auth", "none");
  if (kind == "none") return true;
  const std::string name = config.value("auth_secret", "");
  if (name.empty()) {
    err = step_failure("invalid_config", "auth '" + kind + "' needs auth_secret: the tenant secret that holds the credential");
    return false;
  }
  std::string secret;
  if (!tenant_secret(ctx, name, secret, err)) return false;
  if (kind == "bearer") {
    call.headers["Authorization"] = "Bearer " + secret;
    call.secret_headers.push_back("Authorization");
  } else if (kind == "basic") {
    call.headers["Authorization"] = "Basic " + base64(config.value("auth_username", "") + ":" + secret);
    call.secret_headers.push_back("Authorization");
  } else {
    const std::string header = config.value("auth_header", "");
    if (header.empty()) {
      err = step_failure("invalid_config", "auth 'header' needs auth_header: the name of the header that carries the secret");
      return false;
    }
    call.headers[header] = secret;
    call.secret_headers.push_back(header);
  }
  return true;
}

}  // namespace

step_start start_http_step(const step_context& ctx, const std::string& idempotency_key) {
  const json& config = ctx.step->config;
  std::string why;
  json url_value, headers, query, body;
  if (!render_templates(config.value("url", json("")), ctx, url_value, why)) return step_failure("expression_error", "url: " + why);
  if (!render_templates(config.value("headers", json::object()), ctx, headers, why)) return step_failure("expression_error", "headers: " + why);
  if (!render_templates(config.value("query", json::object()), ctx, query, why)) return step_failure("expression_error", "query: " + why);
  http_call call;
  call.cancel = ctx.cancel;
  if (config.contains("body")) {
    if (!render_templates(config["body"], ctx, body, why)) return step_failure("expression_error", "body: " + why);
    call.body = std::move(body);
  }
  call.method = config.value("method", "GET");
  call.url = core::expr::display_string(url_value);
  call.headers = std::move(headers);
  call.query = std::move(query);
  call.fail_on_status = config.value("fail_on_status", true);
  call.response_type = config.value("response_type", "auto");
  call.timeout_ms = timeout_of(ctx);
  call.idempotency_key = idempotency_key;
  step_result refused;
  if (!apply_auth(ctx, call, refused)) return refused;
  return pending_call{std::move(call), nullptr};
}

}  // namespace weft::nodes
