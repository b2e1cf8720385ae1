// Tenant collections (SPEC §3: saveRecords, fetchData): JSON records by key under
// tenant\0collection\0key in the records family. Upserts are atomic per call. Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/database.hpp"
#include "storage/status.hpp"

namespace weft::storage {

class record_store {
 public:
  explicit record_store(database& db) : db_(db) {}

  /// Writes every (key, record) in one batch, replacing records with the same key.
  [[nodiscard]] status upsert(std::string_view tenant, std::string_view collection,
                              const std::vector<std::pair<std::string, nlohmann::json>>& records);
  /// Visits the collection's records in key order until `visit` returns false, from the first
  /// whose key sorts after `after` (empty: from the first of all).
  [[nodiscard]] status scan(std::string_view tenant, std::string_view collection,
                            const std::function<bool(const std::string& key, const nlohmann::json& record)>& visit,
                            std::string_view after = {}) const;

 private:
  database& db_;
};

}  // namespace weft::storage
