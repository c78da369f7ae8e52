// Harness of what the fetcher reads from servers: the status line and header fields
// (response_head.h), Retry-After (retry_after.h), HTTP-dates and the other time forms
// (http_time.h), and the Location target (fetch_url.h). The input is a response head,
// one line per header line as libcurl delivers them.
#include <string>

#include "fetcher/fetch_url.h"
#include "fetcher/http_time.h"
#include "fetcher/response_head.h"
#include "fetcher/retry_after.h"
#include "fuzz/harness.h"
#include "fuzz/properties.h"

namespace citedex::fuzz {

using namespace citedex::fetcher;

namespace {

constexpr std::string_view kBase = "https://www.example.org/a/b?c=d";

void check_prepared(std::string_view what, const PreparedUrl& p) {
  if (!p.ok) {
    if (p.problem.empty()) fuzz_fail("a refused URL says why", what);
    return;
  }
  if (p.scheme != "http" && p.scheme != "https")
    fuzz_fail("a prepared URL is http or https", escaped(p.url));
  if (p.host.empty() || p.path.empty() || p.path[0] != '/' || p.port <= 0 || p.port > 65535)
    fuzz_fail("a prepared URL has a host, a port and a path", escaped(p.url));
  if (!p.url.starts_with(p.scheme + "://"))
    fuzz_fail("a prepared URL starts with its scheme", escaped(p.url));
  for (char c : p.url)
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f)
      fuzz_fail("a prepared URL is printable ASCII", escaped(p.url));
  PreparedUrl again = prepare_url(p.url);
  if (!again.ok || again.url != p.url)
    fuzz_fail("preparing a prepared URL changes nothing",
              std::string(what) + " " + escaped(p.url) + " → " + escaped(again.url));
}

void check_times(std::string_view line) {
  if (auto t = parse_iso_date(line)) {
    if (parse_iso_date(format_iso(*t)) != t)
      fuzz_fail("an ISO date survives format_iso", escaped(line) + " → " + format_iso(*t));
  }
  if (auto t = parse_wayback_timestamp(line)) {
    if (parse_wayback_timestamp(format_wayback(*t)) != t)
      fuzz_fail("a Wayback timestamp survives format_wayback",
                escaped(line) + " → " + format_wayback(*t));
  }
  parse_http_date(line);
}

}  // namespace

static void fuzz_http_head_body(std::string_view input) {
  ResponseHead head;
  size_t start = 0;
  while (start < input.size()) {
    size_t nl = input.find('\n', start);
    size_t end = nl == std::string_view::npos ? input.size() : nl + 1;
    std::string_view line = input.substr(start, end - start);
    add_header_line(head, line);
    if (head.status < 0 || head.status > 999)
      fuzz_fail("an HTTP status has three digits", escaped(line));
    check_times(line.substr(0, line.find_last_not_of("\r\n") + 1));
    start = end;
  }
  for (const auto& [name, value] : head.fields) {
    for (char c : name)
      if (c >= 'A' && c <= 'Z') fuzz_fail("header names are lowercased", escaped(name));
    if (name.find(':') != std::string::npos) fuzz_fail("a header name holds no colon");
    if (!value.empty() && (value[0] == ' ' || value[0] == '\t'))
      fuzz_fail("header values are left-trimmed", escaped(value));
  }
  if (head.done && head.status < 200) fuzz_fail("only a final response ends the head");

  WallTime now = std::chrono::system_clock::from_time_t(1'700'000'000);
  if (auto wait = parse_retry_after(head.get("retry-after"), now))
    if (wait->count() < 0) fuzz_fail("a Retry-After wait is not negative");
  parse_http_date(head.get("memento-datetime"));
  std::string location = head.get("location");
  check_prepared("location", resolve_location(kBase, location));
  check_prepared("url", prepare_url(location));
}

void fuzz_http_head(std::string_view input) {
  timed("http head", input.size(), [&] { fuzz_http_head_body(input); });
}

}  // namespace citedex::fuzz
