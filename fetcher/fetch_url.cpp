#include "fetcher/fetch_url.h"

#include <curl/curl.h>
#include <unicode/uidna.h>

#include <memory>

#include "fetcher/ascii.h"

namespace citedex::fetcher {

namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct CurlString {
  char* s = nullptr;
  ~CurlString() { curl_free(s); }
};

std::string trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// Percent-encodes bytes a URL may not carry as they are (space, controls, non-ASCII, and
// the characters RFC 3986 excludes), leaving existing escapes alone.
std::string encode_unsafe(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' ||
        c == '}' || c == '|' || c == '\\' || c == '^') {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// The scheme of `url` when it starts with one ("mailto:" too), lowercased; "" otherwise.
std::string scheme_of(std::string_view url) {
  size_t i = 0;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (url.empty() || !alpha(url[0])) return "";
  while (i < url.size() && (alpha(url[i]) || (url[i] >= '0' && url[i] <= '9') || url[i] == '+' ||
                            url[i] == '-' || url[i] == '.'))
    ++i;
  if (i >= url.size() || url[i] != ':') return "";
  // "www.x.com:8080/a" has a "scheme" that is really a host: a dot before the colon
  // and digits after it.
  std::string_view rest = url.substr(i + 1);
  if (url.substr(0, i).find('.') != std::string_view::npos && !rest.empty() && rest[0] >= '0' &&
      rest[0] <= '9')
    return "";
  return ascii_lower(url.substr(0, i));
}

std::optional<std::string> get_part(CURLU* u, CURLUPart part) {
  CurlString s;
  if (curl_url_get(u, part, &s.s, 0) != CURLUE_OK || !s.s) return std::nullopt;
  return std::string(s.s);
}

constexpr unsigned kParseFlags = CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE;

PreparedUrl finish(CURLU* u) {
  PreparedUrl p;
  curl_url_set(u, CURLUPART_FRAGMENT, nullptr, 0);
  auto scheme = get_part(u, CURLUPART_SCHEME);
  if (!scheme || (*scheme != "http" && *scheme != "https")) {
    p.problem = "unsupported scheme '" + (scheme ? *scheme : std::string()) + "'";
    return p;
  }
  auto host = get_part(u, CURLUPART_HOST);
  if (!host || host->empty()) {
    p.problem = "no host";
    return p;
  }
  while (!host->empty() && host->back() == '.') host->pop_back();
  auto ascii = host_to_ascii(*host);
  if (!ascii || ascii->empty()) {
    p.problem = "invalid host name '" + *host + "'";
    return p;
  }
  // Setting the host skips the normalization parsing does ("2." loses its dot and becomes
  // "2", which curl requests as 0.0.0.2): the URL is parsed again with its ASCII host.
  std::optional<std::string> whole;
  if (curl_url_set(u, CURLUPART_HOST, ascii->c_str(), 0) != CURLUE_OK ||
      !(whole = get_part(u, CURLUPART_URL)) ||
      curl_url_set(u, CURLUPART_URL, whole->c_str(), kParseFlags) != CURLUE_OK ||
      !(ascii = get_part(u, CURLUPART_HOST))) {
    p.problem = "invalid host name '" + *host + "'";
    return p;
  }
  // The user info too: curl keeps a space there as it is, and the URL would not be one.
  for (CURLUPart part : {CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_PATH, CURLUPART_QUERY})
    if (auto value = get_part(u, part)) curl_url_set(u, part, encode_unsafe(*value).c_str(), 0);
  auto url = get_part(u, CURLUPART_URL);
  if (!url) {
    p.problem = "unparsable URL";
    return p;
  }
  auto port = get_part(u, CURLUPART_PORT);
  if (port && *port == "0") {  // curl accepts it; nothing can be requested there
    p.problem = "invalid port 0";
    return p;
  }
  p.ok = true;
  p.url = *url;
  p.scheme = *scheme;
  p.host = *ascii;
  p.port = port ? std::stoi(*port) : (*scheme == "https" ? 443 : 80);
  p.path = get_part(u, CURLUPART_PATH).value_or("/");
  if (p.path.empty()) p.path = "/";
  return p;
}

}  // namespace

std::optional<std::string> host_to_ascii(std::string_view host) {
  bool ascii = true;
  for (unsigned char c : host) ascii = ascii && c < 0x80;
  if (ascii) return ascii_lower(host);
  UErrorCode status = U_ZERO_ERROR;
  UIDNA* idna = uidna_openUTS46(UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_CHECK_BIDI, &status);
  if (U_FAILURE(status)) return std::nullopt;
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  char out[512];
  int32_t n = uidna_nameToASCII_UTF8(idna, host.data(), static_cast<int32_t>(host.size()), out,
                                     sizeof out, &info, &status);
  uidna_close(idna);
  if (U_FAILURE(status) || info.errors != 0 || n <= 0 || n >= static_cast<int32_t>(sizeof out))
    return std::nullopt;
  return ascii_lower(std::string_view(out, static_cast<size_t>(n)));
}

PreparedUrl prepare_url(std::string_view raw) {
  std::string url = trim(raw);
  PreparedUrl p;
  if (url.empty()) {
    p.problem = "empty URL";
    return p;
  }
  std::string scheme = scheme_of(url);
  if (scheme.empty()) {
    url = (url.rfind("//", 0) == 0 ? "http:" : "http://") + url;
  } else if (scheme != "http" && scheme != "https") {
    p.problem = "unsupported scheme '" + scheme + "'";
    return p;
  }
  UrlHandle u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), kParseFlags) != CURLUE_OK) {
    p.problem = "unparsable URL";
    return p;
  }
  return finish(u.get());
}

PreparedUrl resolve_location(std::string_view base, std::string_view location) {
  PreparedUrl p;
  std::string loc = trim(location);
  std::string scheme = scheme_of(loc);
  if (!scheme.empty() && scheme != "http" && scheme != "https") {
    p.problem = "redirect to unsupported scheme '" + scheme + "'";
    return p;
  }
  UrlHandle u(curl_url());
  std::string b(base);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, b.c_str(), kParseFlags) != CURLUE_OK ||
      curl_url_set(u.get(), CURLUPART_URL, loc.c_str(), kParseFlags) != CURLUE_OK) {
    p.problem = "unparsable redirect target '" + loc + "'";
    return p;
  }
  return finish(u.get());
}

std::string origin_of(const PreparedUrl& url) {
  return url.scheme + "://" + url.host + ":" + std::to_string(url.port);
}

}  // namespace citedex::fetcher
