#include "nodes/schedule_config.hpp"

#include "core/cron.hpp"

namespace weft::nodes {

void check_schedule_config(const nlohmann::json& config, const std::string& pointer, std::vector<core::problem>& out) {
  std::string why;
  if (auto cron = config.find("cron"); cron != config.end() && cron->is_string() && !core::parse_cron(cron->get<std::string>(), why)) {
    out.push_back({pointer + "/cron", core::problem_code::invalid_config, "schedule config: " + why, 0});
  }
  if (auto zone = config.find("timezone"); zone != config.end() && zone->is_string() && !core::is_time_zone(zone->get<std::string>())) {
    out.push_back({pointer + "/timezone", core::problem_code::invalid_config,
                   "schedule config: '" + zone->get<std::string>().substr(0, 64) + "' is not a time zone (e.g. UTC, Europe/Berlin)", 0});
  }
}

}  // namespace weft::nodes
