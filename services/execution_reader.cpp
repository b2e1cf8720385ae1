#include "services/execution_reader.hpp"

#include <algorithm>

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
    return service_error{service_error::kind::internal, r.to_string(), nlohmann::json::object()};
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : events) list.push_back(core::to_json(e));
  const std::uint64_t next = events.empty() ? after : events.back().seq;
  return nlohmann::json{{"execution_id", execution_id}, {"events", list}, {"next_after", next}, {"last_seq", last}};
}

}  // namespace weft::services
