// Harnesses of whole-article entry points: shape detection and each reader, run through
// parse_bytes so the article that comes out is the one every command sees.
#include <sstream>
#include <string>

#include "fuzz/harness.h"
#include "fuzz/properties.h"
#include "indexer/decode.h"
#include "indexer/mojibake.h"
#include "indexer/pipeline.h"
#include "indexer/reader.h"
#include "indexer/shape.h"

namespace citedex::fuzz {

namespace {

// What the footnote stage of parse_bytes saw: the reader's blocks and infobox values.
std::string footnote_stage_text(std::string_view input, std::string shape,
                                std::string_view source) {
  std::string text = repair_mojibake(decode_text(input).text).text;
  if (shape == "auto") shape = source.ends_with(".wiki") ? "wikitext" : detect_shape(text).shape;
  RawArticle raw = reader_for(shape)(text);
  std::string all;
  for (const auto& f : raw.infobox) all += f.value + "\n";
  for (const auto& b : raw.blocks) all += b.text + "\n";
  return all;
}

void parse_as(std::string_view input, const char* shape, const char* source) {
  ParseOptions options;
  options.shape = shape;
  timed(shape, input.size(), [&] {
    try {
      check_article(parse_bytes(input, source, options),
                    [&] { return footnote_stage_text(input, shape, source); });
    } catch (const InputError&) {
      // Empty, whitespace-only or binary input: refused by contract.
    }
  });
}

}  // namespace

void warm_up_pipeline() {
  builtin_outlet_table();
  ParseOptions options;
  parse_bytes("= Warm up =\nIt began.[1]\n  1. ^ \"T\". Reuters. 2016.\n", "warm.txt", options);
}

void fuzz_shape(std::string_view input) {
  if (auto text = as_text(input)) {
    ShapeGuess guess;
    timed("detect_shape", input.size(), [&] { guess = detect_shape(*text); });
    if (!is_known_shape(guess.shape) || !reader_for(guess.shape))
      fuzz_fail("detect_shape names a shape with a reader", escaped(guess.shape));
    check_utf8("shape reason", guess.reason);
  }
  parse_as(input, "auto", "fuzz.txt");
}

void fuzz_read_wikitext_like(std::string_view input) {
  parse_as(input, "wikitext-like", "fuzz.txt");
}
void fuzz_read_flattened(std::string_view input) { parse_as(input, "flattened", "fuzz.txt"); }
void fuzz_read_markdown(std::string_view input) { parse_as(input, "markdown", "fuzz.md"); }
void fuzz_read_plain_text(std::string_view input) { parse_as(input, "plain-text", "fuzz.txt"); }
void fuzz_read_wikitext(std::string_view input) { parse_as(input, "wikitext", "fuzz.wiki"); }

static void dump_page_body(const std::string& xml, const ParseOptions& options) {
  auto check = [&](Article&& a, bool) { check_article(a, [&] { return xml; }); };
  std::istringstream in(xml);
  try {
    InputSummary summary = parse_dump(in, false, "fuzz.xml", options, check);
    for (const auto& w : summary.warnings) check_utf8("dump warning", w);
    if (summary.articles > summary.pages) fuzz_fail("a dump yields no more articles than pages");
  } catch (const InputError&) {
    fuzz_fail("a well-formed dump root is accepted");
  }
}

// The input is what a dump holds between <mediawiki> and </mediawiki> (seeds: one
// <page> each); it goes through the dump reader and the pipeline exactly as
// `citedex parse dump.xml` does.
void fuzz_dump_page(std::string_view input) {
  std::string xml =
      "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.10/\" version=\"0.10\" "
      "xml:lang=\"en\">\n";
  xml.append(input);
  xml += "\n</mediawiki>\n";
  ParseOptions options;
  timed("dump page", input.size(), [&] { dump_page_body(xml, options); });
}

}  // namespace citedex::fuzz
