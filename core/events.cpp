// Event names and the JSON codec of events. Pure; the ISO timestamps come from expr/value_ops.
#include "core/events.hpp"

#include <array>
#include <ctime>

#include "core/expr/value_ops.hpp"

namespace weft::core {
namespace {

constexpr std::array<std::string_view, 15> names = {
    "execution_created", "execution_started", "step_scheduled",     "step_started",
    "step_completed",    "step_failed",       "step_skipped",       "timer_started",
    "timer_fired",       "signal_received",   "log",                "execution_completed",
    "execution_failed",  "execution_cancelled", "execution_timed_out",
};

}  // namespace

std::string_view to_string(event_type t) noexcept { return names[static_cast<std::size_t>(t)]; }

std::optional<event_type> event_type_from(std::string_view name) noexcept {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<event_type>(i);
  }
  return std::nullopt;
}

bool is_terminal(event_type t) noexcept {
  return t == event_type::execution_completed || t == event_type::execution_failed ||
         t == event_type::execution_cancelled || t == event_type::execution_timed_out;
}

nlohmann::json to_json(const event& e) {
  nlohmann::json j = e.data.is_object() ? e.data : nlohmann::json::object();
  j["seq"] = e.seq;
  j["type"] = to_string(e.type);
  j["timestamp"] = expr::iso_timestamp(e.at_ms);
  if (!e.step_id.empty()) j["step_id"] = e.step_id;
  if (e.attempt > 0) j["attempt"] = e.attempt;
  return j;
}

std::optional<event> event_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  auto type = j.find("type");
  auto seq = j.find("seq");
  auto ts = j.find("timestamp");
  if (type == j.end() || !type->is_string() || seq == j.end() || !seq->is_number_unsigned() || ts == j.end() ||
      !ts->is_string()) {
    return std::nullopt;
  }
  auto t = event_type_from(type->get<std::string>());
  auto at = expr::parse_iso_timestamp(ts->get<std::string>());
  if (!t || !at) return std::nullopt;
  event e;
  e.type = *t;
  e.seq = seq->get<std::uint64_t>();
  e.at_ms = *at;
  for (const auto& [k, v] : j.items()) {
    if (k == "seq" || k == "type" || k == "timestamp") continue;
    if (k == "step_id" && v.is_string()) e.step_id = v.get<std::string>();
    else if (k == "attempt" && v.is_number_unsigned()) e.attempt = v.get<std::uint32_t>();
    else e.data[k] = v;
  }
  return e;
}

namespace {
constexpr const char* definition_digest_field = "definition_digest";
}  // namespace

const std::string* definition_digest_of(const nlohmann::json& created_data) {
  if (!created_data.is_object()) return nullptr;
  auto digest = created_data.find(definition_digest_field);
  return digest != created_data.end() && digest->is_string() ? &digest->get_ref<const std::string&>() : nullptr;
}

void name_definition(nlohmann::json& created_data, std::string digest) {
  created_data[definition_digest_field] = std::move(digest);
}

void put_definition_in_place(nlohmann::json& created_data, nlohmann::json definition) {
  created_data.erase(definition_digest_field);
  created_data["definition"] = std::move(definition);
}

}  // namespace weft::core
