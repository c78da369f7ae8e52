// The status line and header fields as libcurl's header callback delivers them.
#include "fetcher/response_head.h"

#include <catch2/catch.hpp>

using namespace citedex::fetcher;

TEST_CASE("header lines give the status, lowercased fields and the end of the head",
          "[response_head]") {
  ResponseHead head;
  add_header_line(head, "HTTP/1.1 100 Continue\r\n");
  add_header_line(head, "\r\n");
  CHECK(head.status == 100);
  CHECK_FALSE(head.done);
  add_header_line(head, "HTTP/2 301 \r\n");
  add_header_line(head, "Location:\t /next\r\n");
  add_header_line(head, "Retry-After: 5\r\n");
  add_header_line(head, "no colon here\r\n");
  CHECK(head.status == 301);
  CHECK(head.get("location") == "/next");
  CHECK(head.has("retry-after"));
  CHECK_FALSE(head.has("Retry-After"));
  CHECK(head.fields.size() == 2);
  add_header_line(head, "\r\n");
  CHECK(head.done);
  add_header_line(head, "HTTP/1.1 200 OK\r\n");
  CHECK(head.fields.empty());
  CHECK_FALSE(head.done);
}

// Found by the http_head fuzzer (fixtures/fuzz-regressions/http_head/negative-status-code):
// atol read "-29" as a status.
TEST_CASE("a status code is three digits or no status", "[response_head]") {
  ResponseHead head;
  add_header_line(head, "HTTP/1.1 -29 Too Many\r\n");
  CHECK(head.status == 0);
  add_header_line(head, "HTTP/1.1 42\r\n");
  CHECK(head.status == 0);
  add_header_line(head, "HTTP/1.1 4x9 Oops\r\n");
  CHECK(head.status == 0);
  add_header_line(head, "HTTP/1.1\r\n");
  CHECK(head.status == 0);
  add_header_line(head, "HTTP/1.1 429 Too Many Requests\r\n");
  CHECK(head.status == 429);
}
