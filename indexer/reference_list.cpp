#include "indexer/reference_list.h"

#include "indexer/text_util.h"

namespace citedex {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The label Wikipedia gives to the i-th backlink (0 → "a", 25 → "z", 26 → "aa").
std::string backlink_label(int i) {
  if (i < 26) return std::string(1, static_cast<char>('a' + i));
  return {static_cast<char>('a' + i / 26 - 1), static_cast<char>('a' + i % 26)};
}

// Matches "N." then optional blanks then "^" at `pos`; returns the position after "^"
// (0 when there is no entry head), and the number in `label`.
size_t match_entry_head(std::string_view s, size_t pos, std::string_view& label) {
  size_t p = pos;
  while (p < s.size() && is_digit(s[p]) && p - pos < 6) ++p;
  if (p == pos || p >= s.size() || s[p] != '.') return 0;
  label = s.substr(pos, p - pos);
  ++p;
  while (p < s.size() && is_blank(s[p])) ++p;
  if (p >= s.size() || s[p] != '^') return 0;
  return p + 1;
}

// Erases s[begin, end) and returns `begin`.
size_t erase_range(std::string& s, size_t begin, size_t end) {
  s.erase(begin, end - begin);
  return begin;
}

// Removes what the renderer adds to a citation that is not part of it: the backtick
// residue of the template name ("`{{cite web}}`:") and the maintenance messages
// ("CS1 maint: uses authors parameter (link)", "CS1 errors: … (help)").
std::string strip_render_boilerplate(std::string_view text) {
  if (text.find("CS1 ") == std::string_view::npos && text.find("{{") == std::string_view::npos) {
    return std::string(text);
  }
  std::string s(text);
  size_t pos = 0;
  while ((pos = s.find("{{", pos)) != std::string::npos) {
    size_t close = s.find("}}", pos);
    if (close == std::string::npos) break;
    size_t begin = pos, end = close + 2;
    if (begin > 0 && s[begin - 1] == '`') --begin;
    if (end < s.size() && s[end] == '`') ++end;
    if (end < s.size() && s[end] == ':') ++end;
    pos = erase_range(s, begin, end);
  }
  pos = 0;
  while ((pos = s.find("CS1 ", pos)) != std::string::npos) {
    std::string_view rest = std::string_view(s).substr(pos + 4);
    if (!rest.starts_with("maint:") && !rest.starts_with("errors:") &&
        !rest.starts_with("error:")) {
      pos += 4;
      continue;
    }
    size_t end = s.size();
    for (std::string_view tail : {"(link)", "(help)"}) {
      size_t t = s.find(tail, pos);
      if (t != std::string::npos && t + tail.size() < end) end = t + tail.size();
    }
    pos = erase_range(s, pos, end);
  }
  return collapse_spaces(s);
}

}  // namespace

bool is_reference_entry_line(std::string_view line) {
  size_t p = 0;
  while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
  std::string_view label;
  return match_entry_head(line, p, label) != 0;
}

size_t count_backlinks(std::string_view s, int& uses) {
  uses = 1;
  size_t pos = 0, consumed = 0;
  int count = 0;
  for (;;) {
    size_t p = pos;
    while (p < s.size() && is_blank(s[p])) ++p;
    size_t e = p;
    while (e < s.size() && s[e] >= 'a' && s[e] <= 'z') ++e;
    if (e == p || (e < s.size() && !is_blank(s[e]))) break;
    if (s.substr(p, e - p) != backlink_label(count)) break;
    ++count;
    consumed = e;
    pos = e;
  }
  // Wikipedia only renders letters when a note is cited twice or more, so a run is
  // always "a b …"; a lone "a" is the first word of the citation.
  if (count < 2) return 0;
  uses = count;
  return consumed;
}

bool parse_reference_entry(std::string_view s, ReferenceEntry& entry) {
  size_t p = 0;
  while (p < s.size() && is_blank(s[p])) ++p;
  std::string_view label;
  size_t after = match_entry_head(s, p, label);
  if (after == 0) return false;
  std::string_view rest = s.substr(after);
  int uses = 1;
  size_t consumed = count_backlinks(rest, uses);
  entry.label = std::string(label);
  entry.uses = uses;
  entry.text = std::string(trim(strip_render_boilerplate(trim(rest.substr(consumed)))));
  return true;
}

std::vector<ReferenceEntry> split_inline_reference_list(std::string_view s) {
  // Finds the head of entry `n` at or after `from`: the number must start a word.
  auto find_entry = [s](int n, size_t from) -> size_t {
    std::string needle = std::to_string(n) + ".";
    for (size_t p = s.find(needle, from); p != std::string_view::npos; p = s.find(needle, p + 1)) {
      if (p > 0) {
        char prev = s[p - 1];
        if (is_digit(prev) || (prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z')) {
          continue;
        }
      }
      std::string_view label;
      if (match_entry_head(s, p, label) != 0) return p;
    }
    return std::string_view::npos;
  };

  std::vector<ReferenceEntry> entries;
  size_t start = find_entry(1, 0);
  int label = 1;
  while (start != std::string_view::npos) {
    size_t head_len = std::to_string(label).size() + 1;
    // A label missing from the copy should not end the list, so look a few ahead.
    size_t next = std::string_view::npos;
    int next_label = label + 1;
    for (int skip = 0; skip < 3 && next == std::string_view::npos; ++skip) {
      next_label = label + 1 + skip;
      next = find_entry(next_label, start + head_len);
    }
    ReferenceEntry entry;
    size_t end = next == std::string_view::npos ? s.size() : next;
    if (parse_reference_entry(s.substr(start, end - start), entry)) {
      entries.push_back(std::move(entry));
    }
    start = next;
    label = next_label;
  }
  return entries;
}

}  // namespace citedex
