// How `citedex index` names the files it indexes: by absolute path, whatever the working
// directory or the spelling; paths too long for a Xapian key; directories and files it
// cannot read. The real binary, on fixtures copied into a temporary directory.
#include <linux/capability.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <string>

#include "indexer/link_status.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using citedex::testing::fixture;
using citedex::testing::parse_jsonl;
using citedex::testing::read_file;
using citedex::testing::run_citedex_argv;
using citedex::testing::RunResult;
using citedex::testing::TempDir;
using citedex::testing::write_file;

namespace {

const char* const kSeedA = "000_94f44c9d361cf4c1.txt";
const char* const kSeedB = "004_e8a361f7f028ea89.txt";
const char* const kSeedC = "001_7ba5000a254c49cc.txt";

void copy_seed(const char* seed, const fs::path& to) {
  write_file(to, read_file(fixture(std::string("seeds/") + seed)));
}

// `citedex index --format jsonl ARGS...` run in `cwd`; the summary record.
nlohmann::json index_in(const fs::path& cwd, std::vector<std::string> args,
                        RunResult* result = nullptr) {
  args.insert(args.begin(), {"index", "--format", "jsonl"});
  RunResult r = run_citedex_argv(args, [cwd] {
    if (chdir(cwd.c_str()) != 0) _exit(125);
  });
  if (result) *result = r;
  INFO(r.err);
  REQUIRE(r.exit_code != 125);
  auto records = parse_jsonl(r.out);
  REQUIRE(records.size() == 1);
  return records[0];
}

}  // namespace

TEST_CASE("a file is one file whatever the working directory or the spelling of its path",
          "[index][incremental][paths]") {
  TempDir dir;
  const fs::path work = dir.path() / "work";
  copy_seed(kSeedA, work / "corpus" / kSeedA);
  copy_seed(kSeedB, work / "corpus" / "sub" / kSeedB);
  fs::create_directories(dir.path() / "elsewhere");
  const std::string db = (dir.path() / "db").string();

  auto first = index_in(work, {"--db", db, "corpus"});
  CHECK(first["indexed"] == 2);
  CHECK(first["files"] == 2);

  // Other spellings of the same tree, from the same and from other directories.
  for (const auto& [cwd, path] : std::vector<std::pair<fs::path, std::string>>{
           {work, "./corpus/"},
           {work / "corpus", "."},
           {work / "corpus" / "sub", "../../corpus//sub/.."},
           {dir.path() / "elsewhere", (work / "corpus").string()},
           {dir.path() / "elsewhere", "../work/corpus/" + std::string(kSeedA)}}) {
    INFO(cwd.string() + " : " + path);
    auto again = index_in(cwd, {"--db", db, path});
    CHECK(again["indexed"] == 0);
    CHECK(again["files"] == 2);
    CHECK(again["claims"] == first["claims"]);
  }

  // --prune from another directory, naming one file: the other one is still there.
  auto pruned = index_in(dir.path() / "elsewhere",
                         {"--db", db, "--prune", "../work/corpus/" + std::string(kSeedA)});
  CHECK(pruned["pruned"] == 0);
  CHECK(pruned["files"] == 2);
  CHECK(pruned["claims"] == first["claims"]);

  // Gone for real: pruned, from wherever it runs.
  fs::remove(work / "corpus" / "sub" / kSeedB);
  pruned = index_in(dir.path() / "elsewhere", {"--db", db, "--prune", "../work/corpus"});
  CHECK(pruned["pruned"] == 1);
  CHECK(pruned["files"] == 1);

  // Search results name the file by its absolute path.
  auto found =
      run_citedex_argv({"search", "--db", db, "--format", "jsonl", "--limit", "1", "airbase"});
  REQUIRE(found.exit_code == 0);
  auto records = parse_jsonl(found.out);
  REQUIRE(records.size() == 2);
  CHECK(records[1]["source"] == (work / "corpus" / kSeedA).string());
}

