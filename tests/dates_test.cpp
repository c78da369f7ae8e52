#include "indexer/dates.h"

#include <catch2/catch.hpp>

using citedex::find_date;
using citedex::parse_date;

TEST_CASE("parse_date reads day-month-year and month-day-year", "[dates]") {
  CHECK(parse_date("2 March 2017") == "2017-03-02");
  CHECK(parse_date("March 2, 2017") == "2017-03-02");
  CHECK(parse_date("February 3, 2017") == "2017-02-03");
  CHECK(parse_date("  20 December 2016 ") == "2016-12-20");
  CHECK(parse_date("2nd March 2017") == "2017-03-02");
  CHECK(parse_date("21st Dec. 2016") == "2016-12-21");
  CHECK(parse_date("2 Mar 2017") == "2017-03-02");
  CHECK(parse_date("2\u00A0March\u00A02017") == "2017-03-02");
}

TEST_CASE("parse_date reads ISO dates and partial dates", "[dates]") {
  CHECK(parse_date("2017-03-02") == "2017-03-02");
  CHECK(parse_date("March 2017") == "2017-03");
  CHECK(parse_date("Mar 2017") == "2017-03");
  CHECK(parse_date("Sept. 2016") == "2016-09");
  CHECK(parse_date("sept 2016") == "2016-09");
  CHECK(parse_date("2017") == "2017");
}

TEST_CASE("parse_date rejects impossible and non-dates", "[dates]") {
  CHECK_FALSE(parse_date("31 February 2017"));
  CHECK_FALSE(parse_date("29 February 2017"));
  CHECK(parse_date("29 February 2016") == "2016-02-29");
  CHECK_FALSE(parse_date("2017-13-01"));
  CHECK_FALSE(parse_date("32 March 2017"));
  CHECK_FALSE(parse_date("0999"));
  CHECK_FALSE(parse_date("3000"));
  CHECK_FALSE(parse_date("March"));
  CHECK_FALSE(parse_date("2 March 2017 and more"));
  CHECK_FALSE(parse_date("Sept. 2016a"));
  CHECK_FALSE(parse_date(""));
  CHECK_FALSE(parse_date("Marching 2017"));
}

TEST_CASE("find_date locates dates in free text", "[dates]") {
  std::string text =
      "Attack by the \u201CIslamic State\u201D on sites in the eastern countryside of Homs 8 "
      "January 2017";
  auto m = find_date(text);
  REQUIRE(m);
  CHECK(m->iso == "2017-01-08");
  CHECK(text.substr(m->begin, m->end - m->begin) == "8 January 2017");
  CHECK(m->end == text.size());

  auto range = find_date("Date 8\u201322 December 2016 (2 weeks)");
  REQUIRE(range);
  CHECK(range->iso == "2016-12-22");

  auto us = find_date("Palmyra Front (February 3, 2017): Pro-Government Breakthrough");
  REQUIRE(us);
  CHECK(us->iso == "2017-02-03");
}

TEST_CASE("find_date leaves bare years and lowercase words alone", "[dates]") {
  CHECK_FALSE(find_date("ISIL controlled the city from 2015 until later"));
  auto year = find_date("controlled from 2015 until", /*allow_year=*/true);
  REQUIRE(year);
  CHECK(year->iso == "2015");
  CHECK_FALSE(find_date("they may 2017 not"));
  CHECK_FALSE(find_date("T4 airbase and 4 SDF mourned"));
  // An impossible date is skipped whole, not re-read as "February 2017".
  CHECK_FALSE(find_date("on 31 February 2017 nothing"));
  auto prefer = find_date("since March 2, 2017");
  REQUIRE(prefer);
  CHECK(prefer->iso == "2017-03-02");
}

// Found by the query fuzzer (fixtures/fuzz-regressions/query/month-zero-with-a-day): a
// day with month 00 read kDays[-1].
TEST_CASE("a date with a day and month 00 is not a date", "[dates]") {
  CHECK_FALSE(parse_date("2016-00-08"));
  CHECK(parse_date("2016-01-08") == "2016-01-08");
}
