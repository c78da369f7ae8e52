#include "indexer/copies.h"

#include <optional>

#include "indexer/text_util.h"

namespace citedex {

namespace {

std::optional<size_t> find_heading(const std::vector<Section>& sections, const std::string& heading,
                                   size_t from) {
  std::string want = ascii_lower(heading);
  for (size_t i = from; i < sections.size(); ++i)
    if (sections[i].heading_from != "lost" && ascii_lower(sections[i].heading) == want) return i;
  return std::nullopt;
}

// Recovers the lost headings of `target` from `donor`; returns how many.
size_t recover_from(Article& target, const Article& donor) {
  auto& sections = target.sections;
  size_t recovered = 0;
  for (size_t i = 0; i < sections.size();) {
    if (sections[i].heading_from != "lost") {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < sections.size() && sections[j].heading_from == "lost") ++j;
    // Donor range between the same anchors: after the heading before the run (or the
    // donor's start) and before the heading after it (or the donor's end).
    size_t donor_from = 0;
    if (i > 0) {
      auto at = find_heading(donor.sections, sections[i - 1].heading, 0);
      if (!at) {
        i = j;
        continue;
      }
      donor_from = *at + 1;
    }
    size_t donor_to = donor.sections.size();
    if (j < sections.size()) {
      auto at = find_heading(donor.sections, sections[j].heading, donor_from);
      if (!at) {
        i = j;
        continue;
      }
      donor_to = *at;
    }
    if (donor_to >= donor_from && donor_to - donor_from == j - i) {
      for (size_t k = 0; k < j - i; ++k) {
        sections[i + k].heading = donor.sections[donor_from + k].heading;
        sections[i + k].level = donor.sections[donor_from + k].level;
        sections[i + k].level_known = donor.sections[donor_from + k].level_known;
        sections[i + k].heading_from = "recovered";
        ++recovered;
      }
    }
    i = j;
  }
  for (auto& section : sections) {
    if (section.level_known) continue;
    if (auto at = find_heading(donor.sections, section.heading, 0);
        at && donor.sections[*at].level_known) {
      section.level = donor.sections[*at].level;
      section.level_known = true;
    }
  }
  for (auto& claim : target.claims)
    if (claim.section_index >= 0) claim.section = sections[claim.section_index].heading;
  return recovered;
}

}  // namespace

std::string copy_key(const Article& article) { return ascii_lower(collapse_spaces(article.title)); }

size_t recover_lost_headings(std::vector<Article>& articles) {
  size_t total = 0;
  for (auto& target : articles) {
    bool lost = false;
    for (const auto& s : target.sections) lost |= s.heading_from == "lost";
    bool levels_unknown = false;
    for (const auto& s : target.sections) levels_unknown |= !s.level_known;
    if (!lost && !levels_unknown) continue;
    for (const auto& donor : articles) {
      if (&donor == &target || copy_key(donor) != copy_key(target)) continue;
      bool donor_complete = true;
      for (const auto& s : donor.sections) donor_complete &= s.heading_from != "lost";
      if (!donor_complete) continue;
      size_t n = recover_from(target, donor);
      if (n > 0)
        target.warnings.push_back("recovered " + std::to_string(n) + " lost section heading" +
                                  (n == 1 ? "" : "s") + " from " + donor.source);
      total += n;
      break;
    }
  }
  return total;
}

}  // namespace citedex
