// CBOR appended straight to a string, byte for byte what nlohmann's to_cbor() writes for the
// same value — the form every record and event on disk already has. nlohmann's writer goes
// through a virtual call per byte and copies each object key into a JSON value; events are
// encoded on every commit, so the log writer uses this one (cbor_writer_test pins the bytes).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace weft::storage::cbor {

/// The major types Weft writes (RFC 8949 §3.1).
enum class major : std::uint8_t { unsigned_integer = 0, negative_integer = 1, text = 3, array = 4, map = 5 };

/// The head of a data item: its major type and its argument (a value, a length or a count)
/// in the fewest bytes.
void append_head(std::string& out, major type, std::uint64_t argument);
void append_integer(std::string& out, std::int64_t n);
void append_string(std::string& out, std::string_view text);
/// Any JSON value, as nlohmann::json::to_cbor(value) writes it.
void append(std::string& out, const nlohmann::json& value);

}  // namespace weft::storage::cbor
