// A stemmer for highlighting: Xapian's MSet::snippet stems every word of the text it
// marks, and with the English Snowball stemmer that was a third of a keyword search's
// time (20 hits, ~150 words each). This one stems only words that could stem to a
// word of the query and returns every other word unchanged, which snippet then finds in
// no query term, as before.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace citedex {

// A Xapian::Stem that gives the English stem of any word whose first byte is the first
// byte of a word of `query_terms` (terms as indexed: "Zairbas", "airbase", "XWreuters";
// leading capital letters are a prefix and are skipped), and the word itself for every
// other word. English Snowball keeps a word's first character (a leading apostrophe
// aside, which is always stemmed), so the marks snippet places are the same as with
// Xapian::Stem("english"). Stems are cached for the stemmer's lifetime. Never throws
// except std::bad_alloc.
Xapian::Stem highlight_stemmer(const std::vector<std::string>& query_terms);

}  // namespace citedex
