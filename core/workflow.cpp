// Canonical definition <-> C++ values. Known keys are read into fields, the rest go to `extra`
// so that writing the workflow back loses nothing.
#include "core/workflow.hpp"

#include <set>

namespace weft::core {
namespace {

using json = nlohmann::json;

std::string string_or_empty(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Every key of `j` that is not in `known`, for lossless round trips.
json unknown_keys(const json& j, const std::set<std::string>& known) {
  json extra = json::object();
  for (const auto& [k, v] : j.items()) {
    if (!known.count(k)) extra[k] = v;
  }
  return extra;
}

step parse_step(const json& j) {
  static const std::set<std::string> known = {"id", "type", "name", "description", "config", "next",
                                              "retry", "timeout_ms", "on_error", "position"};
  step s;
  if (!j.is_object()) return s;
  s.id = string_or_empty(j, "id");
  s.type = string_or_empty(j, "type");
  s.name = string_or_empty(j, "name");
  s.description = string_or_empty(j, "description");
  if (auto it = j.find("config"); it != j.end() && it->is_object()) s.config = *it;
  if (auto it = j.find("next"); it != j.end()) {
    if (it->is_string()) {
      s.next.push_back(it->get<std::string>());
    } else if (it->is_array()) {
      s.next_is_list = true;
      for (const auto& n : *it) {
        if (n.is_string()) s.next.push_back(n.get<std::string>());
      }
    }
  }
  if (auto it = j.find("retry"); it != j.end()) s.retry = *it;
  if (auto it = j.find("timeout_ms"); it != j.end() && it->is_number_integer()) s.timeout_ms = it->get<std::int64_t>();
  s.on_error = string_or_empty(j, "on_error");
  if (auto it = j.find("position"); it != j.end()) s.position = *it;
  s.extra = unknown_keys(j, known);
  return s;
}

edge parse_edge(const json& j) {
  static const std::set<std::string> known = {"id", "from", "to", "handle", "target_handle"};
  edge e;
  if (!j.is_object()) return e;
  e.id = string_or_empty(j, "id");
  e.from = string_or_empty(j, "from");
  e.to = string_or_empty(j, "to");
  e.handle = string_or_empty(j, "handle");
  e.target_handle = string_or_empty(j, "target_handle");
  e.extra = unknown_keys(j, known);
  return e;
}

}  // namespace

const step* workflow::find(const std::string& id) const {
  for (const auto& s : steps) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

workflow parse_workflow(const json& doc) {
  static const std::set<std::string> known = {"name", "description", "version", "input_schema",
                                              "settings", "steps", "edges"};
  workflow wf;
  if (!doc.is_object()) return wf;
  wf.name = string_or_empty(doc, "name");
  wf.description = string_or_empty(doc, "description");
  wf.version = string_or_empty(doc, "version");
  if (auto it = doc.find("input_schema"); it != doc.end()) wf.input_schema = *it;
  if (auto it = doc.find("settings"); it != doc.end() && it->is_object()) wf.settings = *it;
  if (auto it = doc.find("steps"); it != doc.end() && it->is_array()) {
    for (const auto& s : *it) wf.steps.push_back(parse_step(s));
  }
  if (auto it = doc.find("edges"); it != doc.end() && it->is_array()) {
    wf.has_edges = true;
    for (const auto& e : *it) wf.edges.push_back(parse_edge(e));
  }
  wf.extra = unknown_keys(doc, known);
  return wf;
}

json to_json(const step& s) {
  json j = json::object();
  j["id"] = s.id;
  j["type"] = s.type;
  if (!s.name.empty()) j["name"] = s.name;
  if (!s.description.empty()) j["description"] = s.description;
  if (!s.config.empty()) j["config"] = s.config;
  if (s.next_is_list) j["next"] = s.next;
  else if (!s.next.empty()) j["next"] = s.next.front();
  if (!s.retry.is_null()) j["retry"] = s.retry;
  if (s.timeout_ms) j["timeout_ms"] = *s.timeout_ms;
  if (!s.on_error.empty()) j["on_error"] = s.on_error;
  if (!s.position.is_null()) j["position"] = s.position;
  for (const auto& [k, v] : s.extra.items()) j[k] = v;
  return j;
}

json to_json(const workflow& wf) {
  json j = json::object();
  if (!wf.name.empty()) j["name"] = wf.name;
  if (!wf.description.empty()) j["description"] = wf.description;
  if (!wf.version.empty()) j["version"] = wf.version;
  if (!wf.input_schema.is_null()) j["input_schema"] = wf.input_schema;
  if (!wf.settings.empty()) j["settings"] = wf.settings;
  json steps = json::array();
  for (const auto& s : wf.steps) steps.push_back(to_json(s));
  j["steps"] = std::move(steps);
  if (wf.has_edges) {
    json edges = json::array();
    for (const auto& e : wf.edges) {
      json ej = {{"from", e.from}, {"to", e.to}};
      if (!e.id.empty()) ej["id"] = e.id;
      if (!e.handle.empty()) ej["handle"] = e.handle;
      if (!e.target_handle.empty()) ej["target_handle"] = e.target_handle;
      for (const auto& [k, v] : e.extra.items()) ej[k] = v;
      edges.push_back(std::move(ej));
    }
    j["edges"] = std::move(edges);
  }
  for (const auto& [k, v] : wf.extra.items()) j[k] = v;
  return j;
}

retry_policy parse_retry(const json& j) {
  retry_policy p;
  if (!j.is_object()) return p;
  if (auto it = j.find("max_attempts"); it != j.end() && it->is_number_integer() && it->get<std::int64_t>() >= 1) {
    p.max_attempts = static_cast<std::uint32_t>(std::min<std::int64_t>(it->get<std::int64_t>(), 1000));
  }
  if (auto it = j.find("initial_interval_ms"); it != j.end() && it->is_number_integer()) p.initial_interval_ms = it->get<std::int64_t>();
  if (auto it = j.find("backoff_coefficient"); it != j.end() && it->is_number()) p.backoff_coefficient = it->get<double>();
  if (auto it = j.find("max_interval_ms"); it != j.end() && it->is_number_integer()) p.max_interval_ms = it->get<std::int64_t>();
  if (auto it = j.find("retry_on"); it != j.end() && it->is_array()) {
    for (const auto& c : *it) {
      if (c.is_string()) p.retry_on.push_back(c.get<std::string>());
    }
  }
  return p;
}

retry_policy effective_retry(const workflow& wf, const step& s) {
  if (s.retry.is_object()) return parse_retry(s.retry);
  if (auto it = wf.settings.find("retry"); it != wf.settings.end()) return parse_retry(*it);
  return {};
}

}  // namespace weft::core
