#include "http/component_routes.hpp"

#include <nlohmann/json.hpp>

#include "http/errors.hpp"
#include "http/request_body.hpp"
#include "http/roles.hpp"
#include "http/workflow_routes.hpp"
#include "nodes/component.hpp"
#include "services/component_service.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

json all_components(const nodes::registry& registry, const services::component_service& custom, const std::string& tenant) {
  json list = json::array();
  for (const auto& t : registry.types()) list.push_back(nodes::describe_component(t));
  for (auto& c : custom.describe_all(tenant)) list.push_back(std::move(c));
  return list;
}

// A built-in type (or alias), else one of the tenant's own; null when neither.
json one_component(const nodes::registry& registry, const services::component_service& custom, const std::string& tenant,
                   const std::string& type) {
  if (const nodes::step_type* t = registry.find_type(type)) return nodes::describe_component(*t);
  for (auto& c : custom.describe_all(tenant)) {
    if (c["type"] == type) return c;
  }
  return nullptr;
}

api_error unknown_type(const std::string& type) {
  return {errc::not_found, "no component type '" + type.substr(0, 128) + "'", json::object()};
}

}  // namespace

void add_component_routes(router& tenant, router& token, const nodes::registry& registry, services::component_service& custom) {
  tenant.add("GET", "/api/components", [&registry, &custom](request& req) {
    const json list = all_components(registry, custom, req.tenant);
    return response::json(200, {{"components", list}, {"total", list.size()}});
  });
  tenant.add("GET", "/api/components/{type}", [&registry, &custom](request& req) {
    json c = one_component(registry, custom, req.tenant, req.params["type"]);
    if (c.is_null()) throw api_failure{unknown_type(req.params["type"])};
    return response::json(200, c);
  });
  tenant.add("PUT", "/api/components/{type}", [&custom](request& req) {
    require_admin(req, "custom components");
    const json body = object_body(req, "{ \"name\", \"endpoint\": { \"url\" }, \"config_schema\"?, ... }");
    auto o = custom.put({req.tenant, req.user}, req.params["type"], body);
    if (!o.ok()) throw api_failure{workflow_api_error(o.error())};
    return response::json(o.value().value("created", false) ? 201 : 200, o.value());
  });
  tenant.add("DELETE", "/api/components/{type}", [&custom](request& req) {
    require_admin(req, "custom components");
    auto o = custom.remove({req.tenant, req.user}, req.params["type"]);
    if (!o.ok()) throw api_failure{unknown_type(req.params["type"])};
    return response::no_content();
  });
  token.add("GET", "/api/workflow/components", [&registry, &custom](request& req) {
    return response::json(200, {{"success", true}, {"data", all_components(registry, custom, req.tenant)}});
  });
  token.add("GET", "/api/workflow/components/{type}", [&registry, &custom](request& req) {
    json c = one_component(registry, custom, req.tenant, req.params["type"]);
    if (c.is_null()) return seed_error_response(unknown_type(req.params["type"]), req.request_id);
    return response::json(200, {{"success", true}, {"data", c}});
  });
}

}  // namespace weft::http
