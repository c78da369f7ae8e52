#include "indexer/pipeline.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "indexer/attribution.h"
#include "indexer/boilerplate.h"
#include "indexer/citation.h"
#include "indexer/decode.h"
#include "indexer/dump_reader.h"
#include "indexer/footnotes.h"
#include "indexer/mojibake.h"
#include "indexer/outlets.h"
#include "indexer/reader.h"
#include "indexer/sentences.h"
#include "indexer/shape.h"
#include "indexer/text_util.h"

namespace citedex {

namespace {

void add_claim(Article& article, const RawArticle& raw, Claim claim, std::string_view text) {
  LinkedText linked = strip_markers(text, raw.written_markers ? &*raw.written_markers : nullptr);
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
    add_claim(article, raw, std::move(claim), field.value);
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
      add_claim(article, raw, std::move(claim),
                std::string_view(block.text).substr(span.begin, span.end - span.begin));
    }
  }
}

void build_references(Article& article, const RawArticle& raw) {
  size_t empty = 0;
  if (!raw.parsed_references.empty()) {
    article.references = raw.parsed_references;
    for (const auto& ref : article.references) empty += ref.text.empty();
  }
  article.references.reserve(raw.references.size());
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
  if (shape.empty() || shape == "auto") {
    // A .wiki/.wikitext file is wikitext even when it has too little markup to tell.
    std::string ext = std::filesystem::path(source).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    shape = ext == ".wiki" || ext == ".wikitext" ? "wikitext" : detect_shape(repaired.text).shape;
  }
  ReaderFn reader = reader_for(shape);
  if (!reader) throw InputError("unknown input format '" + shape + "'");
  article.shape = shape;

  RawArticle raw = reader(repaired.text);
  article.title = raw.title;
  article.metadata = std::move(raw.metadata);
  article.infobox = raw.infobox;
  for (auto& w : raw.warnings) article.warnings.push_back(std::move(w));
  if (article.title.empty() && !options.title.empty()) article.title = options.title;
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

namespace {

// A streambuf that yields `prefix`, then whatever `rest` yields.
class PrefixedStreambuf : public std::streambuf {
 public:
  PrefixedStreambuf(std::string prefix, std::streambuf* rest)
      : prefix_(std::move(prefix)), rest_(rest) {
    setg(prefix_.data(), prefix_.data(), prefix_.data() + prefix_.size());
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    std::streamsize n = rest_->sgetn(buffer_, sizeof buffer_);
    if (n <= 0) return traits_type::eof();
    setg(buffer_, buffer_, buffer_ + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string prefix_;
  std::streambuf* rest_;
  char buffer_[1 << 16];
};

void add_meta(Article& a, const std::string& key, const std::string& value) {
  a.metadata.push_back({key, {{value}, false}});
}

}  // namespace

InputSummary parse_dump(std::istream& in, bool bz2, const std::string& path,
                        const ParseOptions& options, const ArticleSink& on_article) {
  InputSummary summary;
  summary.dump = true;
  DumpOptions dump_options;
  dump_options.namespaces = options.namespaces;
  if (options.progress)
    dump_options.on_page = [&](const DumpStats& s) {
      options.progress({s.pages_seen, s.input_bytes, s.bytes_read, false});
    };
  std::optional<DumpReader> reader;
  try {
    reader.emplace(in, bz2, dump_options);
  } catch (const std::runtime_error& e) {
    throw InputError(e.what());
  }
  ParseOptions page_options = options;
  page_options.shape = "wikitext";
  while (auto page = reader->next()) {
    page_options.title = page->title;
    std::string source = path + "#" + page->title;
    try {
      Article a = parse_bytes(page->text, source, page_options);
      a.title = page->title;
      add_meta(a, "page_id", std::to_string(page->page_id));
      add_meta(a, "revision_id", std::to_string(page->revision_id));
      add_meta(a, "timestamp", page->timestamp);
      add_meta(a, "namespace", std::to_string(page->ns));
      ++summary.articles;
      on_article(std::move(a), true);
    } catch (const InputError& e) {
      summary.warnings.push_back("page '" + page->title + "': " + e.what());
    }
  }
  const DumpStats& stats = reader->stats();
  summary.pages = stats.pages_seen;
  summary.redirects_skipped = stats.redirects_skipped;
  summary.other_namespaces_skipped = stats.other_namespace_skipped;
  summary.pages_failed = stats.pages_failed;
  summary.truncated = stats.truncated;
  for (const auto& w : stats.warnings) summary.warnings.push_back(w);
  if (options.progress)
    options.progress({stats.pages_seen, stats.input_bytes, stats.bytes_read, true});
  return summary;
}

InputSummary parse_input(const std::string& path, const ParseOptions& options,
                         const ArticleSink& on_article) {
  // Dumps are streamed; everything else is read whole.
  std::unique_ptr<std::ifstream> file;
  std::istream* in = &std::cin;
  if (path != "-") {
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) throw InputError("no such file");
    if (std::filesystem::is_directory(status)) throw InputError("is a directory, not a file");
    file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file) throw InputError(std::string("cannot open: ") + std::strerror(errno));
    in = file.get();
  }
  char head_buf[4096];
  in->read(head_buf, sizeof head_buf);
  std::string head(head_buf, static_cast<size_t>(in->gcount()));
  if (looks_like_dump(head)) {
    bool bz2 = head.starts_with("BZh");
    if (file) {
      file->clear();
      if (file->seekg(0)) return parse_dump(*file, bz2, path, options, on_article);
      file->clear();  // a named pipe (or <(…)) cannot rewind either
    }
    // Standard input and pipes cannot rewind: replay the sniffed head, then stream the
    // rest (a failed seek leaves the stream where it was).
    PrefixedStreambuf replay(head, in->rdbuf());
    std::istream whole(&replay);
    return parse_dump(whole, bz2, path, options, on_article);
  }
  std::string bytes =
      head + std::string((std::istreambuf_iterator<char>(*in)), std::istreambuf_iterator<char>());
  InputSummary summary;
  on_article(parse_bytes(bytes, path, options), false);
  summary.articles = 1;
  if (options.progress) options.progress({1, bytes.size(), 0, true});
  return summary;
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
