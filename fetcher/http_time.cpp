#include "fetcher/http_time.h"

#include <curl/curl.h>

#include <cstdio>
#include <ctime>

namespace citedex::fetcher {

const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

namespace {

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

// `t` as a WallTime, or nullopt when the clock cannot hold it (system_clock counts
// nanoseconds in 64 bits: 1677 to 2262).
std::optional<WallTime> to_wall_time(time_t t) {
  using std::chrono::seconds;
  constexpr auto kMax = std::chrono::duration_cast<seconds>(WallTime::duration::max()).count();
  constexpr auto kMin = std::chrono::duration_cast<seconds>(WallTime::duration::min()).count();
  if (t >= kMax || t <= kMin) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t);
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::optional<WallTime> make_time(int y, int mo, int d, int h, int mi, int s) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60)
    return std::nullopt;
  if (d > kDays[mo - 1] + (mo == 2 && is_leap(y))) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return to_wall_time(timegm(&tm));
}

}  // namespace

std::optional<WallTime> parse_http_date(std::string_view text) {
  std::string s(text);
  time_t t = curl_getdate(s.c_str(), nullptr);
  if (t == -1) return std::nullopt;
  return to_wall_time(t);
}

std::optional<WallTime> parse_wayback_timestamp(std::string_view digits) {
  if (digits.size() < 4 || digits.size() > 14 || !all_digits(digits)) return std::nullopt;
  auto part = [&](size_t at, size_t len, int fallback) {
    return digits.size() >= at + len ? number(digits.substr(at, len)) : fallback;
  };
  return make_time(part(0, 4, 1970), part(4, 2, 1), part(6, 2, 1), part(8, 2, 0), part(10, 2, 0),
                   part(12, 2, 0));
}

std::optional<WallTime> parse_iso_date(std::string_view text) {
  if (text.size() < 4 || !all_digits(text.substr(0, 4))) return std::nullopt;
  int y = number(text.substr(0, 4)), mo = 1, d = 1, h = 0, mi = 0, s = 0;
  if (text.size() > 4) {
    if (text.size() < 7 || text[4] != '-' || !all_digits(text.substr(5, 2))) return std::nullopt;
    mo = number(text.substr(5, 2));
  }
  if (text.size() > 7) {
    if (text.size() < 10 || text[7] != '-' || !all_digits(text.substr(8, 2))) return std::nullopt;
    d = number(text.substr(8, 2));
  }
  if (text.size() > 10) {
    // "THH:MM:SS" with an optional "Z".
    std::string_view rest = text.substr(10);
    if (rest.size() < 9 || (rest[0] != 'T' && rest[0] != ' ') || rest[3] != ':' || rest[6] != ':' ||
        !all_digits(rest.substr(1, 2)) || !all_digits(rest.substr(4, 2)) ||
        !all_digits(rest.substr(7, 2)) || (rest.size() > 9 && rest.substr(9) != "Z"))
      return std::nullopt;
    h = number(rest.substr(1, 2));
    mi = number(rest.substr(4, 2));
    s = number(rest.substr(7, 2));
  }
  return make_time(y, mo, d, h, mi, s);
}

namespace {

std::string format_utc(WallTime t, const char* format) {
  time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

}  // namespace

std::string format_iso(WallTime t) { return format_utc(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::string format_wayback(WallTime t) { return format_utc(t, "%Y%m%d%H%M%S"); }

long days_between(WallTime from, WallTime to) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(to - from).count() /
                           86400);
}

}  // namespace citedex::fetcher
