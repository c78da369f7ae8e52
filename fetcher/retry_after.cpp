#include "fetcher/retry_after.h"

#include <string>

#include "fetcher/http_time.h"

namespace citedex::fetcher {

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, WallTime now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r'))
    value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  bool digits = true;
  for (char c : value) digits = digits && c >= '0' && c <= '9';
  if (digits) {
    if (value.size() > 9) return std::chrono::hours(24 * 365);  // absurd, but a number
    return std::chrono::seconds(std::stol(std::string(value)));
  }
  auto date = parse_http_date(value);
  if (!date) return std::nullopt;
  if (*date <= now) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(*date - now);
}

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds initial,
                                        std::chrono::milliseconds cap) {
  std::chrono::milliseconds d = initial;
  for (int i = 0; i < attempt && d < cap; ++i) d *= 2;
  return d < cap ? d : cap;
}

}  // namespace citedex::fetcher
