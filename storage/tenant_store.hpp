// Tenant settings and usage counters in the tenants family: `tenant` -> settings JSON
// text { tier, limits } (the form `--tenants` files are stored in), "\x01node" -> node
// settings { default_tier }, and tenant\0"usage"\0YYYY-MM-DD -> { executions } (one key
// per UTC day: counters survive restarts and start again at midnight). Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "storage/database.hpp"
#include "storage/status.hpp"

namespace weft::storage {

class tenant_store {
 public:
  explicit tenant_store(database& db) : db_(db) {}

  /// not_found when the tenant has no settings of its own.
  [[nodiscard]] status settings(std::string_view tenant, nlohmann::json& out) const;
  [[nodiscard]] status set_settings(std::string_view tenant, const nlohmann::json& settings);
  /// The node's settings (`weft serve` stores them at start); not_found before that.
  [[nodiscard]] status node_settings(nlohmann::json& out) const;

  /// The tenant's executions started on `day` (YYYY-MM-DD); 0 when none.
  [[nodiscard]] status executions_on(std::string_view tenant, const std::string& day, std::int64_t& out) const;
  /// Adds one execution to `day` unless `limit` (>= 0) is reached; `out` is the count after
  /// (or the count that stopped it). False when the limit stopped it. Counted in memory and
  /// written without an fsync of its own: the execution's first event, written after it in
  /// a synced group commit, makes it durable too (no start waits on an fsync here).
  [[nodiscard]] status count_execution(std::string_view tenant, const std::string& day, std::int64_t limit, std::int64_t& out,
                                       bool& counted);

 private:
  database& db_;
  std::mutex counter_mutex_;  // guards counts_
  std::map<std::string, std::int64_t> counts_;  // usage key -> executions that day, read once per tenant and day
  std::string counted_day_;                     // the day counts_ holds (older days are dropped)
};

}  // namespace weft::storage
