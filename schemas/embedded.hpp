// The JSON Schemas of schemas/ compiled into the binary: `workflow` (the definition) and
// `steps/<type>` (each step type's config). Data only; no validation here.
#pragma once

#include <string_view>
#include <vector>

namespace weft::schemas {

struct embedded_file {
  std::string_view name;  // path below schemas/ without ".schema.json", e.g. "steps/http"
  std::string_view text;
};

[[nodiscard]] const std::vector<embedded_file>& embedded_files();

/// The schema text named `name`, or an empty view.
[[nodiscard]] std::string_view find_embedded(std::string_view name);

}  // namespace weft::schemas
