// The syntax tree of a compiled expression: a flat arena of nodes addressed by index.
// Immutable after parsing, so one tree may be evaluated from many threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace re2 {
class RE2;
}

namespace weft::core::expr {

enum class node_kind : std::uint8_t {
  literal,      // `value`
  root,         // $
  member,       // kids[0].name
  index,        // kids[0][kids[1]]
  array,        // [kids...]
  object,       // { keys[i]: kids[i] }
  unary,        // op kids[0]
  binary,       // kids[0] op kids[1]
  logical_and,  // kids[0] && kids[1], short-circuit
  logical_or,   // kids[0] || kids[1], short-circuit
  ternary,      // kids[0] ? kids[1] : kids[2]
  call,         // fn(kids...)
};

enum class op : std::uint8_t { none, eq, ne, lt, le, gt, ge, add, sub, mul, div, mod, in, neg, logical_not };

enum class function : std::uint8_t {
  none, len, lower, upper, trim, contains, starts_with, ends_with, matches,
  number, string, boolean, now, coalesce, keys, values,
};

struct node {
  node_kind kind = node_kind::literal;
  op oper = op::none;
  function fn = function::none;
  std::uint32_t begin = 0;  // source span [begin, end), byte offsets
  std::uint32_t end = 0;
  std::string name;                     // member name or function name
  nlohmann::json value;                 // literal value
  std::vector<std::uint32_t> kids;      // children, by index into ast::nodes
  std::vector<std::string> keys;        // object literal keys, parallel to kids
  std::shared_ptr<const re2::RE2> regex;  // matches() with a literal pattern, compiled once
};

struct ast {
  std::string source;
  std::uint32_t origin = 0;  // offset of `source` inside the string it came from (templates)
  std::vector<node> nodes;
  std::uint32_t root = 0;

  [[nodiscard]] const node& at(std::uint32_t i) const { return nodes[i]; }
  /// The source text of node i, as written.
  [[nodiscard]] std::string text_of(std::uint32_t i) const {
    return source.substr(nodes[i].begin, nodes[i].end - nodes[i].begin);
  }
  /// The 1-based column of node i in the enclosing string, for error messages.
  [[nodiscard]] std::size_t column_of(std::uint32_t i) const { return origin + nodes[i].begin + 1; }
};

/// The function a name denotes, or function::none.
[[nodiscard]] function function_named(std::string_view name);
/// Compiles a regular expression for matches(); nullptr with `why` set when RE2 refuses it.
[[nodiscard]] std::shared_ptr<const re2::RE2> compile_regex(const std::string& pattern, std::string& why);

}  // namespace weft::core::expr
