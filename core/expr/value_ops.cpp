// Value conversions of the expression language (documented in docs/expressions.md).
#include "core/expr/value_ops.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace weft::core::expr {

bool truthy(const nlohmann::json& v) noexcept {
  switch (v.type()) {
    case nlohmann::json::value_t::null: return false;
    case nlohmann::json::value_t::boolean: return v.get<bool>();
    case nlohmann::json::value_t::number_integer: return v.get<std::int64_t>() != 0;
    case nlohmann::json::value_t::number_unsigned: return v.get<std::uint64_t>() != 0;
    case nlohmann::json::value_t::number_float: return v.get<double>() != 0.0;
    case nlohmann::json::value_t::string: return !v.get_ref<const std::string&>().empty();
    case nlohmann::json::value_t::array:
    case nlohmann::json::value_t::object: return !v.empty();
    default: return false;
  }
}

const char* type_name(const nlohmann::json& v) noexcept {
  switch (v.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::boolean: return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return "number";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::object: return "object";
    default: return "binary";
  }
}

std::string display_string(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<std::int64_t> parse_rfc3339(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, used = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::size_t at = static_cast<std::size_t>(used);
  // Fractions of a second: milliseconds are kept, finer digits dropped.
  std::int64_t ms = 0;
  if (at < s.size() && s[at] == '.') {
    int digits = 0;
    for (++at; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at, ++digits) {
      if (digits < 3) ms = ms * 10 + (s[at] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 3; ++digits) ms *= 10;
  }
  // The zone: Z, or an offset from UTC as +HH:MM / -HH:MM.
  std::int64_t offset_min = 0;
  const std::string zone = s.substr(at);
  if (zone != "Z") {
    int oh = 0, om = 0, n = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') ||
        std::sscanf(zone.c_str() + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n != 5 || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_min = (zone[0] == '+' ? 1 : -1) * (oh * 60 + om);
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  return (static_cast<std::int64_t>(timegm(&tm)) - offset_min * 60) * 1000 + ms;
}

std::optional<std::int64_t> parse_iso_timestamp(const std::string& text) {
  if (text.empty() || text.back() != 'Z') return std::nullopt;  // the canonical form is UTC
  return parse_rfc3339(text);
}

std::string_view iso_timestamp(std::int64_t unix_ms, timestamp_buffer& buf) {
  // Years 0000 to 9999 from the calendar of <chrono>, digits written by hand (snprintf was
  // 4 % of the engine's time: an ended execution's state has two times per step).
  constexpr std::int64_t year_0 = -62'167'219'200'000;      // 0000-01-01T00:00:00Z
  constexpr std::int64_t year_10000 = 253'402'300'800'000;  // 10000-01-01T00:00:00Z
  if (unix_ms >= year_0 && unix_ms < year_10000) {
    using namespace std::chrono;
    const sys_time<milliseconds> t{milliseconds{unix_ms}};
    const sys_days day = floor<days>(t);
    const year_month_day date{day};
    const hh_mm_ss<milliseconds> time{t - day};
    const auto put = [&buf](std::size_t at, unsigned value, std::size_t digits) {
      for (std::size_t i = digits; i-- > 0; value /= 10) buf[at + i] = static_cast<char>('0' + value % 10);
    };
    put(0, static_cast<unsigned>(static_cast<int>(date.year())), 4);
    buf[4] = '-';
    put(5, static_cast<unsigned>(date.month()), 2);
    buf[7] = '-';
    put(8, static_cast<unsigned>(date.day()), 2);
    buf[10] = 'T';
    put(11, static_cast<unsigned>(time.hours().count()), 2);
    buf[13] = ':';
    put(14, static_cast<unsigned>(time.minutes().count()), 2);
    buf[16] = ':';
    put(17, static_cast<unsigned>(time.seconds().count()), 2);
    buf[19] = '.';
    put(20, static_cast<unsigned>(time.subseconds().count()), 3);
    buf[23] = 'Z';
    return {buf.data(), 24};
  }
  // Far outside any real time (a damaged record): what the C library makes of it.
  std::int64_t secs = unix_ms / 1000;
  std::int64_t ms = unix_ms % 1000;
  if (ms < 0) {
    ms += 1000;
    secs -= 1;
  }
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  const int n = std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                              tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return {buf.data(), static_cast<std::size_t>(std::clamp(n, 0, static_cast<int>(buf.size()) - 1))};
}

std::string iso_timestamp(std::int64_t unix_ms) {
  timestamp_buffer buf;
  return std::string(iso_timestamp(unix_ms, buf));
}

std::int64_t system_now_ms() noexcept {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace weft::core::expr