TEST_CASE("a path too long for a Xapian key is indexed, skipped when unchanged, and pruned",
          "[index][incremental][paths]") {
  TempDir dir;
  fs::path deep = dir.path() / "corpus";
  // Nested directories, each name short enough for the file system: 300 bytes and more.
  while (deep.string().size() < 300) deep /= std::string(60, 'd');
  const fs::path long_file = deep / (std::string(40, 'f') + ".txt");
  copy_seed(kSeedA, long_file);
  copy_seed(kSeedB, dir.path() / "corpus" / kSeedB);
  // Two long paths alike in their first 200 bytes are two files.
  const fs::path twin = deep / (std::string(40, 'g') + ".txt");
  copy_seed(kSeedC, twin);
  const std::string db = (dir.path() / "db").string();
  const std::string corpus = (dir.path() / "corpus").string();

  RunResult r;
  auto first = index_in(dir.path(), {"--db", db, corpus}, &r);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(first["indexed"] == 3);
  CHECK(first["failed"] == 0);
  CHECK(first["files"] == 3);

  auto again = index_in(dir.path(), {"--db", db, corpus});
  CHECK(again["indexed"] == 0);
  CHECK(again["unchanged"] == 3);
  CHECK(again["claims"] == first["claims"]);

  // Hits of the long file carry its whole path.
  auto found =
      run_citedex_argv({"search", "--db", db, "--format", "jsonl", "--limit", "100", "airbase"});
  REQUIRE(found.exit_code == 0);
  bool seen = false;
  for (const auto& rec : parse_jsonl(found.out))
    if (rec.value("source", "") == long_file.string()) seen = true;
  CHECK(seen);

  fs::remove(long_file);
  auto pruned = index_in(dir.path(), {"--db", db, "--prune", corpus});
  CHECK(pruned["pruned"] == 1);
  CHECK(pruned["files"] == 2);
  CHECK(pruned["claims"] < first["claims"]);
  // Only the long file went: its twin, alike in its first 200 bytes, is still searchable.
  auto twin_hits = run_citedex_argv(
      {"search", "--db", db, "--format", "jsonl", "--limit", "1", "file:" + twin.string()});
  CHECK(twin_hits.exit_code == 0);
  CHECK(parse_jsonl(twin_hits.out).at(0)["total"] > 0);
  auto gone_hits = run_citedex_argv(
      {"search", "--db", db, "--format", "jsonl", "--limit", "1", "file:" + long_file.string()});
  CHECK(parse_jsonl(gone_hits.out).at(0)["total"] == 0);
}

TEST_CASE("a directory that cannot be listed is reported, the rest indexed, nothing pruned",
          "[index][errors][paths]") {
  TempDir dir;
  const fs::path corpus = dir.path() / "corpus";
  copy_seed(kSeedA, corpus / kSeedA);
  copy_seed(kSeedB, corpus / "locked" / kSeedB);
  const std::string db = (dir.path() / "db").string();
  auto first = index_in(dir.path(), {"--db", db, corpus.string()});
  REQUIRE(first["files"] == 2);

  fs::permissions(corpus / "locked", fs::perms::none);
  // Root reads anything: the run gives up the capabilities that let it (as root it may;
  // as another user chmod is enough and the calls fail harmlessly).
  auto without_override = [] {
    prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0);
    prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0);
  };
  auto r = run_citedex_argv({"index", "--format", "jsonl", "--prune", "--db", db, corpus.string()},
                            without_override);
  auto d = run_citedex_argv(
      {"index", "--format", "jsonl", "--db", db, (corpus / "locked" / kSeedB).string()},
      without_override);
  fs::permissions(corpus / "locked", fs::perms::owner_all);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find((corpus / "locked").string() +
                   ": cannot list the directory: Permission denied") != std::string::npos);
  CHECK(r.err.find((corpus / "locked" / kSeedB).string() +
                   ": not pruned: cannot tell whether it still exists: Permission denied") !=
        std::string::npos);
  auto summary = parse_jsonl(r.out).at(0);
  CHECK(summary["pruned"] == 0);
  CHECK(summary["files"] == 2);
  CHECK(summary["claims"] == first["claims"]);

  // A file inside it, named directly: not "no such file".
  INFO(d.err);
  CHECK(d.exit_code == 3);
  CHECK(d.err.find(": Permission denied") != std::string::npos);
  CHECK(d.err.find("no such file") == std::string::npos);
}

