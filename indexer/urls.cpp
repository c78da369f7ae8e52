#include "indexer/urls.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <libpsl.h>
#include <unicode/utf8.h>

#include <array>
#include <memory>

#include "indexer/text_util.h"

namespace citedex {

namespace {

struct CurlUrlDeleter {
  void operator()(CURLU* h) const { curl_url_cleanup(h); }
};
using CurlUrlPtr = std::unique_ptr<CURLU, CurlUrlDeleter>;

struct CurlFree {
  void operator()(char* p) const { curl_free(p); }
};
using CurlString = std::unique_ptr<char, CurlFree>;

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// Hosts compare case-insensitively and "example.com." is the same host as "example.com";
// only ASCII is lowered because IDN hosts are promised back as written.
std::string clean_host(std::string_view host) {
  std::string h = ascii_lower(host);
  while (!h.empty() && h.back() == '.') h.pop_back();
  return h;
}

std::string_view strip_www(std::string_view host) {
  if (host.substr(0, 4) == "www.") host.remove_prefix(4);
  return host;
}

// Length of a leading "scheme:" followed by '/', or 0. A scheme-less "host:8080/x" does not
// count because a port is not followed by '/'.
size_t scheme_length(std::string_view s) {
  if (s.empty() || !is_ascii_alpha(s[0])) return 0;
  size_t i = 1;
  while (i < s.size() && (is_ascii_alpha(s[i]) || is_ascii_digit(s[i]) || s[i] == '+' ||
                          s[i] == '-' || s[i] == '.'))
    ++i;
  if (i + 1 < s.size() && s[i] == ':' && s[i + 1] == '/') return i + 1;
  return 0;
}

// "mailto:a@b.com", "urn:x", "javascript:…": a scheme not followed by '/'. curl would read
// "mailto" as a user name and default the scheme. A port ("host.com:80") starts with a digit.
bool has_opaque_scheme(std::string_view s) {
  if (s.empty() || !is_ascii_alpha(s[0])) return false;
  size_t i = 1;
  while (i < s.size() && (is_ascii_alpha(s[i]) || is_ascii_digit(s[i]) || s[i] == '+' ||
                          s[i] == '-' || s[i] == '.'))
    ++i;
  return i + 1 < s.size() && s[i] == ':' && s[i + 1] != '/' && !is_ascii_digit(s[i + 1]);
}

// Offset of the path (or query/fragment) in a raw URL. Archive URLs embed a whole URL in
// their path, which curl would dot-normalize and split at the inner '?', so the embedded
// part is read from the raw text; curl has already validated the outer URL by then.
size_t path_offset(std::string_view url) {
  size_t i = scheme_length(url);
  while (i < url.size() && url[i] == '/') ++i;
  size_t end = url.find_first_of("/?#", i);
  return end == std::string_view::npos ? url.size() : end;
}

// Valid UTF-8 without control characters.
bool is_clean_text(std::string_view s) {
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0x20 || c == 0x7f) return false;  // ill-formed (c < 0) or a control
  }
  return true;
}

std::string percent_decode(std::string_view s) {
  int out_len = 0;
  // The handle argument is unused by libcurl's unescaping; NULL is accepted.
  CurlString decoded(curl_easy_unescape(nullptr, s.data(), static_cast<int>(s.size()), &out_len));
  if (!decoded) return std::string(s);
  std::string_view out(decoded.get(), static_cast<size_t>(out_len));
  // "%AC" or "%00" would put bytes that are not text into a URL the article and the
  // index carry as text: such a URL stays encoded.
  if (!is_clean_text(out)) return std::string(s);
  return std::string(out);
}

std::string digits_only(std::string_view s) {
  std::string out;
  for (char c : s)
    if (is_ascii_digit(c)) out.push_back(c);
  return out;
}

