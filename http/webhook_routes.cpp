// Finding the hook scans the tenant's workflows (their latest definitions) for an entry
// webhook step with the path: fine for hundreds of workflows; an index by path comes with
// the tenancy work.
#include "http/webhook_routes.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>

#include "actors/engine_client.hpp"
#include "core/execution_state.hpp"
#include "http/errors.hpp"
#include "http/execution_routes.hpp"
#include "services/secret_service.hpp"
#include "services/workflow_service.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

constexpr std::uint32_t completion_wait_ms = 30'000;

struct hook {
  std::string workflow_id;
  json config;
};

std::optional<hook> find_hook(services::workflow_service& workflows, const std::string& tenant, const std::string& path) {
  const services::caller who{tenant, "webhook"};
  std::string cursor;
  do {
    auto page = workflows.list(who, {"", "", cursor, 200});
    if (!page.ok()) return std::nullopt;
    for (const auto& item : page.value()["workflows"]) {
      auto w = workflows.get(who, item["id"]);
      if (!w.ok()) continue;
      for (const auto& step : w.value()["definition"].value("steps", json::array())) {
        if (step.value("type", "") == "webhook" && step.value("config", json::object()).value("path", "") == path) {
          return hook{item["id"], step["config"]};
        }
      }
    }
    cursor = page.value()["next_cursor"].is_string() ? page.value()["next_cursor"].get<std::string>() : "";
  } while (!cursor.empty());
  return std::nullopt;
}

std::string hex_hmac_sha256(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
       mac, &length);
  static const char* const digits = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += digits[mac[i] >> 4];
    out += digits[mac[i] & 15];
  }
  return out;
}

bool signature_matches(const std::string& secret, const request& req) {
  const std::string expected = "sha256=" + hex_hmac_sha256(secret, req.body);
  const std::string& given = req.header("x-weft-signature");
  return given.size() == expected.size() && CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0;
}

// The request as the execution's input; credentials stay out of it.
json input_of(const request& req, const std::string& path) {
  json headers = json::object();
  for (const auto& [k, v] : req.headers) {
    if (k != "authorization" && k != "cookie" && k != "x-weft-signature") headers[k] = v;
  }
  json body = req.body.empty() ? json() : json::parse(req.body, nullptr, false);
  if (body.is_discarded()) body = req.body;  // not JSON: the text
  return {{"method", req.method}, {"path", path}, {"query", req.query}, {"headers", headers}, {"body", body}};
}

}  // namespace

void add_webhook_routes(router& public_routes, services::workflow_service& workflows, const services::secret_service& secrets,
                        actors::engine_client& engine) {
  public_routes.add_async("POST", "/api/hooks/{tenant}/{path...}", [&workflows, &secrets, &engine](request& req, respond_fn respond) {
    const std::string tenant = req.params["tenant"];
    const std::string path = req.params["path"];
    const api_error unknown{errc::not_found, "no webhook at this path", json::object()};
    auto found = find_hook(workflows, tenant, path);
    if (!found) throw api_failure{unknown};
    if (const std::string secret = found->config.value("secret", ""); !secret.empty()) {
      const auto key = secrets.value(tenant, secret);
      if (!key || !signature_matches(*key, req)) {
        throw api_failure{{errc::unauthorized, "the X-Weft-Signature header is missing or does not match the body", json::object()}};
      }
    }
    const bool wait = found->config.value("respond", "immediately") == "on_completion";
    const std::string id = engine.new_execution_id();
    start_workflow(workflows, engine, tenant, "webhook", found->workflow_id, id, input_of(req, path).dump(),
                   [&engine, respond, wait, tenant, id, request_id = req.request_id](const actors::engine_answer& a, std::uint64_t) {
                     if (!a.ok) return respond(error_response(engine_failure(a.code, a.error), request_id));
                     if (!wait) return respond(response::json(202, {{"execution_id", id}, {"status", a.value}}));
                     engine.await({tenant, id, completion_wait_ms}, [respond, id](actors::engine_answer a) {
                       json state = a.ok ? json::parse(a.value, nullptr, false) : json();
                       if (!state.is_object()) return respond(response::json(202, {{"execution_id", id}, {"status", "running"}}));
                       const std::string s = state.value("status", "");
                       respond(response::json(core::is_terminal_status(s) ? 200 : 202, {{"execution_id", id},
                                                                                         {"status", s},
                                                                 {"output", state.value("output", json())},
                                                                 {"error", state.value("error", json())}}));
                     });
                   },
                   "webhook");
  });
}

}  // namespace weft::http
