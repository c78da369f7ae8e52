#include "indexer/attribution.h"

#include <array>
#include <bitset>
#include <cstdint>
#include <cstring>
#include <vector>

#include "indexer/text_util.h"

namespace citedex {

namespace {

using Position = AttributionCue::Position;

constexpr std::array<AttributionCue, 24> kCues{{
    {Position::before, "according to"},
    {Position::before, "per"},
    {Position::before, "citing"},
    {Position::before, "quoting"},
    {Position::after, "reported"},
    {Position::after, "reports"},
    {Position::after, "reportedly said"},
    {Position::after, "said"},
    {Position::after, "says"},
    {Position::after, "stated"},
    {Position::after, "states"},
    {Position::after, "claimed"},
    {Position::after, "claims"},
    {Position::after, "cited"},
    {Position::after, "cites"},
    {Position::after, "announced"},
    {Position::after, "announces"},
    {Position::after, "confirmed"},
    {Position::after, "confirms"},
    {Position::after, "documented"},
    {Position::after, "estimated"},
    {Position::after, "counted"},
    {Position::after, "added"},
    {Position::reported_by, "by"},
}};

// Words that may stand between the outlet's name and its verb: "SOHR meanwhile stated".
constexpr std::array<std::string_view, 10> kInterjections{
    "meanwhile", "also", "later", "earlier", "previously", "however", "then", "has", "had", "have"};

// Cheap test before any name lookup: most claims contain no cue at all.
//
// Why this shape: testing each word's start against the stems with branches mispredicted
// at every word boundary and matched common starts ("re", "co", "st") all the time, which
// made this test cost more than the name lookups it saves. Instead every byte position is
// tested without branching: a word start whose next four bytes, ASCII-lowercased, hash to a
// bit set for some stem's first four letters. Only those positions compare stems.
bool may_attribute(std::string_view text) {
  static constexpr std::string_view kStems[] = {
      "according", "per ",       "citing",    "quoting", "report", "said",
      "says",      "stated",     "states",    "claim",   "cite",   "announc",
      "confirm",   "documented", "estimated", "counted", "added"};
  static constexpr int kBits = 12;
  auto four = [](const unsigned char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v | 0x20202020u;  // ASCII letters lowercased; other bytes only need to differ
  };
  auto hash = [](uint32_t v) { return (v * 0x9E3779B1u) >> (32 - kBits); };
  static const auto kFirstFour = [&] {
    std::bitset<1u << kBits> bits;
    for (auto stem : kStems)
      bits.set(hash(four(reinterpret_cast<const unsigned char*>(stem.data()))));
    return bits;
  }();
  static const auto kLetter = [] {
    std::array<bool, 256> table{};
    for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
    for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
    return table;
  }();
  auto stem_at = [](const unsigned char* p, size_t left) {
    for (auto stem : kStems) {
      if (left < stem.size()) continue;
      size_t k = 0;
      while (k < stem.size() && (p[k] | (stem[k] == ' ' ? 0 : 0x20)) == stem[k] &&
             (stem[k] == ' ' || kLetter[p[k]]))
        ++k;
      if (k == stem.size()) return true;
    }
    return false;
  };
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  if (n < 4) return false;
  bool previous_letter = false;
  for (size_t i = 0; i + 4 <= n; ++i) {
    bool hit = !previous_letter & kFirstFour[hash(four(p + i))];
    if (hit && stem_at(p + i, n - i)) return true;
    previous_letter = kLetter[p[i]];
  }
  return false;
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The lowercase text before `end`, without trailing spaces, "(" and a trailing "the".
std::string_view before_name(const std::string& lower, size_t end) {
  std::string_view s(lower.data(), end);
  auto strip = [&] {
    for (;;) {
      if (!s.empty() && (s.back() == ' ' || s.back() == '(' || s.back() == '"'))
        s.remove_suffix(1);
      else if (s.ends_with("“") || s.ends_with("‘"))
        s.remove_suffix(3);
      else
        break;
    }
  };
  strip();
  if (s.ends_with(" the") || s == "the") {
    s.remove_suffix(3);
    strip();
  }
  return s;
}

bool ends_with_words(std::string_view s, std::string_view words) {
  if (!s.ends_with(words)) return false;
  size_t at = s.size() - words.size();
  return at == 0 || !is_word_char(s[at - 1]);
}

// The next word after `pos`, skipping a parenthesised abbreviation ("(SOHR)") and one
// interjection.
std::string_view next_verb(const std::string& lower, size_t pos, std::string_view* two_words) {
  std::string_view s(lower);
  auto skip_spaces = [&] {
    for (;;) {
      if (pos < s.size() && (s[pos] == ' ' || s[pos] == ',' || s[pos] == '"'))
        ++pos;
      else if (s.compare(pos, 3, "”") == 0 || s.compare(pos, 3, "’") == 0)
        pos += 3;
      else
        break;
    }
  };
  auto word_at = [&](size_t p) {
    size_t e = p;
    while (e < s.size() && (is_word_char(s[e]) || s[e] == '-')) ++e;
    return s.substr(p, e - p);
  };
  skip_spaces();
  if (pos < s.size() && s[pos] == '(') {
    size_t close = s.find(')', pos);
    if (close != std::string_view::npos && close - pos < 40) pos = close + 1;
    skip_spaces();
  }
  std::string_view w = word_at(pos);
  for (auto i : kInterjections)
    if (w == i) {
      pos += w.size();
      skip_spaces();
      w = word_at(pos);
      break;
    }
  size_t after = pos + w.size();
  while (after < s.size() && s[after] == ' ') ++after;
  std::string_view w2 = word_at(after);
  *two_words = w2.empty() ? w : s.substr(pos, after + w2.size() - pos);
  return w;
}

size_t code_points_before(std::string_view s, size_t byte) {
  size_t n = 0, pos = 0;
  while (pos < byte && pos < s.size()) {
    next_code_point(s, pos);
    ++n;
  }
  return n;
}

}  // namespace

std::span<const AttributionCue> attribution_cues() { return kCues; }

std::vector<Attribution> find_attributions(std::string_view text, const OutletTable& table) {
  std::vector<Attribution> found;
  if (!may_attribute(text)) return found;
  auto mentions = table.find_mentions(text);
  if (mentions.empty()) return found;
  std::string lower = ascii_lower(text);
  for (const auto& m : mentions) {
    std::string_view cue;
    std::string_view before = before_name(lower, m.begin);
    std::string_view two_words;
    std::string_view verb = next_verb(lower, m.end, &two_words);
    for (const auto& c : kCues) {
      if (c.position == Position::before && ends_with_words(before, c.words))
        cue = c.words;
      else if (c.position == Position::after && (verb == c.words || two_words == c.words))
        cue = c.words;
      else if (c.position == Position::reported_by && ends_with_words(before, c.words)) {
        // "were reported killed during the offensive by the SOHR": a reporting word
        // earlier in the same clause.
        std::string_view clause = before;
        size_t stop = clause.find_last_of(";");
        if (stop != std::string_view::npos) clause = clause.substr(stop + 1);
        if (clause.find("report") != std::string_view::npos) cue = "reported by";
      }
      if (!cue.empty()) break;
    }
    if (cue.empty()) continue;
    found.push_back({m.outlet->name, std::string(cue), code_points_before(text, m.begin)});
  }
  return found;
}

}  // namespace citedex