TEST_CASE("a path with .. after a symlink names the file the system opens", "[index][paths]") {
  TempDir dir;
  const fs::path work = dir.path() / "work";
  copy_seed(kSeedA, work / "data" / "a.txt");
  fs::create_directories(work / "data" / "sub");
  fs::create_directory_symlink(work / "data" / "sub", work / "link");
  const std::string db = (dir.path() / "db").string();
  // link/.. is work/data on the file system, work lexically (where no a.txt is).
  RunResult r;
  auto first = index_in(work, {"--db", db, "link/../a.txt"}, &r);
  CHECK(r.exit_code == 0);
  CHECK(first["indexed"] == 1);
  auto found =
      run_citedex_argv({"search", "--db", db, "--format", "jsonl", "--limit", "1", "airbase"});
  REQUIRE(found.exit_code == 0);
  CHECK(parse_jsonl(found.out).at(1)["source"] == fs::canonical(work / "data" / "a.txt").string());
  // The same file by its plain path is unchanged.
  auto again = index_in(work, {"--db", db, "data/a.txt"});
  CHECK(again["unchanged"] == 1);
}

TEST_CASE("a new index gets its missing parent directories, and a file in the way is an error",
          "[index][paths]") {
  TempDir tmp;
  copy_seed(kSeedA, tmp.path() / "in" / kSeedA);
  const fs::path db = tmp.path() / "not" / "yet" / "there" / "db";
  nlohmann::json s = index_in(tmp.path(), {"--db", db.string(), "in"});
  CHECK(s["indexed"] == 1);
  CHECK(fs::is_regular_file(db / "iamglass"));

  write_file(tmp.path() / "plain", "a file, not a directory");
  const fs::path blocked = tmp.path() / "plain" / "db";
  RunResult r = run_citedex_argv({"index", "--db", blocked.string(), (tmp.path() / "in").string()});
  CHECK(r.exit_code == 6);
  CHECK(r.err == "citedex: cannot create " + blocked.parent_path().string() +
                     " to hold the index " + blocked.string() + ": Not a directory\n");
}

TEST_CASE("index --prune with no paths removes the gone files of a single or sharded index",
          "[index][paths][prune]") {
  TempDir tmp;
  for (const char* seed : {kSeedA, kSeedB, kSeedC}) copy_seed(seed, tmp.path() / "in" / seed);
  const fs::path single = tmp.path() / "single.db", sharded = tmp.path() / "sharded.db";
  CHECK(index_in(tmp.path(), {"--db", single.string(), "in"})["files"] == 3);
  CHECK(index_in(tmp.path(), {"--db", sharded.string(), "--shards", "2", "in"})["files"] == 3);
  fs::remove(tmp.path() / "in" / kSeedA);
  for (const fs::path& db : {single, sharded}) {
    INFO(db);
    nlohmann::json s = index_in(tmp.path(), {"--prune", "--db", db.string()});
    CHECK(s["indexed"] == 0);
    CHECK(s["pruned"] == 1);
    CHECK(s["failed"] == 0);
    CHECK(s["files"] == 2);
  }

  // Pruning alone does not create an index; without --prune (or with --rebuild) the
  // paths are required.
  const fs::path none = tmp.path() / "none.db";
  RunResult r = run_citedex_argv({"index", "--prune", "--db", none.string()});
  CHECK(r.exit_code == 6);
  CHECK(r.err.rfind("citedex: no index at " + none.string() + ": create one with", 0) == 0);
  CHECK_FALSE(fs::exists(none));
  for (std::vector<std::string> args :
       {std::vector<std::string>{"index", "--db"},
        std::vector<std::string>{"index", "--prune", "--rebuild", "--db"}}) {
    args.push_back(single.string());
    r = run_citedex_argv(args);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("only --prune without --rebuild runs without them") != std::string::npos);
  }
  CHECK(index_in(tmp.path(), {"--db", single.string(), "in"})["files"] == 2);
}

