// Archive copies and availability lookups against fakes answering for web.archive.org,
// archive.ph and archive.org (routed to 127.0.0.1 with --connect-to).
#include <catch2/catch.hpp>
#include <map>

#include "fetcher/fetcher.h"
#include "tests/fake_http.h"

using namespace citedex::fetcher;
using citedex::testing::FakeHttpServer;
using citedex::testing::FakeRequest;
using citedex::testing::FakeResponse;
using citedex::testing::html_page;
using citedex::testing::redirect;
using namespace std::chrono_literals;

namespace {

FetchOptions archive_options(const FakeHttpServer& server) {
  FetchOptions o;
  o.interval = 0ms;
  o.connect_timeout = 1000ms;
  o.total_timeout = 3000ms;
  o.low_speed_time = 1s;
  o.backoff_initial = 50ms;
  o.max_retries = 1;
  o.availability_endpoint = "http://archive.org/wayback/available";
  for (const char* h : {"web.archive.org", "archive.ph", "archive.org", "www.webcitation.org"})
    o.connect_to.push_back(std::string(h) + ":80:127.0.0.1:" + std::to_string(server.port()));
  return o;
}

FakeResponse memento(int status, const std::string& when, const std::string& title) {
  FakeResponse r = html_page(title, "archived text");
  r.status = status;
  r.header("Memento-Datetime", when);
  return r;
}

// The availability API of the fake: captures of one URL, answering closest=before/after.
FakeResponse availability(const FakeRequest& req, const std::vector<std::string>& captures) {
  auto param = [&](const std::string& name) -> std::string {
    size_t at = req.path.find(name + "=");
    if (at == std::string::npos) return "";
    size_t end = req.path.find('&', at);
    return req.path.substr(at + name.size() + 1, end == std::string::npos
                                                     ? std::string::npos
                                                     : end - at - name.size() - 1);
  };
  std::string ts = param("timestamp"), closest = param("closest");
  std::string pick;
  for (const auto& c : captures) {
    bool ok = closest == "before" ? c.substr(0, 8) <= ts : c.substr(0, 8) >= ts;
    if (!ok) continue;
    if (pick.empty() || (closest == "before" ? c > pick : c < pick)) pick = c;
  }
  FakeResponse r;
  r.header("Content-Type", "application/json");
  r.body =
      pick.empty()
          ? R"({"url":"x","archived_snapshots":{}})"
          : R"({"url":"x","archived_snapshots":{"closest":{"available":true,"url":"http://web.archive.org/web/)" +
                pick + R"(/http://www.almasdarnews.com/a","timestamp":")" + pick +
                R"(","status":"200"}}})";
  return r;
}

}  // namespace

