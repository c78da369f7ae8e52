#include "indexer/names.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

#include "indexer/text_util.h"

namespace citedex {

namespace {

struct Normalizers {
  const icu::Normalizer2* nfkc_casefold = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
};

// ICU caches these singletons itself; looking them up once saves the lookup on every call
// (names are short, so per-call overhead dominates).
const Normalizers& normalizers() {
  static const Normalizers n = [] {
    UErrorCode status = U_ZERO_ERROR;
    Normalizers r;
    r.nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    r.nfd = icu::Normalizer2::getNFDInstance(status);
    r.nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU normalization data unavailable");
    return r;
  }();
  return n;
}

bool is_ascii_separator(char c) {
  switch (c) {
    case '-':
    case '.':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '\'':
    case '"':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case '|':
    case '/':
    case '\\':
    case '_':
    case '`':
      return true;
    default:
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == ' ';
  }
}

}  // namespace

bool is_name_separator(char32_t cp) {
  if (cp < 0x80) return cp == '&' || is_ascii_separator(static_cast<char>(cp));
  auto ucp = static_cast<UChar32>(cp);
  int8_t type = u_charType(ucp);
  // Currency signs are kept: they can be part of a name, unlike quotes, bullets or emoji.
  return is_space(cp) || u_ispunct(ucp) || type == U_MATH_SYMBOL || type == U_MODIFIER_SYMBOL ||
         type == U_OTHER_SYMBOL || type == U_CONTROL_CHAR;
}

namespace {

// The last step of both paths, on text that is already folded. Sharing it keeps the ASCII
// fast path and the ICU path in agreement by construction.
void append_mapped(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    char c = static_cast<char>(cp);
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '&') {
      out += " and ";
    } else if (is_ascii_separator(c)) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
    return;
  }
  auto ucp = static_cast<UChar32>(cp);
  if (is_name_separator(cp)) {
    out.push_back(' ');
  } else if (u_charType(ucp) == U_DECIMAL_DIGIT_NUMBER) {
    out.push_back(static_cast<char>('0' + u_charDigitValue(ucp)));
  } else {
    append_utf8(out, cp);
  }
}

// Arabic letters written in several ways in citations; the marks (hamza above/below,
// madda) are already split off by NFD and dropped, which covers أ إ آ ؤ ئ.
UChar32 unify_arabic(UChar32 c) {
  switch (c) {
    case 0x0671:  // ٱ alef wasla
    case 0x0672:  // ٲ alef with wavy hamza above
    case 0x0673:  // ٳ alef with wavy hamza below
      return 0x0627;
    case 0x0649:  // ى alef maksura
    case 0x06CC:  // ی Farsi yeh
      return 0x064A;
    case 0x0629:  // ة teh marbuta
      return 0x0647;
    case 0x06A9:  // ک keheh
      return 0x0643;
    default:
      return c;
  }
}

std::string finish(const std::string& mapped) {
  std::string collapsed = collapse_spaces(mapped);
  std::string_view v = collapsed;
  while (v.size() > 4 && v.substr(0, 4) == "the ") v.remove_prefix(4);
  return std::string(v);
}

}  // namespace

std::string normalize_name_unicode(std::string_view name) {
  const Normalizers& n = normalizers();
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  // NFKC_Casefold before NFD: folding can produce new decomposable characters, and NFD then
  // exposes every accent as a separate mark to drop.
  icu::UnicodeString folded = n.nfkc_casefold->normalize(source, status);
  icu::UnicodeString decomposed = n.nfd->normalize(folded, status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU normalization failed");
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || c == 0x0640) continue;
    kept.append(unify_arabic(c));
  }
  // Recompose what the marks did not belong to (Hangul syllables, for one).
  icu::UnicodeString composed = n.nfc->normalize(kept, status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU normalization failed");
  std::string utf8;
  composed.toUTF8String(utf8);
  std::string mapped;
  mapped.reserve(utf8.size() + 8);
  for (size_t pos = 0; pos < utf8.size();) append_mapped(mapped, next_code_point(utf8, pos));
  return finish(mapped);
}

