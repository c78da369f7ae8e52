#include "indexer/infobox.h"

#include <array>
#include <string>

#include "indexer/boilerplate.h"
#include "indexer/footnotes.h"
#include "indexer/text_util.h"

namespace citedex {

namespace {

// In the order the rendered infoboxes show them; read_infobox_run relies on it.
constexpr std::array<std::string_view, 19> kLabels{"Part of",
                                                   "Date",
                                                   "Location",
                                                   "Place",
                                                   "Result",
                                                   "Territorial changes",
                                                   "Belligerents",
                                                   "Commanders and leaders",
                                                   "Units involved",
                                                   "Strength",
                                                   "Casualties and losses",
                                                   "Status",
                                                   "Type",
                                                   "Cause",
                                                   "Participants",
                                                   "Outcome",
                                                   "Deaths",
                                                   "Injuries",
                                                   "Casualties"};

bool is_upper_or_digit_start(std::string_view s) {
  if (s.empty()) return false;
  size_t pos = 0;
  char32_t c = next_code_point(s, pos);
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '"' || c == '(' || c > 0x7F;
}

// "Date13 January" → key "Date", rest "13 January"; "Location" → key, rest "".
bool split_label(std::string_view line, std::string& key, std::string_view& rest) {
  for (auto label : kLabels) {
    if (!line.starts_with(label)) continue;
    std::string_view after = line.substr(label.size());
    if (after.empty()) {
      key = label;
      rest = {};
      return true;
    }
    // "Part of the Syrian Civil War" is a label followed by a space; other labels are
    // glued to their value by the copy ("Date13 January").
    if (label == "Part of" && after.front() == ' ') {
      key = label;
      rest = trim(after);
      return true;
    }
    if (after.front() == '|' || is_upper_or_digit_start(after)) {
      key = label;
      rest = trim(after.front() == '|' ? after.substr(1) : after);
      return true;
    }
  }
  return false;
}

std::string strip_bullet(std::string_view s) {
  s = trim(s);
  for (std::string_view bullet : {"•", "*", "·", "-"}) {
    if (s.starts_with(bullet) && s.size() > bullet.size() && s[bullet.size()] == ' ') {
      s = trim(s.substr(bullet.size()));
      break;
    }
  }
  return collapse_spaces(s);
}

// Flag icons render their alt text before the name: "Syria Syria" → "Syria".
std::string undouble(const std::string& s) {
  if (s.size() % 2 == 1) {
    size_t half = s.size() / 2;
    if (s[half] == ' ' && s.compare(0, half, s, half + 1, half) == 0) return s.substr(0, half);
  }
  return s;
}

// Drops a leading image file name ("Qalamoun Shield Forces infobox logo.png Malek…").
std::string_view skip_image_name(std::string_view s) {
  for (std::string_view ext : {".png ", ".svg ", ".jpg ", ".jpeg ", ".gif "}) {
    size_t at = s.find(ext);
    if (at != std::string_view::npos && count_words(s.substr(0, at)) <= 8)
      return s.substr(at + ext.size());
  }
  return s;
}

bool has_letter_or_digit(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t c = next_code_point(s, pos);
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c > 0x7F) {
      if (c != U'†' && c != U'•' && c != U'·') return true;
    }
  }
  return false;
}

void add_field(std::vector<InfoboxField>& fields, const std::string& key, std::string_view raw) {
  std::string value = collapse_spaces(skip_image_name(raw));
  // Separators left at the edges of a flattened cell: "… Syria |", "(pro-ISIL claim) *".
  for (;;) {
    std::string_view v = trim(value);
    if (v.ends_with(" *") || v.ends_with(" |"))
      v.remove_suffix(2);
    else if (v.ends_with("|"))
      v.remove_suffix(1);
    else
      break;
    value = std::string(trim(v));
  }
  value = undouble(value);
  if (!has_letter_or_digit(value)) return;
  fields.push_back({key, std::move(value)});
}

