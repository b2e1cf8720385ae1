// Static analysis of compiled expressions: which context roots (steps, input, vars, ...)
// an expression reads, and lint warnings such as `expression_simplification`.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "core/expr/expression.hpp"

namespace weft::core::expr {

struct read_set {
  std::set<std::string> roots;  // first path segment of every `$.name` / `$['name']`
  bool dynamic = false;         // some `$[expr]` whose key is computed: roots may be incomplete
  bool whole_context = false;   // `$` used as a value on its own
};

/// The context roots `e` may read.
[[nodiscard]] read_set reads(const expression& e);

struct lint_warning {
  std::string code;        // e.g. "expression_simplification"
  std::string message;
  std::string suggestion;  // the simpler expression, when there is one
  std::size_t position = 0;  // 1-based column of the part concerned
};

/// Style warnings that do not stop the expression from working.
[[nodiscard]] std::vector<lint_warning> lint(const expression& e);

}  // namespace weft::core::expr
