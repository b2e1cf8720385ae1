// Values are CBOR { execution_id, at_ms } under tenant\0key in the idempotency family.
#include "storage/idempotency_store.hpp"

#include "storage/codec.hpp"
#include "storage/keys.hpp"

namespace weft::storage {

status idempotency_store::reserve(std::string_view tenant, std::string_view key, const std::string& candidate,
                                  std::int64_t now_ms, std::int64_t ttl_ms, std::string& winner) {
  if (!keys::valid_id(tenant) || !keys::valid_id(key)) return status::invalid_argument("invalid tenant or idempotency key");
  const std::string k = keys::entity(tenant, key);
  std::lock_guard lock(mutex_);
  if (auto it = reserved_.find(k); it != reserved_.end()) {
    winner = it->second;
    return status::ok();
  }
  std::string bytes;
  status found = db_.get(family::idempotency, k, bytes);
  if (found.is_ok()) {
    nlohmann::json j;
    if (codec::decode(bytes, j, "idempotency record").is_ok() && 
        now_ms - codec::integer_or(j, "at_ms") < ttl_ms) {
      winner = codec::text_or(j, "execution_id");
      if (!winner.empty()) return status::ok();
    }
  } else if (!found.is_not_found()) {
    return found;
  }
  reserved_.emplace(k, candidate);
  winner = candidate;
  return status::ok();
}

status idempotency_store::add_claim(write_batch& batch, std::string_view tenant, std::string_view key,
                                    std::string_view execution_id, std::int64_t at_ms) {
  if (!keys::valid_id(tenant) || !keys::valid_id(key)) return status::invalid_argument("invalid tenant or idempotency key");
  batch.put(family::idempotency, keys::entity(tenant, key),
            codec::encode({{"execution_id", std::string(execution_id)}, {"at_ms", at_ms}}));
  return status::ok();
}

void idempotency_store::settle(std::string_view tenant, std::string_view key, std::string_view execution_id) {
  if (!keys::valid_id(tenant) || !keys::valid_id(key)) return;
  std::lock_guard lock(mutex_);
  if (auto it = reserved_.find(keys::entity(tenant, key)); it != reserved_.end() && it->second == execution_id) {
    reserved_.erase(it);
  }
}

}  // namespace weft::storage
