#include "indexer/reader.h"

namespace citedex {

ReaderFn reader_for(std::string_view shape) {
  if (shape == "wikitext-like") return read_wikitext_like;
  if (shape == "plain-text") return read_plain_text;
  if (shape == "flattened") return read_flattened;
  if (shape == "markdown") return read_markdown;
  return nullptr;
}

}  // namespace citedex
