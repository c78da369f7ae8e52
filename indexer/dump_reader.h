// MediaWiki XML dumps (export schema 0.3–0.11), streamed page by page: the byte stream
// is cut at page boundaries and each <page> is parsed on its own with pugixml, so memory
// does not grow with the dump. Reads .xml, .xml.bz2 (libbz2) and standard input.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace citedex {

struct DumpPage {
  std::string title;
  int ns = 0;
  uint64_t page_id = 0, revision_id = 0;
  std::string timestamp;  // of the revision read, ISO 8601 as in the dump
  std::string text;       // wikitext of the last revision in the page
  bool redirect = false;  // <redirect/> present (or the text starts with #REDIRECT)
};

struct DumpStats {
  uint64_t pages_seen = 0, pages_returned = 0, redirects_skipped = 0, other_namespace_skipped = 0;
  // Pages that could not be read: bad XML (skipped, counted in pages_seen), the page a
  // truncated dump ends inside (not counted in pages_seen).
  uint64_t pages_failed = 0;
  // The input ended early: inside a page, inside a bzip2 stream, or on a read or
  // decompression error. Every complete page before that point was still read.
  bool truncated = false;
  // Bytes consumed so far, updated as the reader goes (both grow by at most 1 MiB past
  // the page last returned):
  uint64_t input_bytes = 0;           // taken from the istream and decoded: the compressed bytes
                                      // for bz2 (compare with the file size for a fraction done)
  uint64_t bytes_read = 0;            // of the decompressed XML (before any UTF-16 conversion)
  std::vector<std::string> warnings;  // one line each, naming the page where there is one
};

struct DumpOptions {
  std::vector<int> namespaces{0};  // namespaces to return (main namespace by default)
  bool skip_redirects = true;
  // Called after every page seen (returned or skipped), with the statistics so far: for
  // progress displays. Must not throw.
  std::function<void(const DumpStats&)> on_page;
};

class DumpReader {
 public:
  // Reads from `in` (owned elsewhere, must outlive the reader). `bz2`: the stream is
  // bzip2-compressed. Throws std::runtime_error if the stream is not a MediaWiki dump
  // (no <mediawiki> root within the first 64 KiB).
  DumpReader(std::istream& in, bool bz2, DumpOptions options = {});
  ~DumpReader();
  DumpReader(const DumpReader&) = delete;
  DumpReader& operator=(const DumpReader&) = delete;

  // The next page that passes the options, or nullopt at the end. A dump cut off
  // mid-page ends after the last complete page, with a warning; a page whose XML is
  // broken (bad entity…) is skipped with a warning naming it; never throws after
  // construction except std::bad_alloc.
  std::optional<DumpPage> next();

  const DumpStats& stats() const { return stats_; }
  // Namespace names from <siteinfo> (key → name), e.g. 1 → "Talk".
  const std::vector<std::pair<int, std::string>>& namespaces() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  DumpStats stats_;
};

// True when the first bytes look like a MediaWiki XML dump (after an optional BOM and
// XML declaration), or like a bzip2 stream (the caller then tries DumpReader with bz2).
bool looks_like_dump(std::string_view head);

}  // namespace citedex
