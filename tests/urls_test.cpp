#include "indexer/urls.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>

using namespace citedex;

namespace {

const std::string kReuters = "https://www.reuters.com/a";

}  // namespace

TEST_CASE("url_host extracts a lowercase host", "[urls]") {
  CHECK(url_host("https://www.reuters.com/article/x?y=1") ==
        std::optional<std::string>("www.reuters.com"));
  CHECK(url_host("HTTP://WWW.Reuters.COM:8080/x") == std::optional<std::string>("www.reuters.com"));
  CHECK(url_host("http://www.reuters.com./x") == std::optional<std::string>("www.reuters.com"));
  CHECK(url_host("www.reuters.com/x") == std::optional<std::string>("www.reuters.com"));
  CHECK(url_host("//www.reuters.com/x") == std::optional<std::string>("www.reuters.com"));
  CHECK(url_host("http:/www.reuters.com/x") == std::optional<std::string>("www.reuters.com"));
  CHECK(url_host("  https://user:pw@news.bbc.co.uk/  ") ==
        std::optional<std::string>("news.bbc.co.uk"));
  CHECK(url_host("http://1.2.3.4/page") == std::optional<std::string>("1.2.3.4"));
  CHECK(url_host("http://[::1]:80/") == std::optional<std::string>("[::1]"));
  CHECK(url_host("ftp://ftp.example.org/file") == std::optional<std::string>("ftp.example.org"));
  CHECK(url_host("https://météo.fr/x") == std::optional<std::string>("météo.fr"));
}

TEST_CASE("url_host rejects garbage", "[urls]") {
  CHECK_FALSE(url_host("").has_value());
  CHECK_FALSE(url_host("   ").has_value());
  CHECK_FALSE(url_host("not a url").has_value());
  CHECK_FALSE(url_host("http://").has_value());
  CHECK_FALSE(url_host("javascript:alert(1)").has_value());
  CHECK_FALSE(url_host("mailto:someone@example.com").has_value());
  CHECK_FALSE(url_host("Reuters").has_value());
  CHECK_FALSE(url_host("http://exa mple.com/").has_value());
  CHECK_FALSE(url_host(std::string_view("http://a.com\0/x", 15)).has_value());
}

TEST_CASE("registrable_domain follows the public suffix list", "[urls]") {
  CHECK(registrable_domain("www.reuters.com") == "reuters.com");
  CHECK(registrable_domain("reuters.com") == "reuters.com");
  CHECK(registrable_domain("news.bbc.co.uk") == "bbc.co.uk");
  CHECK(registrable_domain("foo.blogspot.com") == "foo.blogspot.com");
  CHECK(registrable_domain("a.b.foo.blogspot.com") == "foo.blogspot.com");
  CHECK(registrable_domain("WWW.Reuters.COM.") == "reuters.com");
  CHECK(registrable_domain("1.2.3.4") == "1.2.3.4");
  CHECK(registrable_domain("[::1]") == "[::1]");
  CHECK(registrable_domain("::1") == "::1");
  CHECK(registrable_domain("a.b.unknowntld") == "a.b.unknowntld");
  CHECK(registrable_domain("co.uk") == "co.uk");
  CHECK(registrable_domain("") == "");
  CHECK(registrable_domain("www.météo.fr") == "météo.fr");
}

TEST_CASE("is_archive_host", "[urls]") {
  CHECK(is_archive_host("web.archive.org"));
  CHECK(is_archive_host("WAYBACK.archive.org."));
  CHECK(is_archive_host("archive.ph"));
  CHECK(is_archive_host("www.archive.today"));
  CHECK(is_archive_host("archive.is"));
  CHECK(is_archive_host("archive.li"));
  CHECK(is_archive_host("archive.md"));
  CHECK(is_archive_host("archive.vn"));
  CHECK(is_archive_host("archive.fo"));
  CHECK(is_archive_host("www.webcitation.org"));
  CHECK_FALSE(is_archive_host("archive.org"));
  CHECK_FALSE(is_archive_host("reuters.com"));
  CHECK_FALSE(is_archive_host("notarchive.ph"));
  CHECK_FALSE(is_archive_host(""));
}

