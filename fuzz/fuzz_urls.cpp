// Harness of URL parsing and archive unwrapping (indexer/urls.h). The input is one URL as
// a citation or a href holds it.
#include <string>

#include "fuzz/harness.h"
#include "fuzz/properties.h"
#include "indexer/text_util.h"
#include "indexer/urls.h"

namespace citedex::fuzz {

namespace {

void check_host(std::string_view what, const std::string& host) {
  if (host.empty()) fuzz_fail("a host is not empty", what);
  for (char c : host)
    if (c >= 'A' && c <= 'Z') fuzz_fail("a host is lowercase", escaped(host));
  if (host.back() == '.') fuzz_fail("a host has no trailing dot", escaped(host));
  std::string domain = registrable_domain(host);
  if (domain.empty() || !host.ends_with(domain))
    fuzz_fail("a registrable domain is a suffix of its host",
              escaped(host) + " " + escaped(domain));
  if (registrable_domain(domain) != domain)
    fuzz_fail("a registrable domain is its own registrable domain", escaped(domain));
}

}  // namespace

static void fuzz_urls_body(std::string_view input) {
  std::optional<std::string> host = url_host(input);
  if (host) check_host("url_host", *host);
  if (url_host_with_curl(input) != host)
    fuzz_fail("url_host agrees with curl's parser", escaped(input));
  registrable_domain(input);

  UnwrappedUrl u = unwrap_archive(input);
  if (!u.was_archive && u.url != input)
    fuzz_fail("a non-archive URL comes back unchanged", escaped(input) + " → " + escaped(u.url));
  for (char c : u.timestamp)
    if (c < '0' || c > '9') fuzz_fail("an archive timestamp is digits", escaped(u.timestamp));
  if (u.url != input) {
    std::optional<std::string> inner = url_host(u.url);
    if (!inner) fuzz_fail("an unwrapped URL has a valid host", escaped(u.url));
    check_host("unwrapped", *inner);
    if (u.archive_host.empty()) fuzz_fail("an unwrapped URL names its archive", escaped(input));
  }
  if (is_valid_utf8(input)) check_utf8("unwrapped URL", u.url);
  is_archive_host(input);
}

void fuzz_urls(std::string_view input) {
  timed("urls", input.size(), [&] { fuzz_urls_body(input); });
}

}  // namespace citedex::fuzz
