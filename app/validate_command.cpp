// `weft validate`: reads a file (bounded), validates it against the built-in registry and
// prints the report. Runs on the main thread; no state beyond its arguments.
#include "app/validate_command.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/json_input.hpp"
#include "core/validator.hpp"
#include "nodes/registry.hpp"

namespace weft::app {
namespace {

constexpr std::size_t max_file_bytes = 64 * 1024 * 1024;

bool read_all(const std::string& file, std::string& text, std::ostream& err) {
  std::ifstream in;
  std::istream* src = &std::cin;
  if (file != "-") {
    in.open(file, std::ios::binary);
    if (!in) {
      err << "weft: cannot open " << file << "\n";
      return false;
    }
    src = &in;
  }
  std::ostringstream buf;
  buf << src->rdbuf();
  text = std::move(buf).str();
  if (text.size() > max_file_bytes) {
    err << "weft: " << file << " is larger than " << max_file_bytes << " bytes\n";
    return false;
  }
  return true;
}

}  // namespace

int run_validate(const validate_options& options, std::ostream& out, std::ostream& err) {
  std::string text;
  if (!read_all(options.file, text, err)) return 2;
  auto input = core::parse_json_input(text);
  if (!input.value) {
    err << options.file << ": not valid JSON: " << input.error.message << "\n";
    return 2;
  }
  const auto report = core::validate_definition(*input.value, nodes::registry::builtin());
  if (options.json_output) {
    nlohmann::json j = {{"valid", report.ok()}, {"errors", nlohmann::json::array()}, {"warnings", nlohmann::json::array()}};
    for (const auto& p : report.errors) j["errors"].push_back(core::to_json(p));
    for (const auto& p : report.warnings) j["warnings"].push_back(core::to_json(p));
    out << j.dump(2) << "\n";
    return report.ok() ? 0 : 1;
  }
  for (const auto& p : report.errors) out << p.to_string() << "\n";
  if (!options.quiet_warnings) {
    for (const auto& p : report.warnings) out << p.to_string() << " (warning)\n";
  }
  if (report.ok()) {
    out << options.file << ": valid\n";
    return 0;
  }
  err << options.file << ": " << report.errors.size() << " error" << (report.errors.size() == 1 ? "" : "s") << "\n";
  return 1;
}

}  // namespace weft::app
