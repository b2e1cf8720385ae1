// Bounds that keep hostile expressions from crashing or stalling the engine.
// Plain data; every limit has a named default and a test at its edge.
#pragma once

#include <cstddef>
#include <cstdint>

namespace weft::core::expr {

struct limits {
  std::size_t max_source_bytes = 16 * 1024;    // length of one expression or template
  std::size_t max_depth = 128;                 // nesting of the syntax tree
  std::uint64_t max_steps = 100'000;           // syntax-tree nodes visited per evaluation
  std::size_t max_string_bytes = 1024 * 1024;  // any string the evaluator builds
  std::size_t max_elements = 100'000;          // any array or object the evaluator builds
  std::size_t max_regex_bytes = 1024;          // a pattern given to matches()
};

}  // namespace weft::core::expr