TEST_CASE("Wayback URLs unwrap", "[urls]") {
  auto u = unwrap_archive("https://web.archive.org/web/20161210123456/https://www.reuters.com/a");
  CHECK(u.was_archive);
  CHECK(u.url == kReuters);
  CHECK(u.archive_host == "web.archive.org");
  CHECK(u.timestamp == "20161210123456");

  u = unwrap_archive("https://web.archive.org/web/20161210123456id_/http://www.reuters.com/a");
  CHECK(u.url == "http://www.reuters.com/a");
  CHECK(u.timestamp == "20161210123456");

  for (const char* flag : {"if_", "im_", "js_", "cs_", "oe_", "*"}) {
    INFO(flag);
    u = unwrap_archive(std::string("https://web.archive.org/web/2016") + flag + "/" + kReuters);
    CHECK(u.was_archive);
    CHECK(u.url == kReuters);
    CHECK(u.timestamp == "2016");
  }

  u = unwrap_archive("https://web.archive.org/web/*/https://www.reuters.com/a");
  CHECK(u.url == kReuters);
  CHECK(u.timestamp == "");

  u = unwrap_archive("web.archive.org/web/2016/www.reuters.com/a");
  CHECK(u.url == "http://www.reuters.com/a");
  CHECK(u.timestamp == "2016");

  u = unwrap_archive("https://web.archive.org/web/20161210/http:/www.reuters.com/a");
  CHECK(u.url == "http://www.reuters.com/a");

  u = unwrap_archive("http://wayback.archive.org/web/20161210123456/https://www.reuters.com/a");
  CHECK(u.url == kReuters);
  CHECK(u.archive_host == "wayback.archive.org");

  u = unwrap_archive("https://archive.org/wayback/20161210/https://www.reuters.com/a");
  CHECK(u.was_archive);
  CHECK(u.url == kReuters);
  CHECK(u.archive_host == "archive.org");

  u = unwrap_archive("https://web.archive.org/20161210/https://www.reuters.com/a");
  CHECK(u.url == kReuters);

  u = unwrap_archive(
      "https://web.archive.org/web/20161210123456/https://www.reuters.com/a?id=5&x=y#top");
  CHECK(u.url == "https://www.reuters.com/a?id=5&x=y#top");

  u = unwrap_archive("https://web.archive.org/web/20161210/http%3A%2F%2Fwww.reuters.com%2Fa");
  CHECK(u.url == "http://www.reuters.com/a");
}

TEST_CASE("malformed Wayback URLs stay wrapped", "[urls]") {
  const std::string bad_stamp = "https://web.archive.org/web/123/https://www.reuters.com/a";
  auto u = unwrap_archive(bad_stamp);
  CHECK(u.was_archive);
  CHECK(u.url == bad_stamp);

  const std::string too_long =
      "https://web.archive.org/web/201612101234567/https://www.reuters.com/a";
  CHECK(unwrap_archive(too_long).url == too_long);

  const std::string no_original = "https://web.archive.org/web/20161210/";
  u = unwrap_archive(no_original);
  CHECK(u.was_archive);
  CHECK(u.url == no_original);
  CHECK(u.timestamp == "");

  const std::string garbage_original = "https://web.archive.org/web/20161210/not a url";
  CHECK(unwrap_archive(garbage_original).url == garbage_original);
}

TEST_CASE("archive.today URLs unwrap", "[urls]") {
  auto u = unwrap_archive("https://archive.ph/2016.12.10-123456/https://www.reuters.com/a");
  CHECK(u.was_archive);
  CHECK(u.url == kReuters);
  CHECK(u.archive_host == "archive.ph");
  CHECK(u.timestamp == "20161210123456");

  u = unwrap_archive("https://archive.today/20161210123456/http://www.reuters.com/a");
  CHECK(u.url == "http://www.reuters.com/a");
  CHECK(u.archive_host == "archive.today");
  CHECK(u.timestamp == "20161210123456");

  for (const char* host : {"archive.is", "archive.li", "archive.md", "archive.vn", "archive.fo"}) {
    INFO(host);
    u = unwrap_archive(std::string("http://") + host + "/2016.12.10-123456/" + kReuters);
    CHECK(u.url == kReuters);
    CHECK(u.archive_host == host);
  }

  u = unwrap_archive("https://archive.ph/o/AbCdE/https://www.reuters.com/a");
  CHECK(u.url == kReuters);
  CHECK(u.timestamp == "");

  u = unwrap_archive("https://archive.ph/newest/https://www.reuters.com/a");
  CHECK(u.url == kReuters);

  u = unwrap_archive(
      "https://archive.ph/2016.12.10-123456/https://www.reuters.com/a#selection-1234.5-1234.90");
  CHECK(u.url == kReuters);
}

TEST_CASE("archive.today short form cannot be unwrapped", "[urls]") {
  auto u = unwrap_archive("https://archive.ph/AbCdE");
  CHECK(u.was_archive);
  CHECK(u.url == "https://archive.ph/AbCdE");
  CHECK(u.archive_host == "archive.ph");
  CHECK(u.timestamp == "");

  u = unwrap_archive("http://archive.is/xYz12");
  CHECK(u.was_archive);
  CHECK(u.url == "http://archive.is/xYz12");
}

