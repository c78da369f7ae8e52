// Acceptance tests of the wikitext/dump issue through the real binary: MediaWiki XML
// dumps (bzip2) and wikitext files become articles, go into the index, and search.
#include <catch2/catch.hpp>
#include <set>

#include "tests/test_support.h"

using citedex::testing::fixture;
using citedex::testing::parse_jsonl;
using citedex::testing::quote;
using citedex::testing::read_file;
using citedex::testing::run_citedex;
using citedex::testing::TempDir;

TEST_CASE("the enwiki sample dump yields its 2 articles, the redirect skipped and counted",
          "[dumps]") {
  auto r = run_citedex("parse --format jsonl " +
                       quote(fixture("dumps/enwiki-pages-articles-sample.xml.bz2")));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto articles = parse_jsonl(r.out);
  REQUIRE(articles.size() == 2);
  std::set<std::string> titles;
  size_t references = 0;
  for (auto& a : articles) {
    titles.insert(a["title"]);
    CHECK(a["shape"] == "wikitext");
    CHECK(a["metadata"].contains("page_id"));
    CHECK(a["metadata"].contains("revision_id"));
    CHECK(a["metadata"].contains("timestamp"));
    references += a["references"].size();
    for (auto& c : a["claims"]) {
      std::string text = c["text"];
      CHECK(text.find("{{") == std::string::npos);
      CHECK(text.find("[[") == std::string::npos);
      CHECK(text.find("<ref") == std::string::npos);
    }
  }
  CHECK(titles == std::set<std::string>{"Computer accessibility", "Accessibility"});
  CHECK(references >= 20);
  CHECK(r.err.find("2 articles from 3 pages (1 redirects") != std::string::npos);
}

TEST_CASE("the bulk sample dump yields only its main-namespace articles", "[dumps]") {
  auto r = run_citedex("parse --format jsonl " + quote(fixture("dumps/bulk_dump_sample.xml.bz2")));
  REQUIRE(r.exit_code == 0);
  std::set<std::string> titles;
  for (auto& a : parse_jsonl(r.out)) titles.insert(a["title"]);
  CHECK(titles == std::set<std::string>{"Vagococcus silagei", "13th Division (Yugoslav Partisans)",
                                        "Phyllodistomum"});
  auto talk = run_citedex("parse --format jsonl --namespace 1 " +
                          quote(fixture("dumps/bulk_dump_sample.xml.bz2")));
  REQUIRE(talk.exit_code == 0);
  CHECK(parse_jsonl(talk.out).size() == 4);
  // Standard input streams too.
  auto piped =
      run_citedex("parse --format jsonl -", read_file(fixture("dumps/bulk_dump_sample.xml.bz2")));
  CHECK(parse_jsonl(piped.out).size() == 3);
}

TEST_CASE("dumps and wikitext files go into the index", "[dumps][index]") {
  TempDir dir;
  std::string db = quote(dir.path() / "db");
  auto r = run_citedex("index --format jsonl --db " + db + " " + quote(fixture("dumps")));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto report = parse_jsonl(r.out).at(0);
  CHECK(report["files"] == 2);
  CHECK(report["articles"] == 5);
  auto again =
      parse_jsonl(
          run_citedex("index --format jsonl --db " + db + " " + quote(fixture("dumps"))).out)
          .at(0);
  CHECK(again["unchanged"] == 2);
  CHECK(again["claims"] == report["claims"]);
  auto s = run_citedex("search --db " + db + " --format jsonl --limit 50 accessibility");
  REQUIRE(s.exit_code == 0);
  CHECK(parse_jsonl(s.out).at(0)["total"].get<int>() > 0);
}
