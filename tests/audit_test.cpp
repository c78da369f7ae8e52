// The link states of `citedex audit`: failures over time and when a URL is due.
#include "audit/audit.h"

#include <catch2/catch.hpp>

#include "fetcher/http_time.h"

using namespace citedex;
using fetcher::CheckResult;
using fetcher::Verdict;

namespace {

fetcher::WallTime day(const char* iso) { return *fetcher::parse_iso_date(iso); }

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
