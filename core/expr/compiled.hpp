// Expressions compiled once per process: a step's fields are the same text for every
// execution of a workflow, and each attempt compiled them again (a step run's largest cost
// after the step itself, issue 19). Immutable expressions are shared between threads.
#pragma once

#include <string_view>

#include "core/expr/expression.hpp"

namespace weft::core::expr {

/// expression::compile(source) with the default limits, remembered: the same text compiles
/// once. Bounded by the bytes of source it holds (it forgets everything past that); a
/// source that does not compile is not remembered.
[[nodiscard]] result<expression> compiled(std::string_view source);

}  // namespace weft::core::expr
