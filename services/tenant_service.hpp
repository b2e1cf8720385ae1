// Tenants and their plans (SPEC §6): each tenant's tier and per-limit overrides (stored;
// `PUT /api/admin/tenants/{id}` and the `--tenants` file set them; unknown tenants get the
// node's default tier), the checks the plan implies (tenant_policy: definitions, versioning,
// executions per day, execution time), rate limits, and a tenant's usage against its limits.
// Changes apply at once: limits are cached and the cache is dropped on every change.
// Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/tier.hpp"
#include "services/rate_limiter.hpp"
#include "services/tenant_policy.hpp"
#include "services/workflow_service.hpp"

namespace weft::storage {
class tenant_store;
class workflow_store;
class event_log;
}  // namespace weft::storage

namespace weft::services {

class tenant_service final : public tenant_policy {
 public:
  using clock_fn = std::function<std::int64_t()>;
  enum class limited { execute, write };

  tenant_service(storage::tenant_store& store, const storage::workflow_store& workflows, const storage::event_log& log,
                 std::string default_tier, clock_fn now);

  /// The tenant's effective limits.
  [[nodiscard]] core::tier_limits limits(const std::string& tenant) const;
  /// Sets a tenant's tier and overrides: `{ tier, limits?: { name: value } }`.
  [[nodiscard]] outcome set(const std::string& tenant, const nlohmann::json& body);
  /// The tenant's settings changed elsewhere (a catalogue write applied on a follower, docs/cluster.md):
  /// read them again.
  void forget(const std::string& tenant);
  /// `{ tenant, tier, overrides, limits }`.
  [[nodiscard]] outcome describe(const std::string& tenant) const;
  /// Each limit with what the tenant uses of it, for a front end to draw.
  [[nodiscard]] outcome usage(const std::string& tenant) const;
  /// A rate-limited call by `user`: nullopt when allowed, else the seconds to wait.
  [[nodiscard]] std::optional<std::int64_t> rate_limit(const std::string& tenant, const std::string& user, limited what);

  // tenant_policy
  [[nodiscard]] std::optional<service_error> check_definition(const std::string& tenant, const nlohmann::json& canonical,
                                                              bool creating) const override;
  [[nodiscard]] std::optional<service_error> check_feature(const std::string& tenant, const std::string& feature) const override;
  [[nodiscard]] std::optional<service_error> admit_execution(const std::string& tenant) override;
  [[nodiscard]] std::optional<service_error> check_trigger(const std::string& tenant, const std::string& trigger) const override;
  [[nodiscard]] std::int64_t max_execution_ms(const std::string& tenant) const override;

 private:
  [[nodiscard]] std::string today() const;
  storage::tenant_store& store_;
  const storage::workflow_store& workflows_;
  const storage::event_log& log_;
  std::string default_tier_;
  clock_fn now_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, core::tier_limits> cache_;
  rate_limiter rates_;
};

/// A refusal of the plan: tier_restriction, naming the limit, the tier, the current count
/// and what is allowed.
[[nodiscard]] service_error tier_refusal(const core::tier_limits& l, const std::string& limit, const std::string& message,
                                         const nlohmann::json& current, const nlohmann::json& allowed);

}  // namespace weft::services
