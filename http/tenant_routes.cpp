#include "http/tenant_routes.hpp"

#include <nlohmann/json.hpp>

#include "http/errors.hpp"
#include "http/request_body.hpp"
#include "http/roles.hpp"
#include "http/workflow_routes.hpp"
#include "services/tenant_service.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

void require_operator(const request& req) {
  require_role(req, "operator", "tenants are managed by operators (roles: [\"operator\"])");
}

response answer(const services::outcome& o) {
  if (!o.ok()) throw api_failure{workflow_api_error(o.error())};
  return response::json(200, o.value());
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

void add_tenant_routes(router& tenant, router& token, services::tenant_service& tenants) {
  tenant.add("GET", "/api/tenants/me", [&tenants](request& req) { return answer(tenants.describe(req.tenant)); });
  tenant.add("GET", "/api/tenants/me/usage", [&tenants](request& req) { return answer(tenants.usage(req.tenant)); });
  token.add("PUT", "/api/admin/tenants/{id}", [&tenants](request& req) {
    require_operator(req);
    return answer(tenants.set(req.params["id"], object_body(req, "{ \"tier\": ..., \"limits\"?: {...} }")));
  });
  token.add("GET", "/api/admin/tenants/{id}", [&tenants](request& req) {
    require_operator(req);
    return answer(tenants.describe(req.params["id"]));
  });
}

std::optional<std::int64_t> rate_limit(services::tenant_service& tenants, const request& req) {
  if (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS") return std::nullopt;
  if (req.path.rfind("/api/admin/", 0) == 0) return std::nullopt;  // operators are not a tenant's traffic
  // Validation stores nothing: an editor checks as the user types (docs/console.md), which
  // must not use up the writes that saving needs.
  if (req.path == "/api/workflows/validate" || req.path == "/api/workflows/validate-step") return std::nullopt;
  const bool execute = ends_with(req.path, "/execute") || ends_with(req.path, "/test-execute");
  return tenants.rate_limit(req.tenant, req.user,
                            execute ? services::tenant_service::limited::execute : services::tenant_service::limited::write);
}

}  // namespace weft::http
