// Values are CBOR { last_handled_at }.
#include "storage/schedule_store.hpp"

#include "storage/codec.hpp"
#include "storage/keys.hpp"

namespace weft::storage {
namespace {

std::string workflow_prefix(std::string_view tenant, std::string_view workflow_id) {
  return keys::children_prefix(tenant, "schedules") + std::string(workflow_id) + '\0';
}

bool valid(std::string_view tenant, std::string_view workflow_id, std::string_view step_id) {
  return keys::valid_id(tenant) && keys::valid_id(workflow_id) && keys::valid_id(step_id);
}

}  // namespace

status schedule_store::last_handled(std::string_view tenant, std::string_view workflow_id, std::string_view step_id,
                                    std::int64_t& at_ms) const {
  if (!valid(tenant, workflow_id, step_id)) return status::invalid_argument("invalid schedule key");
  std::string bytes;
  if (auto s = db_.get(family::tenants, workflow_prefix(tenant, workflow_id) + std::string(step_id), bytes); !s.is_ok()) return s;
  nlohmann::json j;
  if (auto s = codec::decode(bytes, j, "schedule"); !s.is_ok()) return s;
  at_ms = codec::integer_or(j, "last_handled_at");
  return status::ok();
}

status schedule_store::set_last_handled(std::string_view tenant, std::string_view workflow_id, std::string_view step_id,
                                        std::int64_t at_ms) {
  if (!valid(tenant, workflow_id, step_id)) return status::invalid_argument("invalid schedule key");
  write_batch batch = db_.new_batch();
  batch.put(family::tenants, workflow_prefix(tenant, workflow_id) + std::string(step_id),
            codec::encode({{"last_handled_at", at_ms}}));
  return db_.write(batch);
}

status schedule_store::forget(std::string_view tenant, std::string_view workflow_id) {
  if (!keys::valid_id(tenant) || !keys::valid_id(workflow_id)) return status::invalid_argument("invalid schedule key");
  const std::string from = workflow_prefix(tenant, workflow_id);
  write_batch batch = db_.new_batch();
  auto s = db_.scan(family::tenants, from, keys::prefix_end(from), [&](std::string_view key, std::string_view) {
    batch.erase(family::tenants, std::string(key));
    return true;
  });
  return s.is_ok() ? db_.write(batch) : s;
}

}  // namespace weft::storage
