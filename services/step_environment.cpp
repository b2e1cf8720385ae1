#include "services/step_environment.hpp"

#include "services/secret_service.hpp"
#include "storage/record_store.hpp"

namespace weft::services {

std::shared_ptr<const nodes::step_environment> make_step_environment(const secret_service& secrets,
                                                                      storage::record_store& records) {
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
  return env;
}

}  // namespace weft::services
