// Listing scans the tenant's range in id order and filters as it goes.
#include "storage/execution_store.hpp"

#include "storage/codec.hpp"
#include "storage/keys.hpp"

namespace weft::storage {

status execution_store::add_summary(write_batch& batch, std::string_view tenant, std::string_view execution_id,
                                    const nlohmann::json& summary) const {
  if (!keys::valid_id(tenant) || !keys::valid_id(execution_id)) return status::invalid_argument("invalid tenant or execution id");
  batch.put(family::executions, keys::entity(tenant, execution_id), codec::encode(summary));
  return status::ok();
}

status execution_store::list(std::string_view tenant, std::string_view workflow_id, std::string_view status_filter,
                             std::string_view cursor, std::size_t limit, execution_page& out) const {
  out = {};
  if (!keys::valid_id(tenant)) return status::invalid_argument("invalid tenant id");
  const std::string prefix = keys::tenant_prefix(tenant);
  const std::string from = cursor.empty() ? prefix : keys::entity(tenant, cursor) + '\0';
  status decode_error = status::ok();
  std::string last_id;
  bool more = false;
  status s = db_.scan(family::executions, from, keys::prefix_end(prefix), [&](std::string_view key, std::string_view value) {
    if (out.items.size() == limit) {
      more = true;
      return false;
    }
    nlohmann::json j;
    decode_error = codec::decode(value, j, "execution summary");
    if (!decode_error.is_ok()) return false;
    last_id = std::string(key.substr(prefix.size()));
    if (!workflow_id.empty() && j.value("workflow_id", "") != workflow_id) return true;
    if (!status_filter.empty() && j.value("status", "") != status_filter) return true;
    out.items.push_back(std::move(j));
    return true;
  });
  if (!s.is_ok()) return s;
  if (more) out.next_cursor = last_id;
  return decode_error;
}

}  // namespace weft::storage
