// Random identifiers: `prefix` + hex digits from a per-thread generator seeded by the OS.
// Not for secrets (see http::random_secret); thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace weft::core {

/// e.g. random_id("wf_", 16) -> "wf_3a4f28962fef5ebc".
[[nodiscard]] std::string random_id(std::string_view prefix, int hex_digits);

}  // namespace weft::core
