// Retry-After (both forms), backoff, and the time formats they rest on.
#include "fetcher/retry_after.h"

#include <catch2/catch.hpp>

#include "fetcher/http_time.h"

using namespace citedex::fetcher;
using namespace std::chrono_literals;

TEST_CASE("Retry-After in seconds and as an HTTP-date, against the injected clock",
          "[retry_after]") {
  WallTime now = *parse_iso_date("2024-03-01T12:00:00Z");
  CHECK(parse_retry_after("2", now) == std::chrono::milliseconds(2000));
  CHECK(parse_retry_after(" 120 ", now) == std::chrono::milliseconds(120000));
  CHECK(parse_retry_after("Fri, 01 Mar 2024 12:00:05 GMT", now) == std::chrono::milliseconds(5000));
  CHECK(parse_retry_after("Fri, 01 Mar 2024 11:00:00 GMT", now) == std::chrono::milliseconds(0));
  CHECK_FALSE(parse_retry_after("", now));
  CHECK_FALSE(parse_retry_after("soon", now));
  CHECK_FALSE(parse_retry_after("-3", now));
}

TEST_CASE("backoff doubles from the initial wait up to the cap", "[retry_after]") {
  CHECK(backoff_delay(0, 500ms, 4s) == 500ms);
  CHECK(backoff_delay(1, 500ms, 4s) == 1000ms);
  CHECK(backoff_delay(3, 500ms, 4s) == 4000ms);
  CHECK(backoff_delay(30, 500ms, 4s) == 4000ms);
}

TEST_CASE("HTTP-dates, Wayback timestamps and ISO dates", "[http_time]") {
  auto t = parse_http_date("Sat, 10 Dec 2016 12:34:56 GMT");
  REQUIRE(t);
  CHECK(format_iso(*t) == "2016-12-10T12:34:56Z");
  CHECK(format_wayback(*t) == "20161210123456");
  CHECK(parse_wayback_timestamp("20161210123456") == t);
  CHECK(format_iso(*parse_wayback_timestamp("2016")) == "2016-01-01T00:00:00Z");
  CHECK(format_iso(*parse_wayback_timestamp("201612")) == "2016-12-01T00:00:00Z");
  CHECK_FALSE(parse_wayback_timestamp("20161310"));
  CHECK_FALSE(parse_wayback_timestamp("abc"));
  CHECK(format_iso(*parse_iso_date("2016-12-10")) == "2016-12-10T00:00:00Z");
  CHECK(format_iso(*parse_iso_date("2016-12")) == "2016-12-01T00:00:00Z");
  CHECK_FALSE(parse_iso_date("2016-02-30"));
  CHECK_FALSE(parse_iso_date("10 December 2016"));
  CHECK(days_between(*parse_iso_date("2016-12-10"), *parse_iso_date("2017-06-01")) == 173);
  CHECK(days_between(*parse_iso_date("2017-06-01"), *parse_iso_date("2016-12-10")) == -173);
}

// Found by the http_head fuzzer (fixtures/fuzz-regressions/http_head/year-4032-overflows-
// wall-time): a date after 2262 overflowed the nanosecond clock (undefined behaviour).
TEST_CASE("times a WallTime cannot hold are not parsed", "[http_time]") {
  CHECK_FALSE(parse_iso_date("4032-12-10T12:34:56Z"));
  CHECK_FALSE(parse_iso_date("2263"));
  CHECK_FALSE(parse_wayback_timestamp("99991231235959"));
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 3000 08:49:37 GMT"));
  REQUIRE(parse_iso_date("2262-01-01"));
  CHECK(format_iso(*parse_iso_date("2262-01-01")) == "2262-01-01T00:00:00Z");
}
