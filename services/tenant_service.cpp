#include "services/tenant_service.hpp"

#include <algorithm>

#include "core/expr/value_ops.hpp"
#include "nodes/registry.hpp"
#include "storage/event_log.hpp"
#include "storage/tenant_store.hpp"
#include "storage/workflow_store.hpp"

namespace weft::services {
namespace {

using json = nlohmann::json;
using kind = service_error::kind;

// "YYYY-MM-DD": the date part of the ISO timestamp the rest of Weft writes.
std::string utc_day(std::int64_t ms) { return core::expr::iso_timestamp(ms).substr(0, 10); }

std::int64_t workflow_count(const storage::workflow_store& store, const std::string& tenant) {
  std::int64_t n = 0;
  std::string cursor;
  do {
    storage::workflow_page page;
    if (!store.list(tenant, cursor, 500, page).is_ok()) break;
    n += static_cast<std::int64_t>(page.items.size());
    cursor = page.next_cursor;
  } while (!cursor.empty());
  return n;
}

std::int64_t running_count(const storage::event_log& log, const std::string& tenant) {
  std::vector<storage::execution_ref> active;
  if (!log.active_executions(active).is_ok()) return 0;
  return static_cast<std::int64_t>(std::count_if(active.begin(), active.end(), [&](const auto& r) { return r.tenant == tenant; }));
}

json meter(const std::string& limit, std::int64_t allowed, std::int64_t used) {
  return {{"limit", limit}, {"allowed", allowed == core::unlimited ? json() : json(allowed)}, {"used", used}};
}

}  // namespace

service_error tier_refusal(const core::tier_limits& l, const std::string& limit, const std::string& message, const json& current,
                           const json& allowed) {
  return {kind::tier_restriction, message + " (" + l.tier + " tier)",
          {{"limit", limit}, {"tier", l.tier}, {"current", current}, {"allowed", allowed}}};
}

tenant_service::tenant_service(storage::tenant_store& store, const storage::workflow_store& workflows, const storage::event_log& log,
                               std::string default_tier, clock_fn now)
    : store_(store), workflows_(workflows), log_(log), default_tier_(std::move(default_tier)), now_(std::move(now)) {}

core::tier_limits tenant_service::limits(const std::string& tenant) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(tenant); it != cache_.end()) return it->second;
  }
  json settings;
  std::string tier = default_tier_;
  json overrides;
  if (store_.settings(tenant, settings).is_ok() && settings.is_object()) {
    tier = settings.value("tier", default_tier_);
    overrides = settings.value("limits", json());
  }
  std::string why;
  auto l = core::limits_with(tier, overrides, why);
  if (!l) l = core::tier_named(default_tier_);  // a bad tenants file entry: the default, not a crash
  if (!l) l = core::tier_named("free");
  std::lock_guard lock(mutex_);
  cache_[tenant] = *l;
  return *l;
}

outcome tenant_service::set(const std::string& tenant, const json& body) {
  if (!body.is_object() || !body.contains("tier") || !body["tier"].is_string()) {
    return service_error{kind::invalid_input, "the body must be { \"tier\": \"free\" | \"professional\" | \"enterprise\", \"limits\"?: {...} }",
                         {{"pointer", "/tier"}}};
  }
  std::string why;
  const json overrides = body.value("limits", json::object());
  if (!core::limits_with(body["tier"].get<std::string>(), overrides, why)) {
    return service_error{kind::invalid_input, why, {{"pointer", why.rfind("tier", 0) == 0 ? "/tier" : "/limits"}}};
  }
  if (auto s = store_.set_settings(tenant, {{"tier", body["tier"]}, {"limits", overrides}}); !s.is_ok()) {
    return service_error{s.which() == storage::status::code::invalid_argument ? kind::invalid_input : kind::internal, s.to_string(),
                         json::object()};
  }
  forget(tenant);
  return describe(tenant);
}

void tenant_service::forget(const std::string& tenant) {
  std::lock_guard lock(mutex_);
  cache_.erase(tenant);
}

outcome tenant_service::describe(const std::string& tenant) const {
  json settings;
  json overrides = json::object();
  if (store_.settings(tenant, settings).is_ok() && settings.is_object()) overrides = settings.value("limits", json::object());
  const core::tier_limits l = limits(tenant);
  return json{{"tenant", tenant}, {"tier", l.tier}, {"overrides", overrides}, {"limits", core::to_json(l)}};
}

outcome tenant_service::usage(const std::string& tenant) const {
  const core::tier_limits l = limits(tenant);
  std::int64_t today_count = 0;
  (void)store_.executions_on(tenant, today(), today_count);
  const std::int64_t workflows = workflow_count(workflows_, tenant);
  const std::int64_t running = running_count(log_, tenant);
  json meters = json::array({meter("max_workflows", l.max_workflows, workflows),
                             meter("max_executions_per_day", l.max_executions_per_day, today_count),
                             meter("max_concurrent_executions", l.max_concurrent_executions, running)});
  return json{{"tenant", tenant},
              {"tier", l.tier},
              {"day", today()},
              {"usage", {{"workflows", workflows}, {"executions_today", today_count}, {"running_executions", running}}},
              {"meters", meters},
              {"limits", core::to_json(l)}};
}

