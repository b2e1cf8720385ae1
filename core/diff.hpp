// Step-level difference between two workflow definitions (`GET .../diff?from=&to=`):
// steps added, removed and changed (with the top-level fields that changed), and the
// workflow fields that changed. Pure.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace weft::core {

struct step_change {
  std::string step_id;
  std::vector<std::string> fields;  // e.g. "config", "next", "name"
};

struct definition_diff {
  std::vector<std::string> added;
  std::vector<std::string> removed;
  std::vector<step_change> changed;
  std::vector<std::string> workflow_fields;  // top-level fields other than steps that changed
};

/// Compares two definitions in canonical form (React Flow documents are converted first).
[[nodiscard]] definition_diff diff_definitions(const nlohmann::json& from, const nlohmann::json& to);
[[nodiscard]] nlohmann::json to_json(const definition_diff& d);

}  // namespace weft::core
