// Tenant secrets (SPEC §3 "tenant secrets"): set, list (names only), delete. Values go in
// and never come back out through the API; steps read them through step_environment.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "services/workflow_service.hpp"
#include "storage/secret_store.hpp"

namespace weft::services {

class secret_service {
 public:
  static constexpr std::size_t max_value_bytes = 64 * 1024;
  using clock_fn = std::function<std::int64_t()>;

  secret_service(storage::secret_store& store, clock_fn now) : store_(store), now_(std::move(now)) {}

  /// `{ name, updated_at }`; invalid_input for a bad name or value.
  [[nodiscard]] outcome put(const caller& who, const std::string& name, const nlohmann::json& value);
  /// `{ secrets: [{ name, updated_at }] }`.
  [[nodiscard]] outcome list(const caller& who) const;
  [[nodiscard]] outcome remove(const caller& who, const std::string& name);
  /// The value for a step run; nullopt when there is none.
  [[nodiscard]] std::optional<std::string> value(const std::string& tenant, const std::string& name) const;

 private:
  storage::secret_store& store_;
  clock_fn now_;
};

}  // namespace weft::services
