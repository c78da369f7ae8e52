// ASCII case folding for the fetcher's protocol text: header names, schemes, hosts,
// paths and page bodies compared without regard to case. Bytes outside A–Z, UTF-8
// included, are left as they are.
#pragma once

#include <string>
#include <string_view>

namespace citedex::fetcher {

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace citedex::fetcher
