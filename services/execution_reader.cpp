#include "services/execution_reader.hpp"

#include <algorithm>

#include "core/expr/value_ops.hpp"

namespace weft::services {

outcome execution_reader::events(const caller& who, const std::string& execution_id, std::uint64_t after,
                                 std::size_t limit) const {
  std::uint64_t last = 0;
  auto s = log_.last_seq(who.tenant, execution_id, last);
  if (!s.is_ok() || last == 0) {
    return service_error{service_error::kind::not_found, "execution '" + execution_id.substr(0, 128) + "' was not found",
                         nlohmann::json::object()};
  }
  std::vector<core::event> events;
  if (auto r = log_.read(who.tenant, execution_id, after, std::clamp<std::size_t>(limit, 1, 1000), events); !r.is_ok()) {
    return storage_error(r);
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : events) list.push_back(core::to_json(e));
  const std::uint64_t next = events.empty() ? after : events.back().seq;
  return nlohmann::json{{"execution_id", execution_id}, {"events", list}, {"next_after", next}, {"last_seq", last}};
}

outcome execution_reader::list(const caller& who, const std::string& workflow_id, const std::string& status,
                               const std::string& cursor, std::size_t limit, storage::created_range created) const {
  storage::execution_page page;
  auto s = summaries_.list(who.tenant, workflow_id, status, cursor, std::clamp<std::size_t>(limit, 1, 200), page, created);
  if (s.which() == storage::status::code::invalid_argument) {
    return service_error{service_error::kind::invalid_input, "invalid cursor", nlohmann::json::object()};
  }
  if (!s.is_ok()) return storage_error(s);
  return nlohmann::json{{"executions", page.items},
                        {"next_cursor", page.next_cursor.empty() ? nlohmann::json() : nlohmann::json(page.next_cursor)}};
}

nlohmann::json execution_reader::merge_pages(const std::vector<nlohmann::json>& pages, std::size_t limit) {
  std::vector<std::pair<std::string, const nlohmann::json*>> items;  // by cursor: the shared order
  bool more = false;
  for (const auto& page : pages) {
    if (!page.is_object()) continue;
    more = more || page.value("next_cursor", nlohmann::json()).is_string();
    const auto executions = page.find("executions");  // by reference: `items` points into it
    if (executions == page.end() || !executions->is_array()) continue;
    for (const auto& item : *executions) {
      const auto created = core::expr::parse_iso_timestamp(item.value("created_at", std::string()));
      if (!created) continue;
      items.emplace_back(storage::execution_store::cursor_at(*created, item.value("execution_id", std::string())), &item);
    }
  }
  std::sort(items.begin(), items.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  more = more || items.size() > limit;
  if (items.size() > limit) items.resize(limit);
  nlohmann::json out = {{"executions", nlohmann::json::array()}, {"next_cursor", nullptr}};
  for (const auto& [cursor, item] : items) out["executions"].push_back(*item);
  if (more && !items.empty()) out["next_cursor"] = items.back().first;
  return out;
}

outcome execution_reader::logs(const caller& who, const std::string& execution_id) const {
  std::vector<core::event> events;
  if (auto r = log_.read(who.tenant, execution_id, 0, 1'000'000, events); !r.is_ok() || events.empty()) {
    return service_error{service_error::kind::not_found, "execution '" + execution_id.substr(0, 128) + "' was not found",
                         nlohmann::json::object()};
  }
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& e : events) {
    nlohmann::json line = {{"seq", e.seq}, {"timestamp", core::to_json(e)["timestamp"]}, {"step_id", e.step_id}};
    if (e.type == core::event_type::log) {
      line["level"] = e.data.value("level", "info");
      line["message"] = e.data.value("message", "");
    } else if (e.type == core::event_type::step_failed) {
      line["level"] = e.data.value("will_retry", false) ? "warn" : "error";
      line["message"] = "attempt " + std::to_string(e.attempt) + " failed: " +
                        (e.data.contains("error") ? e.data["error"].value("message", "") : std::string());
    } else {
      continue;
    }
    lines.push_back(std::move(line));
  }
  return nlohmann::json{{"execution_id", execution_id}, {"logs", lines}};
}

outcome start_keys::reserve(const caller& who, const std::string& key, const std::string& candidate, std::int64_t now_ms) {
  std::string winner;
  auto s = store_.reserve(who.tenant, key, candidate, now_ms, ttl_ms, winner);
  if (s.which() == storage::status::code::invalid_argument) {
    return service_error{service_error::kind::invalid_input, "the Idempotency-Key must be 1 to 256 bytes", nlohmann::json::object()};
  }
  if (!s.is_ok()) return storage_error(s);
  return nlohmann::json(winner);
}

void start_keys::release(const caller& who, const std::string& key, const std::string& candidate) {
  store_.settle(who.tenant, key, candidate);
}

}  // namespace weft::services
