// Acceptance tests of the wikitext/dump issue through the real binary: MediaWiki XML
// dumps (bzip2) and wikitext files become articles, go into the index, and search.
#include <xapian.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "indexer/index_writer.h"
#include "indexer/schema.h"
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

TEST_CASE("a changed or half-indexed dump has its old documents replaced, not kept",
          "[dumps][index][incremental]") {
  TempDir dir;
  const auto dump = dir.path() / "pages.xml.bz2";
  const std::string dump_path = dump.string();
  int indexed = 0;  // files (re)indexed by the last run
  auto index = [&](const std::string& db) {
    auto r = run_citedex("index --format jsonl --db " + quote(db) + " " + quote(dump));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    indexed = parse_jsonl(r.out).at(0)["indexed"].get<int>();
    return citedex::count_index(db);
  };
  std::filesystem::copy_file(fixture("dumps/enwiki-pages-articles-sample.xml.bz2"), dump);
  const auto enwiki = index((dir.path() / "enwiki").string());
  std::filesystem::remove(dump);
  std::filesystem::copy_file(fixture("dumps/bulk_dump_sample.xml.bz2"), dump);
  const auto bulk = index((dir.path() / "bulk").string());
  REQUIRE(bulk.documents != enwiki.documents);

  // The same path, first one dump, then the other: only the second one's documents stay.
  const std::string db = (dir.path() / "db").string();
  std::filesystem::remove(dump);
  std::filesystem::copy_file(fixture("dumps/enwiki-pages-articles-sample.xml.bz2"), dump);
  CHECK(index(db).documents == enwiki.documents);
  std::filesystem::remove(dump);
  std::filesystem::copy_file(fixture("dumps/bulk_dump_sample.xml.bz2"), dump);
  auto changed = index(db);
  CHECK(indexed == 1);
  CHECK(changed.documents == bulk.documents);
  CHECK(changed.claims == bulk.claims);
  CHECK(changed.articles == bulk.articles);

  // A run killed inside a dump leaves its pages committed so far and the "partial" mark
  // (the hash is written last); the next run must drop those pages before adding them
  // again.
  {
    Xapian::WritableDatabase w(db, Xapian::DB_OPEN);
    const std::string key = std::string(citedex::kMetaFilePrefix) +
                            citedex::source_key(citedex::source_path(dump_path));
    REQUIRE(!w.get_metadata(key).empty());
    w.set_metadata(key, std::string(citedex::kMetaFilePartial));
    w.commit();
  }
  auto resumed = index(db);
  CHECK(indexed == 1);
  CHECK(resumed.documents == bulk.documents);
  CHECK(resumed.claims == bulk.claims);
  CHECK(resumed.references == bulk.references);
}

TEST_CASE("a dump read in part says so on every run until it is read whole",
          "[dumps][index][incremental]") {
  TempDir dir;
  std::filesystem::create_directory(dir.path() / "in");
  const auto dump = dir.path() / "in" / "pages.xml";
  const std::string db = quote(dir.path() / "db");
  auto put = [&](const std::string& name) {  // `name` of fixtures/ becomes the dump's content
    std::filesystem::copy_file(fixture(name), dump,
                               std::filesystem::copy_options::overwrite_existing);
  };
  auto index = [&] { return run_citedex("index --format jsonl --db " + db + " " + quote(dump)); };
  put("hostile/truncated_mid_tag.xml");
  auto first = index();
  CHECK(first.exit_code == 1);
  CHECK(first.err.find("warning: dump ends inside a page") != std::string::npos);
  // Skipped as unchanged, it is still only partly in the index: the warning and exit 1 stay.
  auto again = index();
  CHECK(again.exit_code == 1);
  CHECK(parse_jsonl(again.out).at(0)["unchanged"] == 1);
  CHECK(again.err.find("pages.xml: warning: unchanged, and indexed only in part: dump ends "
                       "inside a page ('Two'") != std::string::npos);
  // The whole dump replaces it: the note goes with the truncated content.
  std::string whole = read_file(fixture("hostile/truncated_mid_tag.xml"));
  whole = whole.substr(0, whole.rfind("<page>")) + "</mediawiki>\n";
  citedex::testing::write_file(dump, whole);
  auto fixed = index();
  CHECK(fixed.exit_code == 0);
  CHECK(fixed.err.empty());
  auto fixed_again = index();
  CHECK(fixed_again.exit_code == 0);
  CHECK(fixed_again.err.empty());
  // A dump read in part, whose path then holds a file read whole (not a dump): its
  // note goes with the dump's documents.
  put("hostile/truncated_mid_tag.xml");
  CHECK(index().exit_code == 1);
  put("seeds/004_e8a361f7f028ea89.txt");
  auto article = index();
  CHECK(article.exit_code == 0);
  CHECK(parse_jsonl(article.out).at(0)["indexed"] == 1);
  auto article_again = index();
  CHECK(article_again.exit_code == 0);
  CHECK(article_again.err.empty());
  put("hostile/truncated_mid_tag.xml");
  CHECK(index().exit_code == 1);
  // Pruning a dump read in part removes its note along with its entry.
  CHECK(index().exit_code == 1);  // unchanged, still read in part
  std::filesystem::remove(dump);
  auto pruned =
      run_citedex("index --prune --format jsonl --db " + db + " " + quote(dir.path() / "in"));
  CHECK(parse_jsonl(pruned.out).at(0)["pruned"] == 1);
  Xapian::Database r((dir.path() / "db").string());
  std::string prefix(citedex::kMetaReadInPartPrefix);
  CHECK(r.metadata_keys_begin(prefix) == r.metadata_keys_end(prefix));
}

