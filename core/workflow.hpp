// The canonical workflow definition (SPEC §2) as C++ values, with lossless JSON round trip:
// fields Weft does not interpret (editor data, positions, unknown keys) are carried along.
// Parsing is tolerant: structural errors are the definition schema's job (schemas/).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace weft::core {

/// Handle names of successor links (docs/workflow-format.md).
namespace handle {
inline constexpr const char* out = "out";          // a step's normal successors (`next`)
inline constexpr const char* error = "error";      // on_error: "<step id>"
inline constexpr const char* fallback = "default";  // a condition's default route
inline constexpr const char* body = "body";        // a loop's per-item sub-graph
}  // namespace handle

struct retry_policy {
  std::uint32_t max_attempts = 1;             // 1 = no retry
  std::int64_t initial_interval_ms = 1000;
  double backoff_coefficient = 2.0;
  std::int64_t max_interval_ms = 60'000;
  std::vector<std::string> retry_on;          // error codes worth retrying; empty = all
};

struct step {
  std::string id;
  std::string type;
  std::string name;
  std::string description;
  nlohmann::json config = nlohmann::json::object();
  std::vector<std::string> next;
  bool next_is_list = false;            // `next` was written as an array
  nlohmann::json retry;                 // as written; see effective_retry()
  std::optional<std::int64_t> timeout_ms;
  std::string on_error;                 // "" (= "fail"), "fail", "continue" or a step id
  nlohmann::json position;              // editor coordinates, never interpreted
  nlohmann::json extra = nlohmann::json::object();  // every other key, kept as is
};

struct edge {
  std::string id;
  std::string from;
  std::string to;
  std::string handle;                   // "" = handle::out
  std::string target_handle;
  nlohmann::json extra = nlohmann::json::object();
};

struct workflow {
  std::string name;
  std::string description;
  std::string version;
  nlohmann::json input_schema;          // null when absent
  nlohmann::json settings = nlohmann::json::object();
  std::vector<step> steps;
  std::vector<edge> edges;
  bool has_edges = false;               // an `edges` array was given
  nlohmann::json extra = nlohmann::json::object();

  [[nodiscard]] const step* find(const std::string& id) const;
};

/// Reads a canonical definition; fields of the wrong type are left at their defaults.
[[nodiscard]] workflow parse_workflow(const nlohmann::json& doc);
/// Writes the canonical JSON form, including every carried-along field.
[[nodiscard]] nlohmann::json to_json(const workflow& wf);
[[nodiscard]] nlohmann::json to_json(const step& s);

/// The retry policy of a step: its own `retry`, else the workflow's `settings.retry`, else none.
[[nodiscard]] retry_policy effective_retry(const workflow& wf, const step& s);
[[nodiscard]] retry_policy parse_retry(const nlohmann::json& j);

}  // namespace weft::core
