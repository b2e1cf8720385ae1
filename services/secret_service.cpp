#include "services/secret_service.hpp"

#include "core/expr/value_ops.hpp"

namespace weft::services {
namespace {

using json = nlohmann::json;
using kind = service_error::kind;

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  }
  return true;
}

service_error bad_name(const std::string& name) {
  return {kind::invalid_input, "a secret name is 1 to 128 of A-Z a-z 0-9 _ - . ('" + name.substr(0, 64) + "' is not)",
          json::object()};
}

}  // namespace

outcome secret_service::put(const caller& who, const std::string& name, const json& value) {
  if (!valid_name(name)) return bad_name(name);
  if (!value.is_string() || value.get<std::string>().empty()) {
    return service_error{kind::invalid_input, "the body must be { \"value\": \"<a non-empty string>\" }", json::object()};
  }
  if (value.get<std::string>().size() > max_value_bytes) {
    return service_error{kind::invalid_input, "a secret is at most 64 KiB", json::object()};
  }
  const std::int64_t now = now_();
  if (auto s = store_.put(who.tenant, name, value.get<std::string>(), now); !s.is_ok()) {
    return storage_error(s);
  }
  return json{{"name", name}, {"updated_at", core::expr::iso_timestamp(now)}};
}

outcome secret_service::list(const caller& who) const {
  std::vector<storage::secret_entry> entries;
  if (auto s = store_.list(who.tenant, entries); !s.is_ok()) return storage_error(s);
  json out = json::array();
  for (const auto& e : entries) out.push_back({{"name", e.name}, {"updated_at", core::expr::iso_timestamp(e.updated_at)}});
  return json{{"secrets", out}};
}

outcome secret_service::remove(const caller& who, const std::string& name) {
  if (!valid_name(name)) return bad_name(name);
  auto s = store_.remove(who.tenant, name);
  if (s.is_not_found()) return service_error{kind::not_found, "no secret '" + name + "'", json::object()};
  if (!s.is_ok()) return storage_error(s);
  return json(nullptr);
}

std::optional<std::string> secret_service::value(const std::string& tenant, const std::string& name) const {
  std::string v;
  if (!valid_name(name) || !store_.get(tenant, name, v).is_ok()) return std::nullopt;
  return v;
}

}  // namespace weft::services
