#include "storage/component_store.hpp"

#include "storage/codec.hpp"
#include "storage/keys.hpp"

namespace weft::storage {
namespace {

std::string prefix(std::string_view tenant) { return keys::children_prefix(tenant, "components"); }

bool valid(std::string_view tenant, std::string_view type) { return keys::valid_id(tenant) && keys::valid_id(type); }

}  // namespace

status component_store::put(std::string_view tenant, std::string_view type, const nlohmann::json& registration) {
  if (!valid(tenant, type)) return status::invalid_argument("invalid tenant or component type");
  write_batch batch = db_.new_batch();
  batch.put(family::tenants, prefix(tenant) + std::string(type), codec::encode(registration));
  return db_.write(batch);
}

status component_store::get(std::string_view tenant, std::string_view type, nlohmann::json& out) const {
  if (!valid(tenant, type)) return status::invalid_argument("invalid tenant or component type");
  std::string bytes;
  if (auto s = db_.get(family::tenants, prefix(tenant) + std::string(type), bytes); !s.is_ok()) return s;
  return codec::decode(bytes, out, "component");
}

status component_store::remove(std::string_view tenant, std::string_view type) {
  if (!valid(tenant, type)) return status::invalid_argument("invalid tenant or component type");
  std::string ignored;
  if (auto s = db_.get(family::tenants, prefix(tenant) + std::string(type), ignored); !s.is_ok()) return s;
  write_batch batch = db_.new_batch();
  batch.erase(family::tenants, prefix(tenant) + std::string(type));
  return db_.write(batch);
}

status component_store::list(std::string_view tenant, std::vector<nlohmann::json>& out) const {
  if (!keys::valid_id(tenant)) return status::invalid_argument("invalid tenant");
  const std::string from = prefix(tenant);
  status decoded = status::ok();
  auto s = db_.scan(family::tenants, from, keys::prefix_end(from), [&](std::string_view, std::string_view value) {
    nlohmann::json j;
    decoded = codec::decode(std::string(value), j, "component");
    if (!decoded.is_ok()) return false;
    out.push_back(std::move(j));
    return true;
  });
  return s.is_ok() ? decoded : s;
}

}  // namespace weft::storage
