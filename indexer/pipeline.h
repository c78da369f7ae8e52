// The whole parse: decode → repair → detect shape → read (boilerplate + structure) →
// reference list → sentences → footnote links → outlets. One call per input file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/article.h"
#include "indexer/outlet_table.h"

namespace citedex {

// A file that cannot become an article: missing, a directory, unreadable, empty,
// binary. The message is one line naming the problem (not the file: the caller
// prefixes the path).
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How far parse_input has got in one input, for progress displays.
struct InputProgress {
  uint64_t pages = 0;        // dump pages seen so far (returned or skipped); 1 for a copy
  uint64_t input_bytes = 0;  // bytes of the input consumed (compressed bytes for .bz2)
  uint64_t xml_bytes = 0;    // dumps: decompressed XML bytes read
  bool done = false;         // the last call for this input
};

struct ParseOptions {
  std::string shape = "auto";      // "auto" or a name from shape.h
  std::string title;               // the title when the copy has none (wikitext files)
  std::vector<int> namespaces{0};  // MediaWiki dumps: the namespaces to read
  // Outlet resolution and in-text attribution (outlets.h, attribution.h) against this
  // table; nullptr means the shipped table. `resolve_outlets` false skips the stage.
  const OutletTable* outlets = nullptr;
  bool resolve_outlets = true;
  // parse_input calls this after every dump page and once when an input is done
  // (done = true). Must not throw.
  std::function<void(const InputProgress&)> progress;
};

// The shipped outlet table, loaded once.
const OutletTable& builtin_outlet_table();

// Parses `bytes` read from `source` (a path or "-"). Throws InputError when the bytes
// are not an article at all; every lesser problem becomes an Article warning.
Article parse_bytes(std::string_view bytes, const std::string& source, const ParseOptions& options);

// Reads and parses one file. Throws InputError (missing, directory, unreadable,
// empty, binary).
Article parse_file(const std::filesystem::path& path, const ParseOptions& options);

// What parse_input saw besides articles: dump statistics, page-level warnings.
struct InputSummary {
  size_t articles = 0;
  bool dump = false;
  size_t pages = 0, redirects_skipped = 0, other_namespaces_skipped = 0;
  // Dumps: pages that could not be read (bad XML, the page a cut-off dump ends inside),
  // and whether the dump ended early (DumpStats::truncated).
  size_t pages_failed = 0;
  bool truncated = false;
  std::vector<std::string> warnings;  // one line each
  // Only part of the input could be read: its exit code says "some inputs failed".
  bool partial() const { return pages_failed > 0 || truncated; }
};

// Parses every article of one input — a path, or "-" for standard input: one article
// for an article copy, one per page for a MediaWiki XML dump (.xml, .xml.bz2, streamed
// page by page; page id, revision id, timestamp and title go to the article metadata).
// Calls `on_article` for each, with `from_dump` true for the pages of a dump (which a
// caller should not hold on to: a dump can be far larger than memory). Throws InputError
// when the input cannot be read at all.
using ArticleSink = std::function<void(Article&& article, bool from_dump)>;
InputSummary parse_input(const std::string& path, const ParseOptions& options,
                         const ArticleSink& on_article);

// The dump branch of parse_input: the MediaWiki XML dump read from `in` (bzip2-compressed
// when `bz2`), `path` naming it in sources and warnings. Throws InputError when `in` is
// not a dump at all.
InputSummary parse_dump(std::istream& in, bool bz2, const std::string& path,
                        const ParseOptions& options, const ArticleSink& on_article);

// Reads a whole file into memory. Throws InputError.
std::string read_input_file(const std::filesystem::path& path);

}  // namespace citedex
