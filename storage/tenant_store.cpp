#include "storage/tenant_store.hpp"

#include "storage/codec.hpp"
#include "storage/keys.hpp"

namespace weft::storage {
namespace {

using json = nlohmann::json;

const std::string node_key("\x01node", 5);

std::string usage_key(std::string_view tenant, const std::string& day) { return keys::children_prefix(tenant, "usage") + day; }

status read_json(const database& db, const std::string& key, json& out, const char* what) {
  std::string text;
  if (auto s = db.get(family::tenants, key, text); !s.is_ok()) return s;
  out = json::parse(text, nullptr, false);
  if (out.is_discarded()) return status::corruption(std::string("unreadable ") + what);
  return status::ok();
}

}  // namespace

status tenant_store::settings(std::string_view tenant, json& out) const {
  if (!keys::valid_id(tenant)) return status::invalid_argument("invalid tenant");
  return read_json(db_, std::string(tenant), out, "tenant settings");
}

status tenant_store::set_settings(std::string_view tenant, const json& settings) {
  if (!keys::valid_id(tenant)) return status::invalid_argument("invalid tenant");
  write_batch batch = db_.new_batch();
  batch.put(family::tenants, std::string(tenant), settings.dump());
  return db_.write(batch);
}

status tenant_store::node_settings(json& out) const { return read_json(db_, node_key, out, "node settings"); }

status tenant_store::executions_on(std::string_view tenant, const std::string& day, std::int64_t& out) const {
  if (!keys::valid_id(tenant)) return status::invalid_argument("invalid tenant");
  {
    std::lock_guard lock(counter_mutex_);
    if (day == counted_day_) {
      if (auto it = counts_.find(usage_key(tenant, day)); it != counts_.end()) {
        out = it->second;  // counted here, maybe not yet written
        return status::ok();
      }
    }
  }
  return stored_executions(tenant, day, out);
}

status tenant_store::stored_executions(std::string_view tenant, const std::string& day, std::int64_t& out) const {
  json j;
  out = 0;
  auto s = read_json(db_, usage_key(tenant, day), j, "usage counter");
  if (s.is_not_found()) return status::ok();
  if (!s.is_ok()) return s;
  out = codec::integer_or(j, "executions");
  return status::ok();
}

status tenant_store::count_execution(std::string_view tenant, const std::string& day, std::int64_t limit, std::int64_t& out,
                                     bool& counted) {
  if (!keys::valid_id(tenant)) return status::invalid_argument("invalid tenant");
  const std::string key = usage_key(tenant, day);
  std::lock_guard lock(counter_mutex_);
  counted = false;
  if (day != counted_day_) {
    counts_.clear();
    counted_day_ = day;
  }
  auto it = counts_.find(key);
  if (it == counts_.end()) {
    std::int64_t stored = 0;
    if (auto s = stored_executions(tenant, day, stored); !s.is_ok()) return s;
    it = counts_.emplace(key, stored).first;
  }
  out = it->second;
  if (limit >= 0 && out >= limit) return status::ok();
  out = ++it->second;
  unwritten_[key] = out;  // kept past midnight until a batch takes it
  counted = true;
  return status::ok();
}

void tenant_store::add_counts_to(write_batch& batch) {
  std::lock_guard lock(counter_mutex_);
  for (const auto& [key, count] : unwritten_) batch.put(family::tenants, key, json{{"executions", count}}.dump());
  unwritten_.clear();
}

}  // namespace weft::storage
