// Searching while `citedex index` writes (item 9 of the index issue): search opens the
// index read-only, works while a writer holds it, and sees the writer's last commit.
// A real `citedex index` builds a fresh index of a generated corpus with a commit every
// 400 documents while real `citedex search` processes (and claims, audit, stats and
// outlets) run against it. Each search's
// per-article counts must be those of a prefix of the files (whole files, in path order:
// bench/soak_invariants.h), and that prefix never shrinks from one search to the next.
// Once a search has seen a commit, the writer is stopped (SIGSTOP) so that a mid-run
// state is seen for certain, not by luck of timing: searches then give the same answer
// twice, and a second writer is refused as locked. scripts/soak-concurrency is the long
// version of this test.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/soak_invariants.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace citedex::testing;
using namespace citedex::soak;

namespace {

// The exit code of a finished child, -1 when it did not exit normally.
int exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

RunResult search(const fs::path& db, const std::string& query) {
  return run_citedex_argv({"search", "--db", db.string(), "--format", "jsonl", "--limit", "3",
                           "--facets", "article", "--", query});
}

// Kills the writer if the test ends before it has (a failed REQUIRE while it is stopped).
struct Reaper {
  pid_t pid;
  bool* done;
  ~Reaper() {
    if (*done) return;
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
};

struct Seen {
  RunResult run;
  SearchOutput output;
  bool while_stopped = false;
};

// A `type:claim` search with the article facet, as the invariants read it.
Seen observe(const fs::path& db, bool while_stopped) {
  Seen s{search(db, "type:claim"), {}, while_stopped};
  s.output = parse_search(s.run.out);
  return s;
}

}  // namespace

TEST_CASE("search works while index runs and sees its last commit", "[index][concurrency]") {
  TempDir tmp;
  const fs::path corpus = tmp.path() / "corpus", db = tmp.path() / "db";
  generate_corpus(corpus, 6000, "--references 4 --seed 11");

  const fs::path log = tmp.path() / "index.log";
  pid_t writer = start_citedex(
      {"index", "--db", db.string(), "--commit-every", "400", "--no-progress", corpus.string()},
      log, log);
  bool writer_done = false;
  Reaper reaper{writer, &writer_done};
  int writer_status = 0;
  auto writer_running = [&] {
    if (!writer_done && waitpid(writer, &writer_status, WNOHANG) == writer) writer_done = true;
    return !writer_done;
  };
  // The writer creates the index as it starts; a search before that finds no index.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (writer_running() && !fs::exists(db / "iamglass") &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));

  std::vector<Seen> seen;
  std::optional<RunResult> second_writer;
  bool stopped_once = false;
  // The other commands that read the index, one after each search.
  const std::vector<std::vector<std::string>> other_reads{
      {"claims", "--outlet", "Reuters", "--format", "jsonl"},
      {"audit", "--format", "jsonl"},
      {"stats"},
      {"outlets"}};
  std::vector<std::pair<std::string, RunResult>> others;
  while (writer_running()) {
    const Seen s = seen.emplace_back(observe(db, false));
    std::vector<std::string> read = other_reads[seen.size() % other_reads.size()];
    read.insert(read.begin() + 1, {"--db", db.string()});
    others.emplace_back(read[0], run_citedex_argv(read));
    if (stopped_once || !s.output.ok || s.output.total == 0) continue;
    // A commit with claims is visible: freeze the writer there, mid-run.
    stopped_once = true;
    REQUIRE(kill(writer, SIGSTOP) == 0);
    REQUIRE(waitpid(writer, &writer_status, WUNTRACED) == writer);
    if (WIFSTOPPED(writer_status)) {
      for (int i = 0; i < 2; ++i) seen.push_back(observe(db, true));
      CHECK(search(db, "airbase OR offensive").exit_code == 0);
      second_writer = run_citedex_argv({"index", "--db", db.string(), corpus.string()});
      REQUIRE(kill(writer, SIGCONT) == 0);
    } else {
      writer_done = true;  // it finished just before the stop
    }
  }
  REQUIRE(exit_code(writer_status) == 0);

  SearchOutput final_output = parse_search(search(db, "type:claim").out);
  REQUIRE(final_output.ok);
  const std::vector<std::string> order = articles_in_path_order(db);
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(corpus)) files += e.is_regular_file();
  REQUIRE(order.size() == files);  // one article per file

  std::vector<StateBounds> bounds;
  size_t mid_run = 0, stopped_mid_run = 0;
  std::vector<std::string> stopped_outputs;
  for (const Seen& s : seen) {
    INFO("search " << bounds.size() << ": " << s.run.err);
    REQUIRE(s.run.exit_code == 0);
    REQUIRE(s.run.err.empty());
    INFO(s.output.problem);
    REQUIRE(s.output.ok);
    std::string problem;
    auto b = committed_state(s.output.articles, order, final_output.articles, &problem);
    INFO(problem);
    REQUIRE(b);
    bounds.push_back(*b);
    const bool mid = b->lo > 0 && b->hi < order.size();
    mid_run += mid;
    if (s.while_stopped) {
      stopped_mid_run += mid;
      stopped_outputs.push_back(s.run.out);
    }
  }
  CHECK_FALSE(first_regression(bounds));
  for (const auto& [command, run] : others) {
    INFO(command << ": " << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.err.empty());
  }
  // The frozen writer was seen mid-run, by two searches with the same answer, and it
  // held the lock: a second writer was told so (exit 5, docs/exit-codes.md).
  REQUIRE(stopped_outputs.size() == 2);
  CHECK(stopped_mid_run == 2);
  CHECK(stopped_outputs[0] == stopped_outputs[1]);
  CHECK(mid_run >= 2);
  REQUIRE(second_writer);
  CHECK(second_writer->exit_code == 5);
  CHECK(second_writer->err.find("is locked by another citedex process") != std::string::npos);
  // The finished index has every article's claims, more than the frozen state had.
  CHECK(final_output.articles.size() == order.size());
  CHECK(final_output.total > parse_search(stopped_outputs[0]).total);
}
