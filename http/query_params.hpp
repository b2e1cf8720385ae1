// Numbers in a request's query, read one way on every route: an integer in its range or a
// 400 invalid_input that says the range (never silently clamped).
#pragma once

#include <cstdint>

#include "http/message.hpp"

namespace weft::http {

/// `name` as an integer from `min` to `max`; `fallback` when absent.
[[nodiscard]] std::uint64_t integer_param(const request& req, const char* name, std::uint64_t fallback,
                                          std::uint64_t min, std::uint64_t max);

/// A page size (`limit`): 1 to `max`, `fallback` when absent. Every list uses it.
[[nodiscard]] inline std::uint64_t page_limit(const request& req, std::uint64_t fallback, std::uint64_t max) {
  return integer_param(req, "limit", fallback, 1, max);
}

}  // namespace weft::http
