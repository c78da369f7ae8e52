// Black-box tests of `citedex audit`: the real binary, an index built from a small
// wikitext article, and a fake server answering for the cited hosts (--connect-to).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/fake_http.h"
#include "tests/test_support.h"

using citedex::testing::FakeHttpServer;
using citedex::testing::FakeRequest;
using citedex::testing::FakeResponse;
using citedex::testing::html_page;
using citedex::testing::parse_jsonl;
using citedex::testing::quote;
using citedex::testing::run_citedex;
using citedex::testing::TempDir;
using citedex::testing::write_file;

namespace {

const char* kArticle =
    "'''The Test offensive''' was a battle near [[Palmyra]].<ref>{{cite web|url=http://"
    "www.almasdarnews.com/article/ok/|title=Army retakes the hills|work=Al-Masdar News|date=10 "
    "December 2016|access-date=12 December 2016}}</ref> The army withdrew from the "
    "city.<ref>{{cite "
    "web|url=http://www.almasdarnews.com/article/gone/|title=Army withdraws|work=Al-Masdar "
    "News|date=10 December 2016|access-date=12 December 2016|archive-url=http://web.archive.org/"
    "web/20161212000000/http://www.almasdarnews.com/article/gone/|archive-date=12 December "
    "2016}}</ref> Casualties were reported.<ref>{{cite news|url=http://www.syriahr.com/en/?p=1|"
    "title=Casualties|publisher=Syrian Observatory for Human Rights|date=11 December "
    "2016|access-date=12 December 2016}}</ref>\n\n== References ==\n{{reflist}}\n";

FakeResponse answer(const FakeRequest& req) {
  if (req.host == "www.almasdarnews.com" && req.path == "/article/ok/")
    return html_page("Army retakes the hills", "The army retook the hills.");
  if (req.host == "www.almasdarnews.com" && req.path.rfind("/article/slow/", 0) == 0) {
    FakeResponse r = html_page("Slow", "slow");
    r.delay = std::chrono::milliseconds(20000);
    return r;
  }
  if (req.host == "www.syriahr.com")
    return FakeResponse::status_only(403).header("cf-mitigated", "challenge");
  if (req.host == "web.archive.org")
    return FakeResponse::status_only(404).header("Memento-Datetime",
                                                 "Mon, 12 Dec 2016 00:00:00 GMT");
  return FakeResponse::status_only(404);
}

struct AuditFixture {
  TempDir dir;
  FakeHttpServer server{answer};
  std::string db() const { return quote(dir.path() / "db"); }
  std::string routes(int timeout = 5) const {
    std::string r;
    for (const char* h : {"www.almasdarnews.com", "www.syriahr.com", "web.archive.org"})
      r += std::string(" --connect-to ") + h + ":80:127.0.0.1:" + std::to_string(server.port());
    return r + " --interval 0 --timeout " + std::to_string(timeout);
  }
  AuditFixture() {
    write_file(dir.path() / "test.wiki", kArticle);
    auto ix = run_citedex("index --db " + db() + " " + quote(dir.path() / "test.wiki"));
    REQUIRE(ix.exit_code == 0);
  }
  citedex::testing::RunResult audit(const std::string& args) {
    return run_citedex("audit --db " + db() + routes() + " " + args);
  }
  size_t hits(const std::string& query) {
    auto r = run_citedex("search --format jsonl --limit 100 --db " + db() + " '" + query + "'");
    REQUIRE(r.exit_code == 0);
    return parse_jsonl(r.out).at(0)["total"].get<size_t>();
  }
};

std::vector<nlohmann::json> records_of(const std::string& out, const std::string& kind) {
  std::vector<nlohmann::json> found;
  for (auto& r : parse_jsonl(out))
    if (r["record"] == kind) found.push_back(r);
  return found;
}

}  // namespace

