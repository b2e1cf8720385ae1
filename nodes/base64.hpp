// Base64 (RFC 4648's alphabet, padded, one line): what SMTP AUTH, MIME parts and HTTP Basic
// credentials are written in.
#pragma once

#include <string>

namespace weft::nodes {

[[nodiscard]] std::string base64(const std::string& bytes);

}  // namespace weft::nodes
