#include "indexer/reader.h"

#include "indexer/reader_wikitext.h"
#include "indexer/text_util.h"

namespace citedex {

std::string_view title_base(std::string_view title) {
  size_t paren = title.find(" (");
  return trim(paren == std::string_view::npos ? title : title.substr(0, paren));
}

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