// Turns the URL embedded in an archive URL into a usable one, or "" if it has no valid host.
std::string repair_original(std::string_view s) {
  std::string u(s);
  if (starts_with_icase(u, "http%3a") || starts_with_icase(u, "https%3a")) u = percent_decode(u);
  size_t scheme = scheme_length(u);
  if (scheme > 0) {
    // Some tools collapse "//" in paths, so the Wayback path holds "http:/www…".
    if (u.size() > scheme + 1 && u[scheme] == '/' && u[scheme + 1] != '/') u.insert(scheme, "/");
  } else if (u.substr(0, 2) == "//") {
    u.insert(0, "http:");
  } else {
    u.insert(0, "http://");
  }
  return url_host(u) ? u : std::string();
}

// One archive layer: whether the URL is on an archive and, if it could be unwrapped, the
// URL inside.
struct Layer {
  bool is_archive = false;
  std::string host;
  std::string inner;  // empty when the layer cannot be unwrapped
  std::string timestamp;
};

// "<4–14 digits><flag>" or "*": the first path segment after Wayback's "/web/".
bool parse_wayback_segment(std::string_view seg, std::string& timestamp) {
  size_t d = 0;
  while (d < seg.size() && is_ascii_digit(seg[d])) ++d;
  std::string_view flag = seg.substr(d);
  if (d > 0 && (d < 4 || d > 14)) return false;
  bool flag_ok = flag.empty() || flag == "*" ||
                 (flag.size() == 3 && flag[0] >= 'a' && flag[0] <= 'z' && flag[1] >= 'a' &&
                  flag[1] <= 'z' && flag[2] == '_');
  if (!flag_ok || (d == 0 && flag != "*")) return false;
  timestamp = std::string(seg.substr(0, d));
  return true;
}

// archive.today writes "2016.12.10-123456" or plain digits; both become digits only.
bool parse_today_stamp(std::string_view seg, std::string& timestamp) {
  if (seg.size() < 4) return false;
  for (size_t i = 0; i < seg.size(); ++i) {
    char c = seg[i];
    if (!is_ascii_digit(c) && (i < 4 || (c != '.' && c != '-'))) return false;
  }
  std::string digits = digits_only(seg);
  if (digits.size() > 14) return false;
  timestamp = digits;
  return true;
}

Layer wayback_layer(std::string_view url, const std::string& host) {
  std::string_view bare = strip_www(host);
  std::string_view rest = url.substr(path_offset(url));
  Layer layer{true, host, "", ""};
  if (rest.substr(0, 5) == "/web/") {
    rest.remove_prefix(5);
  } else if (rest.substr(0, 9) == "/wayback/") {
    rest.remove_prefix(9);
  } else if (bare != "archive.org" && rest.size() > 1 && is_ascii_digit(rest[1])) {
    rest.remove_prefix(1);  // web.archive.org/20161210/http://… redirects like /web/
  } else {
    // archive.org also hosts library items (/details/…), which are sources, not copies.
    layer.is_archive = bare != "archive.org";
    return layer;
  }
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return layer;
  std::string timestamp;
  if (!parse_wayback_segment(rest.substr(0, slash), timestamp)) return layer;
  layer.inner = repair_original(rest.substr(slash + 1));
  if (!layer.inner.empty()) layer.timestamp = timestamp;
  return layer;
}

Layer archive_today_layer(std::string_view url, const std::string& host) {
  std::string_view rest = url.substr(path_offset(url));
  Layer layer{true, host, "", ""};
  if (rest.empty() || rest[0] != '/') return layer;
  rest.remove_prefix(1);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return layer;  // short form "/AbCdE": no original inside
  std::string_view seg = rest.substr(0, slash);
  std::string_view original = rest.substr(slash + 1);
  std::string timestamp;
  if (seg == "o") {
    size_t id_end = original.find('/');
    if (id_end == std::string_view::npos) return layer;
    original.remove_prefix(id_end + 1);
  } else if (seg != "newest" && seg != "oldest" && seg != "timegate") {
    if (!parse_today_stamp(seg, timestamp)) return layer;
  }
  // archive.today links to a highlighted passage with "#selection-…", which is not part of
  // the original page's URL.
  size_t sel = original.rfind("#selection-");
  if (sel != std::string_view::npos) original = original.substr(0, sel);
  layer.inner = repair_original(original);
  if (!layer.inner.empty()) layer.timestamp = timestamp;
  return layer;
}

