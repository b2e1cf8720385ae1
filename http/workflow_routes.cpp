// Each route: read parameters and body, call the service, map its answer. No storage here.
#include "http/workflow_routes.hpp"

#include <charconv>
#include <optional>
#include <set>

#include "http/errors.hpp"
#include "http/query_params.hpp"
#include "http/request_body.hpp"
#include "services/workflow_service.hpp"
#include "nodes/registry.hpp"
#include "templates/catalog.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;
using services::outcome;
using kind = services::service_error::kind;

services::caller caller_of(const request& req) { return {req.tenant, req.user}; }

// Seed 000: the free tier has five basic templates — here the first five (in catalog order)
// whose steps are all basic types.
const std::set<std::string>& basic_templates() {
  static const std::set<std::string> ids = [] {
    std::set<std::string> out;
    for (const auto& t : templates::all()) {
      bool basic = true;
      for (const auto& step : t["definition"].value("steps", json::array())) {
        const auto* info = nodes::registry::builtin().find(step.value("type", ""));
        basic = basic && info && info->tier == core::step_class::basic;
      }
      if (basic && out.size() < 5) out.insert(t["id"].get<std::string>());
    }
    return out;
  }();
  return ids;
}

// Whether a plan with or without `all_templates` has the template (SPEC §6, seed 000's
// "Plantillas").
bool template_available(bool all_templates, const std::string& id) { return all_templates || basic_templates().count(id) > 0; }

// `{ "template_id", "name"? }` stands for that template's definition (named `name`).
json definition_or_template(const services::workflow_service& wf, const std::string& tenant, json body) {
  const auto id = body.find("template_id");
  if (!body.is_object() || id == body.end()) return body;
  const json* t = id->is_string() ? templates::find(id->get<std::string>()) : nullptr;
  if (!t) {
    throw api_failure{{errc::not_found, "no template '" + (id->is_string() ? id->get<std::string>().substr(0, 128) : id->dump()) +
                                            "' (GET /api/templates lists them)",
                       json::object()}};
  }
  if (auto refused = wf.check_feature(tenant, "all_templates"); refused && !template_available(false, (*t)["id"].get<std::string>())) {
    throw api_failure{workflow_api_error(*refused)};
  }
  json definition = (*t)["definition"];
  if (!definition.contains("description")) definition["description"] = (*t)["description"];
  if (auto name = body.find("name"); name != body.end() && name->is_string()) definition["name"] = *name;
  return definition;
}

std::uint64_t number_param(const std::string& text, const char* what) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v == 0) {
    throw api_failure{{errc::invalid_input, std::string(what) + " must be a positive integer", json::object()}};
  }
  return v;
}

// If-Match: the workflow version the client edited, as `3`, `"3"` or `W/"3"`; none: no check.
std::optional<std::uint64_t> if_match(const request& req) {
  std::string v = req.header("if-match");
  if (v.empty()) return std::nullopt;
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return number_param(v, "If-Match (the workflow version you edited)");
}

std::string string_member(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return "";
  if (!it->is_string()) throw api_failure{{errc::invalid_input, std::string(key) + " must be a string", json::object()}};
  return it->get<std::string>();
}

// A body's "version": a positive integer naming one of the workflow's versions.
std::uint64_t version_member(const json& body) {
  auto v = body.find("version");
  if (v == body.end() || !v->is_number_unsigned() || v->get<std::uint64_t>() == 0) {
    throw api_failure{{errc::invalid_input, "version must be a positive integer", json::object()}};
  }
  return v->get<std::uint64_t>();
}

response answer(const outcome& o, int ok_status = 200) {
  if (o.ok()) return o.value().is_null() ? response::no_content() : response::json(ok_status, o.value());
  throw api_failure{workflow_api_error(o.error())};
}

}  // namespace

api_error workflow_api_error(const services::service_error& e) {
  errc code = errc::internal_error;
  switch (e.what) {
    case kind::not_found: code = errc::workflow_not_found; break;
    case kind::version_not_found: code = errc::not_found; break;
    case kind::invalid_definition: code = errc::invalid_workflow_definition; break;
    case kind::invalid_input: code = errc::invalid_input; break;
    case kind::conflict: code = errc::conflict; break;
    case kind::tier_restriction: code = errc::tier_restriction; break;
    case kind::storage_full: code = errc::insufficient_storage; break;
    case kind::unavailable: code = errc::unavailable; break;
    case kind::internal: code = errc::internal_error; break;
  }
  return {code, e.message, e.details};
}

