// Footnote markers in rendered text: "[5]", "[5][35]", "[a]", "[note 1]", "[5]:12",
// and inline cleanup tags such as "[citation needed]" or "[when?]", which are flags,
// not footnotes.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace citedex {

struct Marker {
  enum class Kind { footnote, flag };
  Kind kind = Kind::footnote;
  std::string value;  // footnote label ("5", "a", "note 1") or flag name ("citation-needed")
  size_t begin = 0;   // byte offset of '[' in the input
  size_t end = 0;     // byte offset past the marker, including a ":12" page suffix
};

// If a marker starts at `pos` (s[pos] == '['), returns its length, else 0.
// Recognised footnote labels: digits ("5"), one or two lowercase letters ("a", "ab"),
// "note N", "nb N", "n N", "lower-alpha N" style group labels ("note 1"). Recognised
// flags: a bracket of 1–5 words in lowercase letters, spaces, hyphens, en dashes and a
// final "?" ("citation needed", "when?", "dubious – discuss", "better source needed").
// A page suffix ":12", ":12–14", ":iv" after a footnote is part of the marker.
size_t marker_length_at(std::string_view s, size_t pos);

// Parses the marker at `pos`; precondition: marker_length_at(s, pos) > 0.
Marker parse_marker_at(std::string_view s, size_t pos);

// Turns a flag's bracket text into a flag name: "citation needed" → "citation-needed",
// "when?" → "when", "dubious – discuss" → "dubious-discuss".
std::string flag_name(std::string_view bracket_text);

struct LinkedText {
  std::string text;                    // markers removed, whitespace normalized
  std::vector<std::string> footnotes;  // in order, duplicates kept once
  std::vector<std::string> flags;      // in order, duplicates kept once
};

// Removes every marker from `s`, collecting footnote labels and flags in order.
// Removing a marker never joins two words and never leaves a space before
// punctuation: "city,[32] launched" → "city, launched".
// `written`, when given, lists the only markers there are: a bracket that reads like
// another footnote or flag ("[x]", "[sic]" typed in wikitext) is the text's own and is
// kept.
struct WrittenMarkers {
  std::set<std::string, std::less<>> footnotes;  // labels
  std::set<std::string, std::less<>> flags;      // flag_name() of the bracket text
};
LinkedText strip_markers(std::string_view s, const WrittenMarkers* written = nullptr);

}  // namespace citedex
