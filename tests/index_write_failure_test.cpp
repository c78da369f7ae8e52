// Writing the index fails: a full disk, a read-only index. `citedex index` must stop with
// one line naming the index, the cause and what to do, exit 6 (docs/exit-codes.md), and
// leave the last committed index as it was: it opens, gives the same counts, and a later
// run on a writable disk completes it.
//
// Without privileges a full disk is simulated with RLIMIT_FSIZE (writes past the limit
// fail with EFBIG, SIGXFSZ ignored), and a read-only index by running citedex as the user
// nobody against an index root owns. With mount privileges (CI runs as root) the same
// checks run on a real full tmpfs (ENOSPC) and a read-only bind mount (EROFS); without
// them those tests print "CITEDEX-SKIP:" (ctest reports them as skipped).
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>

#include "indexer/index_writer.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using citedex::testing::fixture;
using citedex::testing::parse_jsonl;
using citedex::testing::quote;
using citedex::testing::read_file;
using citedex::testing::run_citedex;
using citedex::testing::run_citedex_argv;
using citedex::testing::TempDir;
using citedex::testing::write_file;

namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

const std::vector<std::string> kSeeds{"000_94f44c9d361cf4c1.txt", "001_7ba5000a254c49cc.txt",
                                      "002_e8978a0c9fffe3dd.txt", "003_181288a9616d42e9.txt",
                                      "004_e8a361f7f028ea89.txt"};

// `copies` copies of the seeds under `dir` (new paths, so all of them are new files).
fs::path make_corpus(const fs::path& dir, int copies) {
  for (int c = 0; c < copies; ++c)
    for (const auto& s : kSeeds)
      write_file(dir / ("copy" + std::to_string(c)) / s, read_file(fixture("seeds/" + s)));
  return dir;
}

uintmax_t largest_file(const fs::path& dir) {
  uintmax_t largest = 0;
  for (const auto& f : fs::recursive_directory_iterator(dir))
    if (f.is_regular_file()) largest = std::max(largest, f.file_size());
  return largest;
}

bool same_counts(const citedex::IndexCounts& a, const citedex::IndexCounts& b) {
  return a.documents == b.documents && a.files == b.files && a.articles == b.articles &&
         a.claims == b.claims && a.references == b.references;
}

// The index at `db` still opens for readers, with `before`'s counts, and searches.
void check_intact(const fs::path& db, const citedex::IndexCounts& before) {
  auto after = citedex::count_index(db.string());
  CHECK(same_counts(after, before));
  auto stats = run_citedex("stats --format jsonl --db " + quote(db));
  CHECK(stats.exit_code == 0);
  CHECK(parse_jsonl(stats.out).at(0)["claims"] == before.claims);
  auto search = run_citedex("search --format jsonl --db " + quote(db) + " airbase");
  CHECK(search.exit_code == 0);
  CHECK(parse_jsonl(search.out).at(0)["total"].get<size_t>() > 0);
}

// A private mount namespace for this test process (ctest runs each test case in a
// process of its own), so nothing mounted here outlives it. "" when that worked, else
// why not.
std::string private_mounts() {
  if (unshare(CLONE_NEWNS) != 0) return std::string("unshare(CLONE_NEWNS): ") + strerror(errno);
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return std::string("mount --make-rprivate /: ") + strerror(errno);
  return "";
}

void check_disk_full(const citedex::testing::RunResult& r, const fs::path& db,
                     const std::string& cause) {
  INFO(r.err);
  CHECK(r.exit_code == 6);
  CHECK(contains(r.err, "citedex: cannot write the index at " + db.string() + ": " + cause));
  CHECK(contains(r.err, "free some space"));
  CHECK(contains(r.err, "the index keeps what was committed before"));
}

}  // namespace

TEST_CASE("index on a full disk (file size limit): clear error, exit 6, last commit intact",
          "[index][errors][disk]") {
  TempDir dir;
  auto db = dir.path() / "db";
  REQUIRE(run_citedex("index --db " + quote(db) + " " + quote(fixture("seeds"))).exit_code == 0);
  auto before = citedex::count_index(db.string());
  // Every write past the largest file of the index fails: the next commit cannot land.
  auto corpus = make_corpus(dir.path() / "corpus", 6);
  const rlim_t limit = largest_file(db);
  auto r = run_citedex_argv({"index", "--db", db.string(), corpus.string()}, [&] {
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl {
      limit, limit
    };
    setrlimit(RLIMIT_FSIZE, &rl);
  });
  check_disk_full(r, db, "File too large");
  check_intact(db, before);
  // Room again: the same run completes.
  auto again = run_citedex("index --format jsonl --db " + quote(db) + " " + quote(corpus));
  CHECK(again.exit_code == 0);
  CHECK(parse_jsonl(again.out).at(0)["files"] == before.files + 30);
}

