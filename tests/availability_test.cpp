// The availability API's query and answers.
#include "fetcher/availability.h"

#include <catch2/catch.hpp>

using namespace citedex::fetcher;

TEST_CASE("availability queries", "[availability]") {
  CHECK(availability_query("https://archive.org/wayback/available",
                           "http://www.almasdarnews.com/a?b=1", "2016-12-10", "before") ==
        "https://archive.org/wayback/available?url=http%3A%2F%2Fwww.almasdarnews.com%2Fa%3Fb%3D1"
        "&timestamp=20161210&closest=before");
  CHECK(availability_query("http://x.example/av?k=1", "http://a.example/", "", "") ==
        "http://x.example/av?k=1&url=http%3A%2F%2Fa.example%2F");
}

TEST_CASE("availability answers", "[availability]") {
  auto hit = parse_availability(
      R"({"url":"x","archived_snapshots":{"closest":{"available":true,"url":"http://web.archive.org/web/20161201000000/http://a.example/","timestamp":"20161201000000","status":"200"}}})");
  REQUIRE(hit);
  CHECK(hit->timestamp == "20161201000000");
  CHECK(hit->status == 200);
  CHECK_FALSE(parse_availability(R"({"url":"x","archived_snapshots":{}})"));
  CHECK_FALSE(parse_availability(
      R"({"archived_snapshots":{"closest":{"available":true,"url":"u","timestamp":"2016","status":"404"}}})"));
  CHECK_THROWS_AS(parse_availability("<html>busy</html>"), std::invalid_argument);
  CHECK_THROWS_AS(parse_availability(R"({"other":1})"), std::invalid_argument);
}
