#include "core/tier.hpp"

#include <functional>
#include <map>

namespace weft::core {
namespace {

using json = nlohmann::json;

// Each limit by name, for overrides and for to_json.
struct field {
  std::function<json(const tier_limits&)> get;
  std::function<bool(tier_limits&, const json&)> set;  // false: wrong kind of value
};

field number(std::int64_t tier_limits::*member) {
  return {[member](const tier_limits& l) { return json(l.*member); },
          [member](tier_limits& l, const json& v) {
            if (!v.is_number_integer() || v.get<std::int64_t>() < unlimited) return false;
            l.*member = v.get<std::int64_t>();
            return true;
          }};
}

field flag(bool tier_limits::*member) {
  return {[member](const tier_limits& l) { return json(l.*member); },
          [member](tier_limits& l, const json& v) {
            if (!v.is_boolean()) return false;
            l.*member = v.get<bool>();
            return true;
          }};
}

const std::map<std::string, field>& fields() {
  static const std::map<std::string, field> all = {
      {"max_workflows", number(&tier_limits::max_workflows)},
      {"max_steps_per_workflow", number(&tier_limits::max_steps_per_workflow)},
      {"step_classes",
       {[](const tier_limits& l) { return json(to_string(l.step_classes)); },
        [](tier_limits& l, const json& v) {
          if (v == "basic") l.step_classes = step_class::basic;
          else if (v == "advanced") l.step_classes = step_class::advanced;
          else if (v == "custom") l.step_classes = step_class::custom;
          else return false;
          return true;
        }}},
      {"max_concurrent_executions", number(&tier_limits::max_concurrent_executions)},
      {"max_executions_per_day", number(&tier_limits::max_executions_per_day)},
      {"history_days", number(&tier_limits::history_days)},
      {"failed_history_days", number(&tier_limits::failed_history_days)},
      {"versioning", flag(&tier_limits::versioning)},
      {"max_execution_ms", number(&tier_limits::max_execution_ms)},
      {"webhooks_and_schedules", flag(&tier_limits::webhooks_and_schedules)},
      {"detailed_live_events", flag(&tier_limits::detailed_live_events)},
      {"detailed_logs", flag(&tier_limits::detailed_logs)},
      {"all_templates", flag(&tier_limits::all_templates)},
      {"execute_per_minute", number(&tier_limits::execute_per_minute)},
      {"execute_per_minute_per_user", number(&tier_limits::execute_per_minute_per_user)},
      {"writes_per_minute", number(&tier_limits::writes_per_minute)},
      {"writes_per_minute_per_user", number(&tier_limits::writes_per_minute_per_user)},
      {"max_events_per_execution", number(&tier_limits::max_events_per_execution)},
  };
  return all;
}

}  // namespace

std::string to_string(step_class c) {
  switch (c) {
    case step_class::basic: return "basic";
    case step_class::advanced: return "advanced";
    case step_class::custom: return "custom";
  }
  return "custom";
}

std::optional<tier_limits> tier_named(const std::string& name) {
  tier_limits l;
  l.tier = name;
  if (name == "free") {
    // Seed 000: 5 workflows, 10 steps, basic steps, 2 concurrent, 100 a day, 7 days of
    // history, no versioning, 5 minutes, no webhooks or schedules, limited live events.
    l.max_workflows = 5;
    l.max_steps_per_workflow = 10;
    l.step_classes = step_class::basic;
    l.max_concurrent_executions = 2;
    l.max_executions_per_day = 100;
    l.history_days = 7;
    l.failed_history_days = 7;
    l.versioning = false;
    l.max_execution_ms = 5 * 60'000;
    l.webhooks_and_schedules = false;
    l.detailed_live_events = false;
    l.detailed_logs = false;
    l.all_templates = false;
    l.execute_per_minute = 10;
    l.execute_per_minute_per_user = 10;
    l.writes_per_minute = 60;
    l.writes_per_minute_per_user = 30;
    l.max_events_per_execution = 10'000;
    return l;
  }
  if (name == "professional") {
    l.max_workflows = 50;
    l.max_steps_per_workflow = 30;
    l.step_classes = step_class::advanced;
    l.max_concurrent_executions = 10;
    l.max_executions_per_day = 1000;
    l.history_days = 30;
    l.failed_history_days = 30;
    l.max_execution_ms = 30 * 60'000;
    l.execute_per_minute = 100;
    l.execute_per_minute_per_user = 60;
    l.writes_per_minute = 300;
    l.writes_per_minute_per_user = 120;
    return l;
  }
  if (name == "enterprise") {
    // "Unlimited or configured" (SPEC §6): unlimited until an operator sets a number —
    // executions too (seed 000: "unlimited executions"), so a benchmark measures the engine.
    l.history_days = 365;
    l.failed_history_days = 365;
    l.writes_per_minute = 6000;
    l.writes_per_minute_per_user = 3000;
    l.max_events_per_execution = 1'000'000;
    return l;
  }
  return std::nullopt;
}

std::optional<tier_limits> limits_with(const std::string& tier, const json& overrides, std::string& why) {
  auto l = tier_named(tier);
  if (!l) {
    why = "tier must be free, professional or enterprise";
    return std::nullopt;
  }
  if (overrides.is_null()) return l;
  if (!overrides.is_object()) {
    why = "limits must be an object of limit name -> value";
    return std::nullopt;
  }
  for (const auto& [name, value] : overrides.items()) {
    auto f = fields().find(name);
    if (f == fields().end()) {
      why = "unknown limit '" + name.substr(0, 64) + "'";
      return std::nullopt;
    }
    if (!f->second.set(*l, value)) {
      why = "limits." + name + " has the wrong kind of value";
      return std::nullopt;
    }
  }
  return l;
}

json to_json(const tier_limits& limits) {
  json j = {{"tier", limits.tier}};
  for (const auto& [name, f] : fields()) j[name] = f.get(limits);
  return j;
}

}  // namespace weft::core