TEST_CASE("audit --check stores verdicts, dead only after K failures D days apart",
          "[cli][audit]") {
  AuditFixture fx;
  CHECK(fx.hits("type:reference status:unchecked") == 3);

  auto first = fx.audit(
      "--check --dead-after 2 --days-apart 3 --now 2024-03-01T00:00:00Z "
      "--format jsonl");
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  auto summary = records_of(first.out, "summary").at(0);
  CHECK(summary["checked"] == 4);  // three URLs and one archive copy
  CHECK(fx.hits("type:reference status:alive outlet:AMN") == 1);
  CHECK(fx.hits("type:reference status:failing outlet:AMN") == 1);
  CHECK(fx.hits("type:reference status:blocked outlet:SOHR") == 1);
  CHECK(fx.hits("type:reference status:archive-error-capture") == 1);
  CHECK(fx.hits("type:reference status:dead") == 0);
  CHECK(records_of(first.out, "rescue").empty());  // failing is not dead yet
  auto broken = records_of(first.out, "broken-archive");
  REQUIRE(broken.size() == 1);
  CHECK(broken[0]["archive_verdict"] == "error-capture");

  // A day later the failing link is not due (its failure would not count); the rest is.
  auto second = fx.audit(
      "--check --dead-after 2 --days-apart 3 --now 2024-03-02T00:00:00Z "
      "--recheck-after 7 --format jsonl");
  REQUIRE(second.exit_code == 0);
  auto s2 = records_of(second.out, "summary").at(0);
  CHECK(s2["checked"] == 1);  // only the blocked link is always rechecked
  CHECK(s2["skipped"] == 3);

  // Four days after the first failure: the second failure, and the link is dead.
  auto third = fx.audit(
      "--check --dead-after 2 --days-apart 3 --now 2024-03-05T00:00:00Z "
      "--format jsonl");
  REQUIRE(third.exit_code == 0);
  CHECK(fx.hits("type:reference status:dead outlet:AMN") == 1);
  auto rescue = records_of(third.out, "rescue");
  REQUIRE(rescue.size() == 1);
  CHECK(rescue[0]["url"] == "http://www.almasdarnews.com/article/gone/");
  CHECK(rescue[0]["archive_verdict"] == "error-capture");
  auto outlets = records_of(third.out, "outlet");
  REQUIRE_FALSE(outlets.empty());
  bool amn = false;
  for (auto& o : outlets)
    if (o["name"] == "Al-Masdar News") {
      amn = true;
      CHECK(o["alive"] == 1);
      CHECK(o["dead"] == 1);
    }
  CHECK(amn);

  // The status facet counts the references.
  auto facets =
      run_citedex("search --format jsonl --facets status --db " + fx.db() + " type:reference");
  bool counted = false;
  for (auto& r : parse_jsonl(facets.out))
    if (r["record"] == "facet")
      for (auto& c : r["counts"])
        if (c["value"] == "dead") counted = c["count"] == 1;
  CHECK(counted);

  // The report without --check reads the stored verdicts; CSV has the documented header.
  auto csv = fx.audit("--format csv");
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.rfind("record,name,total,unchecked,alive,failing,dead", 0) == 0);
  CHECK(csv.out.find("rescue,") != std::string::npos);
  auto table = fx.audit("");
  CHECK(table.out.find("Needing rescue") != std::string::npos);

  // Re-indexing a changed file keeps its references' verdicts.
  write_file(fx.dir.path() / "test.wiki", std::string(kArticle) + "\nMore text.\n");
  REQUIRE(
      run_citedex("index --db " + fx.db() + " " + quote(fx.dir.path() / "test.wiki")).exit_code ==
      0);
  CHECK(fx.hits("type:reference status:dead outlet:AMN") == 1);
}

TEST_CASE("audit: bad options and queries", "[cli][audit]") {
  AuditFixture fx;
  CHECK(fx.audit("--check --connect-to nonsense").exit_code == 2);
  CHECK(fx.audit("--check --now yesterday").exit_code == 2);
  CHECK(fx.audit("'status:gone'").exit_code == 7);
  CHECK(run_citedex("audit --db " + quote(fx.dir.path() / "none")).exit_code == 6);
  // --find-archives does nothing without --check: a usage error, nothing fetched.
  auto lone = fx.audit("--find-archives");
  CHECK(lone.exit_code == 2);
  CHECK(lone.err.find("--check") != std::string::npos);
  CHECK(fx.server.request_count() == 0);
}

