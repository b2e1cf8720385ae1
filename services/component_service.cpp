#include "services/component_service.hpp"

#include "nodes/custom_component.hpp"

namespace weft::services {
namespace {

using json = nlohmann::json;
using kind = service_error::kind;

std::vector<nodes::custom_component> all_of(const storage::component_store& store, const std::string& tenant) {
  std::vector<json> stored;
  (void)store.list(tenant, stored);
  std::vector<nodes::custom_component> out;
  out.reserve(stored.size());
  for (const auto& j : stored) out.push_back(nodes::custom_component_from_json(j));
  return out;
}

service_error not_found(const std::string& type) {
  return {kind::not_found, "no custom component '" + type.substr(0, 64) + "'", {{"type", type.substr(0, 64)}}};
}

}  // namespace

outcome component_service::put(const caller& who, const std::string& type, const json& body) {
  nodes::custom_component c;
  std::string why, pointer;
  if (!nodes::parse_custom_component(body, type, c, why, pointer)) return service_error{kind::invalid_input, why, {{"pointer", pointer}}};
  json existing;
  const auto found = store_.get(who.tenant, type, existing);
  if (!found.is_ok() && !found.is_not_found()) return storage_error(found);
  if (found.is_not_found()) {
    std::vector<json> all;
    if (auto s = store_.list(who.tenant, all); s.is_ok() && all.size() >= max_per_tenant) {
      return service_error{kind::invalid_input, "a tenant may register at most " + std::to_string(max_per_tenant) + " components",
                           json::object()};
    }
  }
  if (auto s = store_.put(who.tenant, type, nodes::to_json(c)); !s.is_ok()) return storage_error(s);
  forget_catalog(who.tenant);
  json out = nodes::to_json(c);
  out["created"] = found.is_not_found();
  return out;
}

outcome component_service::list(const caller& who) const {
  json items = json::array();
  for (const auto& c : all_of(store_, who.tenant)) items.push_back(nodes::to_json(c));
  return json{{"components", std::move(items)}};
}

outcome component_service::get(const caller& who, const std::string& type) const {
  json j;
  if (auto s = store_.get(who.tenant, type, j); !s.is_ok()) {
    return s.is_not_found() || s.which() == storage::status::code::invalid_argument ? outcome(not_found(type))
                                                                                 : outcome(storage_error(s));
  }
  return j;
}

outcome component_service::remove(const caller& who, const std::string& type) {
  if (auto s = store_.remove(who.tenant, type); !s.is_ok()) {
    return s.is_not_found() || s.which() == storage::status::code::invalid_argument ? outcome(not_found(type))
                                                                                 : outcome(storage_error(s));
  }
  forget_catalog(who.tenant);
  return json{{"deleted", type}};
}

std::vector<json> component_service::describe_all(const std::string& tenant) const {
  std::vector<json> out;
  for (const auto& c : all_of(store_, tenant)) out.push_back(nodes::describe_custom_component(c));
  return out;
}

std::optional<json> component_service::registration(const std::string& tenant, const std::string& type) const {
  json j;
  if (!store_.get(tenant, type, j).is_ok()) return std::nullopt;
  return j;
}

std::shared_ptr<const core::step_catalog> component_service::catalog(const std::string& tenant) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = catalogs_.find(tenant); it != catalogs_.end()) return it->second;
  }
  auto built = std::make_shared<const nodes::tenant_catalog>(nodes::registry::builtin(), all_of(store_, tenant));
  std::lock_guard lock(mutex_);
  return catalogs_.try_emplace(tenant, std::move(built)).first->second;
}

void component_service::forget_catalog(const std::string& tenant) {
  std::lock_guard lock(mutex_);
  catalogs_.erase(tenant);
}

}  // namespace weft::services
