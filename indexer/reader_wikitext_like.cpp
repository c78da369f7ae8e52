// Reader for wikitext-like renders ("= Title =", "==Section==", an "Infobox" line
// followed by "- Key: value" lines). Such copies carry no footnote markers and no
// reference list; sourcing survives only inside sentences ("per SOHR").
#include <string>

#include "indexer/boilerplate.h"
#include "indexer/reader.h"
#include "indexer/text_util.h"

namespace citedex {

namespace {

bool parse_heading(std::string_view line, std::string& text, int& level) {
  line = trim(line);
  size_t lead = 0, tail = 0;
  while (lead < line.size() && line[lead] == '=') ++lead;
  while (tail < line.size() - lead && line[line.size() - 1 - tail] == '=') ++tail;
  if (lead == 0 || tail == 0 || lead + tail >= line.size()) return false;
  text = std::string(trim(line.substr(lead, line.size() - lead - tail)));
  level = static_cast<int>(std::min(lead, tail));
  return !text.empty();
}

// Template residue of the render: empty items (", ,"), empty parentheses ("2017, ()"),
// nested-list bullets (", ** 10th Mechanised Division") and "----" rules.
std::string tidy_value(std::string_view value) {
  std::string s = collapse_spaces(strip_inline_boilerplate(value));
  auto replace_all = [&s](std::string_view from, std::string_view to) {
    bool changed = false;
    for (size_t at; (at = s.find(from)) != std::string::npos; changed = true)
      s.replace(at, from.size(), to);
    return changed;
  };
  for (bool changed = true; changed;) {
    changed = false;
    changed |= replace_all(", *", ", ");
    changed |= replace_all(",  ", ", ");
    changed |= replace_all(" ()", "");
    changed |= replace_all(", ,", ",");
    changed |= replace_all(" ,", ",");
    changed |= replace_all(" ---- ", "; ");
  }
  while (s.starts_with("* ")) s.erase(0, 2);
  while (s.ends_with(",")) s.pop_back();
  return collapse_spaces(s);
}

}  // namespace

RawArticle read_wikitext_like(std::string_view text) {
  RawArticle raw;
  auto lines = split_lines(text);
  bool in_infobox = false;
  std::string paragraph;
  auto flush = [&] {
    // Lines stay lines (hard_line_breaks): tidy each one, keep the '\n' between them.
    std::string p;
    for (auto line : split_lines(paragraph)) {
      std::string tidy = collapse_spaces(strip_inline_boilerplate(line));
      if (tidy.empty()) continue;
      if (!p.empty()) p.push_back('\n');
      p += tidy;
    }
    if (!p.empty()) raw.blocks.push_back({Block::Kind::paragraph, p});
    paragraph.clear();
  };
  for (auto line : lines) {
    std::string_view t = trim(line);
    std::string heading;
    int level = 0;
    if (parse_heading(t, heading, level)) {
      flush();
      in_infobox = false;
      if (level == 1 && raw.title.empty()) {
        raw.title = heading;
        continue;
      }
      raw.blocks.push_back({Block::Kind::heading, heading, level});
      continue;
    }
    if (t == "Infobox" || t.starts_with("Infobox ")) {
      flush();
      in_infobox = true;
      continue;
    }
    if (t.empty()) {
      flush();
      in_infobox = false;
      continue;
    }
    if (is_boilerplate_line(t)) continue;
    if (t.starts_with("- ") || t.starts_with("* ")) {
      std::string_view item = trim(t.substr(2));
      if (in_infobox) {
        size_t colon = item.find(": ");
        if (colon != std::string_view::npos && colon < 40) {
          raw.infobox.push_back(
              {std::string(item.substr(0, colon)), tidy_value(item.substr(colon + 2))});
        } else {
          raw.infobox.push_back({"", collapse_spaces(item)});
        }
        continue;
      }
      flush();
      raw.blocks.push_back({Block::Kind::list_item, collapse_spaces(item)});
      continue;
    }
    if (!paragraph.empty()) paragraph.push_back('\n');
    paragraph.append(t);
  }
  flush();
  return raw;
}

}  // namespace citedex
