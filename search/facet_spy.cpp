#include "search/facet_spy.h"

namespace citedex {

FacetSpy::FacetSpy(std::vector<Xapian::valueno> slots) {
  for (auto s : slots) slots_.push_back({s, {}, {}, nullptr});
}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
  for (auto& s : slots_) {
    std::string value = doc.get_value(s.slot);
    if (value.empty()) continue;  // as ValueCountMatchSpy: no value, nothing to count
    if (s.last_count && value == s.last_value) {
      ++*s.last_count;
      continue;
    }
    auto [it, inserted] = s.counts.try_emplace(value, 0);
    ++it->second;
    s.last_count = &it->second;
    s.last_value = std::move(value);
  }
}

std::string FacetSpy::get_description() const {
  return "citedex::FacetSpy(" + std::to_string(slots_.size()) + " slots)";
}

}  // namespace citedex
