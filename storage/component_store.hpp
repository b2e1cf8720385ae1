// Tenants' custom components (nodes/custom_component.hpp), as the JSON of their
// registration under tenant\0"components"\0type in the tenants family. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/database.hpp"
#include "storage/status.hpp"

namespace weft::storage {

class component_store {
 public:
  explicit component_store(database& db) : db_(db) {}

  [[nodiscard]] status put(std::string_view tenant, std::string_view type, const nlohmann::json& registration);
  /// not_found when the tenant has no such component.
  [[nodiscard]] status get(std::string_view tenant, std::string_view type, nlohmann::json& out) const;
  [[nodiscard]] status remove(std::string_view tenant, std::string_view type);
  /// Every registration of the tenant, in type order.
  [[nodiscard]] status list(std::string_view tenant, std::vector<nlohmann::json>& out) const;

 private:
  database& db_;
};

}  // namespace weft::storage
