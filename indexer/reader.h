// Stage 5 of the pipeline (structure): one reader per shape turns decoded, repaired
// text into a RawArticle — title, metadata, infobox, blocks of body text and the raw
// reference list. Readers strip their shape's boilerplate (boilerplate.h) and keep
// footnote markers in place; sentence splitting and footnote linking come later and
// are shared by every shape.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/article.h"
#include "indexer/footnotes.h"
#include "indexer/reference_list.h"

namespace citedex {

struct Block {
  enum class Kind { heading, paragraph, list_item };
  Kind kind = Kind::paragraph;
  std::string text;         // markers kept; for headings the heading text
  int level = 2;            // headings only
  bool level_known = true;  // headings only: false when the copy lost heading levels
  bool lost = false;        // headings only: a section break whose heading text was lost
};

struct RawArticle {
  std::string title;
  Metadata metadata;
  std::vector<InfoboxField> infobox;  // values keep their markers
  std::vector<Block> blocks;          // lead first, then sections, in document order
  std::vector<ReferenceEntry> references;
  // Readers of source formats (wikitext) know each reference's fields already; when
  // non-empty these are used as they are instead of parsing `references`.
  std::vector<Reference> parsed_references;
  // Readers that write the markers themselves (wikitext) list the ones they wrote: any
  // other bracket is the source's own text ("[x]", "[sic]"), not a marker.
  std::optional<WrittenMarkers> written_markers;
  // Newlines inside a paragraph are real line breaks (hard sentence boundaries).
  bool hard_line_breaks = true;
  std::vector<std::string> warnings;
};

using ReaderFn = RawArticle (*)(std::string_view text);

// A title without its trailing parenthesised qualifier, as the lead names the subject:
// "Palmyra offensive (December 2016)" → "Palmyra offensive". Readers use it to find
// where the lead starts.
std::string_view title_base(std::string_view title);

// The reader of `shape` (a name from shape.h), or nullptr.
ReaderFn reader_for(std::string_view shape);

RawArticle read_wikitext_like(std::string_view text);
RawArticle read_plain_text(std::string_view text);
RawArticle read_flattened(std::string_view text);
RawArticle read_markdown(std::string_view text);

}  // namespace citedex