TEST_CASE("WebCite URLs unwrap with a url parameter", "[urls]") {
  auto u = unwrap_archive(
      "http://www.webcitation.org/query?url=http%3A%2F%2Fwww.reuters.com%2Fa&date=2016-12-10");
  CHECK(u.was_archive);
  CHECK(u.url == "http://www.reuters.com/a");
  CHECK(u.archive_host == "www.webcitation.org");
  CHECK(u.timestamp == "20161210");

  u = unwrap_archive("http://www.webcitation.org/6mdWrVsQe?url=http://www.reuters.com/a");
  CHECK(u.url == "http://www.reuters.com/a");
  CHECK(u.timestamp == "");

  u = unwrap_archive("http://www.webcitation.org/6mdWrVsQe");
  CHECK(u.was_archive);
  CHECK(u.url == "http://www.webcitation.org/6mdWrVsQe");
}

TEST_CASE("nested archives unwrap fully", "[urls]") {
  auto u = unwrap_archive(
      "https://web.archive.org/web/20200101000000/https://archive.ph/2016.12.10-123456/"
      "https://www.reuters.com/a");
  CHECK(u.was_archive);
  CHECK(u.url == kReuters);
  CHECK(u.archive_host == "archive.ph");
  CHECK(u.timestamp == "20161210123456");

  u = unwrap_archive("https://web.archive.org/web/2020/https://archive.ph/AbCdE");
  CHECK(u.url == "https://archive.ph/AbCdE");
  CHECK(u.archive_host == "archive.ph");
  CHECK(u.timestamp == "");

  // Deeper than the bound: stops after four layers with an archive URL left.
  std::string deep = kReuters;
  for (int i = 0; i < 6; ++i) deep = "https://web.archive.org/web/2016/" + deep;
  u = unwrap_archive(deep);
  CHECK(u.was_archive);
  CHECK(u.url == "https://web.archive.org/web/2016/https://web.archive.org/web/2016/" + kReuters);
}

TEST_CASE("non-archive URLs come back unchanged", "[urls]") {
  for (const char* s : {"https://www.reuters.com/a", "https://archive.org/details/syriacrisis00",
                        "https://archive.org/", "", "not a url", "http://", "javascript:alert(1)",
                        "  https://www.reuters.com/a  "}) {
    INFO(s);
    auto u = unwrap_archive(s);
    CHECK_FALSE(u.was_archive);
    CHECK(u.url == s);
    CHECK(u.archive_host.empty());
    CHECK(u.timestamp.empty());
  }
}

TEST_CASE("url_host: the shortcut for plain http(s) URLs agrees with curl", "[urls]") {
  const char* const urls[] = {
      "https://www.reuters.com/article/x?y=1",
      "HTTP://WWW.Reuters.COM:8080/x",
      "http://www.reuters.com./x",
      "https://user:pw@news.bbc.co.uk/",
      "http://user@news.bbc.co.uk/",
      "http://1.2.3.4/page",
      "http://01.02.03.04/page",
      "http://0x7f.1/",
      "http://a.b.123/",
      "http://[::1]:80/",
      "https://météo.fr/x",
      "http://exa mple.com/",
      "http://example.com/a b",
      "http://example.com:/x",
      "http://example.com:99999/x",
      "http://example.com:80x/",
      "http://example.com:8080",
      "http://example.com?q=1",
      "http://example.com#frag",
      "http://example..com/",
      "http://.example.com/",
      "http://-example.com/",
      "http://example-.com/",
      "http://ex_ample.com/",
      "http://example/",
      "http://example.com\\evil.com/",
      "https://web.archive.org/web/20161210/http://www.syriahr.com/en/?p=56789",
      "http://www.syriahr.com/en/?p=56789",
      "https://www.almasdarnews.com/article/battle-eastern-homs-continues/",
      "http://news.xinhuanet.com/english/2016-12/10/c_135893741.htm",
      "http://www.example.com/%7Euser/",
      "http://EXAMPLE.COM",
      "https://",
      "http:///x",
  };
  for (const char* url : urls) {
    INFO(url);
    CHECK(url_host(url) == url_host_with_curl(url));
  }
}

// Found by the urls fuzzer (fixtures/fuzz-regressions/urls/webcite-url-decodes-to-invalid-
// utf8): "%AC" decoded to a lone byte that is not UTF-8, in a URL the article carries as text.
TEST_CASE("unwrap_archive leaves escapes that decode to non-text encoded", "[urls]") {
  UnwrappedUrl u =
      unwrap_archive("http://www.webcitation.org/query?url=http%3A%2F%2Fexample.com%2F%ACx");
  CHECK(u.url.find('\xAC') == std::string::npos);
  UnwrappedUrl nul =
      unwrap_archive("http://www.webcitation.org/query?url=http%3A%2F%2Fexample.com%2F%00x");
  CHECK(nul.url.find('\0') == std::string::npos);
  UnwrappedUrl ok =
      unwrap_archive("http://www.webcitation.org/query?url=http%3A%2F%2Fexample.com%2F%C3%A9");
  CHECK(ok.url == "http://example.com/\xC3\xA9");
}
