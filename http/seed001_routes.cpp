#include "http/seed001_routes.hpp"

#include <nlohmann/json.hpp>

#include "actors/engine_client.hpp"
#include "core/react_flow.hpp"
#include "http/errors.hpp"
#include "http/request_body.hpp"
#include "http/workflow_routes.hpp"
#include "http/execution_routes.hpp"
#include "services/execution_reader.hpp"
#include "services/workflow_service.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

response ok(int status, json data) { return response::json(status, {{"success", true}, {"data", std::move(data)}}); }

// A workflow as seed 001 shows it; `with_data` adds its definition in React Flow form.
json instance_of(const json& w, bool with_data) {
  json out = {{"instance_id", w["id"]},       {"workflow_id", w["id"]},        {"name", w["name"]},
              {"description", w["description"]}, {"status", w["status"]},     {"version", w["version"]},
              {"created_at", w["created_at"]}, {"updated_at", w["updated_at"]}};
  if (with_data) {
    const json flow = core::canonical_to_react_flow(w["definition"]);
    out["workflow_data"] = {{"nodes", flow.value("nodes", json::array())}, {"edges", flow.value("edges", json::array())}};
  }
  return out;
}

// `{ name, description?, nodes, edges }` as a definition to validate and store.
json definition_of(const std::string& name, const json& description, const json& data) {
  if (!data.is_object()) throw api_failure{{errc::invalid_input, "workflow data must be { nodes, edges }", json::object()}};
  json definition = {{"name", name}, {"nodes", data.value("nodes", json::array())}, {"edges", data.value("edges", json::array())}};
  if (description.is_string()) definition["description"] = description;
  return definition;
}

std::string required_name(const json& body) {
  const json name = body.value("name", json());
  if (!name.is_string() || name.get<std::string>().empty()) {
    throw api_failure{{errc::invalid_input, "name must be a non-empty string", json::object()}};
  }
  return name.get<std::string>();
}

// The instance's latest execution id, or "" when it never ran; throws when the instance is
// not the caller's.
std::string latest_execution(services::workflow_service& workflows, const services::execution_reader& reader,
                             const request& req) {
  const services::caller who{req.tenant, req.user};
  const std::string& id = req.params.at("id");
  if (auto w = workflows.get(who, id); !w.ok()) throw api_failure{workflow_api_error(w.error())};
  auto list = reader.list(who, id, "", "", 1);
  if (!list.ok() || list.value()["executions"].empty()) return "";
  return list.value()["executions"][0].value("execution_id", "");
}

// The caller's workflows (the first 200), without their definitions.
json all_instances(services::workflow_service& workflows, const request& req) {
  auto list = workflows.list({req.tenant, req.user}, {"", "", req.query_or("cursor", ""), 200});
  if (!list.ok()) throw api_failure{workflow_api_error(list.error())};
  json items = json::array();
  for (const auto& w : list.value()["workflows"]) items.push_back(instance_of(w, false));
  return items;
}

}  // namespace

