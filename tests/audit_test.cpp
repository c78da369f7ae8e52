// The link states of `citedex audit`: failures over time and when a URL is due.
#include "audit/audit.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <mutex>

#include "fetcher/http_time.h"
#include "indexer/link_status.h"
#include "indexer/outlet_table.h"
#include "indexer/schema.h"
#include "tests/fake_http.h"
#include "tests/test_support.h"

using namespace citedex;
using citedex::testing::FakeHttpServer;
using citedex::testing::FakeRequest;
using citedex::testing::FakeResponse;
using citedex::testing::quote;
using citedex::testing::run_citedex;
using citedex::testing::TempDir;
using citedex::testing::write_file;
using fetcher::CheckResult;
using fetcher::Verdict;

namespace {

fetcher::WallTime day(const char* iso) { return *fetcher::parse_iso_date(iso); }

// An index of one article citing `refs` (wikitext of {{cite web}} parameters), and the
// options of an in-process audit --check against a fake server for www.example.com.
struct InProcessAudit {
  TempDir dir;
  std::string db_path;
  explicit InProcessAudit(const std::vector<std::string>& refs) {
    std::string text;
    for (const auto& r : refs) text += "A claim.<ref>{{cite web|" + r + "|title=T}}</ref> ";
    write_file(dir.path() / "a.wiki", text + "\n\n== References ==\n{{reflist}}\n");
    db_path = (dir.path() / "db").string();
    auto ix = run_citedex("index --db " + quote(db_path) + " " + quote(dir.path() / "a.wiki"));
    REQUIRE(ix.exit_code == 0);
  }
  audit::Options options(const FakeHttpServer& server) const {
    audit::Options o;
    o.db_path = db_path;
    o.check = true;
    o.fetch.connect_to = {"www.example.com:80:127.0.0.1:" + std::to_string(server.port())};
    o.fetch.interval = std::chrono::milliseconds(0);
    o.fetch.concurrency = 1;  // one URL at a time: each request follows the previous result
    o.fetch.per_host = 1;
    o.fetch.soft404_probe = false;
    return o;
  }
};

// How many reference documents have status `status` in what a reader of `path` sees.
size_t with_status(const std::string& path, const std::string& status) {
  Xapian::Database db(path);
  return db.get_termfreq(std::string(kPrefixStatus) + status);
}

CheckResult result(Verdict v, long code = 0) {
  CheckResult r;
  r.done = true;
  r.verdict = v;
  r.http_code = code;
  return r;
}

}  // namespace

TEST_CASE("a link is dead only after K failures at least D days apart", "[audit]") {
  audit::Policy policy;  // K = 3, D = 3
  const std::string url = "http://www.almasdarnews.com/gone";
  auto s =
      audit::next_state(nullptr, url, false, result(Verdict::dead, 404), day("2024-03-01"), policy);
  CHECK(s["status"] == "failing");
  CHECK(s["failures"] == 1);
  CHECK(s["first_failure"] == "2024-03-01T00:00:00Z");
  // A day later: recorded, not counted.
  s = audit::next_state(s, url, false, result(Verdict::dead, 404), day("2024-03-02"), policy);
  CHECK(s["failures"] == 1);
  CHECK(s["checks"] == 2);
  s = audit::next_state(s, url, false, result(Verdict::soft_404), day("2024-03-04"), policy);
  CHECK(s["failures"] == 2);
  CHECK(s["status"] == "failing");
  // A timeout neither extends nor breaks the streak.
  s = audit::next_state(s, url, false, result(Verdict::transient), day("2024-03-06"), policy);
  CHECK(s["failures"] == 2);
  CHECK(s["status"] == "transient");
  s = audit::next_state(s, url, false, result(Verdict::dead, 410), day("2024-03-07"), policy);
  CHECK(s["failures"] == 3);
  CHECK(s["status"] == "dead");
  CHECK(s["last_failure"] == "2024-03-07T00:00:00Z");
  CHECK(s["first_failure"] == "2024-03-01T00:00:00Z");
  CHECK(s["http_code"] == 410);
  // Alive again resets the count.
  s = audit::next_state(s, url, false, result(Verdict::alive, 200), day("2024-03-20"), policy);
  CHECK(s["status"] == "alive");
  CHECK(s["failures"] == 0);
  CHECK_FALSE(s.contains("first_failure"));
}

