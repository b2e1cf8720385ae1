// Tenants' custom components (SPEC §3, nodes/custom_component.hpp): register, list, get,
// delete; and the catalog of step types a tenant's workflows are validated against (the
// built-ins plus its own). Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/step_catalog.hpp"
#include "services/workflow_service.hpp"
#include "storage/component_store.hpp"

namespace weft::services {

class component_service {
 public:
  static constexpr std::size_t max_per_tenant = 200;

  explicit component_service(storage::component_store& store) : store_(store) {}

  /// Registers (or replaces) `type`: its metadata as GET /api/components shows it, with
  /// `created` telling which; invalid_input with the offending field's pointer.
  [[nodiscard]] outcome put(const caller& who, const std::string& type, const nlohmann::json& body);
  /// `{ components: [registration...] }`.
  [[nodiscard]] outcome list(const caller& who) const;
  [[nodiscard]] outcome get(const caller& who, const std::string& type) const;
  [[nodiscard]] outcome remove(const caller& who, const std::string& type);

  /// Every custom component of the tenant as editor metadata (GET /api/components).
  [[nodiscard]] std::vector<nlohmann::json> describe_all(const std::string& tenant) const;
  /// The registration a step run needs; nullopt when there is none.
  [[nodiscard]] std::optional<nlohmann::json> registration(const std::string& tenant, const std::string& type) const;
  /// The built-in types plus the tenant's own: built once per tenant (the schemas compiled)
  /// and kept until its components change.
  [[nodiscard]] std::shared_ptr<const core::step_catalog> catalog(const std::string& tenant) const;
  /// The tenant's components changed elsewhere (a catalogue write applied on a follower,
  /// docs/cluster.md): build its catalog again when next asked.
  void forget_catalog(const std::string& tenant);

 private:
  storage::component_store& store_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const core::step_catalog>> catalogs_;  // by tenant
};

}  // namespace weft::services
