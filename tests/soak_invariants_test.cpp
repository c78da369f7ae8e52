// The soaks' invariant checkers (bench/soak_invariants.h) on real indexes with whole,
// missing and half-indexed files, and on search counts of committed and impossible states.
#include "bench/soak_invariants.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "indexer/index_writer.h"
#include "indexer/schema.h"
#include "tests/test_support.h"

using namespace citedex::soak;
using citedex::testing::TempDir;
using citedex::testing::write_file;

namespace {

// Four small articles with distinct titles (no copies lending each other anything).
std::vector<std::string> write_articles(const std::filesystem::path& dir) {
  std::vector<std::string> files;
  const char* const places[] = {"Alpha", "Bravo", "Charlie", "Delta"};
  for (int i = 0; i < 4; ++i) {
    std::string place = places[i];
    std::string text = place + " offensive (2016)\n\nFrom Wikipedia the free encyclopedia\n\n";
    text += "The " + place + " offensive was a military operation near " + place +
            " in 2016.[1] Government forces took the airbase after two weeks of fighting.[2]\n\n";
    text += "Background[edit]\n\nThe town of " + place +
            " had been besieged since the previous spring.[1] Rebels shelled the road every "
            "night.[2]\n\n";
    text += "References[edit]\n\n";
    text += "  1. ^ a b \"Army advances on " + place + "\". Reuters. 3 March 2016.\n";
    text += "  2. ^ a b \"Fighting around " + place + " airbase\". Al-Masdar News. 5 March 2016.\n";
    auto path = dir / ("article_" + std::to_string(i) + ".txt");
    write_file(path, text);
    files.push_back(path.string());
  }
  return files;
}

Census build(const std::string& db, const std::vector<std::string>& files) {
  citedex::IndexOptions options;
  options.db_path = db;
  citedex::index_files(files, options, [](const std::string& path, const std::string& problem) {
    FAIL(path + ": " + problem);
  });
  return take_census(db);
}

bool mentions(const std::vector<std::string>& problems, const std::string& words) {
  for (const auto& p : problems)
    if (p.find(words) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("the crash census accepts whole files and flags half-indexed ones", "[soak]") {
  TempDir dir;
  auto files = write_articles(dir.path() / "corpus");
  Census clean = build((dir.path() / "clean").string(), files);
  REQUIRE(clean.files.size() == 4);
  REQUIRE(clean.hashes.size() == 4);
  for (const auto& [path, f] : clean.files) {
    CHECK(f.articles == 1);
    CHECK(f.claims >= 4);
    CHECK(f.references == 2);
  }
  CHECK(check_complete(clean, clean).empty());

  // Written and read back, a census is the same.
  std::stringstream text;
  write_census(text, clean);
  Census again = read_census(text);
  CHECK(again.files == clean.files);
  CHECK(again.hashes == clean.hashes);
  CHECK(again.documents == clean.documents);

  // The first two files, as a run killed after its second file commits leaves them.
  const std::string partial_db = (dir.path() / "partial").string();
  Census partial = build(partial_db, {files[0], files[1]});
  CHECK(check_killed(partial, clean, true).empty());
  CHECK(mentions(check_complete(partial, clean), "missing"));

  // Files 1 and 3 only: whole files, but not the first ones in path order.
  Census gap = build((dir.path() / "gap").string(), {files[1], files[3]});
  CHECK(check_killed(gap, clean, false).empty());
  CHECK(mentions(check_killed(gap, clean, true), "earlier in path order"));

  {
    Xapian::WritableDatabase db(partial_db);
    // One claim of the first file gone: the file is half-indexed.
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND,
                                    Xapian::Query(std::string(citedex::kPrefixSource) + files[0]),
                                    Xapian::Query(std::string(citedex::kPrefixType) + "claim")));
    auto mset = enquire.get_mset(0, 1);
    REQUIRE(mset.size() == 1);
    db.delete_document(*mset.begin());
    // The second file's hash gone: documents without a hash.
    db.set_metadata(std::string(citedex::kMetaFilePrefix) + files[1], "");
    db.commit();
  }
  auto broken = check_killed(take_census(partial_db), clean, true);
  CHECK(mentions(broken, files[0] + ": half-indexed"));
  CHECK(mentions(broken, files[1] + ": has documents but no content hash"));

  // Same counts, different content: the digest tells.
  Census edited = clean;
  edited.files.begin()->second.digest += 1;
  CHECK(mentions(check_complete(clean, edited), "differ from a clean build"));
}

TEST_CASE("a search's per-article counts bound the files committed", "[soak]") {
  const std::vector<std::string> order = {"A", "B", "C", "D", "E"};
  // The query matches A (3), C (2), D (1); B and E not at all.
  const std::map<std::string, size_t> final_counts = {{"A", 3}, {"C", 2}, {"D", 1}};
  std::string why;

  auto none = committed_state({}, order, final_counts, &why);
  REQUIRE(none);
  CHECK(none->lo == 0);
  CHECK(none->hi == 0);  // A is not committed

  auto two = committed_state({{"A", 3}}, order, final_counts, &why);
  REQUIRE(two);
  CHECK(two->lo == 1);
  CHECK(two->hi == 2);  // B may be committed, C is not

  auto all = committed_state({{"A", 3}, {"C", 2}, {"D", 1}}, order, final_counts, &why);
  REQUIRE(all);
  CHECK(all->lo == 4);
  CHECK(all->hi == 5);

  CHECK_FALSE(committed_state({{"A", 3}, {"C", 1}}, order, final_counts, &why));
  CHECK(why.find("1 hits of the 2") != std::string::npos);
  CHECK_FALSE(committed_state({{"C", 2}}, order, final_counts, &why));
  CHECK(why.find("'A' missing") != std::string::npos);
  CHECK_FALSE(committed_state({{"Z", 1}}, order, final_counts, &why));
  CHECK(why.find("the finished index has none") != std::string::npos);

  CHECK_FALSE(first_regression({*none, *two, *two, *all}));
  CHECK(first_regression({*none, *all, *two}) == 2u);
  CHECK(first_regression({*two, *none}) == 1u);
}
