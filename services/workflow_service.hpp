// Workflow management (SPEC §6 versioning, §7 routes): create, list, get, replace, patch,
// delete, versions, diff, publish, revert, validate. Every change validates the definition
// and writes an immutable version. Synchronous domain logic over storage; the HTTP routes
// call it from worker threads. Thread-safe (the store serialises writes).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/step_catalog.hpp"
#include "core/workflow_change.hpp"
#include "services/tenant_policy.hpp"
#include "storage/status.hpp"
#include "storage/workflow_store.hpp"

namespace weft::services {

/// Who asks: the tenant and user of a verified token.
struct caller {
  std::string tenant;
  std::string user;
};

struct service_error {
  enum class kind {
    not_found,
    version_not_found,
    invalid_definition,
    invalid_input,
    conflict,
    tier_restriction,
    storage_full,  // the disk is full: nothing was written
    unavailable,   // storage failed (an I/O error): nothing was written
    internal,
  };
  kind what = kind::internal;
  std::string message;
  nlohmann::json details = nlohmann::json::object();
};

/// A storage status that is not ok, as a service error: a full disk and a failed write say
/// so; anything else is internal.
[[nodiscard]] service_error storage_error(const storage::status& s);

/// A JSON answer or an error.
class outcome {
 public:
  outcome(nlohmann::json value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  outcome(service_error e) : v_(std::move(e)) {}            // NOLINT: implicit by design
  [[nodiscard]] bool ok() const noexcept { return v_.index() == 0; }
  [[nodiscard]] const nlohmann::json& value() const { return std::get<0>(v_); }
  [[nodiscard]] const service_error& error() const { return std::get<1>(v_); }

 private:
  std::variant<nlohmann::json, service_error> v_;
};

struct list_query {
  std::string status;  // "" = any
  std::string name;    // case-insensitive substring, "" = any
  std::string cursor;
  std::size_t limit = 50;
};

class workflow_service {
 public:
  using clock_fn = std::function<std::int64_t()>;  // unix ms
  workflow_service(storage::workflow_store& store, const core::step_catalog& catalog, clock_fn now);

  /// Adds a listener of every stored change (create, replace, patch, publish, revert,
  /// delete): the hub, the scheduler. Add them before the service is shared between threads.
  void on_change(core::workflow_change_listener listener) { listeners_.push_back(std::move(listener)); }

  /// Where a tenant's step types come from (its custom components besides the built-ins);
  /// without it, definitions are checked against the catalog given at construction.
  using catalog_source = std::function<std::shared_ptr<const core::step_catalog>(const std::string& tenant)>;
  void use_catalogs(catalog_source source) { catalogs_ = std::move(source); }
  /// A plan feature (tenant_policy::check_feature); nullopt when allowed or no plans.
  [[nodiscard]] std::optional<service_error> check_feature(const std::string& tenant, const std::string& feature) const {
    return policy_ ? policy_->check_feature(tenant, feature) : std::nullopt;
  }
  /// The tenants' plans (SPEC §6); without one, nothing is limited. Must outlive the service.
  void use_policy(tenant_policy* policy) { policy_ = policy; }
  /// Counts an execution start of `tenant` against its plan (tier_restriction when the day's
  /// allowance is used up, or when `trigger` — "webhook", "schedule"; "" for a person or
  /// client — is not in the plan).
  [[nodiscard]] std::optional<service_error> admit_execution(const std::string& tenant, const std::string& trigger = "") const;
  /// `definition` with its settings.timeout_ms capped at the plan's maximum execution time;
  /// nothing when it is within the cap already (or there is none).
  [[nodiscard]] std::optional<nlohmann::json> with_time_cap(const std::string& tenant, const nlohmann::json& definition) const;

  /// What an execution of a workflow runs: its published version, else its latest.
  struct runnable_version {
    std::uint64_t version = 0;
    std::shared_ptr<const nlohmann::json> definition;
    std::shared_ptr<const std::string> text;  // the definition as JSON text, written once
  };
  /// The version an execution of `id` runs. Kept from one start to the next until any
  /// workflow is written (every start read the workflow, decoded it and wrote its definition
  /// out as text again).
  [[nodiscard]] std::variant<runnable_version, service_error> version_to_run(const caller& who, const std::string& id) const;

  [[nodiscard]] outcome create(const caller& who, const nlohmann::json& definition);
  [[nodiscard]] outcome list(const caller& who, const list_query& q) const;
  [[nodiscard]] outcome get(const caller& who, const std::string& id) const;
  /// `based_on`: the version the caller edited (If-Match); another version now is a conflict,
  /// so two editors never overwrite each other unawares.
  [[nodiscard]] outcome replace(const caller& who, const std::string& id, const nlohmann::json& definition,
                                std::optional<std::uint64_t> based_on = std::nullopt);
  /// RFC 7386 JSON merge patch of the definition.
  [[nodiscard]] outcome patch(const caller& who, const std::string& id, const nlohmann::json& merge_patch,
                              std::optional<std::uint64_t> based_on = std::nullopt);
  [[nodiscard]] outcome remove(const caller& who, const std::string& id);
  [[nodiscard]] outcome versions(const caller& who, const std::string& id) const;
  [[nodiscard]] outcome version(const caller& who, const std::string& id, std::uint64_t v) const;
  [[nodiscard]] outcome diff(const caller& who, const std::string& id, std::uint64_t from, std::uint64_t to) const;
  /// Marks the latest version active, as a new version carrying `notes`.
  /// Makes `version` (the latest when absent) the one that runs; writes no new version.
  [[nodiscard]] outcome publish(const caller& who, const std::string& id, const std::string& notes,
                                std::optional<std::uint64_t> version = std::nullopt);
  /// Makes version `v`'s definition the latest again, as a new draft version.
  [[nodiscard]] outcome revert(const caller& who, const std::string& id, std::uint64_t v, const std::string& notes);
  /// `{ valid, errors, warnings }` for a definition, without storing anything.
  [[nodiscard]] outcome validate(const std::string& tenant, const nlohmann::json& definition) const;
  /// A definition to run as it is (test-execute): its canonical form, or invalid_definition
  /// with every problem.
  [[nodiscard]] outcome runnable(const std::string& tenant, const nlohmann::json& definition) const;
  /// Seed 000's validate-step: `{ step, context: { available_steps, input_schema } }`.
  [[nodiscard]] outcome validate_step(const std::string& tenant, const nlohmann::json& body) const;

 private:
  outcome save_new_version(const caller& who, storage::workflow_record current, nlohmann::json definition,
                           const std::string& change, const std::string& notes, const std::string& status);

  void announce(const storage::workflow_record& w, const std::string& change, const std::string& previous_status) const;

  storage::workflow_store& store_;
  const core::step_catalog& catalog_;
  clock_fn now_;
  std::vector<core::workflow_change_listener> listeners_;
  catalog_source catalogs_;
  tenant_policy* policy_ = nullptr;
  struct cached_version {
    std::uint64_t generation = 0;  // the store's, when it was read
    runnable_version run;
  };
  mutable std::mutex to_run_mutex_;
  mutable std::unordered_map<std::string, cached_version> to_run_;  // by tenant \0 workflow id
  /// The catalog `tenant`'s definitions are checked against (kept alive by the pointer).
  [[nodiscard]] std::shared_ptr<const core::step_catalog> catalog_for(const std::string& tenant) const;
};

/// The API shape of a workflow (`with_definition` false for list items).
[[nodiscard]] nlohmann::json to_api(const storage::workflow_record& w, bool with_definition);

}  // namespace weft::services
