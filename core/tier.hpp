// Tiers (SPEC §6, seed 000's table): what a tenant's plan allows. A tenant has a tier and
// may have per-limit overrides (set by an operator); its limits are the tier's with the
// overrides applied. -1 means unlimited. Pure data: enforcement lives where each limit
// applies (services/tenant_service.hpp lists them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/step_catalog.hpp"

namespace weft::core {

inline constexpr std::int64_t unlimited = -1;

struct tier_limits {
  std::string tier;                                   // free | professional | enterprise
  std::int64_t max_workflows = unlimited;
  std::int64_t max_steps_per_workflow = unlimited;
  step_class step_classes = step_class::custom;       // the highest class allowed
  std::int64_t max_concurrent_executions = unlimited;
  std::int64_t max_executions_per_day = unlimited;
  std::int64_t history_days = unlimited;              // completed executions are kept this long
  std::int64_t failed_history_days = unlimited;       // failed, cancelled and timed-out ones
  bool versioning = true;                             // version history, diff, publish, revert
  std::int64_t max_execution_ms = unlimited;          // caps settings.timeout_ms; the default timeout
  bool webhooks_and_schedules = true;
  bool detailed_live_events = true;                   // false: execution-level live events only
  bool detailed_logs = true;                          // test-execute's per-step trace (debug_mode)
  bool all_templates = true;                          // false: the five basic templates only
  std::int64_t execute_per_minute = unlimited;        // rate limits (token buckets), per tenant
  std::int64_t execute_per_minute_per_user = unlimited;
  std::int64_t writes_per_minute = unlimited;
  std::int64_t writes_per_minute_per_user = unlimited;
  std::int64_t max_events_per_execution = 100'000;
};

/// The named tier's limits; nullopt for an unknown name.
[[nodiscard]] std::optional<tier_limits> tier_named(const std::string& name);

/// The tier's limits with `overrides` ({ limit name: value }) applied; nullopt with `why`
/// (naming the field) for an unknown tier, an unknown limit or a value of the wrong kind.
[[nodiscard]] std::optional<tier_limits> limits_with(const std::string& tier, const nlohmann::json& overrides, std::string& why);

[[nodiscard]] nlohmann::json to_json(const tier_limits& limits);
[[nodiscard]] std::string to_string(step_class c);

}  // namespace weft::core
