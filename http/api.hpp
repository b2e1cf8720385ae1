// The API front door: request ids, bearer-token authentication, routing, the error envelope
// for everything that goes wrong, and metrics. Its handle() is the server's dispatch
// function. Knows routes and services, not sockets. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "http/auth.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace weft::services {
class workflow_service;
}

namespace weft::http {

struct api_options {
  std::string version;                                                       // build version for /health
  std::function<bool(std::string& why)> storage_ok;                          // /health: storage takes writes (else why not)
  std::function<std::vector<std::pair<std::string, double>>()> gauges;       // /metrics extras
  /// Rate limits (SPEC §6), asked after authentication: the seconds to wait when the
  /// caller is over a limit (answered 429 with Retry-After). Unset: no limits.
  std::function<std::optional<std::int64_t>(const request&)> rate_limit;
  /// The web console's files, asked (without a token) for a GET that no route takes and
  /// that is not under /api/. Unset: such requests are 404.
  std::function<std::optional<response>(const request&)> site;
  /// In a sharded cluster (SPEC §9): the HTTP address of the coordinator owning a key — an
  /// execution id, or a start's tenant and Idempotency-Key — when it is not this one (nullopt:
  /// here). A request whose route names an execution is answered by its owner, and a start
  /// with an Idempotency-Key by the key's, which dedupes it (http/forward.hpp). Unset: all here.
  std::function<std::optional<std::string>(const std::string& key)> owner_elsewhere;
  std::string node_name;  // sent along with forwarded requests
  /// In a sharded cluster, on a coordinator that is not the catalogue's home: the home's HTTP
  /// address. A request that would write the catalogue (any method but GET and HEAD on a route
  /// that neither names an execution nor starts one) is answered by the home, and answered
  /// here once this node's copy has the write (`await_catalogue`).
  std::string catalogue_home;
  std::function<void(std::uint64_t seq, std::function<void()> then)> await_catalogue;
  /// On the catalogue's home: its last catalogue write, told to the nodes that forward to it.
  std::function<std::uint64_t()> catalogue_seq;
};

class api {
 public:
  api(const authenticator& auth, services::workflow_service& workflows, api_options options);
  ~api();

  /// Answers one request through `respond` (now, or later for routes that wait on the
  /// engine); never throws.
  void handle(request& req, respond_fn respond);
  /// Adds routes of another module (e.g. executions) behind the same authentication.
  [[nodiscard]] router& tenant_routes() noexcept { return tenant_; }
  /// Routes whose clients send only the token (seed 004's monitoring routes): the tenant is
  /// the token's; an X-Tenant-ID header, when present, must still match it.
  [[nodiscard]] router& token_routes() noexcept { return token_; }
  /// Routes without a bearer token (webhooks: their path and signature are the credentials).
  [[nodiscard]] router& public_routes() noexcept { return public_; }

 private:
  void route(request& req, const std::shared_ptr<std::string>& route_name, const respond_fn& respond);
  const authenticator& auth_;
  api_options options_;
  router public_;   // no token needed: /health, /metrics, webhooks
  router tenant_;   // everything else: bearer token + X-Tenant-ID
  router token_;    // bearer token; X-Tenant-ID optional
  metrics metrics_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace weft::http
