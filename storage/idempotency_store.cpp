// Values are CBOR { execution_id, at_ms } under tenant\0key in the idempotency family.
#include "storage/idempotency_store.hpp"

#include "storage/codec.hpp"
#include "storage/keys.hpp"

namespace weft::storage {

status idempotency_store::claim(std::string_view tenant, std::string_view key, const std::string& candidate,
                                std::int64_t now_ms, std::int64_t ttl_ms, std::string& winner) {
  if (!keys::valid_id(tenant) || !keys::valid_id(key)) return status::invalid_argument("invalid tenant or idempotency key");
  const std::string k = keys::entity(tenant, key);
  std::lock_guard lock(mutex_);
  std::string bytes;
  status found = db_.get(family::idempotency, k, bytes);
  if (found.is_ok()) {
    nlohmann::json j;
    if (codec::decode(bytes, j, "idempotency record").is_ok() && j.is_object() &&
        now_ms - j.value("at_ms", std::int64_t{0}) < ttl_ms) {
      winner = j.value("execution_id", "");
      if (!winner.empty()) return status::ok();
    }
  } else if (!found.is_not_found()) {
    return found;
  }
  write_batch batch = db_.new_batch();
  batch.put(family::idempotency, k, codec::encode({{"execution_id", candidate}, {"at_ms", now_ms}}));
  if (auto s = db_.write(batch); !s.is_ok()) return s;
  winner = candidate;
  return status::ok();
}

status idempotency_store::release(std::string_view tenant, std::string_view key) {
  if (!keys::valid_id(tenant) || !keys::valid_id(key)) return status::invalid_argument("invalid tenant or idempotency key");
  std::lock_guard lock(mutex_);
  write_batch batch = db_.new_batch();
  batch.erase(family::idempotency, keys::entity(tenant, key));
  return db_.write(batch);
}

}  // namespace weft::storage
