// Parsing JSON that comes from outside (files, request bodies): bounded nesting, and a
// clear error with the byte offset instead of an exception. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace weft::core {

struct json_input_limits {
  std::size_t max_depth = 128;  // arrays/objects inside each other; deeper input is refused
};

struct json_input_error {
  std::string message;      // for people, e.g. "syntax error at byte 17: unexpected '}'"
  std::size_t byte = 0;     // 1-based offset of the problem; 0 when not known
};

struct json_input {
  std::optional<nlohmann::json> value;
  json_input_error error;  // set when value is empty
};

/// Parses `text` as one JSON document (no comments, no trailing data).
[[nodiscard]] json_input parse_json_input(std::string_view text, const json_input_limits& limits = {});

/// True when `value` nests containers deeper than `max_depth`. Iterative, so it is safe on
/// values built in memory that never went through parse_json_input.
[[nodiscard]] bool nests_deeper_than(const nlohmann::json& value, std::size_t max_depth);

}  // namespace weft::core
