// Reading a number of an exact integer type out of JSON whose provenance is not ours (bytes
// back from disk, a foreign value): nlohmann's get<Int>() converts a float with a C cast
// (undefined for NaN or 1e24) and wraps an integer out of range. Pure; header-only.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

namespace weft::core {

/// `v` as an Int when it is an integer that fits; nothing for a float, a string, anything else.
template <class Int>
[[nodiscard]] std::optional<Int> exact_integer(const nlohmann::json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (std::in_range<Int>(u)) return static_cast<Int>(u);
    return std::nullopt;
  }
  if (v.is_number_integer()) {
    const auto i = v.get<std::int64_t>();
    if (std::in_range<Int>(i)) return static_cast<Int>(i);
  }
  return std::nullopt;
}

}  // namespace weft::core
