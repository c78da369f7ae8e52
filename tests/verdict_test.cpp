// Verdict names and the status / error rules.
#include "fetcher/verdict.h"

#include <curl/curl.h>

#include <catch2/catch.hpp>

using namespace citedex::fetcher;

TEST_CASE("verdict names round-trip", "[verdict]") {
  for (Verdict v : kVerdicts) CHECK(parse_verdict(verdict_name(v)) == v);
  CHECK(verdict_name(Verdict::soft_404) == "soft-404");
  CHECK(verdict_name(Verdict::error_capture) == "error-capture");
  CHECK_FALSE(parse_verdict("gone"));
  CHECK(is_archive_verdict(Verdict::valid));
  CHECK_FALSE(is_archive_verdict(Verdict::unsupported));
}

TEST_CASE("final statuses and transfer errors map to verdicts", "[verdict]") {
  CHECK(verdict_for_status(200) == Verdict::alive);
  CHECK(verdict_for_status(204) == Verdict::alive);
  CHECK(verdict_for_status(404) == Verdict::dead);
  CHECK(verdict_for_status(410) == Verdict::dead);
  CHECK(verdict_for_status(400) == Verdict::dead);
  for (long s : {401, 402, 403, 429, 451, 999}) CHECK(verdict_for_status(s) == Verdict::blocked);
  CHECK(verdict_for_status(500) == Verdict::transient);
  CHECK(verdict_for_status(503) == Verdict::transient);
  for (long s : {408, 421, 425}) CHECK(verdict_for_status(s) == Verdict::transient);
  CHECK(verdict_for_curl_error(CURLE_COULDNT_RESOLVE_HOST) == Verdict::dead);
  CHECK(verdict_for_curl_error(CURLE_COULDNT_CONNECT) == Verdict::dead);
  CHECK(verdict_for_curl_error(CURLE_OPERATION_TIMEDOUT) == Verdict::transient);
  CHECK(verdict_for_curl_error(CURLE_RECV_ERROR) == Verdict::transient);
}
