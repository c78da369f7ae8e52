#include "indexer/boilerplate.h"

#include <array>

#include "indexer/text_util.h"

namespace citedex {

namespace {

constexpr std::array<std::string_view, 12> kBoilerplateLinePrefixes{
    "From Wikipedia the free encyclopedia",
    "From Wikipedia, the free encyclopedia",
    "Jump to navigation",
    "Jump to search",
    "Coordinates:",
    "*[v]:",
    "*[t]:",
    "*[e]:",
    "This page was last edited",
    "Retrieved from \"http",
    "Text is available under the Creative Commons",
    "CS1 maint:",
};

constexpr std::array<std::string_view, 8> kImageExtensions{".svg", ".png", ".jpg",  ".jpeg",
                                                           ".gif", ".tif", ".tiff", ".webp"};

bool is_px_token(std::string_view word) {
  if (word.size() < 3 || !word.ends_with("px")) return false;
  for (size_t i = 0; i + 2 < word.size(); ++i)
    if (word[i] < '0' || word[i] > '9') return false;
  return true;
}

// Removes "X (link)"-terminated CS1 maintenance notes and the "`{{cite web}}`:" residue
// that precedes them in some renders.
void erase_cs1_maint(std::string& s) {
  for (;;) {
    size_t at = s.find("CS1 maint:");
    if (at == std::string::npos) break;
    size_t start = at;
    size_t tick = s.rfind("`{{", at);
    if (tick != std::string::npos && at - tick < 40) start = tick;
    size_t end = s.find("(link)", at);
    end = end == std::string::npos ? s.size() : end + 6;
    s.erase(start, end - start);
  }
}

}  // namespace

bool is_image_file_name(std::string_view line) {
  line = trim(line);
  std::string lower = ascii_lower(line);
  for (auto ext : kImageExtensions)
    if (lower.ends_with(ext) && count_words(line) <= 12) return true;
  return false;
}

bool looks_like_map_caption(std::string_view text) {
  text = trim(text);
  std::string lower = ascii_lower(text);
  if (lower.starts_with("map ") || lower.starts_with("map of ") ||
      lower.starts_with("location of "))
    return true;
  // "…; Government advances are shown at the top of the map."
  return lower.find(" map.") != std::string::npos || lower.find("shown in ") != std::string::npos ||
         lower.find(" map;") != std::string::npos;
}

bool is_boilerplate_line(std::string_view line) {
  line = trim(line);
  if (line.empty()) return false;
  for (auto prefix : kBoilerplateLinePrefixes)
    if (line.starts_with(prefix)) return true;
  if (line.starts_with("©") || line.starts_with("(c) ") || line.starts_with("Copyright "))
    return true;
  if (line.find("All rights reserved") != std::string_view::npos && count_words(line) < 25)
    return true;
  if (line == "v" || line == "t" || line == "e" || line.starts_with("v * t * e") ||
      line.starts_with("v t e") || line == "Contents" || line == "## Contents" ||
      line == "[hide]" || line == "[show]")
    return true;
  return is_image_file_name(line);
}

bool parse_edit_heading(std::string_view line, std::string& heading) {
  line = trim(line);
  if (!line.ends_with("[edit]")) return false;
  std::string_view h = trim(line.substr(0, line.size() - 6));
  while (!h.empty() && h.front() == '#') h.remove_prefix(1);
  h = trim(h);
  if (h.empty()) return false;
  heading = std::string(h);
  return true;
}

std::string strip_inline_boilerplate(std::string_view text) {
  std::string s(text);
  for (size_t at; (at = s.find("[edit]")) != std::string::npos;) s.erase(at, 6);
  erase_cs1_maint(s);
  for (std::string_view cut : {"*[v]: View this template", " Coordinates: "}) {
    size_t at = s.find(cut);
    if (at != std::string::npos) s.erase(at);
  }
  // Image size residue ("** 17px Republican Guard") is a whole word of digits + "px".
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    std::string_view word(s.data() + i, j - i);
    if (!is_px_token(word)) {
      out.append(word);
      if (j < s.size()) out.push_back(' ');
    }
    i = j + 1;
  }
  if (s.ends_with(' ') && !out.ends_with(' ')) out.push_back(' ');
  return out;
}

size_t navbox_run_end(std::string_view text, size_t pos) {
  size_t end = text.find("## ", pos);
  return end == std::string_view::npos ? text.size() : end;
}

size_t hatnote_length(std::string_view text) {
  constexpr std::array<std::string_view, 6> kHatnotes{"See also: ",
                                                      "Main article: ",
                                                      "Main articles: ",
                                                      "Further information: ",
                                                      "For more details, see ",
                                                      "Further reading: "};
  std::string_view t = trim(text);
  // Only the leading whitespace comes before the hatnote; trailing whitespace is after it.
  size_t lead = t.empty() ? 0 : static_cast<size_t>(t.data() - text.data());
  for (auto h : kHatnotes) {
    if (!t.starts_with(h)) continue;
    // The link target usually ends with a parenthesised qualifier ("Palmyra offensive
    // (2017)"); otherwise the hatnote runs to the end of its first sentence.
    size_t close = t.find(") ", h.size());
    size_t period = t.find(". ", h.size());
    size_t end;
    if (close != std::string_view::npos && (period == std::string_view::npos || close < period))
      end = close + 1;
    else if (period != std::string_view::npos)
      end = period + 1;
    else
      end = t.size();
    return lead + end;
  }
  return 0;
}

bool is_navigation_section(std::string_view heading) {
  std::string h = ascii_lower(trim(heading));
  for (std::string_view n :
       {"see also", "external links", "references", "notes", "further reading", "bibliography",
        "sources", "citations", "footnotes", "notes and references"})
    if (h == n) return true;
  return false;
}

}  // namespace citedex