// Splits a flattened value into items: at " * " bullets, "| " cell breaks, and after a
// run of footnote markers that is followed by the start of a new item.
std::vector<std::string> split_items(std::string_view value) {
  std::vector<std::string> items;
  std::string current;
  size_t i = 0;
  auto flush = [&] {
    std::string item = strip_bullet(current);
    if (!item.empty()) items.push_back(item);
    current.clear();
  };
  while (i < value.size()) {
    if (value.compare(i, 3, " * ") == 0) {
      flush();
      i += 3;
      continue;
    }
    if (value[i] == '|') {
      flush();
      ++i;
      continue;
    }
    if (value[i] == '[') {
      size_t len = marker_length_at(value, i);
      if (len > 0) {
        current.append(value.substr(i, len));
        i += len;
        if (i < value.size() && value[i] == ' ' && value[i + 1 < value.size() ? i + 1 : i] != '(' &&
            is_upper_or_digit_start(value.substr(i + 1)) && marker_length_at(value, i) == 0)
          flush();
        continue;
      }
    }
    // "(ISIL top commander) Col. Ali Shaheen": a qualifier closes an item.
    if (value[i] == ')' && i + 2 < value.size() && value[i + 1] == ' ' &&
        is_upper_or_digit_start(value.substr(i + 2)) && value[i + 2] != '(') {
      current.push_back(value[i++]);
      flush();
      continue;
    }
    current.push_back(value[i++]);
  }
  flush();
  return items;
}

std::string remove_map_caption(std::string_view value) {
  std::string s(value);
  for (std::string_view start : {"Map showing", "Map of", "Location of", "Situation in"}) {
    size_t at = s.find(start);
    if (at == std::string::npos) continue;
    size_t end = s.find(". ", at);
    end = end == std::string::npos ? s.size() : end + 1;
    if (looks_like_map_caption(std::string_view(s).substr(at, end - at)) || start == "Map showing")
      s.erase(at, end - at);
  }
  return s;
}

}  // namespace

std::span<const std::string_view> infobox_labels() { return kLabels; }

std::vector<InfoboxField> read_infobox_lines(std::span<const std::string_view> lines,
                                             std::string_view title) {
  std::vector<InfoboxField> fields;
  std::string key, glued_key;
  bool after_image = false;
  for (auto raw : lines) {
    std::string_view line = trim(raw);
    if (line.empty()) continue;
    if (is_image_file_name(line)) {
      after_image = true;
      continue;
    }
    bool caption = after_image && (line.ends_with(".") || looks_like_map_caption(line));
    after_image = false;
    if (caption || looks_like_map_caption(line) || is_boilerplate_line(line) || line == title)
      continue;

    std::string_view rest;
    std::string label;
    if (split_label(line, label, rest)) {
      // A label alone on its line heads the lines that follow; a label glued to its
      // value ("Date8–22 December 2016") may be all that is left of its block, so it
      // keys only its own line: copies that lose some labels must not mislabel lines.
      if (rest.empty()) {
        key = label;
      } else {
        add_field(fields, label, strip_bullet(rest));
        // "Part of X" is written with a space and its list goes on over the next lines.
        key = label == "Part of" ? label : "";
        glued_key = label;
      }
      continue;
    }
    std::string value = strip_bullet(line);
    // A parenthesised line qualifies the line before it: "(Operations chief commander)".
    if (value.starts_with("(") && !fields.empty() &&
        (fields.back().key == key || fields.back().key == glued_key)) {
      fields.back().value += " " + value;
      continue;
    }
    add_field(fields, key, value);
    glued_key.clear();
  }
  return fields;
}

std::vector<InfoboxField> read_infobox_run(std::string_view run) {
  std::vector<InfoboxField> fields;
  // Find the labels in their canonical order; a label must stand as a word, followed
  // by "|" or a space.
  struct Hit {
    size_t at, value_at;
    std::string_view label;
  };
  std::vector<Hit> hits;
  size_t from = 0;
  for (auto label : kLabels) {
    size_t at = from;
    while ((at = run.find(label, at)) != std::string_view::npos) {
      bool word_start = at == 0 || run[at - 1] == ' ' || run[at - 1] == '|';
      size_t after = at + label.size();
      bool word_end = after == run.size() || run[after] == ' ' || run[after] == '|';
      if (word_start && word_end) break;
      at = after;
    }
    if (at == std::string_view::npos) continue;
    size_t value_at = at + label.size();
    if (value_at < run.size() && run[value_at] == '|') ++value_at;
    hits.push_back({at, value_at, label});
    from = value_at;
  }
  if (hits.empty()) {
    for (auto& item : split_items(remove_map_caption(run))) add_field(fields, "", item);
    return fields;
  }
  for (auto& item : split_items(remove_map_caption(run.substr(0, hits[0].at))))
    add_field(fields, "", item);
  for (size_t h = 0; h < hits.size(); ++h) {
    size_t end = h + 1 < hits.size() ? hits[h + 1].at : run.size();
    std::string value = remove_map_caption(run.substr(hits[h].value_at, end - hits[h].value_at));
    if (hits[h].label == "Part of") {
      add_field(fields, "Part of", strip_bullet(value));
      continue;
    }
    for (auto& item : split_items(value)) add_field(fields, std::string(hits[h].label), item);
  }
  return fields;
}

}  // namespace citedex
