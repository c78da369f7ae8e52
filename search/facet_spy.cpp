#include "search/facet_spy.h"

#include <array>

#include "indexer/schema.h"

namespace citedex {

FacetSpy::FacetSpy(Xapian::valueno row_slot, std::vector<size_t> facets) : row_slot_(row_slot) {
  for (size_t index : facets) facets_.push_back({index, {}, {}, nullptr});
}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
  const std::string row = doc.get_value(row_slot_);
  // One pass cuts the row into its fields.
  std::array<std::string_view, kFacets.size()> fields{};
  std::string_view rest = row;
  for (size_t i = 0; i < fields.size(); ++i) {
    size_t sep = rest.find('\x1e');
    fields[i] = rest.substr(0, sep);
    if (sep == std::string_view::npos) break;
    rest.remove_prefix(sep + 1);
  }
  for (auto& f : facets_) {
    std::string_view value = fields[f.index];
    if (value.empty()) continue;  // as ValueCountMatchSpy: no value, nothing to count
    if (f.last_count && value == f.last_value) {
      ++*f.last_count;
      continue;
    }
    auto it = f.counts.find(value);
    if (it == f.counts.end()) it = f.counts.emplace(std::string(value), 0).first;
    ++it->second;
    f.last_count = &it->second;
    f.last_value.assign(value);
  }
}

std::string FacetSpy::get_description() const {
  return "citedex::FacetSpy(slot " + std::to_string(row_slot_) + ", " +
         std::to_string(facets_.size()) + " facets)";
}

}  // namespace citedex
