// Conversions shared by the evaluator, builtins and templates: truthiness, type names,
// display strings and timestamps. Pure functions on JSON values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace weft::core::expr {

/// null, false, 0, "", [] and {} are falsy; everything else is truthy.
[[nodiscard]] bool truthy(const nlohmann::json& v) noexcept;
/// "null", "boolean", "number", "string", "array" or "object".
[[nodiscard]] const char* type_name(const nlohmann::json& v) noexcept;
/// How a value reads inside text: strings as they are, null as "", the rest as compact JSON.
[[nodiscard]] std::string display_string(const nlohmann::json& v);
/// ISO 8601 UTC with milliseconds, e.g. "2026-11-22T05:56:58.123Z".
[[nodiscard]] std::string iso_timestamp(std::int64_t unix_ms);
/// The same text written into `buf`, without allocating (an ended execution's state has
/// two per step).
using timestamp_buffer = std::array<char, 48>;
[[nodiscard]] std::string_view iso_timestamp(std::int64_t unix_ms, timestamp_buffer& buf);
/// Reads "YYYY-MM-DDTHH:MM:SS[.mmm]Z" (what iso_timestamp writes) as unix ms.
[[nodiscard]] std::optional<std::int64_t> parse_iso_timestamp(const std::string& text);
/// Reads an RFC 3339 time, "YYYY-MM-DDTHH:MM:SS[.fff]" with "Z" or an offset "±HH:MM"
/// (what users write, e.g. delay.until), as unix ms.
[[nodiscard]] std::optional<std::int64_t> parse_rfc3339(const std::string& text);
/// Milliseconds since the Unix epoch, from the system clock.
[[nodiscard]] std::int64_t system_now_ms() noexcept;

}  // namespace weft::core::expr
