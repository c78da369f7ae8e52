#include "indexer/footnotes.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <iterator>

#include "indexer/text_util.h"

namespace citedex {
namespace {

// Real markers are short; the cap keeps the scan for ']' constant-time so callers
// that probe every '[' stay linear.
constexpr size_t kMaxMarkerInner = 64;
constexpr size_t kMaxFootnoteDigits = 4;
constexpr size_t kMaxFlagWords = 5;

constexpr char32_t kEnDash = U'\u2013';

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_lower(char c) { return c >= 'a' && c <= 'z'; }

bool all_of_ascii(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}

// Wikipedia's reference groups render as "[note 1]", "[nb 2]", "[lower-alpha 3]".
// Only these names are accepted so that prose such as "[see 5]" stays text.
bool is_group_name(std::string_view s) {
  static constexpr std::string_view kGroups[] = {
      "note",        "notes",       "nb",          "n",    "lower-alpha", "upper-alpha",
      "lower-roman", "upper-roman", "lower-greek", "Note", "NB",          "N"};
  return std::find(std::begin(kGroups), std::end(kGroups), s) != std::end(kGroups);
}

bool is_footnote_label(std::string_view inner) {
  if (all_of_ascii(inner, is_ascii_digit)) return inner.size() <= kMaxFootnoteDigits;
  if (inner.size() <= 2 && all_of_ascii(inner, is_ascii_lower)) return true;
  size_t space = inner.find(' ');
  if (space == std::string_view::npos) return false;
  std::string_view group = inner.substr(0, space);
  std::string_view label = inner.substr(space + 1);
  if (!is_group_name(group)) return false;
  if (all_of_ascii(label, is_ascii_digit)) return label.size() <= kMaxFootnoteDigits;
  return label.size() <= 2 && all_of_ascii(label, is_ascii_lower);
}

// Navigation and section-edit links look like flags but are page chrome; the
// boilerplate stage removes them, so they must survive here as text.
bool is_chrome_word(std::string_view inner) {
  return inner == "edit" || inner == "show" || inner == "hide";
}

// Editorial insertions in quotations ("[the army]", "[he] said") are prose that
// happens to be lowercase. Cleanup tags never start with these function words.
bool starts_like_prose(std::string_view inner) {
  static constexpr std::string_view kStarters[] = {
      "the",   "a",     "an", "his", "her", "its",  "their", "our", "my",  "your", "this", "that",
      "these", "those", "he", "she", "it",  "they", "we",    "i",   "and", "or",   "of",   "to"};
  std::string_view first = inner.substr(0, inner.find_first_of(" -"));
  return std::find(std::begin(kStarters), std::end(kStarters), first) != std::end(kStarters);
}

bool is_flag_text(std::string_view inner) {
  if (inner.empty() || is_chrome_word(inner) || starts_like_prose(inner)) return false;
  size_t words = 0;
  bool in_word = false;
  size_t pos = 0;
  while (pos < inner.size()) {
    char32_t cp = next_code_point(inner, pos);
    if (cp == '?') {
      // Only a final question mark: "when?" but not "who? what".
      if (pos != inner.size() || !in_word) return false;
      continue;
    }
    bool letter = u_islower(static_cast<UChar32>(cp));
    if (!letter && cp != ' ' && cp != '-' && cp != kEnDash) return false;
    if (letter && !in_word) ++words;
    in_word = letter;
  }
  return words >= 1 && words <= kMaxFlagWords;
}

bool is_roman_lower(char c) {
  return c == 'i' || c == 'v' || c == 'x' || c == 'l' || c == 'c' || c == 'd' || c == 'm';
}

// Length of one page number ("12" or "iv") at `pos`, or 0.
size_t page_number_length(std::string_view s, size_t pos) {
  size_t i = pos;
  if (i < s.size() && is_ascii_digit(s[i])) {
    while (i < s.size() && i - pos < 8 && is_ascii_digit(s[i])) ++i;
    return i - pos;
  }
  while (i < s.size() && i - pos < 8 && is_roman_lower(s[i])) ++i;
  // A roman page glued to more letters is a word ("[5]:mid"), not a page.
  if (i < s.size() && u_isalpha(static_cast<unsigned char>(s[i]))) return 0;
  return i - pos;
}

// Length of a ":12", ":12–14" or ":iv" suffix at `pos`, or 0.
size_t page_suffix_length(std::string_view s, size_t pos) {
  if (pos >= s.size() || s[pos] != ':') return 0;
  size_t first = page_number_length(s, pos + 1);
  if (first == 0) return 0;
  size_t end = pos + 1 + first;
  size_t dash = 0;
  if (end < s.size() && s[end] == '-') {
    dash = 1;
  } else if (s.substr(end, 3) == "\u2013") {
    dash = 3;
  }
  if (dash > 0) {
    size_t second = page_number_length(s, end + dash);
    if (second > 0) end += dash + second;
  }
  return end - pos;
}

// Finds the ']' closing the bracket opened at `pos`; npos when absent or too far.
size_t closing_bracket(std::string_view s, size_t pos) {
  size_t limit = std::min(s.size(), pos + 2 + kMaxMarkerInner);
  for (size_t i = pos + 1; i < limit; ++i) {
    if (s[i] == ']') return i;
    if (s[i] == '[' || s[i] == '\n') return std::string_view::npos;
  }
  return std::string_view::npos;
}

bool is_closing_punctuation(char32_t cp) {
  switch (cp) {
    case ',':
    case '.':
    case ';':
    case ':':
    case '!':
    case '?':
    case ')':
    case ']':
    case '}':
    case U'\u201D':  // ”
    case U'\u2019':  // ’
    case U'\u00BB':  // »
    case U'\u060C':  // Arabic comma
    case U'\u061B':  // Arabic semicolon
    case U'\u061F':  // Arabic question mark
      return true;
    default:
      return false;
  }
}

void add_once(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

}  // namespace

size_t marker_length_at(std::string_view s, size_t pos) {
  if (pos >= s.size() || s[pos] != '[') return 0;
  size_t close = closing_bracket(s, pos);
  if (close == std::string_view::npos) return 0;
  std::string_view inner = s.substr(pos + 1, close - pos - 1);
  if (is_footnote_label(inner)) return close + 1 - pos + page_suffix_length(s, close + 1);
  if (is_flag_text(inner)) return close + 1 - pos;
  return 0;
}

Marker parse_marker_at(std::string_view s, size_t pos) {
  Marker marker;
  marker.begin = pos;
  marker.end = pos + marker_length_at(s, pos);
  size_t close = s.find(']', pos);
  std::string_view inner = s.substr(pos + 1, close - pos - 1);
  if (is_footnote_label(inner)) {
    marker.kind = Marker::Kind::footnote;
    marker.value = std::string(inner);
  } else {
    marker.kind = Marker::Kind::flag;
    marker.value = flag_name(inner);
  }
  return marker;
}

std::string flag_name(std::string_view bracket_text) {
  std::string name;
  bool pending_separator = false;
  size_t pos = 0;
  while (pos < bracket_text.size()) {
    char32_t cp = next_code_point(bracket_text, pos);
    if (cp == ' ' || cp == '-' || cp == kEnDash || cp == '?' || is_space(cp)) {
      pending_separator = true;
      continue;
    }
    if (pending_separator && !name.empty()) name.push_back('-');
    pending_separator = false;
    append_utf8(name, static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp))));
  }
  return name;
}

