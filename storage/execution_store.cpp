// Listing walks the time index (newest first) and reads each summary; a status filter skips
// as it goes.
#include "storage/execution_store.hpp"

#include <algorithm>


#include "core/expr/value_ops.hpp"
#include "storage/codec.hpp"
#include "storage/keys.hpp"

namespace weft::storage {

status execution_store::add_summary(write_batch& batch, std::string_view tenant, std::string_view execution_id,
                                    std::string_view cbor) const {
  if (!keys::valid_id(tenant) || !keys::valid_id(execution_id)) return status::invalid_argument("invalid tenant or execution id");
  batch.put(family::executions, keys::entity(tenant, execution_id), cbor);
  return status::ok();
}

namespace {

// "tenant\0*\0" or "tenant\0w:<workflow>\0": where one list's index entries live.
std::string scope_prefix(std::string_view tenant, std::string_view workflow_id) {
  std::string k = keys::tenant_prefix(tenant);
  if (workflow_id.empty()) k += '*';
  else k.append("w:").append(workflow_id);
  k += '\0';
  return k;
}

// be64 of the inverted time, then the id: ascending key order is newest first.
std::string position(std::int64_t created_ms, std::string_view execution_id) {
  std::string p;
  keys::append_u64(p, ~static_cast<std::uint64_t>(created_ms));
  p.append(execution_id);
  return p;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

bool from_hex(std::string_view hex, std::string& out) {
  if (hex.size() % 2 != 0) return false;
  out.clear();
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
  }
  return true;
}

}  // namespace

status execution_store::add_to_index(write_batch& batch, std::string_view tenant, std::string_view workflow_id,
                                     std::int64_t created_ms, std::string_view execution_id) const {
  if (!keys::valid_id(tenant) || !keys::valid_id(execution_id)) return status::invalid_argument("invalid tenant or execution id");
  const std::string at = position(created_ms, execution_id);
  batch.put(family::execution_index, scope_prefix(tenant, "") + at, "");
  if (!workflow_id.empty()) batch.put(family::execution_index, scope_prefix(tenant, workflow_id) + at, "");
  return status::ok();
}

std::string execution_store::cursor_at(std::int64_t created_ms, std::string_view execution_id) {
  return to_hex(position(created_ms, execution_id));
}

status execution_store::list(std::string_view tenant, std::string_view workflow_id, std::string_view status_filter,
                             std::string_view cursor, std::size_t limit, execution_page& out, created_range created) const {
  out = {};
  if (!keys::valid_id(tenant)) return status::invalid_argument("invalid tenant id");
  const std::string prefix = scope_prefix(tenant, workflow_id);
  // Newest first: the index starts at the newest creation time the range keeps.
  std::string from = prefix;
  if (created.before_ms != INT64_MAX) keys::append_u64(from, ~static_cast<std::uint64_t>(created.before_ms - 1));
  if (!cursor.empty()) {
    std::string after;
    if (!from_hex(cursor, after) || after.size() <= 8) return status::invalid_argument("invalid cursor");
    from = std::max(from, prefix + after + '\0');  // the first key after the cursor's
  }
  // ... and ends past the oldest: every key after this one was created before `from_ms`.
  std::string end = keys::prefix_end(prefix);
  if (created.from_ms > 0) {
    end = prefix;
    keys::append_u64(end, ~static_cast<std::uint64_t>(created.from_ms) + 1);
  }
  status failure = status::ok();
  std::string last_position;
  bool more = false;
  status s = db_.scan(family::execution_index, from, end, [&](std::string_view key, std::string_view) {
    if (out.items.size() == limit) {
      more = true;
      return false;
    }
    const std::string_view at = key.substr(prefix.size());
    if (at.size() <= 8) return true;  // not an index entry
    last_position = std::string(at);
    std::string bytes;
    if (status got = db_.get(family::executions, keys::entity(tenant, at.substr(8)), bytes); !got.is_ok()) {
      if (got.is_not_found()) return true;  // deleted since (retention)
      failure = got;
      return false;
    }
    nlohmann::json j;
    failure = codec::decode(bytes, j, "execution summary");
    if (!failure.is_ok()) return false;
    if (!status_filter.empty() && codec::text_or(j, "status") != status_filter) return true;
    out.items.push_back(std::move(j));
    return true;
  });
  if (!s.is_ok()) return s;
  if (more) out.next_cursor = to_hex(last_position);
  return failure;
}

status execution_store::tenants(std::string_view after, std::size_t limit, std::vector<std::string>& out) const {
  // A skip scan: one seek per tenant, past all of its index entries.
  std::string from = after.empty() ? std::string() : keys::prefix_end(keys::tenant_prefix(after));
  while (out.size() < limit) {
    std::string tenant;
    auto s = db_.scan(family::execution_index, from, "", [&](std::string_view key, std::string_view) {
      tenant = std::string(key.substr(0, key.find('\0')));
      return false;
    });
    if (!s.is_ok()) return s;
    if (tenant.empty()) break;
    out.push_back(tenant);
    from = keys::prefix_end(keys::tenant_prefix(tenant));
  }
  return status::ok();
}

status execution_store::finished_before(std::string_view tenant, std::int64_t created_before_ms, std::size_t limit,
                                        std::vector<finished_execution>& out) const {
  if (!keys::valid_id(tenant)) return status::invalid_argument("invalid tenant id");
  const std::string prefix = scope_prefix(tenant, "");
  // Index order is newest first: everything from the cutoff's position on is older.
  std::string from = prefix;
  keys::append_u64(from, ~static_cast<std::uint64_t>(created_before_ms));
  status failure = status::ok();
  auto s = db_.scan(family::execution_index, from, keys::prefix_end(prefix), [&](std::string_view key, std::string_view) {
    if (out.size() == limit) return false;
    const std::string_view at = key.substr(prefix.size());
    if (at.size() <= 8) return true;
    finished_execution e;
    e.execution_id = std::string(at.substr(8));
    e.created_ms = static_cast<std::int64_t>(~keys::read_u64(at, 0).value_or(0));
    std::string bytes;
    if (auto got = db_.get(family::executions, keys::entity(tenant, e.execution_id), bytes); !got.is_ok()) {
      if (got.is_not_found()) return true;
      failure = got;
      return false;
    }
    nlohmann::json j;
    if (!codec::decode(bytes, j, "execution summary").is_ok()) return true;  // unreadable: left for a person to look at
    e.status = codec::text_or(j, "status");
    if (e.status != "completed" && e.status != "failed" && e.status != "cancelled" && e.status != "timed_out") return true;
    e.workflow_id = codec::text_or(j, "workflow_id");
    e.finished_ms = core::expr::parse_iso_timestamp(codec::text_or(j, "finished_at")).value_or(0);
    out.push_back(std::move(e));
    return true;
  });
  return s.is_ok() ? failure : s;
}

status execution_store::remove(std::string_view tenant, const finished_execution& e) {
  if (!keys::valid_id(tenant) || !keys::valid_id(e.execution_id)) return status::invalid_argument("invalid tenant or execution id");
  write_batch batch = db_.new_batch();
  batch.erase(family::executions, keys::entity(tenant, e.execution_id));
  const std::string at = position(e.created_ms, e.execution_id);
  batch.erase(family::execution_index, scope_prefix(tenant, "") + at);
  if (!e.workflow_id.empty()) batch.erase(family::execution_index, scope_prefix(tenant, e.workflow_id) + at);
  batch.erase(family::snapshots, keys::entity(tenant, e.execution_id));
  batch.erase(family::active, keys::entity(tenant, e.execution_id));
  const std::string events = keys::children_prefix(tenant, e.execution_id);
  auto s = db_.scan(family::events, events, keys::prefix_end(events), [&](std::string_view key, std::string_view) {
    batch.erase(family::events, key);
    return true;
  });
  if (!s.is_ok()) return s;
  return db_.write(batch);
}

}  // namespace weft::storage
