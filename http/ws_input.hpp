// What the WebSocket dialects need to read a client's message and answer it safely: a
// client's frame is untrusted input, and nothing in it may end the process.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace weft::http {

/// A field of a client's message that must be a string when present: its value, "" when it
/// is absent, nullopt when it has another type (the caller answers with an error frame).
[[nodiscard]] std::optional<std::string> string_field(const nlohmann::json& message, const char* key);

/// `message` as a frame's text. Text echoed from a client and cut inside a UTF-8 character
/// (an action of 100 `€` cut at 64 bytes) becomes U+FFFD instead of an exception.
[[nodiscard]] std::string frame_text(const nlohmann::json& message);

}  // namespace weft::http
