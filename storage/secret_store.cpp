// Values are CBOR { value, updated_at }.
#include "storage/secret_store.hpp"

#include "storage/codec.hpp"
#include "storage/keys.hpp"

namespace weft::storage {
namespace {

std::string prefix(std::string_view tenant) { return keys::children_prefix(tenant, "secrets"); }

}  // namespace

status secret_store::put(std::string_view tenant, std::string_view name, const std::string& value, std::int64_t now_ms) {
  if (!keys::valid_id(tenant) || !keys::valid_id(name)) return status::invalid_argument("invalid tenant or secret name");
  write_batch batch = db_.new_batch();
  batch.put(family::tenants, prefix(tenant) + std::string(name), codec::encode({{"value", value}, {"updated_at", now_ms}}));
  return db_.write(batch);
}

status secret_store::get(std::string_view tenant, std::string_view name, std::string& value) const {
  if (!keys::valid_id(tenant) || !keys::valid_id(name)) return status::invalid_argument("invalid tenant or secret name");
  std::string bytes;
  if (auto s = db_.get(family::tenants, prefix(tenant) + std::string(name), bytes); !s.is_ok()) return s;
  nlohmann::json j;
  if (auto s = codec::decode(bytes, j, "secret"); !s.is_ok()) return s;
  value = codec::text_or(j, "value");
  return status::ok();
}

status secret_store::remove(std::string_view tenant, std::string_view name) {
  if (!keys::valid_id(tenant) || !keys::valid_id(name)) return status::invalid_argument("invalid tenant or secret name");
  std::string ignored;
  if (auto s = db_.get(family::tenants, prefix(tenant) + std::string(name), ignored); !s.is_ok()) return s;
  write_batch batch = db_.new_batch();
  batch.erase(family::tenants, prefix(tenant) + std::string(name));
  return db_.write(batch);
}

status secret_store::list(std::string_view tenant, std::vector<secret_entry>& out) const {
  if (!keys::valid_id(tenant)) return status::invalid_argument("invalid tenant");
  const std::string from = prefix(tenant);
  status decoded = status::ok();
  auto s = db_.scan(family::tenants, from, keys::prefix_end(from), [&](std::string_view key, std::string_view value) {
    nlohmann::json j;
    if (auto d = codec::decode(std::string(value), j, "secret"); !d.is_ok()) {
      decoded = d;
      return false;
    }
    out.push_back({std::string(key.substr(from.size())), codec::integer_or(j, "updated_at")});
    return true;
  });
  return s.is_ok() ? decoded : s;
}

}  // namespace weft::storage
