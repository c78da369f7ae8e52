#include "indexer/sentences.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <iterator>

#include "indexer/footnotes.h"
#include "indexer/text_util.h"

namespace citedex {
namespace {

// Look-around windows are capped so that every position is examined a bounded
// number of times, which keeps the whole pass linear.
constexpr size_t kMaxTokenBytes = 64;
constexpr size_t kMaxBracketBytes = 300;

constexpr char32_t kEllipsis = U'\u2026';
constexpr char32_t kArabicQuestion = U'\u061F';
constexpr char32_t kUrduFullStop = U'\u06D4';
constexpr char32_t kIdeographicStop = U'\u3002';
constexpr char32_t kFullwidthExclamation = U'\uFF01';
constexpr char32_t kFullwidthQuestion = U'\uFF1F';

bool is_terminator(char32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == kEllipsis || cp == kArabicQuestion ||
         cp == kUrduFullStop || cp == kIdeographicStop || cp == kFullwidthExclamation ||
         cp == kFullwidthQuestion;
}

// CJK text puts no space between sentences, so these end one unconditionally.
bool is_spaceless_terminator(char32_t cp) {
  return cp == kIdeographicStop || cp == kFullwidthExclamation || cp == kFullwidthQuestion;
}

bool is_closer(char32_t cp) {
  switch (cp) {
    case '"':
    case '\'':
    case ')':
    case ']':
    case '}':
    case U'\u201D':  // ”
    case U'\u2019':  // ’
    case U'\u00BB':  // »
    case U'\u203A':  // ›
    case U'\u300D':  // 」
    case U'\u300F':  // 』
    case U'\uFF09':  // ）
      return true;
    default:
      return false;
  }
}

bool is_opener(char32_t cp) {
  switch (cp) {
    case '"':
    case '\'':
    case '(':
    case '[':
    case U'\u201C':  // “
    case U'\u2018':  // ‘
    case U'\u00AB':  // «
    case U'\u201E':  // „
    case U'\u00BF':  // ¿
    case U'\u00A1':  // ¡
    case U'\u300C':  // 「
      return true;
    default:
      return false;
  }
}

bool is_upper(char32_t cp) {
  auto c = static_cast<UChar32>(cp);
  return u_isupper(c) || u_istitle(c);
}

bool is_plausible_start(char32_t cp) {
  auto c = static_cast<UChar32>(cp);
  if (is_upper(cp) || u_isdigit(c) || is_opener(cp)) return true;
  if (u_charType(c) == U_CURRENCY_SYMBOL) return true;
  // Scripts without case (Arabic, Hebrew, CJK…) give no capital-letter signal.
  return u_isalpha(c) && !u_islower(c);
}

bool in_list(std::string_view word, const auto& list) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

// Never end a sentence, whatever follows.
bool is_abbreviation(std::string_view token) {
  static constexpr std::string_view kAbbreviations[] = {
      "Mr",     "Mrs",  "Ms",   "Messrs", "Mme",  "Mlle", "Dr",    "Prof", "Gen",  "Gens",
      "Maj",    "Brig", "Col",  "Lt",     "Capt", "Cpt",  "Sgt",   "Cpl",  "Pvt",  "Adm",
      "Cmdr",   "Cdr",  "Cmdt", "Gov",    "Sen",  "Rep",  "Rev",   "Hon",  "Pres", "Fr",
      "Sr",     "Jr",   "St",   "Mt",     "Ft",   "Insp", "Supt",  "Inc",  "Ltd",  "Bros",
      "Corp",   "vs",   "v",    "e.g",    "i.e",  "cf",   "viz",   "al",   "ca",   "pp",
      "approx", "est",  "Vol",  "vol",    "ed",   "eds",  "Lieut", "Esq",  "Pte"};
  return in_list(token, kAbbreviations);
}

// Abbreviations that end a sentence unless a number follows ("No. 5", "Jan. 5").
bool is_numeric_abbreviation(std::string_view token) {
  static constexpr std::string_view kNumeric[] = {"No",  "Nos", "no",  "nos", "Jan", "Feb",  "Mar",
                                                  "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
                                                  "Nov", "Dec", "Fig", "fig", "Art", "Op"};
  return in_list(token, kNumeric);
}

// Words that commonly open a sentence. After "U.S." or an initial, only such a
// word signals a boundary; anything else capitalised is read as a name ("U.S. Army").
bool is_common_starter(std::string_view word) {
  static constexpr std::string_view kStarters[] = {
      "The",      "A",       "An",        "In",      "On",      "At",        "It",     "He",
      "She",      "They",    "We",        "I",       "This",    "That",      "These",  "Those",
      "There",    "However", "But",       "And",     "After",   "Before",    "During", "According",
      "His",      "Her",     "Its",       "Their",   "When",    "While",     "As",     "By",
      "For",      "From",    "Following", "Some",    "Many",    "Most",      "Of",     "Despite",
      "Although", "Since",   "Two",       "Three",   "Several", "Meanwhile", "Later",  "Also",
      "Other",    "Both",    "Such",      "Because", "If",      "Then",      "Today",  "Under",
      "With",     "Was"};
  return in_list(word, kStarters);
}

// Names such as "Yahoo! News" keep their exclamation mark mid-sentence.
bool is_exclamation_title(std::string_view token) {
  static constexpr std::string_view kTitles[] = {"Yahoo",  "Jeopardy", "Oklahoma", "Airplane",
                                                 "Wham",   "Mia",      "Panic",    "Hello",
                                                 "Joomla", "Yum"};
  return in_list(token, kTitles);
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }

// "U.S", "U.K", "J" (the token before the final '.'): single letters joined by dots.
bool is_dotted_initials(std::string_view token) {
  if (token.empty()) return false;
  for (size_t i = 0; i < token.size(); ++i) {
    bool letter_slot = i % 2 == 0;
    if (letter_slot ? !is_ascii_letter(token[i]) : token[i] != '.') return false;
  }
  return token.size() % 2 == 1 && is_ascii_upper(token[0]);
}

class Segmenter {
 public:
  Segmenter(std::string_view text, const SegmentOptions& options)
      : text_(text), options_(options) {}