std::optional<std::int64_t> tenant_service::rate_limit(const std::string& tenant, const std::string& user, limited what) {
  const core::tier_limits l = limits(tenant);
  const bool execute = what == limited::execute;
  const std::string kind_name = execute ? "execute" : "write";
  const std::int64_t now = now_();
  const auto tenant_wait = rates_.take(tenant + '\0' + kind_name, execute ? l.execute_per_minute : l.writes_per_minute, now);
  if (tenant_wait) return tenant_wait;
  return rates_.take(tenant + '\0' + user + '\0' + kind_name, execute ? l.execute_per_minute_per_user : l.writes_per_minute_per_user, now);
}

std::optional<service_error> tenant_service::check_definition(const std::string& tenant, const json& canonical, bool creating) const {
  const core::tier_limits l = limits(tenant);
  if (creating && l.max_workflows >= 0) {
    const std::int64_t n = workflow_count(workflows_, tenant);
    if (n >= l.max_workflows) return tier_refusal(l, "max_workflows", "the tenant has " + std::to_string(n) + " workflows, the most its plan allows", n, l.max_workflows);
  }
  const json steps = canonical.value("steps", json::array());
  std::int64_t counted = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string type = steps[i].value("type", "");
    if (type == "comment") continue;  // canvas notes are not steps
    ++counted;
    const core::step_type_info* info = nodes::registry::builtin().find(type);
    const core::step_class c = info ? info->tier : core::step_class::custom;
    if (c > l.step_classes) {
      return tier_refusal(l, "step_classes", "step '" + steps[i].value("id", "") + "' is a " + core::to_string(c) + " step type ('" + type + "')",
                          core::to_string(c), core::to_string(l.step_classes));
    }
    if (!l.webhooks_and_schedules && info && (info->type == "webhook" || info->type == "schedule")) {
      return tier_refusal(l, "webhooks_and_schedules", "step '" + steps[i].value("id", "") + "' is a " + info->type + " trigger", info->type, false);
    }
  }
  if (l.max_steps_per_workflow >= 0 && counted > l.max_steps_per_workflow) {
    return tier_refusal(l, "max_steps_per_workflow", "the workflow has " + std::to_string(counted) + " steps", counted, l.max_steps_per_workflow);
  }
  const std::int64_t timeout = canonical.value("settings", json::object()).value("timeout_ms", std::int64_t{0});
  if (l.max_execution_ms >= 0 && timeout > l.max_execution_ms) {
    return tier_refusal(l, "max_execution_ms", "settings.timeout_ms is longer than the plan's maximum execution time", timeout, l.max_execution_ms);
  }
  return std::nullopt;
}

std::optional<service_error> tenant_service::check_feature(const std::string& tenant, const std::string& feature) const {
  const core::tier_limits l = limits(tenant);
  const json flags = core::to_json(l);
  if (flags.value(feature, false)) return std::nullopt;
  static const std::map<std::string, std::string> what = {
      {"versioning", "version history, diff, publish and revert are"},
      {"detailed_logs", "the per-step trace of test runs (debug_mode) is"},
      {"all_templates", "this template is"},
  };
  const auto it = what.find(feature);
  return tier_refusal(l, feature, (it == what.end() ? feature + " is" : it->second) + " not in this plan", false, true);
}

std::optional<service_error> tenant_service::admit_execution(const std::string& tenant) {
  const core::tier_limits l = limits(tenant);
  std::int64_t count = 0;
  bool counted = false;
  if (auto s = store_.count_execution(tenant, today(), l.max_executions_per_day, count, counted); !s.is_ok()) {
    return storage_error(s);
  }
  if (counted) return std::nullopt;
  auto refusal = tier_refusal(l, "max_executions_per_day", "the tenant has started " + std::to_string(count) + " executions today (UTC)",
                              count, l.max_executions_per_day);
  refusal.details["resets_at"] = utc_day(now_() + 86'400'000) + "T00:00:00Z";
  return refusal;
}

std::optional<service_error> tenant_service::check_trigger(const std::string& tenant, const std::string& trigger) const {
  const core::tier_limits l = limits(tenant);
  if (l.webhooks_and_schedules || trigger.empty()) return std::nullopt;
  return tier_refusal(l, "webhooks_and_schedules", "a " + trigger + " cannot start executions in this plan", trigger, false);
}

std::int64_t tenant_service::max_execution_ms(const std::string& tenant) const { return limits(tenant).max_execution_ms; }

std::string tenant_service::today() const { return utc_day(now_()); }

}  // namespace weft::services
