// Field mapping, node <-> step:  id <-> id, type <-> type, position <-> position,
// data.label <-> name, data.{description, config, next, retry, timeout_ms, on_error} <-> same,
// other data keys <-> ui.data, other node keys <-> ui.node.
// Edge:  id <-> id, source <-> from, target <-> to, sourceHandle <-> handle,
// targetHandle <-> target_handle, other keys <-> ui.
#include "core/react_flow.hpp"

#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/graph.hpp"
#include "core/workflow.hpp"

namespace weft::core {
namespace {

using json = nlohmann::json;

const std::set<std::string> step_data_fields = {"description", "config", "next", "retry", "timeout_ms", "on_error"};

std::string string_field(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json node_to_step(const json& node) {
  json step = json::object();
  if (!node.is_object()) return step;
  json ui_node = json::object();
  json ui_data = json::object();
  for (const auto& [k, v] : node.items()) {
    if (k == "id" || k == "type" || k == "position") {
      step[k] = v;
    } else if (k == "data" && v.is_object()) {
      for (const auto& [dk, dv] : v.items()) {
        if (dk == "label") step["name"] = dv;
        else if (step_data_fields.count(dk)) step[dk] = dv;
        else ui_data[dk] = dv;
      }
    } else {
      ui_node[k] = v;
    }
  }
  if (auto it = node.find("data"); it != node.end() && !it->is_object()) ui_node["data"] = *it;
  if (!ui_node.empty() || !ui_data.empty()) {
    json ui = json::object();
    if (!ui_node.empty()) ui["node"] = std::move(ui_node);
    if (!ui_data.empty()) ui["data"] = std::move(ui_data);
    step["ui"] = std::move(ui);
  }
  return step;
}

json step_to_node(const json& step, std::size_t index) {
  json node = json::object();
  json data = json::object();
  for (const auto& [k, v] : step.items()) {
    if (k == "id" || k == "type" || k == "position") node[k] = v;
    else if (k == "name") data["label"] = v;
    else if (k == "ui") continue;
    else data[k] = v;
  }
  if (auto ui = step.find("ui"); ui != step.end() && ui->is_object()) {
    if (auto d = ui->find("data"); d != ui->end() && d->is_object()) {
      for (const auto& [k, v] : d->items()) data[k] = v;
    }
    if (auto n = ui->find("node"); n != ui->end() && n->is_object()) {
      for (const auto& [k, v] : n->items()) node[k] = v;
    }
  }
  if (!node.contains("position")) node["position"] = {{"x", 0}, {"y", 120 * static_cast<int>(index)}};
  if (!node.contains("data") || !data.empty()) node["data"] = std::move(data);
  return node;
}

json edge_from_react_flow(const json& e) {
  json out = json::object();
  if (!e.is_object()) return out;
  json ui = json::object();
  for (const auto& [k, v] : e.items()) {
    if (k == "id") out["id"] = v;
    else if (k == "source") out["from"] = v;
    else if (k == "target") out["to"] = v;
    else if (k == "sourceHandle" && v.is_string()) out["handle"] = v;
    else if (k == "targetHandle" && v.is_string()) out["target_handle"] = v;
    else ui[k] = v;
  }
  // A null handle is written back as null: remember that it was there.
  if (e.contains("sourceHandle") && !e["sourceHandle"].is_string()) ui["sourceHandle"] = e["sourceHandle"];
  if (e.contains("targetHandle") && !e["targetHandle"].is_string()) ui["targetHandle"] = e["targetHandle"];
  if (!ui.empty()) out["ui"] = std::move(ui);
  return out;
}

json edge_to_react_flow(const json& e) {
  json out = json::object();
  for (const auto& [k, v] : e.items()) {
    if (k == "from") out["source"] = v;
    else if (k == "to") out["target"] = v;
    else if (k == "handle") out["sourceHandle"] = v;
    else if (k == "target_handle") out["targetHandle"] = v;
    else if (k == "ui" && v.is_object()) {
      for (const auto& [uk, uv] : v.items()) out[uk] = uv;
    } else {
      out[k] = v;
    }
  }
  return out;
}

}  // namespace

bool is_react_flow(const json& doc) {
  return doc.is_object() && doc.contains("nodes") && doc["nodes"].is_array() && !doc.contains("steps");
}

json react_flow_to_canonical(const json& doc) {
  json out = json::object();
  for (const auto& [k, v] : doc.items()) {
    if (k == "nodes" || k == "edges") continue;
    out[k] = v;
  }
  json steps = json::array();
  for (const auto& n : doc["nodes"]) steps.push_back(node_to_step(n));
  out["steps"] = std::move(steps);
  if (auto it = doc.find("edges"); it != doc.end()) {
    if (it->is_array()) {
      json edges = json::array();
      for (const auto& e : *it) edges.push_back(edge_from_react_flow(e));
      out["edges"] = std::move(edges);
    } else {
      out["edges"] = *it;  // left as is for the schema to report
    }
  }
  return out;
}

json canonical_to_react_flow(const json& doc) {
  json out = json::object();
  for (const auto& [k, v] : doc.items()) {
    if (k == "steps" || k == "edges") continue;
    out[k] = v;
  }
  json nodes = json::array();
  if (auto it = doc.find("steps"); it != doc.end() && it->is_array()) {
    for (std::size_t i = 0; i < it->size(); ++i) nodes.push_back(step_to_node((*it)[i], i));
  }
  out["nodes"] = std::move(nodes);

  json edges = json::array();
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  if (auto it = doc.find("edges"); it != doc.end() && it->is_array()) {
    for (const auto& e : *it) {
      json rf = edge_to_react_flow(e);
      std::string handle = string_field(rf, "sourceHandle");
      seen.emplace(string_field(rf, "source"), string_field(rf, "target"), handle.empty() ? handle::out : handle);
      edges.push_back(std::move(rf));
    }
  }
  for (const auto& l : declared_links(parse_workflow(doc))) {
    if (l.origin == link_origin::edge) continue;
    if (!seen.emplace(l.from, l.to, l.handle).second) continue;
    json e = {{"id", "e-" + l.from + "-" + l.to + "-" + l.handle}, {"source", l.from}, {"target", l.to}};
    if (l.handle != handle::out) e["sourceHandle"] = l.handle;
    edges.push_back(std::move(e));
  }
  out["edges"] = std::move(edges);
  return out;
}

std::string react_flow_pointer(const std::string& p) {
  auto starts = [&p](const std::string& prefix) { return p.rfind(prefix, 0) == 0; };
  if (starts("/steps/")) {
    std::size_t slash = p.find('/', 7);
    std::string index = p.substr(7, slash == std::string::npos ? std::string::npos : slash - 7);
    std::string rest = slash == std::string::npos ? "" : p.substr(slash);
    std::string node = "/nodes/" + index;
    if (rest.empty() || rest == "/id" || rest == "/type" || rest.rfind("/position", 0) == 0) return node + rest;
    if (rest.rfind("/name", 0) == 0) return node + "/data/label" + rest.substr(5);
    if (rest.rfind("/ui/node", 0) == 0) return node + rest.substr(8);
    if (rest.rfind("/ui/data", 0) == 0) return node + "/data" + rest.substr(8);
    return node + "/data" + rest;
  }
  if (starts("/edges/")) {
    std::size_t slash = p.find('/', 7);
    if (slash == std::string::npos) return p;
    std::string head = p.substr(0, slash);
    std::string rest = p.substr(slash);
    if (rest.rfind("/from", 0) == 0) return head + "/source" + rest.substr(5);
    if (rest.rfind("/to", 0) == 0) return head + "/target" + rest.substr(3);
    if (rest.rfind("/handle", 0) == 0) return head + "/sourceHandle" + rest.substr(7);
    if (rest.rfind("/target_handle", 0) == 0) return head + "/targetHandle" + rest.substr(14);
    return p;
  }
  return p;
}

}  // namespace weft::core