// Value of query parameter `name` (undecoded), or nullopt.
std::optional<std::string_view> query_param(std::string_view query, std::string_view name) {
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(pos, end - pos);
    if (pair.size() > name.size() && pair[name.size()] == '=' &&
        ascii_lower(pair.substr(0, name.size())) == name)
      return pair.substr(name.size() + 1);
    pos = end + 1;
  }
  return std::nullopt;
}

Layer webcite_layer(std::string_view url, const std::string& host) {
  Layer layer{true, host, "", ""};
  size_t q = url.find('?', path_offset(url));
  if (q == std::string_view::npos) return layer;
  std::string_view query = url.substr(q + 1);
  query = query.substr(0, query.find('#'));
  auto value = query_param(query, "url");
  if (!value || value->empty()) return layer;
  layer.inner = repair_original(percent_decode(*value));
  if (layer.inner.empty()) return layer;
  if (auto date = query_param(query, "date")) layer.timestamp = digits_only(percent_decode(*date));
  return layer;
}

Layer peel(std::string_view url) {
  auto host = url_host(url);
  if (!host) return {};
  std::string_view bare = strip_www(*host);
  if (bare == "web.archive.org" || bare == "wayback.archive.org" || bare == "archive.org")
    return wayback_layer(url, *host);
  if (bare == "webcitation.org") return webcite_layer(url, *host);
  if (is_archive_host(*host)) return archive_today_layer(url, *host);
  return {};
}

const psl_ctx_t* psl_context() {
  // psl_builtin() is NULL when libpsl was built without the list compiled in; the
  // system copy of the list is the fallback.
  static const psl_ctx_t* ctx = [] {
    const psl_ctx_t* c = psl_builtin();
    return c ? c : psl_latest(nullptr);
  }();
  return ctx;
}

