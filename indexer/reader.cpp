#include "indexer/reader.h"

#include "indexer/reader_wikitext.h"

namespace citedex {

ReaderFn reader_for(std::string_view shape) {
  if (shape == "wikitext-like") return read_wikitext_like;
  if (shape == "plain-text") return read_plain_text;
  if (shape == "flattened") return read_flattened;
  if (shape == "markdown") return read_markdown;
  // The title of a wikitext page is not in its text: the pipeline supplies it.
  if (shape == "wikitext") return [](std::string_view text) { return read_wikitext(text, ""); };
  return nullptr;
}

}  // namespace citedex
