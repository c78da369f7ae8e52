// Times as the web writes them: HTTP-dates (Retry-After, Memento-Datetime), Wayback
// timestamps ("20161210123456", 4–14 digits) and ISO dates from citations
// ("2016-12-10"). All are UTC; none of these functions throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fetcher/clock.h"

namespace citedex::fetcher {

// "Sun, 06 Nov 1994 08:49:37 GMT" and the obsolete RFC 850 / asctime forms (libcurl's
// curl_getdate). nullopt when unparsable.
std::optional<WallTime> parse_http_date(std::string_view text);

// A Wayback timestamp, 4 to 14 digits, missing parts taken as the start of the period
// ("2016" → 2016-01-01T00:00:00Z). nullopt for anything else or an invalid date.
// Every parser here also answers nullopt for a time after 2262-04-11, the end of what
// a WallTime (nanoseconds in 64 bits) can hold.
std::optional<WallTime> parse_wayback_timestamp(std::string_view digits);

// "YYYY-MM-DD" (also "YYYY-MM-DDThh:mm:ssZ"), "YYYY-MM", "YYYY" → the start of that
// period. nullopt otherwise.
std::optional<WallTime> parse_iso_date(std::string_view text);

// "2016-12-10T12:34:56Z".
std::string format_iso(WallTime t);
// "20161210123456" (a Wayback timestamp).
std::string format_wayback(WallTime t);

// Whole days from `from` to `to`, rounded toward zero (negative when `to` is earlier).
long days_between(WallTime from, WallTime to);

}  // namespace citedex::fetcher
