// URL helpers for linking references to outlets: the host of a URL, its registrable
// domain, and the original URL behind a web-archive copy. Parsing is libcurl's URL API;
// registrable domains come from libpsl's built-in Public Suffix List. None of these
// functions throws (apart from std::bad_alloc); bad input yields nullopt or is returned
// unchanged, as stated per function.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace citedex {

// The host of `url`, ASCII-lowercased, without port, user info or trailing dot. Non-ASCII
// (IDN) hosts are returned as written (no punycode conversion); IPv6 literals keep their
// brackets ("[::1]"). Accepts URLs without a scheme ("www.reuters.com/x", taken as http),
// protocol-relative ones ("//www.reuters.com/x") and a single slash after the scheme
// ("http:/www.reuters.com/x"). Surrounding whitespace is ignored.
// Returns nullopt for anything that is not a web URL: empty or unparsable input, no host
// ("http://"), schemes other than http, https, ftp and ftps ("javascript:alert(1)",
// "mailto:…"; a scheme-less "user:pw@host" is read as such a scheme too), and single-label
// hosts ("not a url", "Reuters") other than IPv6 literals.
std::optional<std::string> url_host(std::string_view url);
// The same, always through curl's URL parser (url_host skips it for plain http(s) URLs;
// the tests check that both agree).
std::optional<std::string> url_host_with_curl(std::string_view url);

// The registrable domain of `host` (the public suffix plus one label) using the Public
// Suffix List including its private section: "www.reuters.com" → "reuters.com",
// "news.bbc.co.uk" → "bbc.co.uk", "foo.blogspot.com" → "foo.blogspot.com".
// The host is ASCII-lowercased and a trailing dot dropped first. Returns that cleaned
// host itself for IP addresses, for hosts whose top-level label is not in the list
// ("intranet.corp"), and for hosts that are a public suffix themselves ("co.uk").
std::string registrable_domain(std::string_view host);

struct UnwrappedUrl {
  std::string url;           // the original URL, or the input if it was not unwrapped
  bool was_archive = false;  // the input was a URL on a web archive (even if not unwrapped)
  std::string archive_host;  // lowercased host of the archive layer that yielded `url`
  std::string timestamp;     // capture time as digits only ("20161210123456"), or empty
};

// Returns the original URL inside a web-archive URL:
// - Wayback Machine (web.archive.org, wayback.archive.org, and archive.org paths
//   /web/… and /wayback/…): "/web/<timestamp><flag>/<original>" where the timestamp has
//   4–14 digits (or is absent before "*"), and the flag is empty, "*" or two letters and
//   "_" ("id_", "if_", "im_", …); also "web.archive.org/<timestamp>/<original>".
// - archive.today family (archive.today, .ph, .is, .li, .md, .vn, .fo):
//   "/2016.12.10-123456/<original>", "/20161210123456/<original>", "/o/<id>/<original>",
//   "/newest/<original>", "/oldest/<original>". A trailing "#selection-…" is dropped.
//   The short form "/AbCdE" cannot be unwrapped: was_archive is true, `url` is the
//   archive URL and the timestamp is empty.
// - WebCite (webcitation.org): the "url=" query parameter, percent-decoded; the "date="
//   parameter, if any, gives the timestamp.
// The original may lack a scheme ("…/web/2016/www.reuters.com/a" → "http://www.reuters.com/a"),
// have a single slash after it ("http:/www…" → "http://www…") or be percent-encoded
// ("http%3A%2F%2F…"). Its query and fragment are kept.
// Archive layers are peeled repeatedly (at most 4), so a Wayback copy of an archive.ph copy
// yields the original; archive_host and timestamp then describe the innermost layer peeled.
// A layer whose embedded URL has no valid host (see url_host) is not peeled.
// archive.org URLs other than the Wayback paths (e.g. "/details/…", library items) and all
// non-archive URLs come back unchanged with was_archive false.
UnwrappedUrl unwrap_archive(std::string_view url);

// Whether `host` (any case, optional trailing dot) serves only archive copies of other pages:
// web.archive.org, wayback.archive.org, the archive.today family and webcitation.org, with or
// without "www.". Bare "archive.org" is false: it also hosts library items, which are sources.
bool is_archive_host(std::string_view host);

}  // namespace citedex
