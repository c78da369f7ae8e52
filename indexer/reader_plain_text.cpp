// Reader for rendered pages copied as plain text (mirror copies, "save as text"):
//   Title
//   [From Wikipedia…, title again, infobox lines with [n] markers]
//   Lead paragraph…[5][35]
//   Heading[edit]
//   Paragraphs…
//     1. ^ a b c Reference text
//   [footer]
// Some copies drop heading lines but keep the gap they left (two or more blank
// lines): those become sections whose heading is "lost" (see copies.h).
#include <string>

#include "indexer/boilerplate.h"
#include "indexer/infobox.h"
#include "indexer/reader.h"
#include "indexer/reference_list.h"
#include "indexer/sentences.h"
#include "indexer/text_util.h"

namespace citedex {

namespace {

bool ends_like_prose(std::string_view line) {
  // Skip trailing markers such as "[5][35]".
  while (line.ends_with("]")) {
    size_t open = line.rfind('[');
    if (open == std::string_view::npos) break;
    line = trim(line.substr(0, open));
  }
  return line.ends_with(".") || line.ends_with("!") || line.ends_with("?") ||
         line.ends_with(".\"") || line.ends_with(".”");
}

bool is_prose(std::string_view line) { return count_words(line) >= 12 && ends_like_prose(line); }

// An image caption survives as a one-sentence paragraph right under a heading, with no
// markers, in a copy whose sourced paragraphs do carry markers.
void drop_captions(std::vector<Block>& blocks) {
  std::vector<Block> kept;
  kept.reserve(blocks.size());
  for (size_t b = 0; b < blocks.size(); ++b) {
    const Block& block = blocks[b];
    bool after_heading = b > 0 && blocks[b - 1].kind == Block::Kind::heading;
    bool before_paragraph = b + 1 < blocks.size() && blocks[b + 1].kind == Block::Kind::paragraph;
    if (block.kind == Block::Kind::paragraph && after_heading && before_paragraph &&
        block.text.find('[') == std::string::npos && split_sentences(block.text).size() == 1)
      continue;
    kept.push_back(block);
  }
  blocks = std::move(kept);
}

}  // namespace

RawArticle read_plain_text(std::string_view text) {
  RawArticle raw;
  auto lines = split_lines(text);
  const size_t n = lines.size();

  // Title: the first line with content.
  size_t i = 0;
  while (i < n && (trim(lines[i]).empty() || is_boilerplate_line(lines[i]))) ++i;
  if (i < n) raw.title = collapse_spaces(lines[i++]);

  // The reference list: the first entry line, and every entry line after it.
  size_t refs_begin = n;
  for (size_t k = i; k < n; ++k)
    if (is_reference_entry_line(lines[k])) {
      refs_begin = k;
      break;
    }
  size_t refs_end = refs_begin;
  for (size_t k = refs_begin; k < n; ++k) {
    ReferenceEntry entry;
    if (parse_reference_entry(lines[k], entry)) {
      raw.references.push_back(std::move(entry));
      refs_end = k + 1;
    } else if (!trim(lines[k]).empty()) {
      // A wrapped entry continues on the next line.
      if (!raw.references.empty() && k == refs_end && !lines[k].ends_with("[edit]") &&
          lines[k].starts_with("     ")) {
        raw.references.back().text += " " + collapse_spaces(lines[k]);
        refs_end = k + 1;
      }
    }
  }

  // The lead: the first prose line that names the subject, else the first prose line
  // that is not a caption.
  std::string base = ascii_lower(title_base(raw.title));  // lines are compared lowercased
  size_t lead = refs_begin;
  for (size_t k = i; k < refs_begin; ++k) {
    std::string_view t = trim(lines[k]);
    if (is_prose(t) && !base.empty() && ascii_lower(t).find(base) != std::string::npos) {
      lead = k;
      break;
    }
  }
  if (lead == refs_begin) {
    for (size_t k = i; k < refs_begin; ++k) {
      std::string_view t = trim(lines[k]);
      if (is_prose(t) && !looks_like_map_caption(t)) {
        lead = k;
        break;
      }
    }
  }
  std::vector<std::string_view> infobox_lines(lines.begin() + static_cast<long>(i),
                                              lines.begin() + static_cast<long>(lead));
  raw.infobox = read_infobox_lines(infobox_lines, raw.title);

  // Body: paragraphs are lines; a blank line separates them; two or more blank lines
  // where a heading should be mark a lost heading once the copy shows [edit] headings.
  bool has_edit_headings = false;
  for (size_t k = lead; k < refs_begin; ++k)
    if (trim(lines[k]).ends_with("[edit]")) has_edit_headings = true;
  size_t blank_run = 0;
  bool seen_body = false;
  bool in_navigation = false;
  for (size_t k = lead; k < refs_begin; ++k) {
    std::string_view t = trim(lines[k]);
    if (t.empty()) {
      ++blank_run;
      continue;
    }
    std::string heading;
    bool is_heading = parse_edit_heading(t, heading);
    if (has_edit_headings && seen_body && blank_run >= 2 && !in_navigation) {
      Block lost{Block::Kind::heading, "", 2, false, true};
      raw.blocks.push_back(lost);
    }
    blank_run = 0;
    seen_body = true;
    if (is_heading) {
      raw.blocks.push_back({Block::Kind::heading, heading, 2, false, false});
      in_navigation = is_navigation_section(heading);
      continue;
    }
    if (is_boilerplate_line(t)) continue;
    std::string p = collapse_spaces(strip_inline_boilerplate(t));
    if (p.empty()) continue;
    raw.blocks.push_back({in_navigation ? Block::Kind::list_item : Block::Kind::paragraph, p});
  }
  if (!raw.references.empty()) drop_captions(raw.blocks);
  // Headings after the reference list ("External links") are sections without claims.
  for (size_t k = refs_end; k < n; ++k) {
    std::string heading;
    if (parse_edit_heading(lines[k], heading))
      raw.blocks.push_back({Block::Kind::heading, heading, 2, false, false});
  }
  return raw;
}

}  // namespace citedex