TEST_CASE("archive copies: valid, redirected, error captures, not archived, excluded, down",
          "[fetcher][archive]") {
  FakeHttpServer server([](const FakeRequest& req) {
    const std::string& p = req.path;
    if (req.host == "web.archive.org") {
      if (p == "/web/20161210123456/http://www.almasdarnews.com/a")
        return memento(200, "Sat, 10 Dec 2016 12:34:56 GMT", "Army retakes Tiyas");
      if (p == "/web/20161210000000/http://www.almasdarnews.com/b")
        return redirect(302, "/web/20170601000000/http://www.almasdarnews.com/b")
            .header("X-Archive-Redirect-Reason", "found capture at 20170601000000");
      if (p == "/web/20170601000000/http://www.almasdarnews.com/b")
        return memento(200, "Thu, 01 Jun 2017 00:00:00 GMT", "Later capture");
      if (p == "/web/20161210000000/http://www.almasdarnews.com/gone")
        return memento(404, "Sat, 10 Dec 2016 00:00:00 GMT", "404 Not Found");
      if (p == "/web/20161210000000/http://www.almasdarnews.com/orig404")
        return memento(200, "Sat, 10 Dec 2016 00:00:00 GMT", "Not Found")
            .header("X-Archive-Orig-Status", "404 Not Found");
      if (p == "/web/20161210000000/http://www.almasdarnews.com/never") {
        FakeResponse r =
            html_page("Wayback Machine", "Hrm. The Wayback Machine has not archived that URL.");
        r.status = 404;
        return r;
      }
      if (p == "/web/20161210000000/http://www.almasdarnews.com/down")
        return FakeResponse::status_only(503);
    }
    if (req.host == "archive.ph" && p == "/AbCdE")
      return html_page("archive.today", "This URL has been excluded from the archive.");
    if (req.host == "archive.ph" && p == "/FgHiJ")  // not a notice: words only
      return html_page("archive.today", "Roads were blocked and the service was unavailable.");
    return FakeResponse::status_only(404);
  });
  auto options = archive_options(server);
  std::vector<std::string> urls = {
      "http://web.archive.org/web/20161210123456/http://www.almasdarnews.com/a",
      "http://web.archive.org/web/20161210000000/http://www.almasdarnews.com/b",
      "http://web.archive.org/web/20161210000000/http://www.almasdarnews.com/gone",
      "http://web.archive.org/web/20161210000000/http://www.almasdarnews.com/orig404",
      "http://web.archive.org/web/20161210000000/http://www.almasdarnews.com/never",
      "http://web.archive.org/web/20161210000000/http://www.almasdarnews.com/down",
      "http://archive.ph/AbCdE",
      "http://www.webcitation.org/6abcdEFG",
      "http://archive.ph/FgHiJ"};
  std::vector<CheckRequest> requests;
  for (const auto& u : urls) requests.push_back({u, CheckKind::archive, "2016-12-15"});
  auto r = check_urls(requests, options);

  CHECK(r[0].verdict == Verdict::valid);
  CHECK(r[0].capture_time == "2016-12-10T12:34:56Z");
  CHECK(r[0].capture_distance_days == -4);
  CHECK(r[0].requested_time == "2016-12-10T12:34:56Z");

  CHECK(r[1].verdict == Verdict::redirected);
  CHECK(r[1].capture_time == "2017-06-01T00:00:00Z");
  CHECK(r[1].capture_distance_days == 168);
  CHECK(r[1].requested_time == "2016-12-10T00:00:00Z");
  CHECK(r[1].redirects == 1);

  CHECK(r[2].verdict == Verdict::error_capture);
  CHECK(r[2].http_code == 404);
  CHECK(r[3].verdict == Verdict::error_capture);
  CHECK(r[4].verdict == Verdict::not_archived);
  CHECK(r[5].verdict == Verdict::archive_down);
  CHECK(r[5].requests == 2);  // one retry after a backoff
  CHECK(r[6].verdict == Verdict::excluded);
  CHECK(r[7].verdict == Verdict::defunct);
  CHECK(r[7].requests == 0);
  CHECK(r[8].verdict == Verdict::not_archived);
  for (const auto& req : server.requests()) CHECK(req.host != "www.webcitation.org");
}

TEST_CASE("find_archive: before the access date, else after, empty, rate-limited",
          "[fetcher][archive]") {
  std::map<std::string, std::vector<std::string>> captures = {
      {"/a", {"20161101000000", "20161201093000", "20170301000000"}},
      {"/later", {"20170301000000"}},
      {"/none", {}}};
  FakeHttpServer server([&](const FakeRequest& req) {
    if (req.host != "archive.org" || req.path.find("/wayback/available?") != 0)
      return FakeResponse::status_only(404);
    if (req.path.find("busy") != std::string::npos)
      return FakeResponse::status_only(429).header("Retry-After", "0");
    // Escapes may come in either case (libcurl writes them in lowercase).
    std::string query = req.path;
    for (char& ch : query) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const auto& [path, list] : captures)
      if (query.find("almasdarnews.com%2f" + path.substr(1) + "&") != std::string::npos)
        return availability(req, list);
    return availability(req, {});
  });
  auto options = archive_options(server);

  auto hit = find_archive("http://www.almasdarnews.com/a", "2016-12-10", options);
  CHECK(hit.verdict == Verdict::valid);
  CHECK(hit.suggestion_time == "2016-12-01T09:30:00Z");
  CHECK(hit.suggestion_url ==
        "http://web.archive.org/web/20161201093000/http://www.almasdarnews.com/a");
  CHECK(hit.capture_distance_days == -8);

  auto after = find_archive("http://www.almasdarnews.com/later", "2016-12-10", options);
  CHECK(after.verdict == Verdict::valid);
  CHECK(after.suggestion_time == "2017-03-01T00:00:00Z");
  CHECK(after.requests == 2);  // before: nothing; after: this one

  auto none = find_archive("http://www.almasdarnews.com/none", "2016-12-10", options);
  CHECK(none.verdict == Verdict::not_archived);
  CHECK(none.suggestion_url.empty());

  auto busy = find_archive("http://www.almasdarnews.com/busy", "2016-12-10", options);
  CHECK(busy.verdict == Verdict::archive_down);
  CHECK(busy.http_code == 429);
  CHECK(busy.requests == 2);
}