namespace {

// Typographic punctuation that normalize_name turns into a space: curly quotes, dashes,
// the ellipsis, guillemets, NBSP. English titles are ASCII apart from these, and
// mapping them here keeps such titles on the fast path.
size_t typographic_space_length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  if (b(0) == 0xE2 && b(1) == 0x80 && b(2) >= 0x90 && b(2) <= 0xA6) return 3;  // U+2010–U+2026
  if (b(0) == 0xE2 && b(1) == 0x88 && b(2) == 0x92) return 3;                  // U+2212
  if (b(0) == 0xC2 && (b(1) == 0xA0 || b(1) == 0xAB || b(1) == 0xBB)) return 2;
  return 0;
}

}  // namespace

namespace {

// The Arabic letters whose canonical or compatibility decomposition adds a hamza or
// madda mark (which normalization then drops): their base letter.
char32_t arabic_base(char32_t c) {
  switch (c) {
    case 0x0622:  // آ
    case 0x0623:  // أ
    case 0x0625:  // إ
      return 0x0627;
    case 0x0624:  // ؤ
      return 0x0648;
    case 0x0626:  // ئ
      return 0x064A;
    case 0x06C0:  // ۀ
      return 0x06D5;
    case 0x06C2:  // ۂ
      return 0x06C1;
    case 0x06D3:  // ۓ
      return 0x06D2;
    default:
      return c;
  }
}

// What normalization does to each code point of the basic Arabic block U+0600–U+06FF:
// "" when it is dropped (marks, tatweel), " " for a separator, else the UTF-8 it becomes.
// kIcuOnly marks the code points NFKC_Casefold changes, which need ICU. Built once
// from arabic_base, unify_arabic and append_mapped, the same steps ICU's path ends with.
constexpr std::string_view kIcuOnly = "\xFF";
const std::array<std::string, 256>& arabic_map() {
  static const auto table = [] {
    std::array<std::string, 256> t;
    for (char32_t c = 0x0600; c <= 0x06FF; ++c) {
      std::string& entry = t[c - 0x0600];
      // U+0675–U+0678 decompose by compatibility, U+061C (a format character) folds to
      // nothing: whatever NFKC_Casefold changes is left to ICU.
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString one(static_cast<UChar32>(c));
      if (!normalizers().nfkc_casefold->isNormalized(one, status) || U_FAILURE(status)) {
        entry.assign(1, kIcuOnly[0]);  // (operator= from string_view trips GCC 12 -Wrestrict)
        continue;
      }
      char32_t base = arabic_base(c);
      int8_t type = u_charType(static_cast<UChar32>(base));
      if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || base == 0x0640) continue;
      append_mapped(entry, static_cast<char32_t>(unify_arabic(static_cast<UChar32>(base))));
    }
    return t;
  }();
  return table;
}

// normalize_name for text that is ASCII, typographic punctuation and the basic Arabic
// block: Arabic has no case and, but for the letters arabic_base knows and the code points
// arabic_map leaves to ICU, nothing NFKC changes, so ICU's normalizers can be skipped.
// Returns false (and leaves `out` unspecified) when the text holds anything else.
bool normalize_ascii_arabic(std::string_view name, std::string& out) {
  const auto& arabic = arabic_map();
  std::string mapped;
  mapped.reserve(name.size() + 8);
  for (size_t pos = 0; pos < name.size();) {
    if (size_t len = typographic_space_length(name, pos)) {
      mapped.push_back(' ');
      pos += len;
      continue;
    }
    char32_t c = next_code_point(name, pos);
    if (c < 0x80) {
      append_mapped(mapped, c);
      continue;
    }
    if (c < 0x0600 || c > 0x06FF) return false;
    const std::string& entry = arabic[c - 0x0600];
    if (entry == kIcuOnly) return false;
    mapped += entry;
  }
  out = finish(mapped);
  return true;
}

}  // namespace

namespace {

// What append_mapped does to each ASCII character, as a table: the character itself
// (lowercased), ' ' for a separator, '&' for "&" (which becomes " and "). Built from
// append_mapped, so the fast paths and the ICU path agree.
const std::array<char, 128>& ascii_map() {
  static const auto table = [] {
    std::array<char, 128> t{};
    for (int c = 0; c < 128; ++c) {
      std::string mapped;
      append_mapped(mapped, static_cast<char32_t>(c));
      t[c] = mapped == " " ? ' ' : mapped.size() == 1 ? mapped[0] : '&';
    }
    return t;
  }();
  return table;
}

}  // namespace

