// The schedule trigger's HTTP side: `GET /api/schedules` lists the tenant's schedules with
// their next run (what the scheduler holds), and scheduled_starter() is how the scheduler
// starts a run — the same way `execute` does (the published version, else the latest).
#pragma once

#include <functional>

#include "http/router.hpp"
#include "services/scheduler.hpp"

namespace weft::actors {
class engine_client;
}
namespace weft::services {
class workflow_service;
}

namespace weft::http {

void add_schedule_routes(router& r, const services::scheduler& scheduler);

/// Starts scheduled runs through `engine`; `log` hears of runs that did not start (with why).
[[nodiscard]] services::scheduler::start_fn scheduled_starter(
    services::workflow_service& workflows, actors::engine_client& engine,
    std::function<void(const services::scheduled_run&, const std::string& why)> log);

}  // namespace weft::http
