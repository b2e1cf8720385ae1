// Compact binary values: records and events as CBOR (nlohmann), decoded without throwing.
// Internal to storage/; pure.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "storage/status.hpp"

namespace weft::storage::codec {

[[nodiscard]] std::string encode(const nlohmann::json& value);
[[nodiscard]] status decode(std::string_view bytes, nlohmann::json& out, std::string_view what);

}  // namespace weft::storage::codec