bool is_ip_address(const std::string& host) {
  if (!host.empty() && host.front() == '[') return true;
  unsigned char buf[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

namespace {

// The common case without curl (whose parse costs a few allocations per URL, several
// URLs per reference): "http(s)://host[:port][/?#…]" where the host is plain ASCII
// labels and every byte is printable ASCII. nullopt means "ask curl", never "no host":
// user info, IP literals, spaces, non-ASCII and odd ports all go to curl.
std::optional<std::string> simple_url_host(std::string_view s) {
  size_t at = 0;
  if (s.size() > 7 && starts_with_icase(s, "http://"))
    at = 7;
  else if (s.size() > 8 && starts_with_icase(s, "https://"))
    at = 8;
  else
    return std::nullopt;
  for (char c : s)
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f || c == '\\')
      return std::nullopt;
  size_t end = at;
  size_t label_start = at;
  bool dot = false;
  while (end < s.size() && s[end] != '/' && s[end] != '?' && s[end] != '#' && s[end] != ':') {
    char c = s[end];
    if (c == '.') {
      if (end == label_start) return std::nullopt;  // empty label: "..", leading '.'
      dot = true;
      label_start = end + 1;
    } else if (!is_ascii_alpha(c) && !is_ascii_digit(c) && c != '-') {
      return std::nullopt;
    }
    ++end;
  }
  // A trailing dot (rare) is left to curl and clean_host.
  if (end == at || !dot || s[at] == '-' || label_start == end) return std::nullopt;
  // Numeric last labels may be IPv4 forms curl normalizes ("0x7f.1", "01.02.03.04").
  if (is_ascii_digit(s[label_start])) return std::nullopt;
  if (end < s.size() && s[end] == ':') {
    size_t p = end + 1;
    unsigned port = 0;
    while (p < s.size() && is_ascii_digit(s[p]) && p - end <= 5) port = port * 10 + (s[p++] - '0');
    if (p == end + 1 || p - end > 5 || port > 65535 ||
        (p < s.size() && s[p] != '/' && s[p] != '?' && s[p] != '#'))
      return std::nullopt;
  }
  return clean_host(s.substr(at, end - at));
}

}  // namespace

std::optional<std::string> url_host(std::string_view url) {
  std::string_view trimmed = trim(url);
  if (auto host = simple_url_host(trimmed)) return host;
  return url_host_with_curl(trimmed);
}

std::optional<std::string> url_host_with_curl(std::string_view url) {
  std::string s(trim(url));
  if (s.empty() || s.find('\0') != std::string::npos) return std::nullopt;
  if (has_opaque_scheme(s)) return std::nullopt;
  // curl does not take protocol-relative URLs, which pages copied from HTML contain.
  if (s.substr(0, 2) == "//") s.insert(0, "http:");
  CurlUrlPtr h(curl_url());
  if (!h) return std::nullopt;
  if (curl_url_set(h.get(), CURLUPART_URL, s.c_str(),
                   CURLU_DEFAULT_SCHEME | CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    return std::nullopt;
  char* raw = nullptr;
  if (curl_url_get(h.get(), CURLUPART_SCHEME, &raw, 0) != CURLUE_OK) return std::nullopt;
  std::string scheme = ascii_lower(CurlString(raw).get());
  // curl also finds hosts in "mailto:a@b.com"; only web schemes name a site.
  if (scheme != "http" && scheme != "https" && scheme != "ftp" && scheme != "ftps")
    return std::nullopt;
  raw = nullptr;
  if (curl_url_get(h.get(), CURLUPART_HOST, &raw, 0) != CURLUE_OK) return std::nullopt;
  std::string host = clean_host(CurlString(raw).get());
  // A single word ("Reuters", "not") parses as a host with the default scheme but is
  // citation text, not a URL.
  if (host.empty() || (host.front() != '[' && host.find('.') == std::string::npos))
    return std::nullopt;
  return host;
}

std::string registrable_domain(std::string_view host) {
  std::string h = clean_host(host);
  const psl_ctx_t* psl = psl_context();
  if (h.empty() || !psl || is_ip_address(h)) return h;
  // libpsl matches lowercase UTF-8; lower non-ASCII letters too when it can.
  char* lowered = nullptr;
  if (psl_str_to_utf8lower(h.c_str(), nullptr, nullptr, &lowered) == PSL_SUCCESS && lowered) {
    h = lowered;
    psl_free_string(lowered);
  }
  // The list's implicit "*" rule would make "a.b.unknowntld" → "b.unknowntld"; an unknown
  // top-level label more likely means an intranet or typo, so keep the host whole.
  std::string tld = h.substr(h.rfind('.') == std::string::npos ? 0 : h.rfind('.') + 1);
  if (!psl_is_public_suffix2(psl, tld.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE)) return h;
  const char* domain = psl_registrable_domain(psl, h.c_str());
  return domain ? std::string(domain) : h;
}

UnwrappedUrl unwrap_archive(std::string_view url) {
  UnwrappedUrl out;
  out.url = std::string(url);
  std::string current(trim(url));
  // Bounded so that a self-referencing chain cannot loop; real chains have at most 2 layers.
  for (int depth = 0; depth < 4; ++depth) {
    Layer layer = peel(current);
    if (!layer.is_archive) break;
    out.was_archive = true;
    out.archive_host = layer.host;
    out.timestamp = layer.timestamp;
    if (layer.inner.empty()) {
      out.url = current;
      break;
    }
    out.url = layer.inner;
    current = std::move(layer.inner);
  }
  return out;
}

bool is_archive_host(std::string_view host) {
  static constexpr std::array<std::string_view, 10> kHosts = {
      "web.archive.org", "wayback.archive.org", "webcitation.org", "archive.today", "archive.ph",
      "archive.is",      "archive.li",          "archive.md",      "archive.vn",    "archive.fo"};
  std::string h = clean_host(host);
  std::string_view bare = strip_www(h);
  for (std::string_view k : kHosts)
    if (bare == k) return true;
  return false;
}

}  // namespace citedex
