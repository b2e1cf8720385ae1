// Compact binary values: records and events as CBOR (nlohmann), decoded without throwing.
// Internal to storage/; pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "storage/status.hpp"

namespace weft::storage::codec {

[[nodiscard]] std::string encode(const nlohmann::json& value);
[[nodiscard]] status decode(std::string_view bytes, nlohmann::json& out, std::string_view what);

/// A field of a decoded record by its exact type: `fallback` when the record is not an object,
/// lacks the field or holds another type there (a float where an integer belongs, an integer
/// beyond int64). What a damaged disk holds never throws out of a read.
[[nodiscard]] std::string text_or(const nlohmann::json& record, const char* key, std::string fallback = {});
[[nodiscard]] std::int64_t integer_or(const nlohmann::json& record, const char* key, std::int64_t fallback = 0);

}  // namespace weft::storage::codec
