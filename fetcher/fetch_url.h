// URLs as the fetcher requests them. A cited URL is prepared once: surrounding space
// trimmed, the fragment stripped (servers never see it), the scheme and host lowercased,
// an IDN host converted to punycode (ICU UTS #46), spaces and non-ASCII bytes of the path
// and query (and of the user info) percent-encoded. Only http and https are fetched; everything
// else is reported as unsupported and never requested. Parsing is libcurl's URL API.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace citedex::fetcher {

struct PreparedUrl {
  bool ok = false;
  std::string problem;  // why not ok: "unsupported scheme 'ftp'", "no host", "unparsable URL"
  std::string url;      // the prepared URL
  std::string scheme;   // "http" or "https"
  std::string host;     // lowercase ASCII (punycode), IPv6 literals in brackets
  int port = 0;         // explicit or the scheme's default
  std::string path;     // "/" at least, without the query
};

// Prepares `url` (see above). A URL without a scheme ("www.x.com/a", "//www.x.com/a") is
// taken as http.
PreparedUrl prepare_url(std::string_view url);

// The URL a Location header points to, resolved against `base` and prepared; its `ok`
// is false (with a problem) for a non-http(s) target or garbage.
PreparedUrl resolve_location(std::string_view base, std::string_view location);

// `host` in ASCII: punycode for IDN labels (UTS #46, nontransitional), lowercased.
// nullopt when ICU rejects it.
std::optional<std::string> host_to_ascii(std::string_view host);

// The origin of a prepared URL, "scheme://host:port".
std::string origin_of(const PreparedUrl& url);

}  // namespace citedex::fetcher
