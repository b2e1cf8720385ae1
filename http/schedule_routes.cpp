#include "http/schedule_routes.hpp"

#include <nlohmann/json.hpp>

#include "actors/engine_client.hpp"
#include "core/expr/value_ops.hpp"
#include "http/errors.hpp"
#include "http/execution_routes.hpp"

namespace weft::http {

using json = nlohmann::json;

void add_schedule_routes(router& r, const services::scheduler& scheduler) {
  r.add("GET", "/api/schedules", [&scheduler](request& req) {
    json items = json::array();
    for (const auto& e : scheduler.list(req.tenant)) {
      auto at = [](std::int64_t ms) { return ms == 0 ? json() : json(core::expr::iso_timestamp(ms)); };
      items.push_back({{"workflow_id", e.workflow_id},
                       {"step_id", e.step_id},
                       {"cron", e.cron_text},
                       {"timezone", e.time_zone},
                       {"missed", e.run_missed_once ? "run_once" : "skip"},
                       {"next_run_at", at(e.next_due)},
                       {"last_handled_at", at(e.last_handled)}});
    }
    return response::json(200, {{"schedules", std::move(items)}});
  });
}

services::scheduler::start_fn scheduled_starter(services::workflow_service& workflows, actors::engine_client& engine,
                                                std::function<void(const services::scheduled_run&, const std::string&)> log) {
  return [&workflows, &engine, log = std::move(log)](const services::scheduled_run& run) {
    try {
      // In a sharded cluster the run's id must be one of this node's (docs/cluster.md).
      start_workflow(workflows, engine, run.tenant, "scheduler", run.workflow_id, engine.owned_id(run.execution_id), run.input.dump(),
                     [log, run](const actors::engine_answer& a, std::uint64_t) {
                       // A run started before a crash is refused as a duplicate id: as meant.
                       if (!a.ok && a.code != actors::engine_errc::already_exists) log(run, a.error);
                     },
                   "schedule");
    } catch (const api_failure& f) {
      log(run, f.error.message);
    }
  };
}

}  // namespace weft::http
