// YAML front matter ("---\nkey: value\n---\n") at the start of Markdown copies.
#pragma once

#include <string>
#include <string_view>

#include "indexer/article.h"

namespace citedex {

struct FrontMatter {
  Metadata metadata;      // scalars and lists of scalars; nested maps as "a.b"
  std::string_view body;  // the text after the closing "---"
  std::string error;      // non-empty when the block was present but not valid YAML
  bool present = false;
};

// Splits off and parses front matter with yaml-cpp. Without a front matter block,
// `present` is false and `body` is the whole text. Never throws: a YAML error is
// reported in `error` and the block is skipped.
FrontMatter read_front_matter(std::string_view text);

}  // namespace citedex
