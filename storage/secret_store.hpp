// Tenant secrets (SPEC §3: API keys for the llm step and the like): write-only values by
// name, under tenant\0"secrets"\0name in the tenants family. Nothing here returns a value
// to the API; only steps read them (step_environment). Not encrypted at rest: the data
// directory is as sensitive as the secrets (docs/storage.md). Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"
#include "storage/status.hpp"

namespace weft::storage {

struct secret_entry {
  std::string name;
  std::int64_t updated_at = 0;  // unix ms
};

class secret_store {
 public:
  explicit secret_store(database& db) : db_(db) {}

  [[nodiscard]] status put(std::string_view tenant, std::string_view name, const std::string& value, std::int64_t now_ms);
  /// not_found when there is no such secret.
  [[nodiscard]] status get(std::string_view tenant, std::string_view name, std::string& value) const;
  [[nodiscard]] status remove(std::string_view tenant, std::string_view name);
  /// Names and times, in name order; never values.
  [[nodiscard]] status list(std::string_view tenant, std::vector<secret_entry>& out) const;

 private:
  database& db_;
};

}  // namespace weft::storage