std::string normalize_name(std::string_view name) {
  // One pass: map, collapse spaces and trim as finish() does, on the fly.
  const auto& kAscii = ascii_map();
  // Written through a pointer into a buffer sized for the worst case ("&" becomes
  // " and": four bytes per input byte): std::string::push_back is not inlined, and this
  // loop runs for every title and name the outlets stage compares.
  std::string out(name.size() * 4, '\0');
  char* const begin = out.data();
  char* w = begin;
  bool pending_space = false;
  auto emit = [&](char c) {
    if (pending_space && w != begin) *w++ = ' ';
    pending_space = false;
    *w++ = c;
  };
  for (size_t i = 0; i < name.size();) {
    auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      char m = kAscii[c];
      if (m == ' ') {
        pending_space = true;
      } else if (m == '&') {
        pending_space = true;
        for (char a : std::string_view("and")) emit(a);
        pending_space = true;
      } else {
        emit(m);
      }
      ++i;
    } else if (size_t len = typographic_space_length(name, i)) {
      pending_space = true;
      i += len;
    } else {
      std::string arabic;
      return normalize_ascii_arabic(name, arabic) ? arabic : normalize_name_unicode(name);
    }
  }
  out.resize(static_cast<size_t>(w - begin));
  size_t drop = 0;
  while (out.size() - drop > 4 && out.compare(drop, 4, "the ") == 0) drop += 4;
  if (drop) out.erase(0, drop);
  return out;
}

uint64_t normalized_name_key(std::string_view name) {
  const auto& kAscii = ascii_map();
  // The normalized name without spaces goes into `letters`; `from` moves past each leading
  // "the" that a later word makes normalize_name drop.
  thread_local std::string buffer;
  if (buffer.size() < name.size() * 3) buffer.resize(name.size() * 3);  // "&" → "and"
  char* const begin = buffer.data();
  char* w = begin;
  size_t from = 0, word_start = 0, dropped_to = 0;
  bool in_word = false, leading = true, drop_pending = false;
  auto start_word = [&] {
    if (drop_pending) from = dropped_to;
    drop_pending = false;
    word_start = static_cast<size_t>(w - begin);
    in_word = true;
  };
  auto end_word = [&] {
    if (!in_word) return;
    in_word = false;
    size_t end = static_cast<size_t>(w - begin);
    if (leading && end - word_start == 3 && std::memcmp(begin + word_start, "the", 3) == 0) {
      drop_pending = true;
      dropped_to = end;
    } else {
      leading = false;
    }
  };
  for (size_t i = 0; i < name.size();) {
    auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      char m = kAscii[c];
      if (m == ' ') {
        end_word();
      } else if (m == '&') {
        end_word();
        start_word();
        for (char a : std::string_view("and")) *w++ = a;
        end_word();
      } else {
        if (!in_word) start_word();
        *w++ = m;
        // The kept part can only grow once it is this long (see the header).
        if (static_cast<size_t>(w - begin) - from >= kNameKeyBytes) break;
      }
      ++i;
    } else if (size_t len = typographic_space_length(name, i)) {
      end_word();
      i += len;
    } else {
      char32_t cp = next_code_point(name, i);
      const std::string* entry =
          cp >= 0x0600 && cp <= 0x06FF ? &arabic_map()[cp - 0x0600] : nullptr;
      if (!entry || *entry == kIcuOnly) {
        std::string normalized = normalize_name(name);
        std::erase(normalized, ' ');
        return fnv1a64(std::string_view(normalized).substr(0, kNameKeyBytes));
      }
      if (*entry == " ") {
        end_word();
      } else if (!entry->empty()) {
        if (!in_word) start_word();
        // An Arabic letter is at most two bytes, so the buffer's three per byte suffice.
        for (char b : *entry) *w++ = b;
        if (static_cast<size_t>(w - begin) - from >= kNameKeyBytes) break;
      }
    }
  }
  end_word();
  size_t kept = std::min(static_cast<size_t>(w - begin) - from, kNameKeyBytes);
  return fnv1a64(std::string_view(begin + from, kept));
}

std::vector<std::string> name_tokens(std::string_view normalized) {
  std::vector<std::string> tokens;
  size_t pos = 0;
  while (pos < normalized.size()) {
    size_t end = normalized.find(' ', pos);
    if (end == std::string_view::npos) end = normalized.size();
    if (end > pos) tokens.emplace_back(normalized.substr(pos, end - pos));
    pos = end + 1;
  }
  return tokens;
}

}  // namespace citedex
