// A schedule trigger's cron expression and time zone from untrusted text (a definition's
// `cron` and `timezone`): the first line is the expression, the second the zone; a parsed
// expression in a known zone is asked for its next firing times, as the scheduler does.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/cron.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string expression(input.substr(0, newline));
  const std::string zone = newline == std::string_view::npos ? "UTC" : std::string(input.substr(newline + 1));
  std::string why;
  const auto cron = weft::core::parse_cron(expression, why);
  if (!cron || !weft::core::is_time_zone(zone)) return 0;
  std::int64_t at = 1'700'000'000'000;  // 2023-11-14
  for (int i = 0; i < 3 && at != 0; ++i) {
    const std::int64_t next = weft::core::next_fire(*cron, zone, at);
    if (next != 0 && next <= at) __builtin_trap();  // strictly after, or none
    at = next;
  }
  return 0;
}
