// The invariants the soaks (scripts/soak-crash, scripts/soak-concurrency; docs/soaks.md)
// check from outside the indexer.
//
// Crash safety: a census of an index — per source file (its XP term) the number of
// article, claim and reference documents and an order-independent digest of their data
// and terms, plus the content hash each file has in the metadata. An index killed at any
// moment must hold only whole files: every file it has documents for has exactly the
// documents a clean build has for it, and its hash; every file it has a hash for has
// its documents. Resumed, it must equal the clean build.
//
// Concurrency: what a search can tell about the committed state it ran against. The
// indexer commits whole files, in path order, into a fresh index; so a search's
// per-article hit counts (its `article` facet) must each be 0 or the finished index's
// count, and the articles present must be those of a prefix of the files. Each search
// thus bounds the number of files committed; over time that number never decreases.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace citedex::soak {

struct FileCensus {
  size_t articles = 0, claims = 0, references = 0, other = 0;
  uint64_t digest = 0;  // sum of one hash per document: its record and its terms with wdf
  bool operator==(const FileCensus&) const = default;
};

struct Census {
  std::map<std::string, FileCensus> files;          // by source path (XP term)
  std::map<std::string, std::string> hashes;        // citedex:file:<path> metadata, non-empty only
  size_t documents = 0;                             // all documents
  size_t articles = 0, claims = 0, references = 0;  // by type term
};

// Reads the index at `db_path` (a database directory). Throws citedex::IndexError.
Census take_census(const std::string& db_path);

// Text form (one line per file and per hash), for keeping a clean build's census.
void write_census(std::ostream& out, const Census& census);
// Throws std::runtime_error on a malformed line.
Census read_census(std::istream& in);

// Problems of an index killed mid-run against a clean build of the same files, one line
// each (empty: none). `path_order`: the run started from an empty index, so the files
// present must also be the first ones in path order.
std::vector<std::string> check_killed(const Census& got, const Census& clean, bool path_order);

// Problems of a finished index against a clean build: every count, digest and hash equal.
std::vector<std::string> check_complete(const Census& got, const Census& clean);

// Bounds on the number of files committed when a search ran: lo <= committed <= hi.
struct StateBounds {
  size_t lo = 0, hi = 0;
};

// What one search's per-article counts say. `order`: article titles in the order their
// files are indexed (one article per file); `final_counts`: the same query's per-article
// counts on the finished index. Returns nullopt and sets `problem` when the counts are
// not those of any prefix of the files (a half-indexed file, an article missing
// before a later one, an article the finished index does not have).
std::optional<StateBounds> committed_state(const std::map<std::string, size_t>& observed,
                                           const std::vector<std::string>& order,
                                           const std::map<std::string, size_t>& final_counts,
                                           std::string* problem);

// Index of the first search (in time order) whose bounds contradict an earlier one's —
// the committed state went backwards — or nullopt.
std::optional<size_t> first_regression(const std::vector<StateBounds>& in_time_order);

// What a concurrency check reads from one `citedex search --format jsonl` run whose
// facets include `article`: ok is false (and problem says why) when the output is not
// JSON Lines, or lacks the summary record or the article facet.
struct SearchOutput {
  bool ok = false;
  size_t total = 0;
  bool total_exact = true;
  std::map<std::string, size_t> articles;  // the `article` facet
  std::string problem;
};
SearchOutput parse_search(const std::string& jsonl);

// The article titles of the (finished) index at `db_path`, in the path order of their
// files: the order in which a fresh index commits them (`order` of committed_state).
// Throws citedex::IndexError.
std::vector<std::string> articles_in_path_order(const std::string& db_path);

}  // namespace citedex::soak
