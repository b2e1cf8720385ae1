// Adapters only: the work is start_workflow() and the engine; this file maps shapes.
// Statuses the seed does not know: timed_out is reported as failed with code timeout.
#include "http/seed003_routes.hpp"

#include "actors/engine_client.hpp"
#include "http/errors.hpp"
#include "http/request_body.hpp"
#include "http/execution_routes.hpp"
#include "services/execution_reader.hpp"
#include "services/workflow_service.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

// A thrown api_failure is answered by the router in the seed's shape (error_shape::seed).
void start(services::workflow_service& workflows, actors::engine_client& engine, request& req, const std::string& workflow_id,
           const json& inputs, const respond_fn& respond) {
  const std::string id = engine.new_execution_id();
  start_workflow(workflows, engine, req.tenant, req.user, workflow_id, id, inputs.dump(),
                 [respond, request_id = req.request_id, id](const actors::engine_answer& a, std::uint64_t) {
                   if (!a.ok) return respond(seed_error_response(engine_failure(a.code, a.error), request_id));
                   respond(response::json(200, {{"success", true},
                                                {"executionId", id},
                                                {"status", "pending"},
                                                {"message", "Workflow execution started in background"},
                                                {"usingPrefect", true},
                                                {"backgroundExecution", true}}));
                 });
}

// Our execution state -> the seed's camelCase execution.
json camel_execution(const json& s, const json& logs) {
  std::string status = s.value("status", "");
  json error = s.value("error", json());
  if (status == "timed_out") status = "failed";
  const json& p = s["progress"];
  return {{"executionId", s.value("execution_id", "")},
          {"status", status},
          {"currentNodeId", s.value("current_step", json())},
          {"progress",
           {{"totalNodes", p.value("total_nodes", 0)},
            {"completedNodes", p.value("completed_nodes", 0)},
            {"failedNodes", p.value("failed_nodes", 0)},
            {"percentage", p.value("percentage", 0.0)}}},
          {"startedAt", s.value("started_at", json())},
          {"completedAt", s.value("finished_at", json())},
          {"finalOutput", s.value("output", json())},
          {"error", error},
          {"logs", logs}};
}

}  // namespace

void add_seed003_routes(router& r, services::workflow_service& workflows, const services::execution_reader& reader,
                        actors::engine_client& engine) {
  r.add_async("POST", "/api/workflow/{id}/execute", [&workflows, &engine](request& req, respond_fn respond) {
    json body = object_body(req);
    start(workflows, engine, req, req.params["id"], body.value("inputs", json::object()), respond);
  }, "", error_shape::seed);
  r.add_async("POST", "/api/workflows/execute", [&workflows, &engine](request& req, respond_fn respond) {
    json body = object_body(req);
    if (!body.contains("workflowId") || !body["workflowId"].is_string()) {
      throw api_failure{{errc::invalid_input, "workflowId is required", json::object()}};
    }
    start(workflows, engine, req, body["workflowId"].get<std::string>(), body.value("inputs", json::object()), respond);
  }, "", error_shape::seed);
  r.add("GET", "/api/prefect/health", [](request&) {
    // Weft runs executions in the background itself; the probe says so in the seed's shape.
    return response::json(200, {{"available", true},
                                {"serviceUrl", ""},
                                {"message", "Weft runtime is running - background execution enabled"}});
  }, "", error_shape::seed);
  r.add_async("GET", "/api/workflow/execution/{id}", [&engine, &reader](request& req, respond_fn respond) {
    engine.query({req.tenant, req.params["id"]}, [&reader, respond, request_id = req.request_id, tenant = req.tenant,
                                                   user = req.user, id = req.params["id"]](actors::engine_answer a) {
      if (!a.ok) {
        return respond(seed_error_response({errc::execution_not_found, "execution '" + id.substr(0, 128) + "' was not found", json::object()},
                                  request_id));
      }
      auto logs = reader.logs({tenant, user}, id);
      respond(response::json(200, camel_execution(json::parse(a.value), logs.ok() ? logs.value()["logs"] : json::array())));
    });
  }, "", error_shape::seed);
}

}  // namespace weft::http
