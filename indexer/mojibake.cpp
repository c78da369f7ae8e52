#include "indexer/mojibake.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <vector>

#include "indexer/text_util.h"

namespace citedex {
namespace {

// Enough for text that went through the wrong decoder a few times; stops runaway loops
// should some input keep changing.
constexpr int kMaxPasses = 4;

// The byte Windows-1252 decodes to `cp`, or -1 when there is none or it is ASCII
// (ASCII bytes never belong to a multi-byte sequence, so they end a run).
int cp1252_byte(char32_t cp) {
  // Windows-1252 0x80–0x9F. The five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) and
  // text that went through Latin-1 instead surface as the C1 controls U+0080–U+009F,
  // which are handled below.
  struct Entry {
    char16_t cp;
    uint8_t byte;
  };
  static constexpr Entry kHigh[] = {
      {u'\u0152', 0x8C}, {u'\u0153', 0x9C}, {u'\u0160', 0x8A}, {u'\u0161', 0x9A}, {u'\u0178', 0x9F},
      {u'\u017D', 0x8E}, {u'\u017E', 0x9E}, {u'\u0192', 0x83}, {u'\u02C6', 0x88}, {u'\u02DC', 0x98},
      {u'\u2013', 0x96}, {u'\u2014', 0x97}, {u'\u2018', 0x91}, {u'\u2019', 0x92}, {u'\u201A', 0x82},
      {u'\u201C', 0x93}, {u'\u201D', 0x94}, {u'\u201E', 0x84}, {u'\u2020', 0x86}, {u'\u2021', 0x87},
      {u'\u2022', 0x95}, {u'\u2026', 0x85}, {u'\u2030', 0x89}, {u'\u2039', 0x8B}, {u'\u203A', 0x9B},
      {u'\u20AC', 0x80}, {u'\u2122', 0x99},
  };
  if (cp < 0x80) return -1;
  if (cp <= 0xFF) return static_cast<int>(cp);
  for (const Entry& e : kHigh) {
    if (e.cp == cp) return e.byte;
  }
  return -1;
}

struct RunChar {
  size_t begin;  // byte offsets of the character in the input
  size_t end;
  uint8_t byte;  // its Windows-1252 byte
};

// A well-formed multi-byte UTF-8 sequence found among a run's bytes.
struct Sequence {
  size_t first;  // index into the run of its first character
  size_t length;
  char32_t cp;
  bool strong;  // unlikely to be correct text, see is_strong
  bool accepted = false;
};

// Mojibake of 3- and 4-byte sequences needs a Latin letter followed by two or three
// specific symbols, and "Â"/"Ã" followed by a symbol is what every broken Latin-1
// character looks like, so those are always repaired. Other 2-byte leads ("É", "ß",
// "Ü"…) followed by a symbol also occur in correct text ("NESTLÉ®", "„Fuß“"), so those
// need more evidence.
bool is_strong(uint8_t lead, size_t length) { return length >= 3 || lead == 0xC2 || lead == 0xC3; }

class Repairer {
 public:
  explicit Repairer(std::string_view text) : text_(text) { out_.reserve(text.size()); }

  RepairResult pass() {
    size_t pos = 0;
    while (pos < text_.size()) {
      const size_t start = pos;
      const char32_t cp = next_code_point(text_, pos);
      const int byte = cp1252_byte(cp);
      if (byte >= 0) {
        run_.push_back({start, pos, static_cast<uint8_t>(byte)});
        continue;
      }
      flush_run(start);
      if (is_space(cp)) word_has_repair_ = false;
      out_.append(text_.substr(start, pos - start));
    }
    flush_run(text_.size());
    return {std::move(out_), repairs_};
  }