  std::vector<SentenceSpan> run() {
    size_t pos = 0;
    while (pos < text_.size()) {
      if (text_[pos] == '[') {
        pos = skip_bracket(pos);
        continue;
      }
      if (text_[pos] == '\n' && options_.line_breaks_are_boundaries) {
        emit(pos);
        start_ = pos + 1;
        ++pos;
        continue;
      }
      size_t after = pos;
      char32_t cp = next_code_point(text_, after);
      if (!is_terminator(cp)) {
        pos = after;
        continue;
      }
      pos = handle_terminator(pos);
    }
    emit(text_.size());
    return std::move(spans_);
  }

 private:
  // Markers and square-bracketed asides are opaque: "[when?]" has no boundary.
  size_t skip_bracket(size_t pos) {
    size_t marker = marker_length_at(text_, pos);
    if (marker > 0) return pos + marker;
    size_t limit = std::min(text_.size(), pos + kMaxBracketBytes);
    for (size_t i = pos + 1; i < limit; ++i) {
      if (text_[i] == ']') return i + 1;
      if (text_[i] == '[' || text_[i] == '\n') break;
    }
    return pos + 1;  // unmatched: an ordinary character
  }

  bool is_inline_space(size_t pos) const {
    if (pos >= text_.size()) return false;
    if (text_[pos] == '\n' && options_.line_breaks_are_boundaries) return false;
    size_t p = pos;
    return is_space(next_code_point(text_, p));
  }

  size_t skip_inline_spaces(size_t pos) const {
    while (is_inline_space(pos)) next_code_point(text_, pos);
    return pos;
  }

