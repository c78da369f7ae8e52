// Shards: `citedex index --shards 2`, and one shard served by a real xapian-tcpsrv on
// 127.0.0.1 (ephemeral port): the same hits and facet counts as a single index.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "tests/test_support.h"

using citedex::testing::fixture;
using citedex::testing::parse_jsonl;
using citedex::testing::quote;
using citedex::testing::run_citedex;
using citedex::testing::start_citedex;
using citedex::testing::TempDir;
using citedex::testing::write_file;

namespace {

// A port the kernel just handed out on 127.0.0.1, released for the server to take.
int free_port() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  close(s);
  return ntohs(addr.sin_port);
}

bool accepts(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(s);
  return ok;
}

class TcpServer {
 public:
  TcpServer(const std::filesystem::path& db) {
    for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) {
      port_ = free_port();
      pid_t pid = fork();
      if (pid == 0) {
        // Its own process group: xapian-tcpsrv passes SIGTERM on to its whole group.
        setpgid(0, 0);
        int null = ::open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        std::string port = std::to_string(port_);
        execl("/usr/bin/xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port",
              port.c_str(), "--quiet", db.c_str(), nullptr);
        _exit(127);
      }
      for (int i = 0; i < 100 && !accepts(port_); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (accepts(port_)) {
        pid_ = pid;
      } else {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
      }
    }
  }
  ~TcpServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  bool running() const { return pid_ > 0; }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

struct Outcome {
  size_t total = 0;
  std::multiset<std::string> hits;
  std::map<std::string, std::map<std::string, size_t>> facets;
};

Outcome search(const std::string& db, const std::string& query) {
  auto r = run_citedex("search --db " + db +
                       " --format jsonl --limit 1000 --facets outlet,article,year '" + query + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  Outcome o;
  for (auto& rec : parse_jsonl(r.out)) {
    if (rec["record"] == "summary") o.total = rec["total"];
    if (rec["record"] == "hit")
      o.hits.insert(rec["article"].get<std::string>() + " | " + rec["text"].get<std::string>());
    if (rec["record"] == "facet")
      for (auto& c : rec["counts"]) o.facets[rec["facet"]][c["value"]] = c["count"];
  }
  return o;
}

// Each hit's earliest source date ("~" when none) in the order of `--sort date`: ties
// may fall in another order over shards, the sequence of dates may not.
std::vector<std::string> dates_in_date_order(const std::string& db, const std::string& query) {
  auto r =
      run_citedex("search --db " + db + " --format jsonl --limit 1000 --sort date '" + query + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> dates;
  for (auto& rec : parse_jsonl(r.out)) {
    if (rec["record"] != "hit") continue;
    std::string earliest = "~";
    for (const auto& f : rec["footnotes"]) {
      std::string d = f.value("date", "");
      if (!d.empty() && d < earliest) earliest = d;
    }
    dates.push_back(earliest);
  }
  return dates;
}

// files, claims, references of the index at `db`, as `citedex stats` gives them.
std::vector<size_t> index_stats(const std::filesystem::path& db) {
  auto r = run_citedex("stats --format json --db " + quote(db));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out).at(0);
  return {j["files"], j["claims"], j["references"]};
}

// Whether the shard at `path` exists and has committed claims (a shard being built is
// searched while its worker runs).
bool holds_claims(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path / "iamglass")) return false;
  auto r = run_citedex("stats --format json --db " + quote(path));
  return r.exit_code == 0 && nlohmann::json::parse(r.out).at(0)["claims"] > 0;
}

// True once `ready()` is, false if 60 s pass first.
bool wait_until(const std::function<bool()>& ready) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!ready()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// `citedex ARGS` in a process group of its own, with its shard workers, so the test can
// stop and kill them all.
pid_t start_group(const std::vector<std::string>& args, const std::filesystem::path& log) {
  pid_t pid = start_citedex(args, log, log, [] { setpgid(0, 0); });
  setpgid(pid, pid);  // also here: the group exists before the test signals it
  return pid;
}

// Kills the group and waits until none of it runs (the shard workers are not this
// process's children: without the wait, one could still hold a shard's lock).
void kill_group(pid_t pid) {
  kill(-pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  auto group_runs = [pid] {
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
      std::ifstream in(entry.path() / "stat");
      std::string stat;
      if (!std::getline(in, stat)) continue;
      // "pid (comm) state ppid pgrp …": comm may hold spaces, so read after the last ')'.
      size_t close = stat.rfind(')');
      if (close == std::string::npos) continue;
      std::istringstream rest(stat.substr(close + 1));
      char state = 0;
      long ppid = 0, pgrp = 0;
      rest >> state >> ppid >> pgrp;
      if (pgrp == pid && state != 'Z') return true;
    }
    return false;
  };
  wait_until([&] { return !group_runs(); });
}