TEST_CASE("index --prune alone exits 1 when only some indexed files could be checked",
          "[index][paths][prune]") {
  TempDir tmp;
  copy_seed(kSeedA, tmp.path() / "in" / "sub" / kSeedA);
  copy_seed(kSeedB, tmp.path() / "in" / kSeedB);
  const fs::path db = tmp.path() / "db";
  CHECK(index_in(tmp.path(), {"--db", db.string(), "in"})["files"] == 2);
  // in/sub becomes a link to itself: whether sub/<seed A> exists cannot be told (ELOOP).
  fs::rename(tmp.path() / "in" / "sub", tmp.path() / "sub.away");
  fs::create_directory_symlink("sub", tmp.path() / "in" / "sub");
  RunResult r;
  nlohmann::json s = index_in(tmp.path(), {"--prune", "--db", db.string()}, &r);
  CHECK(r.exit_code == 1);
  CHECK(s["failed"] == 1);
  CHECK(s["pruned"] == 0);
  CHECK(s["files"] == 2);
  CHECK(r.err.find("not pruned: cannot tell whether it still exists") != std::string::npos);
}

TEST_CASE("a single database under --shards is refused, and --rebuild replaces it",
          "[index][paths][shards]") {
  TempDir tmp;
  copy_seed(kSeedA, tmp.path() / "in" / kSeedA);
  copy_seed(kSeedB, tmp.path() / "in" / kSeedB);
  const fs::path db = tmp.path() / "db";
  CHECK(index_in(tmp.path(), {"--db", db.string(), "in"})["files"] == 2);
  RunResult r = run_citedex_argv(
      {"index", "--shards", "2", "--db", db.string(), (tmp.path() / "in").string()});
  CHECK(r.exit_code == 6);
  CHECK(r.err == "citedex: the index at " + db.string() +
                     " is a single database, not 2 shards: rebuild with `citedex index "
                     "--rebuild --shards 2`, or index without --shards\n");
  CHECK_FALSE(fs::exists(tmp.path() / "db.shards"));
  CHECK(fs::is_directory(db));

  nlohmann::json s =
      index_in(tmp.path(), {"--rebuild", "--shards", "2", "--db", db.string(), "in"});
  CHECK(s["files"] == 2);
  CHECK(fs::is_regular_file(db));                  // now the stub listing the shards
  CHECK_FALSE(fs::exists(tmp.path() / "db.tmp"));  // the single database, exchanged, is gone
  CHECK(index_in(tmp.path(), {"--db", db.string(), "in"})["unchanged"] == 2);
}

TEST_CASE(
    "sharding keeps what citedex did not write, and a --db with a trailing slash is one index",
    "[index][paths][shards]") {
  TempDir tmp;
  copy_seed(kSeedA, tmp.path() / "in" / kSeedA);
  copy_seed(kSeedB, tmp.path() / "in" / kSeedB);
  copy_seed(kSeedC, tmp.path() / "more" / kSeedC);
  const fs::path& work = tmp.path();

  // Xapian's other stub keywords name local shards too: a run adds to them.
  CHECK(index_in(work, {"--shards", "2", "--db", "s.db", "in"})["files"] == 2);
  write_file(work / "s.db", "glass s.db.shards/0\nglass s.db.shards/1/\n");
  CHECK(index_in(work, {"--shards", "2", "--db", "s.db", "more"})["indexed"] == 1);
  CHECK(index_in(work, {"--db", "s.db", "in", "more"})["unchanged"] == 3);
  CHECK(read_file(work / "s.db") == "glass s.db.shards/0\nglass s.db.shards/1/\n");

  // A rebuild to another number switches the stub, then removes the shards it listed.
  CHECK(index_in(work, {"--rebuild", "--shards", "3", "--db", "s.db", "in", "more"})["files"] == 3);
  CHECK(read_file(work / "s.db") ==
        "auto s.db.shards.1/0\nauto s.db.shards.1/1\nauto s.db.shards.1/2\n");
  CHECK_FALSE(fs::exists(work / "s.db.shards"));
  CHECK_FALSE(fs::exists(work / "s.db.stub-tmp"));

  // A file that is no stub is not replaced, even with --rebuild.
  write_file(work / "notes.txt", "not an index\n");
  RunResult r = run_citedex_argv({"index", "--rebuild", "--shards", "2", "--db",
                                  (work / "notes.txt").string(), (work / "in").string()});
  CHECK(r.exit_code == 6);
  CHECK(r.err.find("notes.txt is not a stub listing local shards") != std::string::npos);
  CHECK(read_file(work / "notes.txt") == "not an index\n");

  // "single/" is the database "single": rebuilt as shards beside it, not inside it.
  CHECK(index_in(work, {"--db", "single", "in"})["files"] == 2);
  CHECK(index_in(work, {"--rebuild", "--shards", "2", "--db", "single/", "in"})["files"] == 2);
  CHECK(fs::is_regular_file(work / "single"));
  CHECK(fs::is_directory(work / "single.shards" / "0"));
  CHECK(index_in(work, {"--db", "single/", "in"})["unchanged"] == 2);
}