  // Returns the position to continue scanning from; emits when `pos` ends a sentence.
  size_t handle_terminator(size_t pos) {
    size_t run_end = pos;
    char32_t first = next_code_point(text_, run_end);
    size_t run_length = 1;
    char32_t last = first;
    for (size_t p = run_end; p < text_.size();) {
      char32_t cp = next_code_point(text_, p);
      if (!is_terminator(cp)) break;
      run_end = p;
      last = cp;
      ++run_length;
    }

    // Closing quotes, brackets and markers after the punctuation belong to it.
    size_t end = run_end;
    bool saw_marker = false;
    for (;;) {
      size_t p = skip_inline_spaces(end);
      if (p < text_.size() && text_[p] == '[') {
        size_t marker = marker_length_at(text_, p);
        if (marker == 0) break;
        end = p + marker;
        saw_marker = true;
        continue;
      }
      if (p != end) break;  // closing quotes must touch the punctuation
      size_t q = p;
      char32_t cp = next_code_point(text_, q);
      if (p >= text_.size() || !is_closer(cp)) break;
      end = q;
    }

    size_t next_pos = skip_inline_spaces(end);
    if (next_pos >= text_.size() || text_[next_pos] == '\n') {
      emit(end);
      start_ = end;
      return end;
    }
    size_t peek = next_pos;
    char32_t next = next_code_point(text_, peek);
    bool spaced = next_pos != end;

    if (is_spaceless_terminator(last)) return finish(end);
    if (!spaced && !(saw_marker && is_upper(next))) return run_end;  // "2.5", "Yahoo!News"
    if (!is_plausible_start(next)) return run_end;

    if (run_length == 1 && first == '.' && !period_ends_sentence(pos, next_pos, next)) {
      return run_end;
    }
    if (run_length == 1 && first == '!' && is_exclamation_title(token_before(pos))) {
      return run_end;
    }
    return finish(end);
  }

  size_t finish(size_t end) {
    emit(end);
    start_ = end;
    return end;
  }

  // The word directly before `pos`, without opening punctuation: "(c" → "c".
  std::string_view token_before(size_t pos) const {
    size_t begin = pos;
    while (begin > start_ && pos - begin < kMaxTokenBytes) {
      size_t p = begin;
      char32_t cp = prev_code_point(text_, p);
      if (is_space(cp) || is_opener(cp)) break;
      begin = p;
    }
    return text_.substr(begin, pos - begin);
  }

  // The run of letters at `pos`, and whether a '.' follows it ("A." vs "A ").
  std::string_view word_at(size_t pos, bool& dotted) const {
    size_t end = pos;
    while (end < text_.size() && end - pos < kMaxTokenBytes && is_ascii_letter(text_[end])) ++end;
    dotted = end < text_.size() && text_[end] == '.';
    return text_.substr(pos, end - pos);
  }

  bool period_ends_sentence(size_t period, size_t next_pos, char32_t next) const {
    std::string_view token = token_before(period);
    if (is_abbreviation(token)) return false;
    if (token.size() == 1 && token[0] >= 'a' && token[0] <= 'z') return false;  // "c.", "p."
    if (is_numeric_abbreviation(token)) return !u_isdigit(static_cast<UChar32>(next));
    if (is_dotted_initials(token)) {
      // "U.S. 5th Fleet", "J. R. R. Tolkien", "U.S. Army" stay whole; "in the U.S. The
      // next" and "World War I. In 1920" do not.
      if (!is_upper(next)) return false;
      bool dotted = false;
      std::string_view word = word_at(next_pos, dotted);
      return !dotted && is_common_starter(word);
    }
    return true;
  }

  void emit(size_t end) {
    if (end <= start_) return;
    std::string_view piece = trim(text_.substr(start_, end - start_));
    if (piece.empty()) return;
    size_t begin = static_cast<size_t>(piece.data() - text_.data());
    spans_.push_back({begin, begin + piece.size()});
  }

  std::string_view text_;
  const SegmentOptions& options_;
  size_t start_ = 0;
  std::vector<SentenceSpan> spans_;
};

}  // namespace

std::vector<SentenceSpan> split_sentences(std::string_view text, const SegmentOptions& options) {
  return Segmenter(text, options).run();
}

}  // namespace citedex
