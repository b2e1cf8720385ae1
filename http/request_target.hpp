// A request target ("/api/executions?status=running&limit=20") as the client sent it, read
// into a request's decoded path and query. Untrusted bytes: malformed escapes or a NUL in
// the path are refused (the server answers 400), never guessed at. Pure.
#pragma once

#include <string>
#include <string_view>

#include "http/message.hpp"

namespace weft::http {

/// Decodes %XX escapes (and '+' as space when `plus_is_space`) into `out`; false on a
/// malformed escape.
[[nodiscard]] bool percent_decode(std::string_view in, std::string& out, bool plus_is_space);
/// Splits a request target into path and query parameters (the last of a repeated name
/// wins); false when it is malformed.
[[nodiscard]] bool parse_target(std::string_view target, request& req);

}  // namespace weft::http