void add_seed001_routes(router& r, services::workflow_service& workflows, const services::execution_reader& reader,
                        actors::engine_client& engine) {
  r.add_async("POST", "/api/workflow/instances", [&workflows](request& req, respond_fn respond) {
    const json body = object_body(req);
    auto created = workflows.create({req.tenant, req.user},
                                    definition_of(required_name(body), body.value("description", json()),
                                                  body.value("workflow_data", json())));
    if (!created.ok()) throw api_failure{workflow_api_error(created.error())};
    respond(ok(201, instance_of(created.value(), true)));
  }, "", error_shape::seed);
  r.add_async("GET", "/api/workflow/instances", [&workflows](request& req, respond_fn respond) {
    respond(ok(200, all_instances(workflows, req)));
  }, "", error_shape::seed);
  r.add_async("GET", "/api/workflow/instances/{id}", [&workflows](request& req, respond_fn respond) {
    auto w = workflows.get({req.tenant, req.user}, req.params["id"]);
    if (!w.ok()) throw api_failure{workflow_api_error(w.error())};
    respond(ok(200, instance_of(w.value(), true)));
  }, "", error_shape::seed);
  r.add_async("POST", "/api/workflow/instances/{id}/execute", [&workflows, &engine](request& req, respond_fn respond) {
    // The body is the input; `{ "input": ... }` alone is accepted too.
    json input = object_body(req);
    if (input.size() == 1 && input.contains("input")) input = input["input"];
    const std::string id = engine.new_execution_id();
    start_workflow(workflows, engine, req.tenant, req.user, req.params["id"], id, input.dump(),
                   [respond, request_id = req.request_id, id, instance = req.params["id"]](const actors::engine_answer& a,
                                                                                          std::uint64_t) {
                     if (!a.ok) return respond(seed_error_response(engine_failure(a.code, a.error), request_id));
                     respond(ok(202, {{"instance_id", instance}, {"execution_id", id}, {"status", a.value}}));
                   });
  }, "", error_shape::seed);
  r.add_async("POST", "/api/workflow/instances/{id}/stop", [&workflows, &reader, &engine](request& req, respond_fn respond) {
    const std::string execution = latest_execution(workflows, reader, req);
    if (execution.empty()) throw api_failure{{errc::conflict, "the instance has never run", json::object()}};
    engine.cancel({req.tenant, execution, "stopped"}, [respond, execution, instance = req.params["id"]](actors::engine_answer a) {
      const bool stopped = a.ok && a.value == "true";
      respond(ok(200, {{"instance_id", instance}, {"execution_id", execution}, {"stopped", stopped},
                       {"message", stopped ? "the execution was cancelled" : "the execution had already ended"}}));
    });
  }, "", error_shape::seed);
  r.add_async("GET", "/api/workflow/instances/{id}/status", [&workflows, &reader, &engine](request& req, respond_fn respond) {
    const std::string execution = latest_execution(workflows, reader, req);
    const std::string instance = req.params["id"];
    if (execution.empty()) return respond(ok(200, {{"instance_id", instance}, {"execution_id", nullptr}, {"status", "idle"}}));
    engine.query({req.tenant, execution}, [respond, instance, request_id = req.request_id](actors::engine_answer a) {
      json state = a.ok ? json::parse(a.value, nullptr, false) : json();
      if (!state.is_object()) {
        return respond(seed_error_response({errc::internal_error, "unreadable execution state", json::object()}, request_id));
      }
      state["instance_id"] = instance;
      respond(ok(200, std::move(state)));
    });
  }, "", error_shape::seed);
  r.add_async("GET", "/api/workflow/instances/{id}/logs", [&workflows, &reader](request& req, respond_fn respond) {
    const std::string execution = latest_execution(workflows, reader, req);
    json logs = json::array();
    if (!execution.empty()) {
      auto o = reader.logs({req.tenant, req.user}, execution);
      if (o.ok()) logs = o.value()["logs"];
    }
    respond(ok(200, {{"instance_id", req.params["id"]},
                     {"execution_id", execution.empty() ? json() : json(execution)},
                     {"logs", logs}}));
  }, "", error_shape::seed);

  r.add_async("POST", "/api/workflow/editor/save", [&workflows](request& req, respond_fn respond) {
    const json body = object_body(req);
    const json definition = definition_of(required_name(body), body.value("description", json()), body);
    const json id = body.value("workflow_id", json());
    const services::caller who{req.tenant, req.user};
    auto saved = id.is_string() && !id.get<std::string>().empty() ? workflows.replace(who, id.get<std::string>(), definition)
                                                                   : workflows.create(who, definition);
    if (!saved.ok()) throw api_failure{workflow_api_error(saved.error())};
    respond(ok(200, instance_of(saved.value(), false)));
  }, "", error_shape::seed);
  r.add_async("GET", "/api/workflow/editor/load/{id}", [&workflows](request& req, respond_fn respond) {
    auto w = workflows.get({req.tenant, req.user}, req.params["id"]);
    if (!w.ok()) throw api_failure{workflow_api_error(w.error())};
    json out = instance_of(w.value(), true);
    out["nodes"] = out["workflow_data"]["nodes"];
    out["edges"] = out["workflow_data"]["edges"];
    respond(ok(200, std::move(out)));
  }, "", error_shape::seed);
  r.add_async("GET", "/api/workflow/editor/list", [&workflows](request& req, respond_fn respond) {
    respond(ok(200, all_instances(workflows, req)));
  }, "", error_shape::seed);
}

}  // namespace weft::http
