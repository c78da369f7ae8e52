// FacetSpy must count exactly what Xapian's ValueCountMatchSpy counts, including runs
// of equal values (its previous-value shortcut) and documents without the value.
#include "search/facet_spy.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <map>
#include <string>

using citedex::FacetSpy;

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
  // Runs of one article, a value that comes back after another, missing values, a
  // value that is a prefix of another.
  const char* articles[] = {"Palmyra", "Palmyra", "Palmyra", "Tiyas", "Palmyra", "", "Tiyas", "T"};
  const char* sections[] = {"Lead", "", "Lead", "Lead", "Aftermath", "Lead", "", "Lead"};
  for (size_t i = 0; i < std::size(articles); ++i) {
    Xapian::Document doc;
    doc.add_boolean_term(i % 3 == 2 ? "Xodd" : "Xall");
    doc.add_boolean_term("Xall");
    if (*articles[i]) doc.add_value(1, articles[i]);
    if (*sections[i]) doc.add_value(2, sections[i]);
    db.add_document(doc);
  }
  for (const char* term : {"Xall", "Xodd"}) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    FacetSpy spy({1, 2});
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, 1000);
    for (size_t i = 0; i < 2; ++i) {
      std::map<std::string, Xapian::doccount> mine(spy.counts(i).begin(), spy.counts(i).end());
      CHECK(mine == xapian_counts(enquire, static_cast<Xapian::valueno>(i + 1)));
    }
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query("Xall"));
  FacetSpy spy({1});
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, 1000);
  CHECK(spy.counts(0).at("Palmyra") == 4);
  CHECK(spy.counts(0).at("Tiyas") == 2);
  CHECK(spy.counts(0).at("T") == 1);
  CHECK(spy.counts(0).count("") == 0);
}
