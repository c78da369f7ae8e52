// Normalization of outlet names for matching: two spellings of the same name ("Al-Masdar
// News", "AL–MASDAR NEWS", "al Masdar News") normalize to the same string.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace citedex {

// Returns the matching key of an outlet name (UTF-8 in, UTF-8 out):
// - Unicode case folding and compatibility forms (NFKC_Casefold: "ß" → "ss", "ﬁ" → "fi",
//   full-width → ASCII), then every nonspacing and enclosing mark is removed ("Sāna" → "sana",
//   "Ελληνικά" → "ελληνικα"). This also drops vowel signs of Indic scripts and Japanese
//   voicing marks; both sides of a comparison lose them alike.
// - Arabic script: harakat and other marks and tatweel (U+0640) are removed; alef forms
//   أ إ آ ٱ become ا, ى → ي, ة → ه, hamza carriers ؤ ئ → و ي, Persian ی → ي and ک → ك.
//   The article "ال" is kept.
// - Any decimal digit becomes its ASCII digit (Arabic-Indic "٢٠١٦" → "2016").
// - "&" becomes the word "and" ("Johnson & Johnson" == "Johnson and Johnson").
// - Dashes (all Unicode dash punctuation and U+2212 minus), ASCII punctuation
//   . , ; : ! ? ' " ( ) [ ] { } | / \ _ ` and every non-ASCII punctuation or symbol
//   character other than currency signs (quotes, "·", "•", "،", "©", emoji) become a space.
//   Other ASCII symbols (+ @ # $ % * = < > ^ ~) are kept.
// - Whitespace runs collapse to one space, the result is trimmed, and leading "the " is
//   dropped (repeatedly, but never when nothing would remain: "The" stays "the").
// Idempotent: normalize_name(normalize_name(x)) == normalize_name(x). Pure-ASCII input
// takes a fast path that does not call ICU. Invalid UTF-8 bytes become U+FFFD.
// Throws std::runtime_error only if ICU's normalization data cannot be loaded.
std::string normalize_name(std::string_view name);

// Same result as normalize_name but always through ICU, without the ASCII fast path.
// Exists so that tests can check the two paths agree.
std::string normalize_name_unicode(std::string_view name);

// True for the characters normalize_name turns into a space (or, for "&", into a
// separate word): the places where a name splits into words. Tokenizers that must
// agree with normalize_name use this.
bool is_name_separator(char32_t c);

// Splits a normalized name on spaces, skipping empty pieces: "al masdar news" →
// {"al", "masdar", "news"}. Never throws (apart from std::bad_alloc).
std::vector<std::string> name_tokens(std::string_view normalized);

// fnv1a64 of the first kNameKeyBytes bytes of normalize_name(name) with its spaces
// removed, computed in one pass that stops there, without allocating, when the name is
// ASCII, typographic punctuation and basic Arabic. Names that normalize the same have the
// same key; a shared key still needs normalize_name to confirm (different names share
// one: "ab c" and "a bc", names alike in their first 32 letters, hash collisions).
inline constexpr size_t kNameKeyBytes = 32;
uint64_t normalized_name_key(std::string_view name);

}  // namespace citedex
