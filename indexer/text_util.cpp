#include "indexer/text_util.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace citedex {

char32_t next_code_point(std::string_view s, size_t& pos) {
  if (pos >= s.size()) return 0;
  UChar32 c;
  int32_t i = static_cast<int32_t>(pos);
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  U8_NEXT(p, i, static_cast<int32_t>(s.size()), c);
  pos = static_cast<size_t>(i);
  return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

char32_t prev_code_point(std::string_view s, size_t& pos) {
  if (pos == 0) return 0;
  UChar32 c;
  int32_t i = static_cast<int32_t>(pos);
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  U8_PREV(p, 0, i, c);
  pos = static_cast<size_t>(i);
  return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_space(char32_t cp) {
  if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v') return true;
  if (cp < 0x80) return false;
  return u_isUWhiteSpace(static_cast<UChar32>(cp)) || cp == 0x200B;
}

std::string_view trim(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    size_t p = b;
    if (!is_space(next_code_point(s, p))) break;
    b = p;
  }
  size_t e = s.size();
  while (e > b) {
    size_t p = e;
    if (!is_space(prev_code_point(s, p))) break;
    e = p;
  }
  return s.substr(b, e - b);
}

namespace {

// Length of the Unicode space starting at s[i] (0 if none), read from the bytes:
// U+0085, U+00A0, U+1680, U+2000–U+200B, U+2028, U+2029, U+202F, U+205F, U+3000.
size_t space_length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  unsigned char c = b(0);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c < 0x80) return 0;
  if (c == 0xC2 && (b(1) == 0xA0 || b(1) == 0x85)) return 2;
  if (c == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;
  if (c == 0xE2 && b(1) == 0x80 &&
      ((b(2) >= 0x80 && b(2) <= 0x8B) || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF))
    return 3;
  if (c == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;
  if (c == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;
  return 0;
}

}  // namespace

std::string collapse_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (size_t i = 0; i < s.size();) {
    // Copy a run of printable ASCII at once; only spaces and non-ASCII bytes need a look.
    size_t run = i;
    while (run < s.size() && static_cast<unsigned char>(s[run]) > ' ' &&
           static_cast<unsigned char>(s[run]) < 0x80)
      ++run;
    if (run > i) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
    if (size_t len = space_length(s, i)) {
      pending_space = true;
      i += len;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(s[i++]);
  }
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> pieces;
  size_t start = 0;
  for (;;) {
    size_t at = s.find(sep, start);
    if (at == std::string_view::npos) {
      pieces.push_back(s.substr(start));
      return pieces;
    }
    pieces.push_back(s.substr(start, at - start));
    start = at + 1;
  }
}

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines = split(s, '\n');
  for (auto& line : lines)
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // A final newline ends the last line rather than starting an empty one.
  if (lines.size() > 1 && lines.back().empty()) lines.pop_back();
  return lines;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i], b = prefix[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

size_t count_words(std::string_view s) {
  size_t words = 0;
  bool in_word = false;
  size_t pos = 0;
  while (pos < s.size()) {
    bool space = is_space(next_code_point(s, pos));
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

uint64_t fnv1a64(std::string_view s, uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace citedex
