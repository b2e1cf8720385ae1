#include "services/step_environment.hpp"

#include "services/component_service.hpp"
#include "services/secret_service.hpp"
#include "storage/record_store.hpp"
#include "storage/workflow_store.hpp"

namespace weft::services {

std::shared_ptr<const nodes::step_environment> make_step_environment(const secret_service& secrets,
                                                                      storage::record_store& records,
                                                                      const storage::workflow_store& workflows,
                                                                      const component_service& components) {
  auto env = std::make_shared<nodes::step_environment>();
  env->secret = [&secrets](const std::string& tenant, const std::string& name) { return secrets.value(tenant, name); };
  env->save_records = [&records](const std::string& tenant, const std::string& collection,
                                 const std::vector<std::pair<std::string, nlohmann::json>>& batch, std::string& why) {
    auto s = records.upsert(tenant, collection, batch);
    if (!s.is_ok()) why = s.to_string();
    return s.is_ok();
  };
  env->scan_records = [&records](const std::string& tenant, const std::string& collection,
                                 const std::function<bool(const nlohmann::json&)>& visit, std::string& why) {
    auto s = records.scan(tenant, collection, [&visit](const std::string&, const nlohmann::json& record) { return visit(record); });
    if (!s.is_ok()) why = s.to_string();
    return s.is_ok();
  };
  env->workflow_definition = [&workflows](const std::string& tenant, const std::string& id, std::uint64_t& version,
                                          nlohmann::json& definition, std::string& why) {
    storage::workflow_record w;
    if (auto s = workflows.get(tenant, id, w); !s.is_ok()) {
      why = s.is_not_found() ? "no workflow '" + id + "'" : s.to_string();
      return false;
    }
    if (version == 0 && w.active_version == 0) {
      version = w.version;
      definition = std::move(w.definition);
      return true;
    }
    if (version == 0) version = w.active_version;
    storage::version_record v;
    if (auto s = workflows.get_version(tenant, id, version, v); !s.is_ok()) {
      why = s.is_not_found() ? "workflow '" + id + "' has no version " + std::to_string(version) : s.to_string();
      return false;
    }
    definition = std::move(v.definition);
    return true;
  };
  env->component = [&components](const std::string& tenant, const std::string& type) { return components.registration(tenant, type); };
  return env;
}

}  // namespace weft::services
