#include "templates/catalog.hpp"

#include <stdexcept>
#include <string>

namespace weft::templates {

const std::vector<nlohmann::json>& all() {
  static const std::vector<nlohmann::json> parsed = [] {
    std::vector<nlohmann::json> out;
    for (const auto& f : embedded_files()) {
      nlohmann::json t = nlohmann::json::parse(f.text, nullptr, false);
      // A broken template is a build mistake; tests/http/templates_test.cpp catches it.
      if (t.is_discarded() || t.value("id", "") != f.name) {
        throw std::logic_error("template " + std::string(f.name) + " is not valid JSON or its id is not its file name");
      }
      out.push_back(std::move(t));
    }
    return out;
  }();
  return parsed;
}

const nlohmann::json* find(std::string_view id) {
  for (const auto& t : all()) {
    if (t["id"] == id) return &t;
  }
  return nullptr;
}

nlohmann::json summary_of(const nlohmann::json& t) {
  nlohmann::json s = t;
  s.erase("definition");
  s.erase("example");
  const auto& def = t["definition"];
  s["step_count"] = def.contains("steps") ? def["steps"].size() : def.value("nodes", nlohmann::json::array()).size();
  return s;
}

}  // namespace weft::templates
