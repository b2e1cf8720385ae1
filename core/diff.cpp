// Steps are matched by id; field sets are compared key by key, so order never matters.
#include "core/diff.hpp"

#include <map>
#include <set>

#include "core/react_flow.hpp"

namespace weft::core {
namespace {

using json = nlohmann::json;

json canonical(const json& doc) { return is_react_flow(doc) ? react_flow_to_canonical(doc) : doc; }

std::map<std::string, json> steps_by_id(const json& doc) {
  std::map<std::string, json> out;
  auto it = doc.find("steps");
  if (it == doc.end() || !it->is_array()) return out;
  for (const auto& s : *it) {
    if (s.is_object() && s.contains("id") && s["id"].is_string()) out.emplace(s["id"].get<std::string>(), s);
  }
  return out;
}

std::vector<std::string> changed_keys(const json& a, const json& b, const std::set<std::string>& skip) {
  std::set<std::string> keys;
  if (a.is_object()) for (const auto& [k, _] : a.items()) keys.insert(k);
  if (b.is_object()) for (const auto& [k, _] : b.items()) keys.insert(k);
  std::vector<std::string> out;
  for (const auto& k : keys) {
    if (skip.count(k)) continue;
    const json& x = a.is_object() && a.contains(k) ? a[k] : json();
    const json& y = b.is_object() && b.contains(k) ? b[k] : json();
    if (x != y) out.push_back(k);
  }
  return out;
}

}  // namespace

definition_diff diff_definitions(const json& from_doc, const json& to_doc) {
  const json from = canonical(from_doc);
  const json to = canonical(to_doc);
  definition_diff d;
  auto a = steps_by_id(from);
  auto b = steps_by_id(to);
  for (const auto& [id, step] : b) {
    auto it = a.find(id);
    if (it == a.end()) {
      d.added.push_back(id);
    } else if (auto fields = changed_keys(it->second, step, {}); !fields.empty()) {
      d.changed.push_back({id, std::move(fields)});
    }
  }
  for (const auto& [id, _] : a) {
    if (!b.count(id)) d.removed.push_back(id);
  }
  d.workflow_fields = changed_keys(from, to, {"steps"});
  return d;
}

json to_json(const definition_diff& d) {
  json changed = json::array();
  for (const auto& c : d.changed) changed.push_back({{"step_id", c.step_id}, {"fields", c.fields}});
  return {{"added", d.added}, {"removed", d.removed}, {"changed", changed}, {"workflow_fields", d.workflow_fields}};
}

}  // namespace weft::core
