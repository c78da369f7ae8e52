// Reader for Markdown copies: optional YAML front matter, "#" headings, paragraphs of
// wrapped lines, "*"/"-" list items, inline links and emphasis. Some converters write
// the reference list as "[object Object]" (JavaScript objects printed as strings):
// that list is unreadable and reported as such, never turned into references.
#include <string>
#include <vector>

#include "indexer/boilerplate.h"
#include "indexer/front_matter.h"
#include "indexer/reader.h"
#include "indexer/reference_list.h"
#include "indexer/text_util.h"

namespace citedex {

namespace {

const MetadataValue* find_meta(const Metadata& m, std::string_view key) {
  for (const auto& [k, v] : m)
    if (k == key) return &v;
  return nullptr;
}

bool is_word_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// The ')' that closes a link destination opening at `open` ("(" position), allowing
// balanced parentheses inside it ("…/Palmyra_offensive_(2017)"); npos if none.
size_t link_end(std::string_view s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == ' ' || s[i] == '\n') return std::string_view::npos;
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

// A single "*" or "_" that opens emphasis ("*The Guardian*"): not inside a word,
// followed by a non-space, with a closing mark before the end of the text.
size_t emphasis_close(std::string_view s, size_t i) {
  char mark = s[i];
  if (i > 0 && is_word_char(s[i - 1])) return std::string_view::npos;
  if (i + 1 >= s.size() || s[i + 1] == ' ' || s[i + 1] == mark) return std::string_view::npos;
  for (size_t j = i + 2; j < s.size(); ++j) {
    if (s[j] == '\n') break;
    if (s[j] == mark && s[j - 1] != ' ' && (j + 1 == s.size() || !is_word_char(s[j + 1]))) return j;
  }
  return std::string_view::npos;
}

// "[text](url)" → "text", "![alt](img)" → "", "**b**"/"__b__" → "b", "*i*"/"_i_" → "i",
// "`c`" → "c". Footnote markers ("[5]") are not links and are kept.
std::string strip_inline_markdown(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::vector<size_t> emphasis_closes;
  for (size_t i = 0; i < s.size();) {
    bool image = s[i] == '!' && i + 1 < s.size() && s[i + 1] == '[';
    if (s[i] == '[' || image) {
      size_t open = image ? i + 1 : i;
      // The link text ends at the first ']', which must be followed by '('.
      size_t close = s.find(']', open);
      size_t end = close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != '('
                       ? std::string_view::npos
                       : link_end(s, close + 1);
      if (end != std::string_view::npos &&
          s.substr(open, close - open).find('\n') == std::string_view::npos) {
        if (!image) out.append(strip_inline_markdown(s.substr(open + 1, close - open - 1)));
        i = end + 1;
        continue;
      }
    }
    if (s.compare(i, 2, "**") == 0 || s.compare(i, 2, "__") == 0) {
      i += 2;
      continue;
    }
    if (s[i] == '*' || s[i] == '_') {
      if (!emphasis_closes.empty() && emphasis_closes.back() == i) {
        emphasis_closes.pop_back();
        ++i;
        continue;
      }
      size_t close = emphasis_close(s, i);
      if (close != std::string_view::npos) {
        emphasis_closes.push_back(close);
        ++i;
        continue;
      }
    }
    if (s[i] == '`') {
      ++i;
      continue;
    }
    out.push_back(s[i++]);
  }
  return out;
}

size_t count_object_object(std::string_view s) {
  size_t count = 0;
  for (size_t at = 0; (at = s.find("[object Object]", at)) != std::string_view::npos; at += 15)
    ++count;
  return count;
}

}  // namespace

RawArticle read_markdown(std::string_view text) {
  RawArticle raw;
  FrontMatter fm = read_front_matter(text);
  raw.metadata = fm.metadata;
  if (!fm.error.empty()) raw.warnings.push_back(fm.error);
  for (std::string_view key : {"title", "subject", "name"}) {
    const MetadataValue* v = find_meta(raw.metadata, key);
    if (v && !v->items.empty() && !v->items[0].empty()) {
      raw.title = v->items[0];
      break;
    }
  }

  auto lines = split_lines(fm.body);
  std::string paragraph;
  bool in_references = false;
  bool in_navigation = false;
  size_t unreadable = 0, reference_lines = 0;
  auto flush = [&] {
    std::string p = collapse_spaces(strip_inline_boilerplate(strip_inline_markdown(paragraph)));
    paragraph.clear();
    if (p.empty()) return;
    raw.blocks.push_back({in_navigation ? Block::Kind::list_item : Block::Kind::paragraph, p});
  };
  for (auto line : lines) {
    std::string_view t = trim(line);
    size_t hashes = 0;
    while (hashes < t.size() && t[hashes] == '#') ++hashes;
    if (hashes >= 1 && hashes <= 6 && hashes < t.size() && t[hashes] == ' ') {
      flush();
      std::string heading = collapse_spaces(t.substr(hashes + 1));
      unreadable += count_object_object(heading);
      size_t junk = heading.find("[object Object]");
      if (junk != std::string::npos) heading = std::string(trim(heading.substr(0, junk)));
      if (hashes == 1 && raw.title.empty()) {
        raw.title = heading;
        continue;
      }
      std::string lower = ascii_lower(heading);
      bool references = lower == "references" || lower == "notes" || lower == "citations";
      // "## References" twice in a row (once with the junk glued on) is one section.
      if (references && in_references) continue;
      in_references = references;
      in_navigation = is_navigation_section(heading);
      raw.blocks.push_back({Block::Kind::heading, heading, static_cast<int>(hashes)});
      continue;
    }
    if (t.empty()) {
      flush();
      continue;
    }
    if (in_references) {
      size_t junk = count_object_object(t);
      unreadable += junk;
      ++reference_lines;
      ReferenceEntry entry;
      if (junk == 0 && parse_reference_entry(t, entry)) raw.references.push_back(std::move(entry));
      continue;
    }
    if (is_boilerplate_line(t)) continue;
    if ((t.starts_with("* ") || t.starts_with("- ") || t.starts_with("+ "))) {
      flush();
      std::string item = collapse_spaces(strip_inline_markdown(t.substr(2)));
      if (!item.empty())
        raw.blocks.push_back(
            {in_navigation ? Block::Kind::list_item : Block::Kind::paragraph, item});
      continue;
    }
    if (!paragraph.empty()) paragraph.push_back(' ');
    paragraph.append(t);
  }
  flush();
  raw.hard_line_breaks = false;
  if (unreadable > 0)
    raw.warnings.push_back("reference list unreadable: " + std::to_string(unreadable) +
                           " \"[object Object]\" entries (the copy serialized its references "
                           "as objects, their text is lost)");
  return raw;
}

}  // namespace citedex