// Runs `index --rebuild --shards N --db DB CORPUS`, stops it once the new `shard` holds
// claims, and checks that the old index at `db` still gives `before` and is locked
// against other writers (whose work the switch to the new shards would drop); then
// kills it and checks that it left the old index as it was.
void kill_rebuild_midway(const std::filesystem::path& db, int shards,
                         const std::filesystem::path& corpus, const std::filesystem::path& shard,
                         const std::vector<size_t>& before) {
  pid_t pid = start_group({"index", "--rebuild", "--shards", std::to_string(shards),
                           "--commit-every", "200", "--db", db.string(), corpus.string()},
                          db.parent_path() / "rebuild.log");
  bool started = wait_until([&] { return holds_claims(shard); });
  kill(-pid, SIGSTOP);
  CHECK(started);
  CHECK(index_stats(db) == before);
  auto writer = run_citedex("index --db " + quote(db) + " " + quote(fixture("wikitext")));
  CHECK(writer.exit_code == 5);
  kill_group(pid);
  CHECK(index_stats(db) == before);
}

}  // namespace

TEST_CASE("two shards, one served remotely, answer like a single index", "[shards][remote]") {
  REQUIRE(std::filesystem::exists("/usr/bin/xapian-tcpsrv"));  // xapian-tools: scripts/setup
  TempDir dir;
  auto single = quote(dir.path() / "single");
  auto sharded = dir.path() / "db";
  REQUIRE(run_citedex("index --db " + single + " " + quote(fixture("seeds"))).exit_code == 0);
  auto built =
      run_citedex("index --shards 2 --db " + quote(sharded) + " " + quote(fixture("seeds")));
  REQUIRE(built.exit_code == 0);
  REQUIRE(std::filesystem::is_directory(dir.path() / "db.shards" / "0"));
  REQUIRE(std::filesystem::is_directory(dir.path() / "db.shards" / "1"));
  // A rerun is incremental on the shards the stub lists.
  auto again = parse_jsonl(run_citedex("index --format jsonl --db " + quote(sharded) + " " +
                                       quote(fixture("seeds")))
                               .out)
                   .at(0);
  CHECK(again["unchanged"] == 5);
  CHECK(again["claims"] == 442);
  CHECK(again["files"] == 5);  // counted over both shards
  auto stats = parse_jsonl(run_citedex("stats --format jsonl --db " + quote(sharded)).out).at(0);
  CHECK(stats["files"] == 5);
  CHECK(stats["claims"] == 442);
  CHECK(run_citedex("index --shards 3 --db " + quote(sharded) + " " + quote(fixture("seeds")))
            .exit_code == 6);

  TcpServer server(dir.path() / "db.shards" / "1");
  REQUIRE(server.running());
  auto remote = dir.path() / "remote";
  write_file(remote, "auto db.shards/0\nremote 127.0.0.1:" + std::to_string(server.port()) + "\n");

  for (const char* query :
       {"airbase", "outlet:AMN", "attributed:SOHR", "outlet:Reuters date:2016-12-08..2016-12-11",
        "palmyra NOT outlet:Reuters", "type:reference lang:arabic"}) {
    INFO(query);
    Outcome a = search(single, query), b = search(quote(sharded), query),
            c = search(quote(remote), query);
    CHECK(a.total > 0);
    CHECK(b.total == a.total);
    CHECK(c.total == a.total);
    CHECK(b.hits == a.hits);
    CHECK(c.hits == a.hits);
    CHECK(b.facets == a.facets);
    CHECK(c.facets == a.facets);
  }
  // --sort date sorts by a value, the only sort a remote shard supports.
  auto by_date = dates_in_date_order(single, "palmyra");
  REQUIRE(by_date.size() > 20);
  CHECK(by_date.back() == "~");  // undated claims last
  CHECK(std::is_sorted(by_date.begin(), by_date.end()));
  CHECK(dates_in_date_order(quote(sharded), "palmyra") == by_date);
  CHECK(dates_in_date_order(quote(remote), "palmyra") == by_date);
  // Writing through a stub that lists a remote shard is refused with a clear message.
  auto refused = run_citedex("index --db " + quote(remote) + " " + quote(fixture("seeds")));
  CHECK(refused.exit_code == 6);
  CHECK(refused.err.find("remote shards") != std::string::npos);
}

