#include "http/component_routes.hpp"

#include <nlohmann/json.hpp>

#include "http/errors.hpp"
#include "nodes/component.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

json all_components(const nodes::registry& registry) {
  json list = json::array();
  for (const auto& t : registry.types()) list.push_back(nodes::describe_component(t));
  return list;
}

api_error unknown_type(const std::string& type) {
  return {errc::not_found, "no component type '" + type.substr(0, 128) + "'", json::object()};
}

}  // namespace

void add_component_routes(router& tenant, router& token, const nodes::registry& registry) {
  tenant.add("GET", "/api/components", [&registry](request&) {
    const json list = all_components(registry);
    return response::json(200, {{"components", list}, {"total", list.size()}});
  });
  tenant.add("GET", "/api/components/{type}", [&registry](request& req) {
    const nodes::step_type* t = registry.find_type(req.params["type"]);
    if (!t) throw api_failure{unknown_type(req.params["type"])};
    return response::json(200, nodes::describe_component(*t));
  });
  token.add("GET", "/api/workflow/components", [&registry](request&) {
    return response::json(200, {{"success", true}, {"data", all_components(registry)}});
  });
  token.add("GET", "/api/workflow/components/{type}", [&registry](request& req) {
    const nodes::step_type* t = registry.find_type(req.params["type"]);
    if (!t) return seed_error_response(unknown_type(req.params["type"]), req.request_id);
    return response::json(200, {{"success", true}, {"data", nodes::describe_component(*t)}});
  });
}

}  // namespace weft::http