 private:
  // `after` is the offset of the first character following the run.
  void flush_run(size_t after) {
    if (run_.empty()) return;
    std::vector<uint8_t> bytes;
    bytes.reserve(run_.size());
    for (const RunChar& c : run_) bytes.push_back(c.byte);

    // Greedy left-to-right: a sequence starts wherever a lead byte is followed by the
    // right continuation bytes, as a UTF-8 decoder would read them.
    std::vector<Sequence> seqs;
    for (size_t i = 0; i < bytes.size();) {
      size_t next = i;
      UChar32 c;
      U8_NEXT(bytes.data(), next, bytes.size(), c);
      // A sequence that decodes to a C1 control would only trade one kind of garbage for
      // another, so such pairs ("Â€") are left alone.
      if (c >= 0 && next - i >= 2 && !(c >= 0x80 && c <= 0x9F)) {
        seqs.push_back({i, next - i, static_cast<char32_t>(c), is_strong(bytes[i], next - i)});
        i = next;
      } else {
        ++i;
      }
    }
    decide(seqs, after);

    bool changed = false;
    size_t i = 0;
    for (const Sequence& s : seqs) {
      if (!s.accepted) continue;
      copy_chars(i, s.first);
      append_utf8(out_, s.cp);
      i = s.first + s.length;
      changed = true;
    }
    copy_chars(i, run_.size());
    repairs_ += changed;
    run_.clear();
  }

  // Weak sequences are accepted when they sit inside a word (a letter or digit follows,
  // as in "WrocÅ‚aw"), next to another weak sequence (Cyrillic or Greek mojibake comes
  // in chains like "ÐœÐ¾Ñ"), or end a word that already needed a repair ("Å\u0081Ã³dÅº").
  // A correct "NESTLÉ®" or "Fuß“" ends an otherwise clean word and stands alone.
  void decide(std::vector<Sequence>& seqs, size_t after) {
    for (size_t k = 0; k < seqs.size(); ++k) {
      Sequence& s = seqs[k];
      if (s.strong) {
        s.accepted = word_has_repair_ = true;
        continue;
      }
      const size_t end = s.first + s.length;
      const bool chained =
          (k > 0 && !seqs[k - 1].strong && seqs[k - 1].first + seqs[k - 1].length == s.first) ||
          (k + 1 < seqs.size() && !seqs[k + 1].strong && seqs[k + 1].first == end);
      size_t following = end < run_.size() ? run_[end].begin : after;
      const char32_t next = following < text_.size() ? next_code_point(text_, following) : 0;
      s.accepted =
          chained || word_has_repair_ || (next != 0 && u_isalnum(static_cast<UChar32>(next)));
      word_has_repair_ = word_has_repair_ || s.accepted;
    }
  }

  void copy_chars(size_t from, size_t to) {
    if (from < to) out_.append(text_.substr(run_[from].begin, run_[to - 1].end - run_[from].begin));
  }

  std::string_view text_;
  std::string out_;
  std::vector<RunChar> run_;
  size_t repairs_ = 0;
  bool word_has_repair_ = false;  // since the last whitespace outside a run
};

}  // namespace

namespace {

// Every mojibake run starts with a UTF-8 lead byte (0xC2–0xF4) read as Windows-1252,
// i.e. one of "Â"…"ô" (U+00C2–U+00F4), encoded as C3 82…C3 B4. Text without such a
// pair has nothing to repair; most text is like that, so this check pays for itself.
bool may_contain_mojibake(std::string_view s) {
  for (size_t at = s.find('\xC3'); at != std::string_view::npos; at = s.find('\xC3', at + 1)) {
    if (at + 1 < s.size()) {
      auto next = static_cast<unsigned char>(s[at + 1]);
      if (next >= 0x82 && next <= 0xB4) return true;
    }
  }
  return false;
}

}  // namespace

RepairResult repair_mojibake(std::string_view utf8) {
  RepairResult result{std::string(utf8), 0};
  if (!may_contain_mojibake(utf8)) return result;
  // Each pass undoes one round of wrong decoding; text damaged twice ("Ã¢â‚¬â€œ") needs
  // two. Repairs are summed over the passes.
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    RepairResult step = Repairer(result.text).pass();
    if (step.repairs == 0) break;
    result.text = std::move(step.text);
    result.repairs += step.repairs;
  }
  return result;
}

}  // namespace citedex
