// Values are the records as CBOR.
#include "storage/record_store.hpp"

#include "storage/codec.hpp"
#include "storage/keys.hpp"

namespace weft::storage {

status record_store::upsert(std::string_view tenant, std::string_view collection,
                            const std::vector<std::pair<std::string, nlohmann::json>>& records) {
  if (!keys::valid_id(tenant) || !keys::valid_id(collection)) return status::invalid_argument("invalid tenant or collection");
  const std::string prefix = keys::children_prefix(tenant, collection);
  write_batch batch = db_.new_batch();
  for (const auto& [key, record] : records) {
    if (!keys::valid_id(key)) return status::invalid_argument("invalid record key '" + key.substr(0, 64) + "'");
    batch.put(family::records, prefix + key, codec::encode(record));
  }
  return db_.write(batch);
}

status record_store::scan(std::string_view tenant, std::string_view collection,
                          const std::function<bool(const std::string& key, const nlohmann::json& record)>& visit,
                          std::string_view after) const {
  if (!keys::valid_id(tenant) || !keys::valid_id(collection)) return status::invalid_argument("invalid tenant or collection");
  const std::string prefix = keys::children_prefix(tenant, collection);
  // The first key after `after`: `after` followed by the smallest byte.
  const std::string from = after.empty() ? prefix : prefix + std::string(after) + '\0';
  status decoded = status::ok();
  auto s = db_.scan(family::records, from, keys::prefix_end(prefix), [&](std::string_view key, std::string_view value) {
    nlohmann::json record;
    if (auto d = codec::decode(value, record, "record"); !d.is_ok()) {
      decoded = d;
      return false;
    }
    return visit(std::string(key.substr(prefix.size())), record);
  });
  return s.is_ok() ? decoded : s;
}

}  // namespace weft::storage
