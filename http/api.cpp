// Front door order: request id -> route lookup -> (tenant and token routes) token and tenant check ->
// handler -> envelope for any failure -> metrics. Unknown routes answer 404 before auth so
// probes learn nothing about tenants.
#include "http/api.hpp"

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "http/errors.hpp"
#include "http/forward.hpp"
#include "http/workflow_routes.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

bool plausible_id(const std::string& s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  }
  return true;
}

}  // namespace

api::api(const authenticator& auth, services::workflow_service& workflows, api_options options)
    : auth_(auth), options_(std::move(options)), metrics_(options_.gauges) {
  public_.add("GET", "/health", [this](request&) {
    std::string why;
    const bool storage = !options_.storage_ok || options_.storage_ok(why);
    auto uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    json body = {{"status", storage ? "ok" : "degraded"},
                 {"version", options_.version},
                 {"uptime_seconds", uptime},
                 {"storage", storage ? "ok" : why.rfind("no_space", 0) == 0 ? "full" : "unavailable"}};
    if (!storage) body["storage_error"] = why;  // writes are refused; reads go on
    return response::json(storage ? 200 : 503, body);
  });
  public_.add("GET", "/metrics", [this](request&) {
    return response::text(200, metrics_.render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  add_workflow_routes(tenant_, workflows);
}

api::~api() = default;

void api::handle(request& req, respond_fn respond) {
  const auto start = std::chrono::steady_clock::now();
  const std::string& incoming = req.header("x-request-id");
  req.request_id = plausible_id(incoming, 64) ? incoming : new_request_id();
  auto route_name = std::make_shared<std::string>("unmatched");
  // Every answer, now or later, gets the request id and is counted under its route.
  respond_fn finish = [this, start, respond = std::move(respond), request_id = req.request_id, method = req.method,
                       route_name](response res) {
    res.headers.emplace_back("X-Request-ID", request_id);
    metrics_.observe(*route_name, method, res.status,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    respond(std::move(res));
  };
  route(req, route_name, finish);
}

void api::route(request& req, const std::shared_ptr<std::string>& route_name, const respond_fn& respond) {
  const std::string request_id = req.request_id;
  error_shape shape = error_shape::standard;  // known once the route is: every error of a seed route is in its shape
  const auto failed = [&](const api_error& e) {
    return shape == error_shape::seed ? seed_error_response(e, request_id) : error_response(e, request_id);
  };
  try {
    router::match matched = public_.find(req);
    if (matched.h) {
      *route_name = matched.name;
      return (*matched.h)(req, respond);
    }
    bool path_known = matched.path_known;
    bool tenant_header_required = true;
    matched = tenant_.find(req);
    path_known = path_known || matched.path_known;
    if (!matched.h) {
      matched = token_.find(req);
      path_known = path_known || matched.path_known;
      tenant_header_required = false;
    }
    if (matched.h) {
      *route_name = matched.name;
      shape = matched.shape;
    }
    if (!matched.h && !path_known && options_.site && req.path.rfind("/api/", 0) != 0) {
      if (auto page = options_.site(req)) {
        *route_name = "console";
        return respond(std::move(*page));
      }
    }
    if (!matched.h) {
      if (path_known) {
        throw api_failure{{errc::method_not_allowed, req.method + " is not allowed on " + req.path, json::object()}};
      }
      throw api_failure{{errc::not_found, "no route for " + req.method + " " + req.path, json::object()}};
    }
    // Authentication: a bearer token whose tenant is the X-Tenant-ID header.
    const std::string& authorization = req.header("authorization");
    if (authorization.rfind("Bearer ", 0) != 0) {
      throw api_failure{{errc::unauthorized, "an Authorization: Bearer token is required", json::object()}};
    }
    std::string why;
    auto who = auth_.verify(std::string_view(authorization).substr(7), why);
    if (!who) throw api_failure{{errc::unauthorized, why, json::object()}};
    const std::string& header = req.header("x-tenant-id");
    if (header.empty() && tenant_header_required) {
      throw api_failure{{errc::unauthorized, "the X-Tenant-ID header is required", json::object()}};
    }
    const std::string& tenant = header.empty() ? who->tenant : header;
    if (tenant != who->tenant || !plausible_id(tenant, 128)) {
      throw api_failure{{errc::permission_denied, "the token is not valid for tenant '" + tenant.substr(0, 128) + "'",
                         json::object()}};
    }
    req.tenant = who->tenant;
    req.user = who->user;
    req.roles = who->roles;
    if (options_.rate_limit) {
      if (auto wait = options_.rate_limit(req)) {
        response r = failed({errc::rate_limited, "too many requests; try again in " + std::to_string(*wait) + " s",
                              {{"retry_after", *wait}}});
        r.headers.emplace_back("Retry-After", std::to_string(*wait));
        return respond(std::move(r));
      }
    }
    // Checked here, after the caller's token: a forwarded request is checked again where it goes.
    const bool forwarded = !req.header(forwarded_by_header).empty();
    if (!forwarded && !matched.execution_id.empty() && options_.owner_elsewhere) {
      if (auto owner = options_.owner_elsewhere(matched.execution_id)) {
        if (matched.streams) return respond(redirect_to(req, *owner));
        return forward(req, *owner, options_.node_name, respond);
      }
    }
    // Two coordinators must not each start what one key names: the key's owner takes it.
    if (!forwarded && matched.starts && options_.owner_elsewhere && !req.header("idempotency-key").empty()) {
      if (auto owner = options_.owner_elsewhere(req.tenant + '\0' + req.header("idempotency-key"))) {
        return forward(req, *owner, options_.node_name, respond);
      }
    }
    const bool writes_catalogue = req.method != "GET" && req.method != "HEAD" && matched.execution_id.empty() && !matched.starts;
    if (!forwarded && writes_catalogue && !options_.catalogue_home.empty()) {
      return forward(req, options_.catalogue_home, options_.node_name, [this, respond](response answer) {
        std::uint64_t seq = 0;
        for (const auto& [name, value] : answer.headers) {
          if (name == catalogue_seq_header) seq = std::strtoull(value.c_str(), nullptr, 10);
        }
        if (seq == 0 || !options_.await_catalogue) return respond(std::move(answer));
        options_.await_catalogue(seq, [respond, answer = std::move(answer)]() mutable { respond(std::move(answer)); });
      });
    }
    if (forwarded && options_.catalogue_seq) {
      respond_fn told = [respond, seq_of = options_.catalogue_seq](response r) {
        r.headers.emplace_back(catalogue_seq_header, std::to_string(seq_of()));
        respond(std::move(r));
      };
      return (*matched.h)(req, told);
    }
    (*matched.h)(req, respond);
  } catch (const api_failure& f) {
    respond(failed(f.error));
  } catch (const std::exception& e) {
    respond(failed({errc::internal_error, "internal error", json::object()}));
  }
}

}  // namespace weft::http
