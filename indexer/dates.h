// Dates as they appear in citations, turned into ISO 8601.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace citedex {

// Parses a whole string as one date and returns it in ISO 8601, as precise as the
// input: "2 March 2017" / "March 2, 2017" / "2017-03-02" → "2017-03-02";
// "March 2017" / "Mar 2017" → "2017-03"; "2017" → "2017". Accepts full and
// abbreviated English month names (with or without a dot, "Sept."), ordinal suffixes
// ("2nd"), and surrounding spaces. Rejects impossible dates (31 February, month 13),
// years outside 1000–2999, and anything else (returns nullopt).
std::optional<std::string> parse_date(std::string_view s);

struct DateMatch {
  size_t begin = 0, end = 0;  // byte span of the date inside the searched text
  std::string iso;
};

// Finds the first date inside free text ("… Homs 8 January 2017"), preferring the
// most precise form at each position. Bare years are not matched unless `allow_year`.
std::optional<DateMatch> find_date(std::string_view text, bool allow_year = false);

}  // namespace citedex
