#include "indexer/dates.h"

#include "indexer/text_util.h"

namespace citedex {
namespace {

// Hand-written scanning: dates are looked for in every citation and bare title, so
// std::regex would dominate the parse time.

struct MonthName {
  std::string_view name;
  int month;
  bool abbreviation;  // only abbreviations may carry a dot ("Sept.")
};

constexpr MonthName kMonths[] = {
    {"january", 1, false},  {"february", 2, false},  {"march", 3, false},
    {"april", 4, false},    {"may", 5, false},       {"june", 6, false},
    {"july", 7, false},     {"august", 8, false},    {"september", 9, false},
    {"october", 10, false}, {"november", 11, false}, {"december", 12, false},
    {"jan", 1, true},       {"feb", 2, true},        {"mar", 3, true},
    {"apr", 4, true},       {"jun", 6, true},        {"jul", 7, true},
    {"aug", 8, true},       {"sep", 9, true},        {"sept", 9, true},
    {"oct", 10, true},      {"nov", 11, true},       {"dec", 12, true},
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Skips the spaces that may separate date parts: ASCII blanks and the no-break spaces
// that rendered pages put between day and month. Returns the number of bytes skipped.
size_t skip_blanks(std::string_view s, size_t& pos) {
  size_t start = pos;
  while (pos < s.size()) {
    if (s[pos] == ' ' || s[pos] == '\t') {
      ++pos;
    } else if (s.substr(pos, 2) == "\xC2\xA0") {  // U+00A0
      pos += 2;
    } else if (s.substr(pos, 3) == "\xE2\x80\xAF" ||  // U+202F
               s.substr(pos, 3) == "\xE2\x80\x89") {  // U+2009
      pos += 3;
    } else {
      break;
    }
  }
  return pos - start;
}

// Reads a run of `min`..`max` digits not followed by another digit.
bool read_number(std::string_view s, size_t& pos, size_t min, size_t max, int& value) {
  size_t p = pos;
  value = 0;
  while (p < s.size() && is_digit(s[p]) && p - pos < max) {
    value = value * 10 + (s[p] - '0');
    ++p;
  }
  if (p - pos < min || (p < s.size() && is_digit(s[p]))) return false;
  pos = p;
  return true;
}

// Reads a month name at `pos` (the whole letter run must be the name).
bool read_month(std::string_view s, size_t& pos, bool any_case, int& month) {
  if (pos >= s.size() || !is_alpha(s[pos])) return false;
  if (!any_case && !(s[pos] >= 'A' && s[pos] <= 'Z')) return false;
  size_t e = pos;
  while (e < s.size() && is_alpha(s[e])) ++e;
  size_t len = e - pos;
  if (len < 3 || len > 9) return false;
  char word[10];
  for (size_t i = 0; i < len; ++i) word[i] = lower(s[pos + i]);
  std::string_view w(word, len);
  for (const auto& m : kMonths) {
    if (m.name != w) continue;
    month = m.month;
    if (m.abbreviation && e < s.size() && s[e] == '.') ++e;
    pos = e;
    return true;
  }
  return false;
}

bool read_year(std::string_view s, size_t& pos, int& year) {
  size_t p = pos;
  if (!read_number(s, p, 4, 4, year)) return false;
  if (p < s.size() && is_alpha(s[p])) return false;  // "2017a" or "2017th" is not a year
  pos = p;
  return true;
}

// Optional ordinal suffix after a day number ("2nd").
void skip_ordinal(std::string_view s, size_t& pos) {
  if (pos + 2 > s.size()) return;
  char a = lower(s[pos]), b = lower(s[pos + 1]);
  bool ordinal = (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
                 (a == 't' && b == 'h');
  if (ordinal && (pos + 2 == s.size() || !is_alpha(s[pos + 2]))) pos += 2;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

bool valid_year(int y) { return y >= 1000 && y <= 2999; }

void append_digits(std::string& out, int value, int width) {
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}

// ISO 8601 at the precision given: month and day are 0 when unknown.
std::string iso(int y, int m = 0, int d = 0) {
  std::string out;
  append_digits(out, y, 4);
  if (m > 0) {
    out += '-';
    append_digits(out, m, 2);
  }
  if (d > 0) {
    out += '-';
    append_digits(out, d, 2);
  }
  return out;
}

enum class Match { kNone, kInvalid, kDate };

// Tries every date form at `pos`, most precise first. On kDate/kInvalid, `end` is
// where the matched text ends; `out` holds the ISO form for kDate.
Match match_at(std::string_view s, size_t pos, bool allow_year, bool any_case, size_t& end,
               std::string& out) {
  if (pos >= s.size()) return Match::kNone;
  auto finish = [&](size_t e, int y, int m, int d) {
    if (e < s.size() && is_alnum(s[e])) return Match::kNone;
    end = e;
    if (!valid_year(y) || (m != 0 && (m < 1 || m > 12)) ||
        (d != 0 && (m == 0 || d < 1 || d > days_in_month(y, m)))) {  // no day without a month
      return Match::kInvalid;
    }
    out = iso(y, m, d);
    return Match::kDate;
  };

  if (is_digit(s[pos])) {
    size_t p = pos;
    int value = 0;
    if (read_number(s, p, 4, 4, value)) {
      // ISO 8601: 2017-03-02.
      size_t q = p;
      int m = 0, d = 0;
      if (q < s.size() && s[q] == '-' && read_number(s, ++q, 2, 2, m) && q < s.size() &&
          s[q] == '-' && read_number(s, ++q, 2, 2, d)) {
        return finish(q, value, m, d);
      }
      if (allow_year && (p == s.size() || !is_alpha(s[p]))) return finish(p, value, 0, 0);
      return Match::kNone;
    }
    p = pos;
    int day = 0, month = 0, year = 0;
    // Day first: "2 March 2017", "2nd March 2017", "2 Mar. 2017".
    if (!read_number(s, p, 1, 2, day)) return Match::kNone;
    skip_ordinal(s, p);
    if (skip_blanks(s, p) == 0 || !read_month(s, p, any_case, month)) return Match::kNone;
    if (p < s.size() && s[p] == ',') ++p;
    if (skip_blanks(s, p) == 0 || !read_year(s, p, year)) return Match::kNone;
    return finish(p, year, month, day);
  }

  size_t p = pos;
  int month = 0;
  if (!read_month(s, p, any_case, month)) return Match::kNone;
  if (skip_blanks(s, p) == 0) return Match::kNone;
  size_t q = p;
  int day = 0, year = 0;
  // Month first: "March 2, 2017".
  if (read_number(s, q, 1, 2, day)) {
    skip_ordinal(s, q);
    if (q < s.size() && s[q] == ',') ++q;
    if (skip_blanks(s, q) > 0 && read_year(s, q, year)) return finish(q, year, month, day);
    return Match::kNone;
  }
  // Month and year: "March 2017", "Sept. 2016".
  if (read_year(s, p, year)) return finish(p, year, month, 0);
  return Match::kNone;
}

}  // namespace

std::optional<std::string> parse_date(std::string_view s) {
  std::string_view t = trim(s);
  size_t end = 0;
  std::string out;
  if (match_at(t, 0, /*allow_year=*/true, /*any_case=*/true, end, out) != Match::kDate ||
      end != t.size()) {
    return std::nullopt;
  }
  return out;
}

std::optional<DateMatch> find_date(std::string_view text, bool allow_year) {
  size_t pos = 0;
  while (pos < text.size()) {
    char c = text[pos];
    bool candidate = is_digit(c) || (c >= 'A' && c <= 'Z');
    if (!candidate || (pos > 0 && is_alnum(text[pos - 1]))) {
      ++pos;
      continue;
    }
    size_t end = 0;
    std::string out;
    // Month names must be capitalised here: in running text "may" is usually a verb.
    Match m = match_at(text, pos, allow_year, /*any_case=*/false, end, out);
    if (m == Match::kDate) return DateMatch{pos, end, std::move(out)};
    // An impossible date ("31 February 2017") is skipped whole rather than being
    // re-read as the less precise "February 2017".
    pos = m == Match::kInvalid ? end : pos + 1;
  }
  return std::nullopt;
}

}  // namespace citedex
