// Infoboxes as rendered copies keep them: labelled lines ("Date13 January – 2 March
// 2017", "Casualties and losses", "Liwa Zainebiyoun[1]") or one flattened run
// ("| Date| 8–22 December 2016 (2 weeks)[4] | Location| Tadmur … Result| …").
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "indexer/article.h"

namespace citedex {

// Labels of the rendered conflict/event infoboxes, longest first where one is a
// prefix of another.
std::span<const std::string_view> infobox_labels();

// Reads infobox lines of a plain-text copy. A line that is a known label (alone, or
// glued to its value: "Date13 January") sets the key of the lines that follow; other
// lines become fields with the current key (empty before any label). Lines that only
// continue the previous one ("(Operations chief commander)", "(1 month, 2 weeks)[3]")
// are appended to it; bullets ("•", "*") are dropped; a line repeating the title,
// image file names and map captions are skipped; "X X" flag-icon doubles become "X".
std::vector<InfoboxField> read_infobox_lines(std::span<const std::string_view> lines,
                                             std::string_view title);

// Reads a flattened infobox run: splits at known labels and then into items at
// " * " and "| " separators. Map captions are dropped.
std::vector<InfoboxField> read_infobox_run(std::string_view run);

}  // namespace citedex
