// What the schedule trigger's JSON Schema cannot say: that `cron` is a five-field cron
// expression (core/cron.hpp) and `timezone` a zone of the system's tzdata. The scheduler
// itself is services/scheduler.hpp.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/problem.hpp"

namespace weft::nodes {

void check_schedule_config(const nlohmann::json& config, const std::string& pointer, std::vector<core::problem>& out);

}  // namespace weft::nodes
