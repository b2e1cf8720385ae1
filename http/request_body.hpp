// A request's JSON body as the routes that take an object want it: `{}` when empty, else
// the parsed object; anything else is an api_failure with `invalid_input`.
#pragma once

#include <nlohmann/json.hpp>

#include "http/message.hpp"

namespace weft::http {

/// `shape` says what is expected, for the error ("a JSON object", "{ \"value\": ... }").
[[nodiscard]] nlohmann::json object_body(const request& req, const char* shape = "a JSON object");

}  // namespace weft::http
