#include "fetcher/response_head.h"

#include <algorithm>

#include "fetcher/ascii.h"

namespace citedex::fetcher {

std::string ResponseHead::get(std::string_view name) const {
  for (const auto& [k, v] : fields)
    if (k == name) return v;
  return "";
}

bool ResponseHead::has(std::string_view name) const {
  return std::any_of(fields.begin(), fields.end(), [&](auto& f) { return f.first == name; });
}

void add_header_line(ResponseHead& head, std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    head.fields.clear();
    head.done = false;
    // The status code is three digits (RFC 9110 §15); anything else ("-29") is no status.
    size_t sp = line.find(' ');
    std::string_view code = sp == std::string_view::npos ? "" : line.substr(sp + 1, 3);
    head.status = 0;
    if (code.size() == 3 &&
        std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
      head.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  } else if (line.empty()) {
    head.done = head.status >= 200;
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    head.fields.emplace_back(ascii_lower(line.substr(0, colon)), std::string(value));
  }
}

}  // namespace citedex::fetcher