TEST_CASE("Ctrl-C stops the audit and keeps the verdicts obtained", "[cli][audit]") {
  AuditFixture fx;
  write_file(fx.dir.path() / "slow.wiki",
             "Slow claim.<ref>{{cite web|url=http://www.almasdarnews.com/article/slow/|title=Slow|"
             "work=Al-Masdar News}}</ref>\n\n== References ==\n{{reflist}}\n");
  REQUIRE(
      run_citedex("index --db " + fx.db() + " " + quote(fx.dir.path() / "slow.wiki")).exit_code ==
      0);
  std::string cmd = std::string("exec '") + CITEDEX_BINARY + "' audit --check --db " + fx.db() +
                    fx.routes(30) + " --format jsonl > " + quote(fx.dir.path() / "out") + " 2>&1";
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // The fast URLs are decided within a second; the slow one answers after 20 s.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  INFO(citedex::testing::read_file(fx.dir.path() / "out"));
  CHECK(WEXITSTATUS(status) == 130);
  CHECK(fx.hits("type:reference status:alive") == 1);
  CHECK(fx.hits("type:reference status:unchecked") == 1);  // the slow one
}

TEST_CASE("SIGTERM and SIGHUP stop the audit and keep the verdicts obtained", "[cli][audit]") {
  int sig = GENERATE(SIGTERM, SIGHUP);
  INFO("signal " << sig);
  AuditFixture fx;
  std::string slow = "Slow claims.";
  for (int i = 1; i <= 3; ++i)
    slow += "<ref>{{cite web|url=http://www.almasdarnews.com/article/slow/" + std::to_string(i) +
            "|title=Slow|work=Al-Masdar News}}</ref>";
  write_file(fx.dir.path() / "slow.wiki", slow + "\n\n== References ==\n{{reflist}}\n");
  REQUIRE(
      run_citedex("index --db " + fx.db() + " " + quote(fx.dir.path() / "slow.wiki")).exit_code ==
      0);
  std::string cmd = std::string("exec '") + CITEDEX_BINARY + "' audit --check --per-host 0 --db " +
                    fx.db() + fx.routes(30) + " --format jsonl > " + quote(fx.dir.path() / "out") +
                    " 2> " + quote(fx.dir.path() / "err");
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // The fast URLs are decided within a second; the slow ones answer after 20 s.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  kill(pid, sig);
  int status = 0;
  waitpid(pid, &status, 0);
  INFO(citedex::testing::read_file(fx.dir.path() / "err"));
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  auto summary = records_of(citedex::testing::read_file(fx.dir.path() / "out"), "summary");
  REQUIRE(summary.size() == 1);
  CHECK(summary[0]["interrupted"] == true);
  CHECK(summary[0]["checked"] == 4);  // three URLs and one archive copy
  CHECK(fx.hits("type:reference status:alive") == 1);
  CHECK(fx.hits("type:reference status:failing") == 1);
  CHECK(fx.hits("type:reference status:blocked") == 1);
  CHECK(fx.hits("type:reference status:archive-error-capture") == 1);
  CHECK(fx.hits("type:reference status:unchecked") == 3);  // the slow ones
  // The report without --check reads the same verdicts back.
  auto report = fx.audit("--format jsonl");
  REQUIRE(report.exit_code == 0);
  size_t alive = 0;
  for (auto& o : records_of(report.out, "outlet")) alive += o["alive"].get<size_t>();
  CHECK(alive == 1);
}

TEST_CASE("audit --check on a missing index says so and creates nothing", "[audit][cli]") {
  TempDir tmp;
  const auto db = tmp.path() / "mistyped" / "db";
  auto r = run_citedex("audit --check --now 2024-03-01T00:00:00Z --db " + quote(db));
  CHECK(r.exit_code == 6);
  CHECK(r.err.rfind("citedex: no index at " + db.string() + ": create one with", 0) == 0);
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "mistyped"));
}
