// Reader for a rendered page flattened into one line: short description, hatnotes,
// title, infobox cells ("| Date| …"), navigation boxes ("v * t * e" runs), the lead,
// "## Contents * 1 Background …", "## Heading[edit]" markers, the reference list run
// together, and more navigation boxes after "External links".
#include <string>

#include "indexer/boilerplate.h"
#include "indexer/infobox.h"
#include "indexer/reader.h"
#include "indexer/reference_list.h"
#include "indexer/text_util.h"

namespace citedex {

namespace {

struct Heading {
  size_t at = 0;       // position of the first '#'
  size_t body_at = 0;  // position after the heading text (and "[edit]")
  int level = 2;
  std::string text;
};

// "## Heading[edit]" markers; "## Contents" has no [edit] and ends at its list.
std::vector<Heading> find_headings(std::string_view s) {
  std::vector<Heading> headings;
  size_t pos = 0;
  while ((pos = s.find("## ", pos)) != std::string_view::npos) {
    size_t at = pos;
    while (at > 0 && s[at - 1] == '#') --at;
    if (at > 0 && s[at - 1] != ' ') {
      pos += 3;
      continue;
    }
    int level = static_cast<int>(pos + 2 - at);
    size_t text_at = pos + 3;
    size_t edit = s.find("[edit]", text_at);
    size_t next = s.find("## ", text_at);
    Heading h;
    h.at = at;
    h.level = level;
    if (edit != std::string_view::npos && (next == std::string_view::npos || edit < next) &&
        edit - text_at < 200) {
      h.text = collapse_spaces(s.substr(text_at, edit - text_at));
      h.body_at = edit + 6;
    } else {
      // No [edit]: "## Contents" — the heading is one word or phrase up to " * ".
      size_t end = s.find(" * ", text_at);
      if (end == std::string_view::npos || end - text_at > 80) end = s.find(' ', text_at);
      if (end == std::string_view::npos) end = s.size();
      h.text = collapse_spaces(s.substr(text_at, end - text_at));
      h.body_at = end;
    }
    headings.push_back(std::move(h));
    pos = text_at;
  }
  return headings;
}

}  // namespace

RawArticle read_flattened(std::string_view text) {
  RawArticle raw;
  raw.hard_line_breaks = false;
  std::string flat = collapse_spaces(text);
  std::string_view s = flat;
  auto headings = find_headings(s);
  size_t preamble_end = headings.empty() ? s.size() : headings[0].at;
  std::string_view preamble = s.substr(0, preamble_end);

  // Title: the words just before the infobox's "Part of", after the hatnotes
  // ("For the later offensive, see X.").
  size_t part_of = preamble.find(" Part of ");
  size_t navbox = preamble.find(" v * t * e ");
  size_t infobox_at = part_of;
  if (part_of != std::string_view::npos) {
    size_t sentence_end = preamble.rfind(". ", part_of);
    size_t title_at = sentence_end == std::string_view::npos ? 0 : sentence_end + 2;
    raw.title = collapse_spaces(preamble.substr(title_at, part_of - title_at));
    std::string_view before = trim(preamble.substr(0, title_at));
    size_t hatnote = before.find(" For ");
    if (before.starts_with("For ")) hatnote = 0;
    std::string_view description =
        hatnote == std::string_view::npos ? before : before.substr(0, hatnote);
    if (!trim(description).empty() && count_words(description) <= 20)
      raw.metadata.push_back({"short_description", {{collapse_spaces(description)}, false}});
    infobox_at = part_of + 1;
  } else {
    size_t bar = preamble.find('|');
    std::string_view head = preamble.substr(0, bar == std::string_view::npos ? 0 : bar);
    size_t sentence_end = head.rfind(". ");
    raw.title =
        collapse_spaces(head.substr(sentence_end == std::string_view::npos ? 0 : sentence_end + 2));
    infobox_at = bar == std::string_view::npos ? 0 : head.size() - 0;
  }
  if (raw.title.empty()) raw.warnings.push_back("no title found in the flattened page");

  // Infobox: from the title to the first navigation box (or to the lead).
  std::string base(title_base(raw.title));
  size_t lead_at = std::string_view::npos;
  size_t navbox_end = navbox;
  if (navbox != std::string_view::npos) {
    // Navigation boxes run to the lead; the lead opens with the subject's name after
    // the last navbox item.
    size_t last_item = preamble.rfind(" * ");
    navbox_end = last_item == std::string_view::npos ? navbox : last_item + 3;
    size_t name = base.empty() ? std::string_view::npos : preamble.find(base, navbox_end);
    if (name != std::string_view::npos) {
      lead_at = name;
      for (std::string_view article : {"The ", "A ", "An "}) {
        if (lead_at >= article.size() &&
            preamble.substr(lead_at - article.size(), article.size()) == article) {
          lead_at -= article.size();
          break;
        }
      }
    } else {
      lead_at = navbox_end;
      raw.warnings.push_back("could not tell the last navigation-box item from the lead");
    }
  }
  size_t infobox_end = navbox != std::string_view::npos ? navbox : preamble.size();
  if (infobox_at != std::string_view::npos && infobox_at < infobox_end)
    raw.infobox = read_infobox_run(preamble.substr(infobox_at, infobox_end - infobox_at));
  if (lead_at != std::string_view::npos) {
    std::string lead = collapse_spaces(strip_inline_boilerplate(preamble.substr(lead_at)));
    if (!lead.empty()) raw.blocks.push_back({Block::Kind::paragraph, lead});
  }

  // Sections. Everything from "References" on is the reference list, then links and
  // navigation boxes: no claims there.
  bool after_references = false;
  for (size_t h = 0; h < headings.size(); ++h) {
    const Heading& heading = headings[h];
    size_t end = h + 1 < headings.size() ? headings[h + 1].at : s.size();
    std::string_view body =
        s.substr(std::min(heading.body_at, end), end - std::min(heading.body_at, end));
    if (heading.text == "Contents" && heading.body_at <= end) {
      continue;  // the table of contents is page furniture
    }
    raw.blocks.push_back({Block::Kind::heading, heading.text, heading.level});
    std::string lower = ascii_lower(heading.text);
    if (lower == "references" || lower == "notes" || lower == "citations") {
      auto entries = split_inline_reference_list(body);
      raw.references.insert(raw.references.end(), entries.begin(), entries.end());
      after_references = true;
      continue;
    }
    if (after_references || is_navigation_section(heading.text)) continue;
    size_t v = body.find(" v * t * e ");
    if (v != std::string_view::npos) body = body.substr(0, v);
    body = trim(body);
    body.remove_prefix(hatnote_length(body));
    std::string paragraph = collapse_spaces(strip_inline_boilerplate(body));
    if (!paragraph.empty()) raw.blocks.push_back({Block::Kind::paragraph, paragraph});
  }
  return raw;
}

}  // namespace citedex
