// URL preparation for fetching: schemes, fragments, IDN hosts, redirects.
#include "fetcher/fetch_url.h"

#include <catch2/catch.hpp>

using namespace citedex::fetcher;

TEST_CASE("prepare_url strips the fragment and lowercases scheme and host", "[fetch_url]") {
  auto p = prepare_url("  HTTPS://WWW.AlmasdarNews.com/article/x?id=3#section-2 ");
  REQUIRE(p.ok);
  CHECK(p.url == "https://www.almasdarnews.com/article/x?id=3");
  CHECK(p.scheme == "https");
  CHECK(p.host == "www.almasdarnews.com");
  CHECK(p.port == 443);
  CHECK(p.path == "/article/x");
  CHECK(prepare_url("http://example.org:8080").port == 8080);
  CHECK(prepare_url("http://example.org").path == "/");
}

TEST_CASE("prepare_url converts IDN hosts to punycode and encodes unsafe bytes", "[fetch_url]") {
  auto p = prepare_url("http://www.bücher.example/Straße page");
  REQUIRE(p.ok);
  CHECK(p.host == "www.xn--bcher-kva.example");
  CHECK(p.url ==
        "http://www.xn--bcher-kva.example/Stra%c3%9fe%20page");  // curl writes escapes in lowercase
  auto arabic = prepare_url("http://مثال.إختبار/");
  REQUIRE(arabic.ok);
  CHECK(arabic.host == "xn--mgbh0fb.xn--kgbechtv");
  // Existing escapes are left alone.
  CHECK(prepare_url("http://a.example/x%20y").url == "http://a.example/x%20y");
}

TEST_CASE("prepare_url refuses what is not http(s)", "[fetch_url]") {
  for (const char* url : {"ftp://ftp.example.org/file", "mailto:someone@example.org",
                          "javascript:alert(1)", "file:///etc/passwd", "gopher://x.example/"}) {
    auto p = prepare_url(url);
    CHECK_FALSE(p.ok);
    CHECK(p.problem.find("unsupported scheme") == 0);
  }
  CHECK_FALSE(prepare_url("").ok);
  CHECK_FALSE(prepare_url("http://").ok);
  // No scheme: taken as http, and a host with a port is not a scheme.
  CHECK(prepare_url("www.reuters.com/a").url == "http://www.reuters.com/a");
  CHECK(prepare_url("//www.reuters.com/a").url == "http://www.reuters.com/a");
  CHECK(prepare_url("www.reuters.com:8080/a").port == 8080);
}

TEST_CASE("resolve_location resolves relative targets and checks the scheme", "[fetch_url]") {
  CHECK(resolve_location("http://a.example/x/y", "/z#frag").url == "http://a.example/z");
  CHECK(resolve_location("http://a.example/x/y", "w").url == "http://a.example/x/w");
  CHECK(resolve_location("http://a.example/x", "https://B.example/").url == "https://b.example/");
  CHECK(resolve_location("http://a.example/x", "//c.example/q").url == "http://c.example/q");
  auto ftp = resolve_location("http://a.example/x", "ftp://a.example/x");
  CHECK_FALSE(ftp.ok);
  CHECK(ftp.problem.find("unsupported scheme 'ftp'") != std::string::npos);
  CHECK(origin_of(prepare_url("https://a.example/x")) == "https://a.example:443");
}

// Found by the http_head fuzzer (fixtures/fuzz-regressions/http_head/space-in-user-info):
// a space in the user info reached the prepared URL as it was.
TEST_CASE("prepare_url encodes unsafe bytes of the user info", "[fetch_url]") {
  auto p = prepare_url("http://a b:c d@example.org/x");
  REQUIRE(p.ok);
  CHECK(p.url == "http://a%20b:c%20d@example.org/x");
  CHECK(prepare_url(p.url).url == p.url);
}

// Found by the http_head fuzzer (fixtures/fuzz-regressions/http_head/host-2-dot-not-
// normalized): a host set after parsing skipped curl's normalization, so the prepared URL
// named host "2" while curl requests 0.0.0.2.
TEST_CASE("prepare_url normalizes the host it sets", "[fetch_url]") {
  auto p = prepare_url("http://2./x");
  REQUIRE(p.ok);
  CHECK(p.host == "0.0.0.2");
  CHECK(prepare_url(p.url).url == p.url);
  auto r = resolve_location("https://example.org/a", "https:/2.?q");
  REQUIRE(r.ok);
  CHECK(r.host == prepare_url(r.url).host);
}

// Found by the http_head fuzzer (fixtures/fuzz-regressions/http_head/port-zero): curl
// accepts port 0 and the URL was prepared as fetchable.
TEST_CASE("prepare_url refuses port 0", "[fetch_url]") {
  auto p = prepare_url("http://example.org:0/x");
  CHECK_FALSE(p.ok);
  CHECK(p.problem == "invalid port 0");
  CHECK_FALSE(resolve_location("https://example.org/", "http.s:0/x").ok);
  CHECK(prepare_url("http://example.org:8080/x").ok);
}