namespace {

// The marker at `pos`, or 0 when there is none or `written` does not list it.
size_t counted_marker_at(std::string_view s, size_t pos, const WrittenMarkers* written,
                         Marker& marker) {
  size_t length = s[pos] == '[' ? marker_length_at(s, pos) : 0;
  if (length == 0) return 0;
  marker = parse_marker_at(s, pos);
  if (written && !(marker.kind == Marker::Kind::footnote ? written->footnotes : written->flags)
                      .count(marker.value))
    return 0;
  return length;
}

// One pass of strip_markers; returns whether it removed a marker.
bool strip_once(std::string_view s, const WrittenMarkers* written, LinkedText& result) {
  std::string out;
  out.reserve(s.size());
  bool stripped = false;
  size_t pos = 0;
  while (pos < s.size()) {
    Marker marker;
    size_t length = counted_marker_at(s, pos, written, marker);
    if (length == 0) {
      out.push_back(s[pos]);
      ++pos;
      continue;
    }
    stripped = true;
    add_once(marker.kind == Marker::Kind::footnote ? result.footnotes : result.flags,
             std::move(marker.value));
    pos += length;
    size_t peek = pos;
    char32_t next = pos < s.size() ? next_code_point(s, peek) : 0;
    if (next == 0 || is_closing_punctuation(next)) {
      // "city [5], launched": the space belonged to the marker, not the text.
      while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
    } else if (!out.empty() && !is_space(next) && s[pos] != '[') {
      // "word[5]word" in flattened text: keep the words apart.
      size_t back = out.size();
      if (!is_space(prev_code_point(out, back))) out.push_back(' ');
    }
  }
  result.text = collapse_spaces(out);
  return stripped;
}

bool holds_marker(std::string_view s, const WrittenMarkers* written) {
  Marker marker;
  for (size_t pos = s.find('['); pos != std::string_view::npos; pos = s.find('[', pos + 1))
    if (counted_marker_at(s, pos, written, marker) > 0) return true;
  return false;
}

}  // namespace

LinkedText strip_markers(std::string_view s, const WrittenMarkers* written) {
  LinkedText result;
  // Removing a marker nested in brackets can join a new one: "Pla[my[ra]]" loses "[ra]"
  // and reads "Pla[my]". Such text is stripped again until no marker is left, so claim
  // text never holds one (found by the read_wikitext_like fuzzer). Each pass removes at
  // least one marker, so this ends.
  if (!strip_once(s, written, result)) return result;
  while (holds_marker(result.text, written)) {
    std::string joined = std::move(result.text);
    strip_once(joined, written, result);
  }
  return result;
}

}  // namespace citedex
