#include "search/highlight_stemmer.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace citedex {
namespace {

// Marks `text` for `query` the way search does, with the given stemmer.
std::string marked(const std::string& query, const std::string& text, const Xapian::Stem& stem,
                   Xapian::WritableDatabase& db) {
  Xapian::QueryParser qp;
  qp.set_stemmer(Xapian::Stem("english"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_AND);
  Xapian::Enquire enquire(db);
  enquire.set_query(qp.parse_query(query));
  Xapian::MSet mset = enquire.get_mset(0, 10);
  return mset.snippet(text, text.size() * 2 + 16, stem, Xapian::MSet::SNIPPET_EXHAUSTIVE, "[", "]",
                      "…");
}

TEST_CASE("the highlight stemmer marks what the English stemmer marks", "[search]") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const std::vector<std::string> texts = {
      "Government forces withdrew to the Tiyas airbase after the airbases were shelled",
      "The army recaptured the cities of Palmyra and 'Armies' gathered; dying fighters",
      "Russian airstrikes hit the gas fields east of the city, according to SOHR",
  };
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  for (const auto& t : texts) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(t);
    db.add_document(doc);
  }
  for (std::string query : {"airbase", "city", "armies", "gas field", "\"the army\"", "die",
                            "recapture OR russian", "sohr"}) {
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    Xapian::Query q = qp.parse_query(query);
    std::vector<std::string> terms(q.get_terms_begin(), q.get_terms_end());
    Xapian::Stem fast = highlight_stemmer(terms);
    for (const auto& t : texts) {
      INFO(query << " in " << t);
      CHECK(marked(query, t, fast, db) == marked(query, t, Xapian::Stem("english"), db));
    }
  }
}

TEST_CASE("the highlight stemmer leaves words that cannot match unstemmed", "[search]") {
  Xapian::Stem stem = highlight_stemmer({"Zairbas", "XOal-masdar-news", "ZXWciti"});
  CHECK(stem("airbases") == "airbas");
  CHECK(stem("cities") == "citi");
  CHECK(stem("withdrew") == "withdrew");  // 'w' starts no query word
  CHECK(stem("shelling") == "shelling");  // 's' neither: left as it is
  CHECK(stem("'armies'") == Xapian::Stem("english")("'armies'"));
}

}  // namespace
}  // namespace citedex
