// Cron parsing and next fire times on real time zones (the OS tzdata), DST included.
#include "core/cron.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include <date/date.h>

namespace weft::core {
namespace {

// Unix ms of a UTC wall time.
std::int64_t utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  using namespace std::chrono;
  const auto day = date::sys_days{date::year{y} / mo / d};
  return duration_cast<milliseconds>((day + hours(h) + minutes(mi) + seconds(s)).time_since_epoch()).count();
}

cron_expr cron(const std::string& text) {
  std::string why;
  auto c = parse_cron(text, why);
  EXPECT_TRUE(c) << text << ": " << why;
  return c.value_or(cron_expr{});
}

TEST(cron, parses_the_five_fields_with_lists_ranges_steps_and_names) {
  const cron_expr c = cron("*/15 9-17 1,15 JAN-mar MON-FRI");
  EXPECT_TRUE(c.minutes.test(0) && c.minutes.test(45) && !c.minutes.test(10));
  EXPECT_TRUE(c.hours.test(9) && c.hours.test(17) && !c.hours.test(18));
  EXPECT_TRUE(c.days.test(1) && c.days.test(15) && !c.days.test(2));
  EXPECT_TRUE(c.months.test(1) && c.months.test(3) && !c.months.test(4));
  EXPECT_TRUE(c.weekdays.test(1) && c.weekdays.test(5) && !c.weekdays.test(0) && !c.weekdays.test(6));
  EXPECT_TRUE(cron("0 0 * * 7").weekdays.test(0)) << "7 is Sunday";
  EXPECT_TRUE(cron("5/20 * * * *").minutes.test(45)) << "a/n runs from a to the end";
}

TEST(cron, refuses_what_is_not_a_cron_expression_and_says_which_field) {
  for (const std::string bad : {"* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8",
                                "*/0 * * * *", "5-1 * * * *", "a * * * *", "1,,2 * * * *", "1, * * * *", "* * * FOO *", ""}) {
    std::string why;
    EXPECT_FALSE(parse_cron(bad, why)) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
  std::string why;
  (void)parse_cron("0 25 * * *", why);
  EXPECT_NE(why.find("hour"), std::string::npos) << why;
}

TEST(cron, next_fire_in_utc) {
  const cron_expr every_5 = cron("*/5 * * * *");
  EXPECT_EQ(next_fire(every_5, "UTC", utc(2026, 11, 22, 10, 3)), utc(2026, 11, 22, 10, 5));
  EXPECT_EQ(next_fire(every_5, "UTC", utc(2026, 11, 22, 10, 5)), utc(2026, 11, 22, 10, 10)) << "strictly after";
  EXPECT_EQ(next_fire(every_5, "UTC", utc(2026, 12, 31, 23, 58)), utc(2027, 1, 1, 0, 0));
  // Weekdays at 09:00: from Friday evening to Monday morning (2026-11-20 is a Friday).
  EXPECT_EQ(next_fire(cron("0 9 * * MON-FRI"), "UTC", utc(2026, 11, 20, 18, 0)), utc(2026, 11, 23, 9, 0));
  // Both day fields restricted: either matches (the 1st, or any Sunday).
  EXPECT_EQ(next_fire(cron("0 0 1 * SUN"), "UTC", utc(2026, 11, 22, 1, 0)), utc(2026, 11, 29, 0, 0));
  EXPECT_EQ(next_fire(cron("0 0 29 2 *"), "UTC", utc(2026, 3, 1, 0, 0)), utc(2028, 2, 29, 0, 0)) << "the next leap day";
  EXPECT_EQ(next_fire(cron("0 0 30 2 *"), "UTC", utc(2026, 3, 1, 0, 0)), 0) << "February 30th never comes";
}

TEST(cron, a_zone_wall_clock_follows_daylight_saving) {
  const cron_expr nine = cron("0 9 * * *");
  // New York: 09:00 is 14:00 UTC in winter, 13:00 UTC in summer (DST began 2026-03-08).
  EXPECT_EQ(next_fire(nine, "America/New_York", utc(2026, 3, 6, 15, 0)), utc(2026, 3, 7, 14, 0));
  EXPECT_EQ(next_fire(nine, "America/New_York", utc(2026, 3, 7, 15, 0)), utc(2026, 3, 8, 13, 0));
  // Berlin, spring forward on 2026-03-29: 02:30 does not exist; the run comes at 03:00 CEST.
  const cron_expr half_two = cron("30 2 * * *");
  EXPECT_EQ(next_fire(half_two, "Europe/Berlin", utc(2026, 3, 28, 12, 0)), utc(2026, 3, 29, 1, 0));
  // Fall back on 2026-10-25: 02:30 happens twice; the run comes once, the first time (CEST).
  const std::int64_t first = next_fire(half_two, "Europe/Berlin", utc(2026, 10, 24, 12, 0));
  EXPECT_EQ(first, utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(next_fire(half_two, "Europe/Berlin", first), utc(2026, 10, 26, 1, 30)) << "not again at 01:30 UTC";
}

TEST(cron, time_zones_come_from_the_system_tzdata) {
  EXPECT_TRUE(is_time_zone("UTC"));
  EXPECT_TRUE(is_time_zone("Europe/Berlin"));
  EXPECT_TRUE(is_time_zone("Asia/Kolkata"));
  EXPECT_FALSE(is_time_zone("Mars/Olympus_Mons"));
  EXPECT_FALSE(is_time_zone(""));
  EXPECT_FALSE(is_time_zone("../../etc/passwd"));
  // Kolkata is UTC+05:30: 09:00 there is 03:30 UTC.
  EXPECT_EQ(next_fire(cron("0 9 * * *"), "Asia/Kolkata", utc(2026, 11, 22, 4, 0)), utc(2026, 11, 23, 3, 30));
}

}  // namespace
}  // namespace weft::core
