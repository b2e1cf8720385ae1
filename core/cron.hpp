// Five-field cron schedules in a time zone (SPEC §3, the `schedule` trigger): minute hour
// day-of-month month day-of-week, each `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`,
// or a list of those; months and weekdays also by name (JAN, MON); 0 and 7 are Sunday. As
// in Vixie cron, when both day fields are restricted a day matches either. Times are
// evaluated on the zone's wall clock (tzdata through Howard Hinnant's date library, kept in
// cron.cpp): a time that a DST change skips fires at the end of the gap, a time it repeats
// fires once, the first time.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>

namespace weft::core {

struct cron_expr {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days;      // 1..31
  std::bitset<13> months;    // 1..12
  std::bitset<7> weekdays;   // 0 = Sunday
  bool any_day = true;       // the day-of-month field is `*`
  bool any_weekday = true;   // the day-of-week field is `*`
};

/// Parses a five-field expression; nullopt with `why` (naming the field) when it is not one.
[[nodiscard]] std::optional<cron_expr> parse_cron(const std::string& text, std::string& why);

/// True when `name` is a time zone of the system's tzdata ("UTC", "Europe/Berlin", ...).
[[nodiscard]] bool is_time_zone(const std::string& name);

/// The first time strictly after `after_ms` (unix ms) at which `cron` fires on the wall clock
/// of `time_zone` (a valid zone), as unix ms; 0 when there is none within five years
/// (February 30th, say).
[[nodiscard]] std::int64_t next_fire(const cron_expr& cron, const std::string& time_zone, std::int64_t after_ms);

}  // namespace weft::core