TEST_CASE("index on a read-only index (another user's): clear error, exit 6, intact",
          "[index][errors][disk]") {
  TempDir dir;
  auto db = dir.path() / "db";
  REQUIRE(run_citedex("index --db " + quote(db) + " " + quote(fixture("seeds"))).exit_code == 0);
  auto before = citedex::count_index(db.string());
  auto corpus = make_corpus(dir.path() / "corpus", 1);
  // Root writes anywhere, so citedex runs as nobody: the index (root's, 0644/0755) is
  // read-only for it, the corpus readable.
  auto as_nobody = [] {
    if (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0) _exit(125);
  };
  auto r = run_citedex_argv({"index", "--db", db.string(), corpus.string()}, as_nobody);
  INFO(r.err);
  REQUIRE(r.exit_code != 125);
  CHECK(r.exit_code == 6);
  CHECK(
      contains(r.err, "citedex: cannot write the index at " + db.string() + ": Permission denied"));
  CHECK(contains(r.err, "read-only"));
  CHECK_FALSE(contains(r.err, "locked"));
  check_intact(db, before);
  // Readers do not need to write.
  auto search = run_citedex_argv({"search", "--db", db.string(), "airbase"}, as_nobody);
  CHECK(search.exit_code == 0);
}

TEST_CASE("index on a full tmpfs: clear error, exit 6, last commit intact (needs mount)",
          "[index][errors][disk][mount]") {
  TempDir dir;
  if (auto why = private_mounts(); !why.empty()) {
    WARN("CITEDEX-SKIP: no mount privileges (" << why << ")");
    return;
  }
  auto disk = dir.path() / "disk";
  fs::create_directories(disk);
  // Large enough for the index of the seeds, too small for six more copies of them.
  if (mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=3m") != 0) {
    WARN("CITEDEX-SKIP: cannot mount a tmpfs (" << strerror(errno) << ")");
    return;
  }
  auto db = disk / "db";
  REQUIRE(run_citedex("index --db " + quote(db) + " " + quote(fixture("seeds"))).exit_code == 0);
  auto before = citedex::count_index(db.string());
  auto corpus = make_corpus(dir.path() / "corpus", 6);
  // Under ASan: the full stack, so the suppression of Xapian's leak in a failed commit
  // (fuzz/lsan-suppressions.txt) can match; no effect on other builds.
  auto r = run_citedex("index --db " + quote(db) + " " + quote(corpus), "",
                       "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0\"");
  check_disk_full(r, db, "No space left on device");
  check_intact(db, before);
  umount2(disk.c_str(), MNT_DETACH);
}

TEST_CASE("index on a read-only mount: clear error, exit 6, intact (needs mount)",
          "[index][errors][disk][mount]") {
  TempDir dir;
  auto db = dir.path() / "db";
  REQUIRE(run_citedex("index --db " + quote(db) + " " + quote(fixture("seeds"))).exit_code == 0);
  auto before = citedex::count_index(db.string());
  if (auto why = private_mounts(); !why.empty()) {
    WARN("CITEDEX-SKIP: no mount privileges (" << why << ")");
    return;
  }
  if (mount(db.c_str(), db.c_str(), nullptr, MS_BIND, nullptr) != 0 ||
      mount(nullptr, db.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) {
    WARN("CITEDEX-SKIP: cannot bind-mount the index read-only (" << strerror(errno) << ")");
    return;
  }
  auto corpus = make_corpus(dir.path() / "corpus", 1);
  auto r = run_citedex("index --db " + quote(db) + " " + quote(corpus));
  INFO(r.err);
  CHECK(r.exit_code == 6);
  CHECK(contains(r.err,
                 "citedex: cannot write the index at " + db.string() + ": Read-only file system"));
  CHECK(contains(r.err, "read-only"));
  CHECK_FALSE(contains(r.err, "locked"));
  check_intact(db, before);
  umount2(db.c_str(), MNT_DETACH);
}
