// Reading JSON whose provenance is not ours (an event's data back from disk, a foreign
// value) by exact type: nlohmann's get<Int>() converts a float with a C cast (undefined for
// NaN or 1e24) and wraps an integer out of range, and its value(key, fallback) throws when
// the field has another type or the value is not an object. Pure; header-only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
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

/// `data[key]` when `data` is an object holding a T there (an integer that fits, for integral
/// T), `fallback` for anything else.
template <class T>
[[nodiscard]] T exact_field(const nlohmann::json& data, const char* key, T fallback) {
  const auto it = data.find(key);  // end() for what is not an object
  if (it == data.end()) return fallback;
  if constexpr (std::is_same_v<T, bool>) {
    return it->is_boolean() ? it->get<bool>() : fallback;
  } else if constexpr (std::is_integral_v<T>) {
    return exact_integer<T>(*it).value_or(fallback);
  } else {
    static_assert(std::is_same_v<T, std::string>, "bool, an integer or std::string");
    return it->is_string() ? it->get<std::string>() : fallback;
  }
}

/// `data[key]` of any type when `data` is an object that has it, null otherwise.
[[nodiscard]] inline nlohmann::json member_or_null(const nlohmann::json& data, const char* key) {
  const auto it = data.find(key);
  return it == data.end() ? nlohmann::json() : *it;
}

}  // namespace weft::core
