// Custom components (SPEC §3, class `custom`): a tenant registers a step type — metadata, a
// JSON Schema for its config, and an HTTP endpoint — and uses it in its workflows like a
// built-in one. A step of that type POSTs { execution_id, step_id, attempt, input, config }
// to the endpoint (config's templates rendered; input = the output of the step before it,
// else the execution input) and the JSON answer is the step's output; the step's retries
// and timeouts apply as to any step. Registrations are stored per tenant
// (storage/component_store.hpp); this file is what a registration is and how it runs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/step_catalog.hpp"
#include "nodes/http_client.hpp"
#include "nodes/registry.hpp"
#include "nodes/step_handler.hpp"

namespace weft::nodes {

struct custom_component {
  std::string type;           // ^[a-z][a-z0-9_]{2,63}$, not a built-in type or alias
  std::string name;
  std::string description;
  std::string category = "custom";
  std::string icon = "PuzzlePieceIcon";
  nlohmann::json config_schema = nlohmann::json::object();  // draft-07; {} accepts any config
  std::string url;            // http:// or https://
  std::string auth_secret;    // tenant secret sent as `Authorization: Bearer`; "" = none
  std::int64_t timeout_ms = 30'000;
  /// In a cluster, its attempts run only on workers carrying every one of these labels, and
  /// wait for a slot on one (docs/cluster.md); empty: anywhere. At most 8.
  std::vector<std::string> worker_labels;
};

/// Reads a registration body (`type` from the path); false with `why` and the JSON pointer
/// of the offending field.
[[nodiscard]] bool parse_custom_component(const nlohmann::json& body, const std::string& type, custom_component& out,
                                          std::string& why, std::string& pointer);
[[nodiscard]] nlohmann::json to_json(const custom_component& c);
/// A stored registration back (trusted: it was checked when it was stored).
[[nodiscard]] custom_component custom_component_from_json(const nlohmann::json& j);

/// The step type a registration adds to its tenant's catalog: class custom, kind outside, run
/// by start_custom_step.
[[nodiscard]] step_type as_step_type(const custom_component& c);

/// seed 001's WorkflowComponentMetadata of a custom component (tier "custom").
[[nodiscard]] nlohmann::json describe_custom_component(const custom_component& c);

/// The step types one tenant can use: the built-in ones, then its custom components.
class tenant_catalog final : public core::step_catalog {
 public:
  tenant_catalog(const registry& builtin, std::vector<custom_component> custom);
  ~tenant_catalog() override;
  [[nodiscard]] const core::step_type_info* find(std::string_view type_or_alias) const override;
  void check_config(const core::step_type_info& type, const nlohmann::json& config, const std::string& pointer,
                    std::vector<core::problem>& out) const override;
  void check_definition(const nlohmann::json& doc, std::vector<core::problem>& out) const override;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Begins one attempt of a custom step (found through ctx.env->component). Failure codes:
/// `unknown_step_type` (the component is gone), `secret_not_found`, `expression_error`,
/// `external_service_error` (details.cause: the http failure's code, with the status and
/// body for an error answer), `invalid_output` (the answer is not JSON).
[[nodiscard]] step_start start_custom_step(const step_context& ctx, const std::string& idempotency_key);

}  // namespace weft::nodes
