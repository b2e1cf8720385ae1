// A request's JSON body: the one parser every route uses, so a malformed body is answered the
// same way everywhere (400 invalid_input, `details.byte`: where it breaks).
#pragma once

#include <nlohmann/json.hpp>

#include "http/message.hpp"

namespace weft::http {

/// The parsed body; an empty body is `empty` (or a 400 when `required`).
[[nodiscard]] nlohmann::json json_body(const request& req, bool required = false,
                                       nlohmann::json empty = nlohmann::json::object());

/// A body that must be an object: `{}` when empty. `shape` says what is expected, for the
/// error ("a JSON object", "{ \"value\": ... }").
[[nodiscard]] nlohmann::json object_body(const request& req, const char* shape = "a JSON object");

}  // namespace weft::http
