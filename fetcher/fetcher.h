// The link checker: many URLs, one thread, libcurl's multi interface. Transfers are
// driven by curl_multi_socket_action over an epoll set (work per event, not per
// transfer); HostSchedule decides which request may start (global
// concurrency, per-host limit and interval, Retry-After holds, backoff). Nothing here
// follows redirects for libcurl: each hop is a new request, scheduled against its own
// host and checked against the address policy (address_policy.h) when its socket is
// opened. docs/fetcher.md describes the verdicts and the policy.
//
// An original URL: HEAD first. A 2xx answer is alive unless the host serves the same
// page for a random path (one GET of a random path per origin, cached for the run; then
// the page itself is fetched with GET and compared, soft404.h). Any failure or doubt
// on HEAD (a 4xx or 5xx other than 429/503, a timeout, a reset, a redirect loop) is
// retried with GET from the URL that failed. 429 and 503 wait for Retry-After (seconds
// or HTTP-date) or an exponential backoff, both capped, at most `max_retries` times, and
// hold the whole host back meanwhile. Bodies are read only when needed (comparisons,
// archive pages without a memento, availability answers) and never past `body_cap`.
//
// An archive URL: GET (Wayback and archive.today send Memento headers on GET; the body
// is read only when there is no memento, to recognize an "excluded" page). Redirects
// are followed; X-Archive-Redirect-Reason on any hop makes the capture `redirected`.
// webcitation.org is reported `defunct` without a request.
//
// An availability lookup (--find-archives): the Wayback availability endpoint, closest
// capture before the access date, else after (availability.h).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fetcher/clock.h"
#include "fetcher/verdict.h"

namespace citedex::fetcher {

enum class CheckKind {
  original,      // a cited URL
  archive,       // an archive copy of one
  availability,  // find a Wayback capture of `url` near `access_date`
};

struct CheckRequest {
  std::string url;
  CheckKind kind = CheckKind::original;
  std::string access_date;  // "YYYY-MM-DD" or empty: archive distance, availability target
};

struct CheckResult {
  bool done = false;  // false: the run was cancelled before this URL was decided
  Verdict verdict = Verdict::transient;
  std::string url;          // as requested
  std::string checked_url;  // prepared: fragment stripped, IDN host in punycode
  long http_code = 0;       // the last HTTP status received (0: none)
  int curl_code = 0;        // the last libcurl error that mattered (0: none)
  std::string curl_error;   // its message
  std::string final_url;    // where the redirects ended
  int redirects = 0;
  int requests = 0;    // HTTP requests made for this URL (retries, GET fallback, probe excluded)
  double seconds = 0;  // time spent in transfers for this URL
  std::string reason;  // one line: why this verdict
  // Archive copies.
  std::string capture_time;                   // ISO 8601 UTC from Memento-Datetime, "" when unknown
  std::optional<long> capture_distance_days;  // capture − access date, in days
  std::string requested_time;  // the capture time the archive URL asked for (its timestamp)
  // Availability lookups: the capture found (verdict valid), else not-archived/archive-down.
  std::string suggestion_url;
  std::string suggestion_time;  // ISO 8601 UTC
};

struct FetchOptions {
  size_t concurrency = 32;                           // transfers at once, overall
  size_t per_host = 2;                               // at once on one host; 0: unlimited
  std::chrono::milliseconds interval{1000};          // between request starts on one host
  std::chrono::milliseconds connect_timeout{10000};  //
  std::chrono::milliseconds total_timeout{30000};    // per request
  long low_speed_limit = 100;                        // bytes/s below which…
  std::chrono::seconds low_speed_time{15};           // …for this long a request is abandoned
  size_t body_cap = 256 * 1024;                      // bytes of a body read at most
  int max_redirects = 10;
  int max_retries = 3;                              // per URL, on 429/503
  std::chrono::milliseconds backoff_initial{2000};  // first wait without Retry-After
  std::chrono::milliseconds max_wait{60000};        // longer Retry-After: give up
  bool soft404_probe = true;  // compare 200 pages with the host's page for a random path
  bool allow_private = false;
  std::vector<std::string> resolve;     // curl's --resolve HOST:PORT:ADDR[,ADDR]
  std::vector<std::string> connect_to;  // curl's --connect-to HOST:PORT:CHOST:CPORT
  std::string ca_file;     // CA certificates to trust instead of the system's (curl's --cacert)
  std::string user_agent;  // empty: "citedex/<version> (link-rot audit; …)"
  std::string availability_endpoint = "https://archive.org/wayback/available";
  const Clock* clock = nullptr;  // wall clock (Retry-After dates); nullptr: system clock
};

struct Progress {
  size_t done = 0, total = 0;
  std::array<size_t, kVerdicts.size()> by_verdict{};  // indexed by Verdict
  double elapsed_seconds = 0;
};

// Checks every request. Returns one result per request, in order. `cancel` (polled at
// least every 100 ms) stops the run: transfers in flight are dropped, and the results
// decided so far come back (done = true) with the others undecided (done = false).
// `on_result` is called as each result is decided; `on_progress` at most 4 times a
// second and once at the end. Throws std::invalid_argument for malformed --resolve /
// --connect-to entries.
std::vector<CheckResult> check_urls(
    const std::vector<CheckRequest>& requests, const FetchOptions& options,
    const std::atomic<bool>* cancel = nullptr,
    const std::function<void(size_t, const CheckResult&)>& on_result = {},
    const std::function<void(const Progress&)>& on_progress = {});

// One availability lookup (see check_urls, CheckKind::availability).
CheckResult find_archive(const std::string& url, const std::string& access_date,
                         const FetchOptions& options);

// The default User-Agent: "citedex/<version> (link-rot audit; +https://…)".
std::string default_user_agent();

}  // namespace citedex::fetcher
