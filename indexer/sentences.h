// Rule-based sentence segmentation for encyclopedia text.
//
// ICU's sentence break iterator is used for nothing here except character
// properties: its rules break inside "city.[5][35] ISIL" and after "Maj. Gen.".
#pragma once

#include <string_view>
#include <vector>

namespace citedex {

struct SentenceSpan {
  size_t begin = 0;  // byte offsets into the input; the span is trimmed of spaces
  size_t end = 0;
};

struct SegmentOptions {
  // When true, every '\n' ends a sentence (shapes with real lines: a heading, a list
  // item or an infobox line has no final punctuation). When false, newlines are
  // ordinary spaces (wrapped text, flattened pages).
  bool line_breaks_are_boundaries = true;
};

// Splits `text` into sentences. Footnote markers and flags after the final
// punctuation ("city.[5][35]", "dead.[citation needed]") stay with the sentence they
// follow; closing quotes and brackets after the punctuation too. Never breaks after
// abbreviations (titles and ranks such as "Maj. Gen.", "Brig. Gen.", "Lt. Col.",
// "Col.", "Dr.", "St.", "Mr.", "No. 5", "c. 1,200", "p."/"pp.", month abbreviations,
// "U.S.", "U.S.-led", initials "J. R. R."), inside numbers ("2.5 km", "1,200."
// ends a sentence only when followed by a sentence start), inside ellipses followed
// by lowercase, or after "?"/"!" inside brackets and titles ("[when?]", "Yahoo!").
// Handles Arabic punctuation ("؟", "۔", "؛" is not a boundary). Empty spans are
// never returned. Linear in the size of the input.
std::vector<SentenceSpan> split_sentences(std::string_view text,
                                          const SegmentOptions& options = {});

}  // namespace citedex