TEST_CASE("archive verdicts are the status, suggestions survive a recheck", "[audit]") {
  CheckResult r = result(Verdict::redirected, 200);
  r.capture_time = "2017-06-01T00:00:00Z";
  r.capture_distance_days = 171;
  auto s = audit::next_state(nullptr, "http://web.archive.org/web/2016/x", true, r,
                             day("2024-03-01"), {});
  CHECK(s["status"] == "redirected");
  CHECK(s["distance_days"] == 171);
  nlohmann::json prev{{"suggestion_url", "http://web.archive.org/web/2016/y"}};
  auto o = audit::next_state(prev, "http://y", false, result(Verdict::dead), day("2024-03-01"), {});
  CHECK(o["suggestion_url"] == "http://web.archive.org/web/2016/y");
}

TEST_CASE("which URLs are due", "[audit]") {
  audit::Policy policy;  // recheck after 7 days, D = 3
  CHECK(audit::due(nullptr, day("2024-03-01"), policy));
  nlohmann::json alive{{"status", "alive"}, {"last_checked", "2024-03-01T00:00:00Z"}};
  CHECK_FALSE(audit::due(alive, day("2024-03-07"), policy));
  CHECK(audit::due(alive, day("2024-03-08"), policy));
  nlohmann::json failing{{"status", "failing"},
                         {"last_checked", "2024-03-02T00:00:00Z"},
                         {"last_failure", "2024-03-01T00:00:00Z"}};
  CHECK_FALSE(audit::due(failing, day("2024-03-03"), policy));
  CHECK(audit::due(failing, day("2024-03-04"), policy));
  nlohmann::json blocked{{"status", "blocked"}, {"last_checked", "2024-03-01T00:00:00Z"}};
  CHECK(audit::due(blocked, day("2024-03-01"), policy));
}

TEST_CASE("audit --check commits verdicts in batches while it runs", "[audit]") {
  std::vector<std::string> refs;
  for (int i = 1; i <= 5; ++i)
    refs.push_back("url=http://www.example.com/page/" + std::to_string(i));
  InProcessAudit ix(refs);
  // What a second reader sees of the index as each request arrives.
  std::mutex mutex;
  std::vector<size_t> seen;
  FakeHttpServer server([&](const FakeRequest&) {
    std::lock_guard<std::mutex> lock(mutex);
    seen.push_back(with_status(ix.db_path, "alive"));
    return citedex::testing::html_page("Page", "A page.");
  });
  audit::Options options = ix.options(server);
  std::vector<size_t> expected;
  SECTION("every N results") {
    options.commit_every = 2;
    options.commit_interval = std::chrono::hours(1);
    expected = {0, 0, 2, 2, 4};
  }
  SECTION("every interval") {
    options.commit_every = 1000;
    options.commit_interval = std::chrono::milliseconds(0);
    expected = {0, 1, 2, 3, 4};
  }
  auto result = audit::run(options, OutletTable::builtin());
  CHECK(result.checked == 5);
  CHECK_FALSE(result.interrupted);
  std::lock_guard<std::mutex> lock(mutex);
  CHECK(seen == expected);
  CHECK(with_status(ix.db_path, "alive") == 5);
  CHECK(with_status(ix.db_path, "unchecked") == 0);
}

