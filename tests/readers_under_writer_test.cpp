// Every reader of the index reads again when a writer discards the revision it is
// reading (indexer/index_db.h, read_index): search, claims, show, outlets, stats, the
// audit report and count_index. The writer commits at a known moment, through
// set_read_attempt_hook, so the discard happens in every run, not only under load.
#include <xapian.h>

#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "indexer/index_db.h"
#include "indexer/index_writer.h"
#include "indexer/outlet_table.h"
#include "search/reports.h"
#include "search/searcher.h"
#include "tests/test_support.h"

using citedex::testing::TempDir;
using Json = nlohmann::json;

namespace {

// Four commits that leave the index's content as it was. In each, every document gains
// a value in an unused slot or loses it again, and 100 documents of 200 terms each come
// or go: every table a reader touches is rewritten, so Xapian reuses the blocks of the
// revision the reader opened.
void churn(Xapian::WritableDatabase& writer) {
  constexpr Xapian::valueno kUnused = 99;
  std::vector<Xapian::docid> added;
  for (int round = 0; round < 4; ++round) {
    const bool add = round % 2 == 0;
    for (Xapian::PostingIterator it = writer.postlist_begin(""); it != writer.postlist_end("");
         ++it) {
      Xapian::Document doc = writer.get_document(*it);
      if (add)
        doc.add_value(kUnused, "churn");
      else if (!doc.get_value(kUnused).empty())
        doc.remove_value(kUnused);
      writer.replace_document(*it, doc);
    }
    if (add) {
      for (int i = 0; i < 100; ++i) {
        Xapian::Document doc;
        for (int t = 0; t < 200; ++t)
          doc.add_term("Qchurn" + std::to_string(i) + "_" + std::to_string(t));
        added.push_back(writer.add_document(doc));
      }
    } else {
      for (Xapian::docid id : added) writer.delete_document(id);
      added.clear();
    }
    writer.commit();
  }
}

// The readers, each returning what it found as JSON.
Json search(const std::string& db) {
  citedex::SearchOptions options;
  options.limit = 50;
  options.facets = {"outlet", "article", "section", "year"};
  auto r = citedex::run_search(db, "airbase OR palmyra", options, citedex::OutletTable::builtin());
  Json out{{"total", r.total}, {"hits", Json::array()}, {"facets", Json::object()}};
  for (const auto& h : r.hits) out["hits"].push_back({h.data, h.highlighted, h.also_in});
  for (const auto& [name, counts] : r.facets)
    for (const auto& c : counts) out["facets"][name].push_back({c.value, c.count});
  return out;
}

Json claims(const std::string& db) {
  auto r = citedex::claims_for_outlet(db, "AMN", false, true, citedex::OutletTable::builtin());
  Json out = Json::array();
  for (const auto& g : r.groups) out.push_back({g.article, g.source, g.claims});
  return out;
}

Json show(const std::string& db) {
  Json out = Json::array();
  for (const auto& v : citedex::show_article(db, "Palmyra offensive (December 2016)"))
    out.push_back({v.article, v.claims, v.references});
  return out;
}

Json outlets(const std::string& db) {
  Json out = Json::array();
  for (const auto& row : citedex::outlet_tally(db, citedex::OutletTable::builtin()))
    out.push_back({row.outlet, row.references, row.claims, row.attributions});
  return out;
}

Json stats(const std::string& db) { return citedex::index_stats(db); }

Json audit_report(const std::string& db) {
  citedex::audit::Options options;
  options.db_path = db;
  auto r = citedex::audit::run(options, citedex::OutletTable::builtin());
  return {{"urls", r.urls}, {"references", r.references}};
}

Json counts(const std::string& db) {
  auto c = citedex::count_index(db);
  return {c.documents, c.articles, c.claims, c.references, c.files};
}

}  // namespace

TEST_CASE("every reader reads again when a writer discards its revision", "[index][concurrency]") {
  TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  citedex::IndexOptions options;
  options.db_path = db;
  // The seeds, and wikitext whose references carry URLs for the audit report.
  auto files = citedex::collect_input_files(
      {citedex::testing::fixture("seeds").string(), citedex::testing::fixture("wikitext").string()},
      [](const std::string&, const std::string&) {});
  auto report = citedex::index_files(
      files, options,
      [](const std::string& path, const std::string& problem) { FAIL(path + ": " + problem); });
  REQUIRE(report.claims > 442);

  const std::vector<std::pair<std::string, std::function<Json(const std::string&)>>> readers = {
      {"search", search}, {"claims", claims},      {"show", show},         {"outlets", outlets},
      {"stats", stats},   {"audit", audit_report}, {"count_index", counts}};
  // What each reader finds with no writer about.
  std::vector<Json> expected;
  for (const auto& [name, read] : readers) expected.push_back(read(db));
  // Each finds something, so that finding the same again means something.
  CHECK(expected[0]["total"].get<size_t>() > 0);
  CHECK(expected[1].size() >= 2);  // AMN-sourced claims in both Palmyra articles
  CHECK(expected[2].size() >= 2);  // copies of the December 2016 offensive
  CHECK(expected[3].size() > 10);
  CHECK(expected[4]["claims"] == report.claims);
  CHECK(expected[5]["urls"].get<size_t>() > 10);
  CHECK(expected[6][2] == report.claims);

  Xapian::WritableDatabase writer = citedex::open_for_writing(db, false);
  std::vector<int> attempts;
  citedex::set_read_attempt_hook([&](int attempt) {
    attempts.push_back(attempt);
    if (attempt == 1) churn(writer);
  });
  struct Unhook {
    ~Unhook() { citedex::set_read_attempt_hook({}); }
  } unhook;
  for (size_t i = 0; i < readers.size(); ++i) {
    const auto& [name, read] = readers[i];
    INFO(name);
    attempts.clear();
    Json found;
    try {
      found = read(db);
    } catch (const std::exception& e) {
      FAIL(name + " failed: " + e.what());
    }
    // Its first attempt was overtaken (the revision it opened was discarded), and the
    // second, at the newest commit, found what the index holds.
    CHECK(attempts == std::vector<int>{1, 2});
    CHECK(found == expected[i]);
  }
}
