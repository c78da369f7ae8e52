// Stage 4 of the pipeline: text that belongs to the page around an article, never to
// the article — "[edit]" links, navigation boxes ("v * t * e" runs), "Contents" lists,
// "From Wikipedia, the free encyclopedia", mirror footers, image file names, map
// captions, "Coordinates:", "*[v]: View this template", "CS1 maint: …".
// Readers call these; no claim may contain what they remove.
#pragma once

#include <string>
#include <string_view>

namespace citedex {

// True when a whole line (trimmed) is page furniture and carries no article content.
bool is_boilerplate_line(std::string_view line);

// True for an image file name left by a rendered page ("Palmyra Offensive (December
// 2016).svg", "Qalamoun Shield Forces infobox logo.png").
bool is_image_file_name(std::string_view line);

// True for a map or image caption of the kind infoboxes carry ("Map showing the
// territory captured…", "Situation in southern Syria…; … shown at the top of the map.").
bool looks_like_map_caption(std::string_view text);

// If `line` is a rendered heading ("Background[edit]"), returns true and sets `heading`.
bool parse_edit_heading(std::string_view line, std::string& heading);

// Removes boilerplate that appears inside content: "[edit]" links, image size residue
// ("17px", "20px"), "CS1 maint: … (link)", "`{{cite web}}`:" residue, "*[v]: View this
// template" definitions and trailing "Coordinates: …".
std::string strip_inline_boilerplate(std::string_view text);

// Navigation boxes in flattened pages: returns the end of a navbox run starting at
// `pos` (the position of "v * t * e"), i.e. the position where its last item ends.
// Items are " * "-separated; the run ends at the first "## " heading or at the end.
size_t navbox_run_end(std::string_view text, size_t pos);

// Hatnotes at the start of a section ("See also: X", "Main article: X", "Further
// information: X"): returns how many bytes of `text` the hatnote occupies (0 if none).
size_t hatnote_length(std::string_view text);

// Sections that list links, not claims ("See also", "External links", "References",
// "Notes", "Further reading", "Bibliography", "Sources", "Citations").
bool is_navigation_section(std::string_view heading);

}  // namespace citedex
