#include "indexer/pipeline.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "indexer/attribution.h"
#include "indexer/boilerplate.h"
#include "indexer/citation.h"
#include "indexer/decode.h"
#include "indexer/footnotes.h"
#include "indexer/mojibake.h"
#include "indexer/outlets.h"
#include "indexer/reader.h"
#include "indexer/sentences.h"
#include "indexer/shape.h"
#include "indexer/text_util.h"

namespace citedex {

namespace {

void add_claim(Article& article, Claim claim, std::string_view text) {
  LinkedText linked = strip_markers(text);
  if (linked.text.empty()) return;
  claim.text = std::move(linked.text);
  claim.footnotes = std::move(linked.footnotes);
  claim.flags = std::move(linked.flags);
  article.claims.push_back(std::move(claim));
}

void build_claims(Article& article, const RawArticle& raw) {
  int paragraph = 0;
  for (const auto& field : raw.infobox) {
    Claim claim;
    claim.kind = "infobox";
    claim.section = "Infobox";
    claim.field = field.key;
    claim.paragraph = paragraph++;
    add_claim(article, std::move(claim), field.value);
  }
  SegmentOptions segment;
  segment.line_breaks_are_boundaries = raw.hard_line_breaks;
  int section_index = -1;
  bool navigation = false;
  for (const auto& block : raw.blocks) {
    if (block.kind == Block::Kind::heading) {
      Section section;
      section.heading = block.text;
      section.level = block.level;
      section.level_known = block.level_known;
      section.heading_from = block.lost ? "lost" : "source";
      article.sections.push_back(std::move(section));
      section_index = static_cast<int>(article.sections.size()) - 1;
      navigation = !block.lost && is_navigation_section(block.text);
      continue;
    }
    if (navigation || block.kind == Block::Kind::list_item) continue;
    ++paragraph;
    for (auto span : split_sentences(block.text, segment)) {
      Claim claim;
      claim.kind = "sentence";
      claim.section_index = section_index;
      claim.section = section_index >= 0 ? article.sections[section_index].heading : "";
      claim.paragraph = paragraph;
      add_claim(article, std::move(claim),
                std::string_view(block.text).substr(span.begin, span.end - span.begin));
    }
  }
}

void build_references(Article& article, const RawArticle& raw) {
  article.references.reserve(raw.references.size());
  size_t empty = 0;
  for (const auto& entry : raw.references) {
    Reference ref;
    ref.label = entry.label;
    ref.uses = entry.uses;
    ref.text = entry.text;
    parse_citation(ref);
    if (ref.text.empty()) ++empty;
    article.references.push_back(std::move(ref));
  }
  if (empty > 0)
    article.warnings.push_back(std::to_string(empty) + " empty reference entr" +
                               (empty == 1 ? "y" : "ies") + " kept and flagged");
}

void link_footnotes(Article& article) {
  std::set<std::string> labels;
  for (const auto& ref : article.references) labels.insert(ref.label);
  size_t markers = 0, unresolved = 0;
  std::set<std::string> missing;
  for (auto& claim : article.claims) {
    for (const auto& label : claim.footnotes) {
      ++markers;
      if (!labels.count(label)) {
        claim.unresolved.push_back(label);
        missing.insert(label);
        ++unresolved;
      }
    }
  }
  if (markers == 0 && article.references.empty()) {
    article.warnings.push_back(
        "this copy carries no footnotes: claims can be tied to sources only by in-text "
        "attribution");
  } else if (unresolved > 0) {
    std::string list;
    for (const auto& label : missing) list += (list.empty() ? "[" : ", [") + label + "]";
    article.warnings.push_back(std::to_string(unresolved) + " footnote marker" +
                               (unresolved == 1 ? "" : "s") +
                               " do not resolve to a reference: " + list);
  }
}

void attribute_claims(Article& article, const OutletTable& table) {
  for (auto& claim : article.claims) claim.attributions = find_attributions(claim.text, table);
}

}  // namespace

const OutletTable& builtin_outlet_table() {
  static const OutletTable table = OutletTable::builtin();
  return table;
}

Article parse_bytes(std::string_view bytes, const std::string& source,
                    const ParseOptions& options) {
  if (bytes.empty()) throw InputError("empty file");
  DecodedText decoded;
  try {
    decoded = decode_text(bytes);
  } catch (const NotTextError& e) {
    throw InputError(std::string("not text: ") + e.what());
  }
  if (trim(decoded.text).empty()) throw InputError("no text (only whitespace)");

  Article article;
  article.source = source;
  if (decoded.encoding != "utf-8") article.warnings.push_back("decoded from " + decoded.encoding);
  if (decoded.invalid_sequences > 0)
    article.warnings.push_back(std::to_string(decoded.invalid_sequences) +
                               " invalid UTF-8 sequence" +
                               (decoded.invalid_sequences == 1 ? "" : "s") + " replaced by U+FFFD");
  if (decoded.nul_bytes > 0)
    article.warnings.push_back(std::to_string(decoded.nul_bytes) + " NUL bytes removed");
  article.input_warnings = article.warnings;

  RepairResult repaired = repair_mojibake(decoded.text);
  if (repaired.repairs > 0)
    article.warnings.push_back("repaired " + std::to_string(repaired.repairs) + " mojibake run" +
                               (repaired.repairs == 1 ? "" : "s") +
                               " (UTF-8 once decoded as Windows-1252)");

  std::string shape = options.shape;
  if (shape.empty() || shape == "auto") shape = detect_shape(repaired.text).shape;
  ReaderFn reader = reader_for(shape);
  if (!reader) throw InputError("unknown input format '" + shape + "'");
  article.shape = shape;

  RawArticle raw = reader(repaired.text);
  article.title = raw.title;
  article.metadata = std::move(raw.metadata);
  article.infobox = raw.infobox;
  for (auto& w : raw.warnings) article.warnings.push_back(std::move(w));
  if (article.title.empty()) {
    article.title = std::filesystem::path(source).stem().string();
    article.warnings.push_back("no title in the copy; using the file name");
  }

  build_claims(article, raw);
  build_references(article, raw);
  link_footnotes(article);
  if (options.resolve_outlets) {
    const OutletTable& table = options.outlets ? *options.outlets : builtin_outlet_table();
    resolve_article_outlets(article, table);
    attribute_claims(article, table);
  }

  size_t lost = 0;
  for (const auto& s : article.sections) lost += s.heading_from == "lost";
  if (lost > 0)
    article.warnings.push_back(std::to_string(lost) + " section heading" + (lost == 1 ? "" : "s") +
                               " lost in this copy (blank-line gaps where headings were)");
  return article;
}

std::string read_input_file(const std::filesystem::path& path) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) throw InputError("no such file");
  if (std::filesystem::is_directory(status)) throw InputError("is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError(std::string("read error: ") + std::strerror(errno));
  return std::move(buffer).str();
}

Article parse_file(const std::filesystem::path& path, const ParseOptions& options) {
  return parse_bytes(read_input_file(path), path.string(), options);
}

}  // namespace citedex