TEST_CASE("a URL cited as a link and as an archive copy is checked as both", "[audit]") {
  const std::string both = "http://www.example.com/both";
  InProcessAudit ix({"url=" + both, "url=http://www.example.com/gone|archive-url=" + both +
                                        "|archive-date=1 March 2016|access-date=1 March 2016"});
  FakeHttpServer server([](const FakeRequest& req) {
    if (req.path == "/both") return citedex::testing::html_page("Page", "A page.");
    return FakeResponse::status_only(404);
  });
  auto result = audit::run(ix.options(server), OutletTable::builtin());
  CHECK(result.urls == 3);  // /both twice (link, archive copy), /gone
  CHECK(result.checked == 3);
  // A page without Memento-Datetime is no capture; as a link it is alive.
  CHECK(with_status(ix.db_path, "alive") == 1);
  CHECK(with_status(ix.db_path, "failing") == 1);
  CHECK(with_status(ix.db_path, "archive-not-archived") == 1);
  CHECK(with_status(ix.db_path, "not-archived") == 0);
  Xapian::Database db(ix.db_path);
  auto original = load_link_check(db, both, LinkRole::original);
  auto archive = load_link_check(db, both, LinkRole::archive);
  REQUIRE(original.is_object());
  REQUIRE(archive.is_object());
  CHECK(original["kind"] == "original");
  CHECK(original["status"] == "alive");
  CHECK(archive["kind"] == "archive");
  CHECK(archive["verdict"] == "not-archived");
  // Every reference's status slot holds a link status.
  for (auto it = db.postlist_begin(std::string(kPrefixType) + "reference");
       it != db.postlist_end(std::string(kPrefixType) + "reference"); ++it) {
    std::string status = db.get_document(*it).get_value(kSlotStatus);
    INFO(status);
    CHECK(std::find(kLinkStatuses.begin(), kLinkStatuses.end(), status) != kLinkStatuses.end());
  }
  for (const auto& ref : result.references) {
    if (ref.value("url", "") == both) CHECK(ref["check"]["status"] == "alive");
    if (ref.value("archive_url", "") == both)
      CHECK(ref["archive_check"]["verdict"] == "not-archived");
  }
}

TEST_CASE("an archive state under the link's key is read as the archive's and moved", "[audit]") {
  const std::string both = "http://www.example.com/both";
  InProcessAudit ix({"url=" + both, "url=http://www.example.com/gone|archive-url=" + both +
                                        "|archive-date=1 March 2016|access-date=1 March 2016"});
  // As an earlier citedex stored it: the archive state under the URL's only key, recent
  // enough not to be due.
  nlohmann::json legacy{{"url", both},        {"kind", "archive"},
                        {"verdict", "valid"}, {"status", "valid"},
                        {"checks", 1},        {"last_checked", "2024-03-01T00:00:00Z"}};
  {
    Xapian::WritableDatabase w(ix.db_path, Xapian::DB_OPEN);
    w.set_metadata(link_check_key(both, LinkRole::original), legacy.dump());
    w.commit();
    CHECK(load_link_check(w, both, LinkRole::archive) == legacy);
    CHECK(load_link_check(w, both, LinkRole::original).is_null());
  }
  FakeHttpServer server([](const FakeRequest& req) {
    if (req.path == "/both") return citedex::testing::html_page("Page", "A page.");
    return FakeResponse::status_only(404);
  });
  fetcher::FixedClock clock(day("2024-03-02"));
  audit::Options options = ix.options(server);
  options.clock = &clock;
  auto result = audit::run(options, OutletTable::builtin());
  CHECK(result.checked == 2);  // the link and /gone; the archive copy is not due
  CHECK(result.skipped == 1);
  Xapian::Database db(ix.db_path);
  CHECK(load_link_check(db, both, LinkRole::archive) == legacy);
  CHECK(db.get_metadata(link_check_key(both, LinkRole::archive)) == legacy.dump());
  auto original = load_link_check(db, both, LinkRole::original);
  REQUIRE(original.is_object());
  CHECK(original["kind"] == "original");
  CHECK(original["checks"] == 1);
  CHECK(with_status(ix.db_path, "alive") == 1);
  CHECK(with_status(ix.db_path, "archive-valid") == 1);
}
