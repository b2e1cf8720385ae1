// Parameters come from the config schema's top-level properties: an `enum` is a select, a
// string or number the same, an integer-or-expression (`oneOf`) a number that may be an
// expression, objects and arrays JSON. Handles follow docs/workflow-format.md's table.
#include "nodes/component.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "schemas/embedded.hpp"

namespace weft::nodes {
namespace {

using json = nlohmann::json;

// Tailwind gradients per category, in seed 001's style.
std::string color_of(const std::string& category) {
  if (category == "triggers") return "from-emerald-500 via-emerald-600 to-teal-600";
  if (category == "flow") return "from-sky-500 via-sky-600 to-blue-600";
  if (category == "data") return "from-amber-500 via-amber-600 to-orange-600";
  if (category == "integrations") return "from-purple-500 via-purple-600 to-indigo-600";
  if (category == "ai") return "from-fuchsia-500 via-pink-600 to-rose-600";
  return "from-slate-500 via-slate-600 to-gray-600";
}

// "timeout_ms" -> "Timeout ms", "fail_on_status" -> "Fail on status".
std::string label_of(const std::string& name) {
  std::string out;
  for (char c : name) out += c == '_' ? ' ' : c;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

// Whether `name` is (or holds) an expression field of the type: "/name" or "/name/...".
bool holds_expressions(const step_type& t, const std::string& name) {
  for (const auto& pointer : t.info.expression_fields) {
    if (pointer == "/" + name || pointer.rfind("/" + name + "/", 0) == 0) return true;
  }
  return false;
}

std::string kind_of(const json& property, const std::string& name) {
  if (property.contains("enum")) return "select";
  json type = property.value("type", json());
  if (type.is_null() && property.contains("oneOf") && property["oneOf"].is_array()) {
    for (const auto& option : property["oneOf"]) {
      const std::string t = option.value("type", "");
      if (t == "integer" || t == "number") return "number";  // a number, or an expression that makes one
    }
    return "json";
  }
  if (type.is_array()) type = type.empty() ? json() : type.front();
  const std::string t = type.is_string() ? type.get<std::string>() : "";
  if (t == "string" && name.size() > 7 && name.ends_with("_secret")) return "secret";  // names a tenant secret: a picker
  if (t == "string") return name == "body" || name == "message" || name == "prompt" ? "textarea" : "string";
  if (t == "integer" || t == "number") return "number";
  if (t == "boolean") return "boolean";
  return "json";
}

json parameters_of(const step_type& t, const json& schema) {
  json out = json::array();
  if (!schema.is_object() || !schema.contains("properties") || !schema["properties"].is_object()) return out;
  const json required = schema.value("required", json::array());
  for (const auto& [name, property] : schema["properties"].items()) {
    json p = {{"name", name},
              {"label", property.value("title", label_of(name))},
              {"type", kind_of(property, name)},
              {"required", std::find(required.begin(), required.end(), name) != required.end()},
              {"expression", holds_expressions(t, name)}};
    if (property.contains("default")) p["default"] = property["default"];
    if (property.contains("enum")) p["options"] = property["enum"];
    if (property.contains("description")) p["description"] = property["description"];
    out.push_back(std::move(p));
  }
  return out;
}

json handle(const char* id, const char* type, const char* position, const char* label) {
  return {{"id", id}, {"type", type}, {"position", position}, {"label", label}};
}

// Puts `parameters` in the order the schema text declares its properties: nlohmann::json keeps
// keys sorted, and a form whose URL comes after "Response type" is not the step's form.
void sort_as_declared(json& parameters, std::string_view schema_text) {
  const auto doc = nlohmann::ordered_json::parse(schema_text, nullptr, false);
  if (doc.is_discarded() || !doc.contains("properties") || !doc["properties"].is_object()) return;
  std::map<std::string, std::size_t, std::less<>> rank;
  for (const auto& [name, _] : doc["properties"].items()) rank.emplace(name, rank.size());
  auto rank_of = [&](const json& p) {
    auto it = rank.find(p.value("name", ""));
    return it == rank.end() ? rank.size() : it->second;
  };
  std::stable_sort(parameters.begin(), parameters.end(), [&](const json& a, const json& b) { return rank_of(a) < rank_of(b); });
}

}  // namespace

json describe_component(const step_type& t) {
  const std::string_view text = schemas::find_embedded("steps/" + t.info.type);
  json schema = json::parse(text, nullptr, false);
  if (schema.is_discarded()) schema = json::object();
  json described = describe_component(t, schema);
  sort_as_declared(described["parameters"], text);
  return described;
}

json describe_component(const step_type& t, const json& schema) {
  const std::string& type = t.info.type;

  json inputs = json::array();
  json outputs = json::array();
  bool dynamic_outputs = false;
  if (type != "comment") {
    if (!t.info.trigger) inputs.push_back(handle("input", "target", "left", "Input"));
    if (type == "condition") {
      // One handle per condition (its `handle`, else case_<i>), then default.
      dynamic_outputs = true;
      outputs.push_back(handle("default", "source", "right", "Default"));
    } else {
      outputs.push_back(handle("out", "source", "right", "Output"));
      if (type == "loop") outputs.push_back(handle("body", "source", "right", "Each item"));
    }
    outputs.push_back(handle("error", "source", "bottom", "Error"));
  }
  return {{"type", type},
          {"name", t.metadata.name},
          {"description", t.metadata.description},
          {"category", t.metadata.category},
          {"icon", t.metadata.icon},
          {"color", color_of(t.metadata.category)},
          {"tier", t.info.tier == core::step_class::basic      ? "basic"
                   : t.info.tier == core::step_class::advanced ? "advanced"
                                                               : "custom"},
          {"trigger", t.info.trigger},
          {"aliases", t.info.aliases},
          {"parameters", parameters_of(t, schema)},
          {"input_handles", inputs},
          {"output_handles", outputs},
          {"dynamic_outputs", dynamic_outputs},
          {"config_schema", schema}};
}

}  // namespace weft::nodes