void add_workflow_routes(router& r, services::workflow_service& wf) {
  r.add("GET", "/api/templates", [&wf](request& req) {
    json list = json::array();
    const bool all_templates = !wf.check_feature(req.tenant, "all_templates");
    for (const auto& t : templates::all()) {
      json summary = templates::summary_of(t);
      summary["available"] = template_available(all_templates, t["id"].get<std::string>());  // locked ones show, marked
      list.push_back(std::move(summary));
    }
    return response::json(200, {{"templates", list}, {"total", list.size()}});
  });
  r.add("GET", "/api/templates/{id}", [](request& req) {
    const json* t = templates::find(req.params["id"]);
    if (!t) throw api_failure{{errc::not_found, "no template '" + req.params["id"].substr(0, 128) + "'", json::object()}};
    return response::json(200, *t);
  });
  r.add("POST", "/api/workflows/validate", [&wf](request& req) { return answer(wf.validate(req.tenant, json_body(req, true))); });
  r.add("POST", "/api/workflows/validate-step", [&wf](request& req) {
    outcome o = wf.validate_step(req.tenant, json_body(req, true));
    if (o.ok() && !o.value()["valid"].get<bool>()) {
      throw api_failure{{errc::step_configuration_error, "the step is invalid", o.value()}};
    }
    return answer(o);
  });
  r.add("POST", "/api/workflows", [&wf](request& req) {
    return answer(wf.create(caller_of(req), definition_or_template(wf, req.tenant, json_body(req, true))), 201);
  });
  r.add("GET", "/api/workflows", [&wf](request& req) {
    services::list_query q;
    q.status = req.query_or("status", "");
    q.name = req.query_or("name", "");
    q.cursor = req.query_or("cursor", "");
    q.limit = page_limit(req, 50, 200);
    if (!q.status.empty() && q.status != "draft" && q.status != "active") {
      throw api_failure{{errc::invalid_input, "status must be draft or active", json::object()}};
    }
    return answer(wf.list(caller_of(req), q));
  });
  r.add("GET", "/api/workflows/{id}", [&wf](request& req) { return answer(wf.get(caller_of(req), req.params["id"])); });
  r.add("PUT", "/api/workflows/{id}",
        [&wf](request& req) { return answer(wf.replace(caller_of(req), req.params["id"], json_body(req, true), if_match(req))); });
  r.add("PATCH", "/api/workflows/{id}",
        [&wf](request& req) { return answer(wf.patch(caller_of(req), req.params["id"], json_body(req, true), if_match(req))); });
  r.add("DELETE", "/api/workflows/{id}", [&wf](request& req) { return answer(wf.remove(caller_of(req), req.params["id"])); });
  r.add("GET", "/api/workflows/{id}/versions",
        [&wf](request& req) { return answer(wf.versions(caller_of(req), req.params["id"])); });
  r.add("GET", "/api/workflows/{id}/versions/{v}", [&wf](request& req) {
    return answer(wf.version(caller_of(req), req.params["id"], number_param(req.params["v"], "version")));
  });
  r.add("GET", "/api/workflows/{id}/diff", [&wf](request& req) {
    return answer(wf.diff(caller_of(req), req.params["id"], number_param(req.query_or("from", ""), "from"),
                          number_param(req.query_or("to", ""), "to")));
  });
  r.add("POST", "/api/workflows/{id}/publish", [&wf](request& req) {
    json body = json_body(req);
    std::optional<std::uint64_t> version;
    if (body.contains("version")) version = version_member(body);
    return answer(wf.publish(caller_of(req), req.params["id"], string_member(body, "notes"), version));
  });
  r.add("POST", "/api/workflows/{id}/revert", [&wf](request& req) {
    json body = json_body(req, true);
    return answer(wf.revert(caller_of(req), req.params["id"], version_member(body), string_member(body, "notes")));
  });
}

}  // namespace weft::http
