// A worker label (docs/cluster.md): what a worker offers (`weft worker --labels gpu,eu`) and
// what a step type or a tenant's custom component may be pinned to. 1 to 63 of a-z, 0-9, `_`,
// `.` and `-`, starting with a letter or digit.
#pragma once

#include <string_view>

namespace weft::core {

[[nodiscard]] constexpr bool is_worker_label(std::string_view label) noexcept {
  if (label.empty() || label.size() > 63) return false;
  for (std::size_t i = 0; i < label.size(); ++i) {
    const char c = label[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) return false;
  }
  return true;
}

}  // namespace weft::core