namespace {

// The claims of `article` in the paragraphs whose first claim starts with one of `starts`.
std::vector<nlohmann::json> claims_of_paragraphs(const nlohmann::json& article,
                                                 const std::vector<std::string>& starts) {
  std::set<int> paragraphs;
  for (const auto& c : article["claims"])
    for (const auto& s : starts)
      if (c["text"].get<std::string>().rfind(s, 0) == 0)
        paragraphs.insert(c["paragraph"].get<int>());
  std::vector<nlohmann::json> out;
  for (const auto& c : article["claims"])
    if (c["kind"] == "sentence" && paragraphs.count(c["paragraph"].get<int>())) out.push_back(c);
  return out;
}

const nlohmann::json* reference_labelled(const nlohmann::json& article, const std::string& label) {
  for (const auto& r : article["references"])
    if (r["label"] == label) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("the wikitext rewrite of seed 003 equals the rendered copy, outlets from the templates",
          "[dumps][acceptance]") {
  // Both through the binary, the path `citedex parse` takes.
  auto wiki = run_citedex("parse --format jsonl --title 'Palmyra offensive (December 2016)' " +
                          quote(fixture("wikitext/palmyra_003_excerpt.wiki")));
  INFO(wiki.err);
  REQUIRE(wiki.exit_code == 0);
  // 003 lost its "Background" heading; 002, a copy of the same article, lends it back.
  auto rendered =
      run_citedex("parse --format jsonl " + quote(fixture("seeds/002_e8978a0c9fffe3dd.txt")) + " " +
                  quote(fixture("seeds/003_181288a9616d42e9.txt")));
  REQUIRE(rendered.exit_code == 0);
  const auto source = parse_jsonl(wiki.out).at(0);
  const auto copy = parse_jsonl(rendered.out).at(1);
  REQUIRE(copy["source"].get<std::string>().find("003_") != std::string::npos);
  CHECK(source["shape"] == "wikitext");
  CHECK(source["title"] == "Palmyra offensive (December 2016)");

  const std::vector<std::string> starts = {"ISIL captured the ancient city",
                                           "The SAA counter-attacked on 9 December",
                                           "On 10 December, Army reinforcements"};
  auto expected = claims_of_paragraphs(copy, starts);
  auto actual = claims_of_paragraphs(source, starts);
  REQUIRE(expected.size() == 22);
  REQUIRE(actual.size() == expected.size());
  // The source numbers its refs 1..n by first use; the rendered copy's labels (42…) are
  // renumbered the same way, one source label per rendered label.
  std::map<std::string, std::string> renumber;
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("claim " << i << ": " << expected[i]["text"]);
    CHECK(actual[i]["text"] == expected[i]["text"]);
    CHECK(actual[i]["flags"] == expected[i]["flags"]);
    CHECK(actual[i]["section"] == expected[i]["section"]);
    REQUIRE(actual[i]["footnotes"].size() == expected[i]["footnotes"].size());
    for (size_t k = 0; k < expected[i]["footnotes"].size(); ++k) {
      std::string label = expected[i]["footnotes"][k];
      auto it = renumber.emplace(label, std::to_string(renumber.size() + 1)).first;
      CHECK(actual[i]["footnotes"][k] == it->second);
    }
    CHECK(actual[i]["unresolved"].empty());
  }
  CHECK(renumber.size() == 17);
  CHECK(source["references"].size() == renumber.size());

  // Every outlet the rendered copy reads from its reference entry, the source resolves the
  // same ("title" is a guess from another reference with the same title: the source's URL
  // overrules it — [62] is a Daily Star page carrying the AP story of [61]).
  for (const auto& [rendered_label, source_label] : renumber) {
    const auto* r = reference_labelled(copy, rendered_label);
    const auto* s = reference_labelled(source, source_label);
    REQUIRE(r != nullptr);
    REQUIRE(s != nullptr);
    INFO("rendered [" << rendered_label << "] " << (*r)["text"]);
    if (!(*r)["outlet"].is_null() && (*r)["outlet_via"] != "title")
      CHECK((*s)["outlet"] == (*r)["outlet"]);
    CHECK_FALSE((*s)["outlet"].is_null());
  }
  const auto* masdar = reference_labelled(source, renumber.at("42"));
  CHECK((*masdar)["url"] == "");
  CHECK((*masdar)["outlet"] == "Al-Masdar News");
  CHECK((*masdar)["outlet_via"] == "work");
  const auto* sohr = reference_labelled(source, renumber.at("58"));
  CHECK((*sohr)["publisher"] == "");
  CHECK((*sohr)["work"] == "");
  CHECK((*sohr)["outlet"] == "Syrian Observatory for Human Rights");
  CHECK((*sohr)["outlet_via"] == "url");
  // The rendered copy had no way to tell: the title alone names no outlet.
  CHECK(reference_labelled(copy, "58")->at("outlet").is_null());
  const auto* reuters = reference_labelled(source, renumber.at("59"));
  CHECK((*reuters)["outlet"] == "Reuters");
  CHECK((*reuters)["outlet_via"] == "agency");

  // The outlets command over the source counts them.
  auto tally =
      run_citedex("outlets --format jsonl " + quote(fixture("wikitext/palmyra_003_excerpt.wiki")));
  std::map<std::string, int> references;
  for (const auto& row : parse_jsonl(tally.out)) references[row["outlet"]] = row["references"];
  CHECK(references["Al-Masdar News"] == 4);
  CHECK(references["Syrian Observatory for Human Rights"] == 2);
  CHECK(references["Reuters"] == 1);
  CHECK(references.count("(unknown)") == 0);
}
