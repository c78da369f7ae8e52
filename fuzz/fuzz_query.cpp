// Harness of the query parser (search/query.h) against a small in-memory index of the
// seed copies, built once.
#include <xapian.h>

#include <filesystem>
#include <memory>
#include <string>

#include "fuzz/harness.h"
#include "fuzz/properties.h"
#include "indexer/index_documents.h"
#include "indexer/outlet_table.h"
#include "indexer/pipeline.h"
#include "search/query.h"

namespace citedex::fuzz {

namespace {

struct QueryState {
  Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
  OutletTable outlets = OutletTable::builtin();
};

QueryState& state() {
  static QueryState* s = [] {
    auto* st = new QueryState;
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    ParseOptions options;
    std::filesystem::path seeds = std::filesystem::path(CITEDEX_SOURCE_DIR) / "fixtures/seeds";
    for (const auto& entry : std::filesystem::directory_iterator(seeds)) {
      std::string source = entry.path().string();
      Article article = parse_file(entry.path(), options);
      for (auto& doc : build_documents(article, source, generator)) st->db.add_document(doc);
    }
    st->db.commit();
    return st;
  }();
  return *s;
}

}  // namespace

void warm_up_query() {
  QueryState& s = state();
  ParsedQuery q = parse_query("palmyra outlet:Reuters date:2016..", s.db, s.outlets, "claim");
  Xapian::Enquire enquire(s.db);
  enquire.set_query(*q.query);
  enquire.get_mset(0, 10);
}

static void fuzz_query_body(std::string_view input) {
  QueryState& s = state();
  for (std::string_view type : {"", "claim"}) {
    try {
      ParsedQuery q = parse_query(input, s.db, s.outlets, type);
      if (!q.query) fuzz_fail("a parsed query has a query");
      Xapian::Enquire enquire(s.db);
      enquire.set_query(*q.query);
      Xapian::MSet mset = enquire.get_mset(0, 10);
      if (mset.size() > 10) fuzz_fail("get_mset honours its limit");
    } catch (const QueryError& e) {
      std::string_view message = e.what();
      if (message.empty()) fuzz_fail("a query error says what is wrong");
      // One line, unless the query itself holds a line break that the message quotes.
      if (message.find('\n') != std::string_view::npos &&
          input.find('\n') == std::string_view::npos)
        fuzz_fail("a query error is one line", escaped(message));
    }
  }
}

void fuzz_query(std::string_view input) {
  timed("parse_query", input.size(), [&] { fuzz_query_body(input); });
}

}  // namespace citedex::fuzz
