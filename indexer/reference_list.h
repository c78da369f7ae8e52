// Reference lists of rendered copies: entries such as
//   "  1. ^ a b c d Tomson, Chris (2 March 2017). "Title". al-Masdar News. …"
// one per line (plain-text copies) or run together on one line (flattened pages).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace citedex {

struct ReferenceEntry {
  std::string label;  // "1"
  int uses = 1;       // number of backlink letters ("^ a b c" → 3), 1 when there are none
  std::string text;   // citation text after the backlinks, trimmed; may be empty
};

// True when `line` starts a reference entry: optional spaces, a number, ". ^" or ".^".
bool is_reference_entry_line(std::string_view line);

// Parses one entry ("12. ^ a b Text"). Returns false when `s` is not an entry.
bool parse_reference_entry(std::string_view s, ReferenceEntry& entry);

// Splits a run of entries written on one line ("1. ^ a b X. 2. ^ Y. 3. ^ …"). Entries
// are found in label order (1, 2, 3…), so a number followed by ". ^" inside a title
// cannot start a false entry. Text before the first entry is ignored; the caller
// passes only the reference region (cut before the next heading).
std::vector<ReferenceEntry> split_inline_reference_list(std::string_view s);

// The backlink letters a, b, …, z, aa, ab, … (as Wikipedia renders them).
// Returns the number of letters consumed from `s` (after "^"), and their count in `uses`.
size_t count_backlinks(std::string_view s, int& uses);

}  // namespace citedex
