// FacetSpy must count exactly what Xapian's ValueCountMatchSpy counts on each facet's
// own slot, including runs of equal values (its previous-value shortcut), values that
// come back after another, and documents without the value.
#include "search/facet_spy.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "indexer/schema.h"

using namespace citedex;

namespace {

std::map<std::string, Xapian::doccount> xapian_counts(Xapian::Enquire& enquire,
                                                      Xapian::valueno slot) {
  Xapian::ValueCountMatchSpy spy(slot);
  enquire.clear_matchspies();
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, 1000);
  std::map<std::string, Xapian::doccount> out;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) out[*it] = it.get_termfreq();
  return out;
}

}  // namespace

TEST_CASE("FacetSpy counts as ValueCountMatchSpy does", "[facet_spy]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const char* outlets[] = {"Reuters", "Reuters\x1fSANA", "", "SANA", "SANA", "", "Reuters", "T"};
  const char* articles[] = {"Palmyra", "Palmyra", "Palmyra", "Tiyas", "Palmyra", "", "Tiyas", "T"};
  const char* sections[] = {"Lead", "", "Lead", "Lead", "Aftermath", "Lead", "", "Lead"};
  for (size_t i = 0; i < std::size(articles); ++i) {
    Xapian::Document doc;
    doc.add_boolean_term(i % 3 == 2 ? "Xodd" : "Xall");
    doc.add_boolean_term("Xall");
    std::array<std::string, kFacets.size()> row;
    row[0] = outlets[i];
    row[1] = articles[i];
    row[2] = sections[i];
    for (size_t f = 0; f < 3; ++f)
      if (!row[f].empty()) doc.add_value(kFacets[f].slot, row[f]);
    doc.add_value(kSlotFacets, facet_row(row));
    db.add_document(doc);
  }
  for (const char* term : {"Xall", "Xodd"}) {
    INFO(term);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    FacetSpy spy(kSlotFacets, {0, 1, 2});
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, 1000);
    for (size_t i = 0; i < 3; ++i) {
      std::map<std::string, Xapian::doccount> mine(spy.counts(i).begin(), spy.counts(i).end());
      CHECK(mine == xapian_counts(enquire, kFacets[i].slot));
    }
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query("Xall"));
  FacetSpy spy(kSlotFacets, {1});
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, 1000);
  CHECK(spy.counts(0).at("Palmyra") == 4);
  CHECK(spy.counts(0).at("Tiyas") == 2);
  CHECK(spy.counts(0).at("T") == 1);
  CHECK(spy.counts(0).count("") == 0);
}