TEST_CASE("a rebuild to shards keeps the link checks of the index it replaces",
          "[index][paths][shards][audit]") {
  TempDir tmp;
  const fs::path& work = tmp.path();
  write_file(work / "in" / "palmyra.wiki", read_file(fixture("wikitext/palmyra_003_excerpt.wiki")));
  copy_seed(kSeedA, work / "in" / kSeedA);
  const std::string dead =
      "http://aranews.net/2016/12/after-retaking-palmyra-isis-assaults-t4-airbase/";
  const std::string alive = "http://bigstory.ap.org/article/syrian-forces-retake-palmyra";
  // How many references the search finds in `db` with `query` (searches are of claims
  // unless told otherwise).
  auto count = [&](const std::string& db, const std::string& query) {
    RunResult r = run_citedex_argv({"search", "type:reference " + query, "--db",
                                    (work / db).string(), "--format", "jsonl", "--limit", "1000"});
    INFO(r.err);
    REQUIRE(r.exit_code <= 1);
    return static_cast<int>(parse_jsonl(r.out).size()) - 1;  // hits after the summary
  };
  CHECK(index_in(work, {"--db", "db", "in"})["files"] == 2);
  const int unchecked = count("db", "status:unchecked");
  REQUIRE(unchecked >= 4);
  {
    // As `citedex audit --check` leaves them (the state format: docs/fetcher.md).
    Xapian::WritableDatabase w((work / "db").string(), Xapian::DB_OPEN);
    for (auto [url, status] : {std::pair{dead, "dead"}, std::pair{alive, "alive"}})
      w.set_metadata(citedex::link_check_key(url, citedex::LinkRole::original),
                     nlohmann::json{{"url", url},
                                    {"kind", "original"},
                                    {"status", status},
                                    {"checks", 1},
                                    {"last_checked", "2024-03-01T00:00:00Z"}}
                         .dump());
    w.commit();
  }
  CHECK(index_in(work, {"--rebuild", "--db", "db", "in"})["files"] == 2);
  CHECK(count("db", "status:dead") == 1);
  CHECK(count("db", "status:alive") == 1);
  CHECK(count("db", "status:unchecked") == unchecked - 2);

  // From the single database to shards, to another number of shards, and in place.
  for (const char* shards : {"2", "3", "3"}) {
    INFO("--shards " << shards);
    CHECK(index_in(work, {"--rebuild", "--shards", shards, "--db", "db", "in"})["files"] == 2);
    CHECK(fs::is_regular_file(work / "db"));
    // Every shard holds every state, wherever the references landed.
    std::istringstream stub(read_file(work / "db"));
    int listed = 0;
    for (std::string keyword, shard; stub >> keyword >> shard; ++listed) {
      INFO(shard);
      Xapian::Database one((work / shard).string());
      for (const auto& url : {dead, alive})
        CHECK_FALSE(
            one.get_metadata(citedex::link_check_key(url, citedex::LinkRole::original)).empty());
    }
    CHECK(listed == std::stoi(shards));
    CHECK(count("db", "status:dead") == 1);
    CHECK(count("db", "status:alive") == 1);
    CHECK(count("db", "status:unchecked") == unchecked - 2);
  }
}