TEST_CASE("a sharded --rebuild keeps the old index searchable until each new shard is in place",
          "[shards][rebuild]") {
  namespace fs = std::filesystem;
  TempDir dir;
  const fs::path db = dir.path() / "db", corpus = dir.path() / "corpus";
  REQUIRE(
      run_citedex("index --shards 2 --db " + quote(db) + " " + quote(fixture("seeds"))).exit_code ==
      0);
  const std::vector<size_t> before = index_stats(db);
  REQUIRE(before[0] == 5);

  citedex::testing::generate_corpus(corpus, 6000);

  SECTION("with as many shards, each is rebuilt beside itself") {
    // Stopped while both shards are being rebuilt beside the old ones, then killed.
    pid_t pid =
        start_group({"index", "--rebuild", "--shards", "2", "--db", db.string(), corpus.string()},
                    dir.path() / "log");
    bool both = wait_until([&] {
      return fs::exists(dir.path() / "db.shards" / "0.rebuild") &&
             fs::exists(dir.path() / "db.shards" / "1.rebuild");
    });
    kill(-pid, SIGSTOP);
    CHECK(both);
    CHECK(index_stats(db) == before);  // searched while the rebuild holds the shards
    auto hits = run_citedex("search --db " + quote(db) + " --format jsonl airbase");
    CHECK(hits.exit_code == 0);
    auto records = parse_jsonl(hits.out);
    REQUIRE_FALSE(records.empty());
    CHECK(records[0]["total"].get<size_t>() > 0);
    kill_group(pid);
    CHECK(index_stats(db) == before);  // the killed rebuild changed nothing

    auto done = run_citedex("index --rebuild --shards 2 --db " + quote(db) + " " + quote(corpus));
    INFO(done.err);
    CHECK(done.exit_code == 0);
    const std::vector<size_t> after = index_stats(db);
    CHECK(after[0] > 200);
    CHECK(after[1] > 5000);
    CHECK_FALSE(fs::exists(dir.path() / "db.shards" / "0.rebuild"));
    CHECK_FALSE(fs::exists(dir.path() / "db.shards" / "1.rebuild"));
  }

  SECTION("with another number, the stub moves to the new shards once all are complete") {
    kill_rebuild_midway(db, 3, corpus, dir.path() / "db.shards.1" / "0", before);

    auto done = run_citedex("index --rebuild --shards 3 --db " + quote(db) + " " + quote(corpus));
    INFO(done.err);
    REQUIRE(done.exit_code == 0);
    const std::vector<size_t> three = index_stats(db);
    CHECK(three[1] > 5000);
    CHECK(citedex::testing::read_file(db) ==
          "auto db.shards.1/0\nauto db.shards.1/1\nauto db.shards.1/2\n");
    CHECK_FALSE(fs::exists(dir.path() / "db.shards"));  // the old shards went after the switch

    // And back to two: the directory the stub does not use.
    REQUIRE(run_citedex("index --rebuild --shards 2 --db " + quote(db) + " " + quote(corpus))
                .exit_code == 0);
    CHECK(index_stats(db) == three);
    CHECK(citedex::testing::read_file(db) == "auto db.shards/0\nauto db.shards/1\n");
    CHECK_FALSE(fs::exists(dir.path() / "db.shards.1"));
  }

  SECTION("from a single database, the stub replaces it once every shard is complete") {
    const fs::path single = dir.path() / "single";
    REQUIRE(run_citedex("index --db " + quote(single) + " " + quote(fixture("seeds"))).exit_code ==
            0);
    const std::vector<size_t> alone = index_stats(single);
    kill_rebuild_midway(single, 2, corpus, dir.path() / "single.shards" / "0", alone);
    CHECK(fs::is_directory(single));  // not replaced by the stub

    auto done =
        run_citedex("index --rebuild --shards 2 --db " + quote(single) + " " + quote(corpus));
    INFO(done.err);
    REQUIRE(done.exit_code == 0);
    CHECK(fs::is_regular_file(single));
    CHECK(citedex::testing::read_file(single) == "auto single.shards/0\nauto single.shards/1\n");
    CHECK(index_stats(single)[1] > 5000);
  }
}

TEST_CASE("a first sharded run can be searched as it goes, and a killed one is completed",
          "[shards][rebuild]") {
  namespace fs = std::filesystem;
  TempDir dir;
  const fs::path db = dir.path() / "db", corpus = dir.path() / "corpus";
  citedex::testing::generate_corpus(corpus, 6000);
  const fs::path clean = dir.path() / "clean";
  REQUIRE(run_citedex("index --shards 2 --db " + quote(clean) + " " + quote(corpus)).exit_code ==
          0);
  const std::vector<size_t> whole = index_stats(clean);

  pid_t pid = start_group(
      {"index", "--shards", "2", "--commit-every", "200", "--db", db.string(), corpus.string()},
      dir.path() / "log");
  // The stub is there before the shards fill: a search sees the first commits.
  size_t seen = 0;
  bool some = wait_until([&] {
    if (!fs::exists(db)) return false;
    auto r = run_citedex("stats --format json --db " + quote(db));
    if (r.exit_code != 0) return false;
    seen = nlohmann::json::parse(r.out).at(0)["claims"];
    return seen > 0;
  });
  kill(-pid, SIGSTOP);
  CHECK(some);
  CHECK(seen < whole[1]);
  kill_group(pid);
  const std::vector<size_t> killed = index_stats(db);
  CHECK(killed[1] < whole[1]);

  auto rerun = run_citedex("index --shards 2 --db " + quote(db) + " " + quote(corpus));
  INFO(rerun.err);
  CHECK(rerun.exit_code == 0);
  CHECK(index_stats(db) == whole);
}
