// The status line and header fields of an HTTP response, as libcurl hands them to its
// header callback: one line per call, interim (1xx) responses and every redirect hop
// starting over at their own status line.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace citedex::fetcher {

struct ResponseHead {
  long status = 0;    // of the last status line read: three digits; 0 before one or without one
  bool done = false;  // the blank line that ends a final (>= 200) response's fields was read
  // In arrival order; names ASCII-lowercased, values without leading spaces and tabs.
  std::vector<std::pair<std::string, std::string>> fields;

  // The value of the first field called `name` (lowercase), or "".
  std::string get(std::string_view name) const;
  bool has(std::string_view name) const;
};

// Takes one header line (its CR/LF, if any, at the end): a status line ("HTTP/1.1 301
// Moved") starts a new response and forgets the fields read so far, an empty line ends
// the fields, "Name: value" adds a field; anything else is ignored. Never throws apart
// from std::bad_alloc.
void add_header_line(ResponseHead& head, std::string_view line);

}  // namespace citedex::fetcher
