// Pratt parser: tokens to the flat syntax tree, enforcing length and depth limits.
#pragma once

#include <string_view>

#include "core/expr/ast.hpp"
#include "core/expr/error.hpp"
#include "core/expr/limits.hpp"

namespace weft::core::expr {

/// Parses `source` into a tree. `origin` is the offset of `source` in an enclosing
/// template string, added to every reported position.
[[nodiscard]] result<ast> parse(std::string_view source, const limits& lim = {}, std::uint32_t origin = 0);

}  // namespace weft::core::expr
