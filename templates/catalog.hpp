// The workflow templates (SPEC §3 "templates"): ready-made definitions a user starts from,
// one `templates/<id>.template.json` each, compiled into the binary. Each file is
// `{ id, name, description, category, tags, definition, example: { input, signal?, status } }`;
// the example is what tests/http/templates_test.cpp runs (with `{{stub}}` standing for a
// local stand-in server's base URL). Read-only and thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace weft::templates {

struct embedded_file {
  std::string_view name;  // the file name without ".template.json": the template's id
  std::string_view text;
};

/// Generated from the template files (cmake/embed_files.cmake).
[[nodiscard]] const std::vector<embedded_file>& embedded_files();

/// Every template, parsed, in id order.
[[nodiscard]] const std::vector<nlohmann::json>& all();
/// The template `id`, or nullptr.
[[nodiscard]] const nlohmann::json* find(std::string_view id);
/// What a list shows of a template: everything but the definition and the example, plus
/// its step count.
[[nodiscard]] nlohmann::json summary_of(const nlohmann::json& t);

}  // namespace weft::templates
