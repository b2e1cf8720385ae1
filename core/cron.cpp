#include "core/cron.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <sstream>
#include <vector>

#include <date/tz.h>

namespace weft::core {
namespace {

struct field_spec {
  const char* name;
  int low;
  int high;
  std::vector<std::string> names;  // names[i] stands for low + i
};

const field_spec minute_field{"minute", 0, 59, {}};
const field_spec hour_field{"hour", 0, 23, {}};
const field_spec day_field{"day of month", 1, 31, {}};
const field_spec month_field{"month", 1, 12, {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}};
const field_spec weekday_field{"day of week", 0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}};

bool parse_value(const std::string& text, const field_spec& f, int& out) {
  std::string upper = text;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (std::size_t i = 0; i < f.names.size(); ++i) {
    if (upper == f.names[i]) {
      out = f.low + static_cast<int>(i);
      return true;
    }
  }
  if (text.empty() || text.size() > 2 || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return false;
  }
  out = std::stoi(text);
  return out >= f.low && out <= f.high;
}

// One field into `bits` (index = value); false with `why`.
bool parse_field(const std::string& text, const field_spec& f, std::vector<bool>& bits, std::string& why) {
  bits.assign(static_cast<std::size_t>(f.high) + 1, false);
  std::stringstream parts(text);
  std::string part;
  while (std::getline(parts, part, ',')) {
    const auto bad = [&] {
      why = std::string(f.name) + " field '" + text + "': '" + part + "' is not a value, range or step in " +
            std::to_string(f.low) + "-" + std::to_string(f.high);
      return false;
    };
    int step = 1;
    std::string range = part;
    if (auto slash = part.find('/'); slash != std::string::npos) {
      const std::string s = part.substr(slash + 1);
      if (s.empty() || s.size() > 2 || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); })) return bad();
      step = std::stoi(s);
      if (step < 1) return bad();
      range = part.substr(0, slash);
    }
    int from = f.low;
    int to = f.high;
    if (range != "*") {
      const auto dash = range.find('-');
      if (dash == std::string::npos) {
        if (!parse_value(range, f, from)) return bad();
        to = part.find('/') == std::string::npos ? from : f.high;  // "5/15" = from 5 on, every 15
      } else if (!parse_value(range.substr(0, dash), f, from) || !parse_value(range.substr(dash + 1), f, to) || from > to) {
        return bad();
      }
    }
    for (int v = from; v <= to; v += step) bits[static_cast<std::size_t>(v)] = true;
  }
  if (text.empty() || text.back() == ',') {
    why = std::string(f.name) + " field '" + text + "' is empty";
    return false;
  }
  return true;
}

template <std::size_t N>
void copy_bits(const std::vector<bool>& from, std::bitset<N>& to, int offset = 0) {
  for (std::size_t i = 0; i < from.size(); ++i) {
    if (from[i]) to.set((i + static_cast<std::size_t>(offset)) % N);
  }
}

bool day_matches(const cron_expr& c, const date::year_month_day& ymd) {
  const bool dom = c.days.test(static_cast<unsigned>(ymd.day()));
  const bool dow = c.weekdays.test(date::weekday(ymd).c_encoding());
  if (c.any_day && c.any_weekday) return true;
  if (c.any_day) return dow;
  if (c.any_weekday) return dom;
  return dom || dow;  // both restricted: either (Vixie cron)
}

}  // namespace

std::optional<cron_expr> parse_cron(const std::string& text, std::string& why) {
  std::stringstream in(text);
  std::vector<std::string> fields;
  for (std::string f; in >> f;) fields.push_back(f);
  if (fields.size() != 5) {
    why = "a cron expression has five fields (minute hour day-of-month month day-of-week), not " + std::to_string(fields.size());
    return std::nullopt;
  }
  cron_expr c;
  std::vector<bool> bits;
  if (!parse_field(fields[0], minute_field, bits, why)) return std::nullopt;
  copy_bits(bits, c.minutes);
  if (!parse_field(fields[1], hour_field, bits, why)) return std::nullopt;
  copy_bits(bits, c.hours);
  if (!parse_field(fields[2], day_field, bits, why)) return std::nullopt;
  copy_bits(bits, c.days);
  if (!parse_field(fields[3], month_field, bits, why)) return std::nullopt;
  copy_bits(bits, c.months);
  if (!parse_field(fields[4], weekday_field, bits, why)) return std::nullopt;
  copy_bits(bits, c.weekdays);  // 7 wraps to 0: Sunday
  c.any_day = fields[2] == "*";
  c.any_weekday = fields[4] == "*";
  return c;
}

bool is_time_zone(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

std::int64_t next_fire(const cron_expr& cron, const std::string& time_zone, std::int64_t after_ms) {
  using namespace std::chrono;
  const date::time_zone* zone = date::locate_zone(time_zone);
  const sys_time<milliseconds> after{milliseconds(after_ms)};
  // Start at the wall-clock minute after `after` and walk forward by day, hour and minute.
  const auto local_after = zone->to_local(after);
  auto local_day = date::floor<date::days>(local_after);
  const auto first_minute = date::floor<minutes>(local_after) + minutes(1);
  for (int d = 0; d < 5 * 366; ++d, local_day += date::days(1)) {
    const date::year_month_day ymd{local_day};
    if (!cron.months.test(static_cast<unsigned>(ymd.month())) || !day_matches(cron, ymd)) continue;
    for (int h = 0; h < 24; ++h) {
      if (!cron.hours.test(static_cast<std::size_t>(h))) continue;
      for (int m = 0; m < 60; ++m) {
        if (!cron.minutes.test(static_cast<std::size_t>(m))) continue;
        const date::local_time<minutes> at = local_day + hours(h) + minutes(m);
        if (at < first_minute) continue;
        // A skipped wall time resolves to the end of the gap; a repeated one to its first
        // occurrence — which may lie before `after` when `after` is in the repeat.
        const auto when = zone->to_sys(at, date::choose::earliest);
        const std::int64_t ms = duration_cast<milliseconds>(when.time_since_epoch()).count();
        if (ms > after_ms) return ms;
      }
    }
  }
  return 0;
}

}  // namespace weft::core
