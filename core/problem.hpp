// A validation finding: where (JSON pointer), what (stable code) and why (message).
// Shared by the validator, the schema checker and the CLI; plain data.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace weft::core {

/// Stable problem codes; docs/validation.md describes each.
namespace problem_code {
inline constexpr const char* invalid_definition = "invalid_definition";      // breaks the definition schema
inline constexpr const char* unknown_step_type = "unknown_step_type";        // type not in the registry
inline constexpr const char* duplicate_step_id = "duplicate_step_id";        // two steps share an id
inline constexpr const char* reserved_step_id = "reserved_step_id";          // vars/item/execution, or a non-input 'input'
inline constexpr const char* dangling_reference = "dangling_reference";      // next/edge/route names no step
inline constexpr const char* unreachable_step = "unreachable_step";          // no path from an entry step
inline constexpr const char* cycle = "cycle";                                // a cycle not through a loop step
inline constexpr const char* invalid_config = "invalid_config";              // config breaks the type's schema
inline constexpr const char* invalid_expression = "invalid_expression";      // expression or template does not parse
inline constexpr const char* unknown_reference = "unknown_reference";        // expression reads a step that is not there
inline constexpr const char* invalid_route = "invalid_route";                // a route that cannot be taken as written
// Warnings
inline constexpr const char* expression_simplification = "expression_simplification";
inline constexpr const char* reference_not_upstream = "reference_not_upstream";  // reads a step that may not have run
inline constexpr const char* orphan_step = "orphan_step";                    // entry step that is not a trigger or input
}  // namespace problem_code

struct problem {
  std::string pointer;   // JSON pointer into the submitted document ("" = the whole document)
  std::string code;      // one of problem_code
  std::string message;   // for people
  std::size_t position = 0;  // 1-based column inside the string at `pointer`, for expressions; 0 = none

  /// "pointer: code: message", the CLI's line format.
  [[nodiscard]] std::string to_string() const;
};

[[nodiscard]] nlohmann::json to_json(const problem& p);

/// Escapes one reference token for a JSON pointer (RFC 6901: ~ -> ~0, / -> ~1).
[[nodiscard]] std::string pointer_token(const std::string& token);

}  // namespace weft::core
