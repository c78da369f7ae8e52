#include "indexer/shape.h"

#include <array>

#include "indexer/reference_list.h"
#include "indexer/text_util.h"

namespace citedex {

namespace {

constexpr std::array<ShapeInfo, 5> kShapes{{
    {"markdown", "Markdown, optionally with YAML front matter (--- … ---) and # headings"},
    {"wikitext", "MediaWiki source: [[links]], {{templates}}, <ref> tags, == headings =="},
    {"flattened", "a rendered page flattened into one or a few very long lines"},
    {"wikitext-like", "a wikitext-like render: = Title =, ==Section== lines, an Infobox block"},
    {"plain-text",
     "a rendered page copied as text: [n] markers, Heading[edit] lines, N. ^ references"},
}};

bool is_wikitext_heading(std::string_view line) {
  line = trim(line);
  return line.size() >= 4 && line.front() == '=' && line.back() == '=' &&
         line.find_first_not_of('=') != std::string_view::npos;
}

bool is_markdown_heading(std::string_view line) {
  size_t hashes = 0;
  while (hashes < line.size() && line[hashes] == '#') ++hashes;
  return hashes >= 1 && hashes <= 6 && hashes < line.size() && line[hashes] == ' ';
}

}  // namespace

std::span<const ShapeInfo> shapes() { return kShapes; }

bool is_known_shape(std::string_view name) {
  for (const auto& s : kShapes)
    if (s.name == name) return true;
  return false;
}

ShapeGuess detect_shape(std::string_view text) {
  if (text.starts_with("---\n") || text.starts_with("---\r\n"))
    return {"markdown", "YAML front matter"};

  auto lines = split_lines(text);
  size_t non_empty = 0, longest = 0;
  size_t wiki_headings = 0, md_headings = 0, edit_headings = 0, ref_lines = 0;
  for (auto line : lines) {
    if (trim(line).empty()) continue;
    ++non_empty;
    longest = std::max(longest, line.size());
    if (is_wikitext_heading(line)) ++wiki_headings;
    if (is_markdown_heading(line)) ++md_headings;
    if (trim(line).ends_with("[edit]")) ++edit_headings;
    if (is_reference_entry_line(line)) ++ref_lines;
  }
  // A page flattened to a line keeps its whole body there: a few lines, one huge.
  // Wikitext source: links, templates and ref tags, which no rendered copy keeps — except
  // "`{{cite web}}`" residue in rendered CS1 error notes, so templates alone do not count.
  auto count = [&](std::string_view mark) {
    size_t n = 0;
    for (size_t at = text.find(mark); at != std::string_view::npos && n < 3;
         at = text.find(mark, at + 2))
      if (mark != "{{" || at == 0 || text[at - 1] != '`') ++n;
    return n;
  };
  size_t links = count("[["), refs = count("<ref"), templates = count("{{");
  if (links + refs >= 1 && links + refs + templates >= 3)
    return {"wikitext", "[[links]], {{templates}} or <ref> tags"};
  if (non_empty <= 3 && longest >= 2000) return {"flattened", "one very long line"};
  if (wiki_headings >= 1 && wiki_headings >= md_headings)
    return {"wikitext-like", "= heading = lines"};
  if (edit_headings >= 1 || ref_lines >= 1)
    return {"plain-text", "[edit] headings or ^ reference lines"};
  if (md_headings >= 1) return {"markdown", "# headings"};
  return {"plain-text", "no distinctive structure"};
}

}  // namespace citedex
