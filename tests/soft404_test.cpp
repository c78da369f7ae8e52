// Soft-404 signs: redirects to the root or an error page; the host's not-found page.
#include "fetcher/soft404.h"

#include <catch2/catch.hpp>

using namespace citedex::fetcher;

TEST_CASE("redirects that mean not found", "[soft404]") {
  CHECK(is_soft404_redirect("/2016/12/article", "/"));
  CHECK(is_soft404_redirect("/article", "/404.html"));
  CHECK(is_soft404_redirect("/article", "/errors/notfound.aspx"));
  CHECK(is_soft404_redirect("/article", "/page-not-found/"));
  CHECK_FALSE(is_soft404_redirect("/", "/"));
  CHECK_FALSE(is_soft404_redirect("/article", "/article/"));
  CHECK_FALSE(is_soft404_redirect("/article", "/en/article"));
  CHECK_FALSE(is_soft404_redirect("/article", "/news/40404-story"));
  CHECK(is_not_found_path("/404"));
  CHECK_FALSE(is_not_found_path("/2014/a"));
}

TEST_CASE("a page that only echoes the path is the host's not-found page", "[soft404]") {
  auto page = [](std::string path) {
    return "<html><head><title>Oops</title><script>var t=" + std::to_string(path.size()) +
           ";</script></head><body><p>Sorry, " + path +
           " was not found on this server.</p><p>Request 83921</p></body></html>";
  };
  auto a = page_signature(page("/2016/12/tiyas-airbase"), {"/2016/12/tiyas-airbase"});
  auto b = page_signature(page("/citedex-probe-0123abcd"), {"/citedex-probe-0123abcd"});
  CHECK(a.title == "oops");
  CHECK(same_page(a, b));
  auto article = page_signature(
      "<html><head><title>Army retakes Tiyas airbase</title></head><body><p>The Syrian Army "
      "retook the airbase on Saturday, according to a military source.</p></body></html>",
      {"/2016/12/tiyas-airbase"});
  CHECK_FALSE(same_page(article, b));
}
