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
  /// (or the count that stopped it). False when the limit stopped it. Counted in memory; the
  /// count is written by the log writer in its next batch (add_counts_to) — the one that
  /// writes the execution's first event, or an earlier one — so no start pays a write of its
  /// own, and an execution that is durable has its count durable too.
  [[nodiscard]] status count_execution(std::string_view tenant, const std::string& day, std::int64_t limit, std::int64_t& out,
                                       bool& counted);
  /// Puts the counts changed since the last call into `batch`. (A count that no batch takes
  /// before the node stops belongs to a start refused before its first event: nothing ran.)
  void add_counts_to(write_batch& batch);

 private:
  [[nodiscard]] status stored_executions(std::string_view tenant, const std::string& day, std::int64_t& out) const;

  database& db_;
  mutable std::mutex counter_mutex_;            // guards the three below
  std::map<std::string, std::int64_t> counts_;  // usage key -> executions that day, read once per tenant and day
  std::string counted_day_;                     // the day counts_ holds (older days are dropped)
  std::map<std::string, std::int64_t> unwritten_;  // usage key -> its count, not yet in a batch
};

}  // namespace weft::storage
