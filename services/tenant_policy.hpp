// What a tenant's plan allows, as the workflow service asks it (SPEC §6): may this
// definition be saved, may this tenant see versions, may it start one more execution today,
// and how long may an execution run. services/tenant_service.hpp implements it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace weft::services {

struct service_error;

class tenant_policy {
 public:
  virtual ~tenant_policy() = default;
  /// A canonical definition about to be saved (`creating`: a new workflow).
  [[nodiscard]] virtual std::optional<service_error> check_definition(const std::string& tenant, const nlohmann::json& canonical,
                                                                      bool creating) const = 0;
  /// A feature the plan has or has not (core::tier_limits' flags by name: "versioning" —
  /// history, diff, publish, revert — "detailed_logs", "all_templates").
  [[nodiscard]] virtual std::optional<service_error> check_feature(const std::string& tenant, const std::string& feature) const = 0;
  /// Counts one execution start against today's allowance; an error when it is used up.
  [[nodiscard]] virtual std::optional<service_error> admit_execution(const std::string& tenant) = 0;
  /// A start by a trigger ("webhook", "schedule"); an error when the plan has none.
  [[nodiscard]] virtual std::optional<service_error> check_trigger(const std::string& tenant, const std::string& trigger) const = 0;
  /// The longest an execution may run, in ms (-1: no cap).
  [[nodiscard]] virtual std::int64_t max_execution_ms(const std::string& tenant) const = 0;
};

}  // namespace weft::services
