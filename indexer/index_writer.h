// `citedex index`: files → articles → documents in a Xapian index, incrementally. Each
// source file is identified by its path and content hash (stored as index metadata);
// an unchanged file is skipped, a changed one has all its documents replaced in one
// transaction, so a killed run leaves an index that opens, holds no half-indexed file,
// and is completed by the next run.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "indexer/pipeline.h"

namespace citedex {

struct IndexOptions {
  std::string db_path;
  bool rebuild = false;  // start from an empty index
  bool prune = false;    // remove the documents of indexed files that no longer exist
  ParseOptions parse;
  // Files parsed together, so copies of one article help each other (lost headings,
  // outlets by title) — files are processed in path order.
  size_t batch_files = 64;
  // Commit (make visible and durable) after this many added documents. Smaller batches
  // index faster here, up to a point: Xapian's in-memory changes stay in cache (100k
  // claims on one core, medians: 5,000 → 15.7 s and 64 MB, 20,000 → 18.4 s and 106 MB,
  // 3,000 → 16.7 s; 1M claims: 196 s against 221 s).
  size_t commit_every = 5000;
};

struct IndexReport {
  // files: the files given, and the indexed files --prune could not check (then failed).
  size_t files = 0, indexed = 0, unchanged = 0, failed = 0, pruned = 0;
  size_t partial = 0;        // dumps indexed only in part (pages with bad XML, cut off)
  size_t prune_checked = 0;  // indexed files --prune looked for (the inputs of --prune alone)
  size_t articles = 0, claims = 0, references = 0;  // documents added by this run
};

using FailureFn = std::function<void(const std::string& path, const std::string& problem)>;

// source_path (schema.h) of each of `paths`, sorted, without duplicates.
std::vector<std::string> source_paths(const std::vector<std::string>& paths);

// The files under `paths`, named by source_path: files as given, directories
// recursively (hidden entries skipped, links to directories not followed; files with
// the extensions citedex reads: .txt .text .md .markdown .wiki .wikitext .xml .bz2),
// sorted. Paths that do not exist or cannot be read, and directories that cannot be
// listed (the walk goes on without them), are reported through `on_failure`.
std::vector<std::string> collect_input_files(const std::vector<std::string>& paths,
                                             const FailureFn& on_failure);

// Indexes `files` (see collect_input_files; each is named by its source_path). Files that cannot be
// read or parsed are reported through `on_failure` and counted; the rest is indexed. Throws
// IndexError (locked, schema mismatch, I/O) — the index then holds every file committed so far.
IndexReport index_files(const std::vector<std::string>& files, const IndexOptions& options,
                        const FailureFn& on_failure);

// Indexes `files` into `shards` local shards built in parallel worker processes (one
// per shard), and writes `options.db_path` as a Xapian stub file listing them
// ("auto NAME.shards/K"): readers open the stub like one database. A file always
// goes to the same shard (by a hash of its path), so reruns are incremental. An
// existing stub must list the same number of local shards (else rebuild); a file there
// that lists none is refused. Readers always find an index: a first run writes the stub
// before the shards fill (they see each commit, and a killed first run is completed by
// the next); a rebuild with the same number rebuilds each shard beside itself (killed,
// it may leave some shards new and some old); a rebuild with another number, or over a
// single database, locks the old index, builds the new shards in another directory
// (NAME.shards.1, …) and switches the stub to them once all are complete (killed, it
// leaves the old index as it was). Copies of one article that land in different
// shards do not lend each other lost headings or outlets. Throws IndexError.
IndexReport index_files_sharded(const std::vector<std::string>& files, const IndexOptions& options,
                                size_t shards, const FailureFn& on_failure);

// The local shards listed by the stub file at `path`, in order (relative lines resolved
// from the stub's directory, as Xapian does); empty when `path` is not a stub file.
// Throws IndexError when the stub lists remote shards (not writable here).
std::vector<std::string> stub_shard_paths(const std::string& path);
// Their number.
size_t stub_shard_count(const std::string& path);

// Document counts by type in the index at `db_path`. Throws IndexError.
struct IndexCounts {
  size_t documents = 0, articles = 0, claims = 0, references = 0, files = 0;
};
IndexCounts count_index(const std::string& db_path);

}  // namespace citedex
