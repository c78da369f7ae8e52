// The commands that write or read the index: index, search, claims, show, stats,
// fields, and outlets when it reads the index.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/printer.h"
#include "indexer/index_writer.h"
#include "search/reports.h"

namespace citedex::cli {

struct IndexConfig {
  std::vector<std::string> paths;
  std::string db;  // empty: $CITEDEX_DB, else ./citedex.db
  bool rebuild = false, prune = false;
  size_t shards = 0;  // 0: one database, or the shards an existing stub lists
  size_t commit_every = IndexOptions{}.commit_every;  // documents between commits
  std::optional<std::string> outlets_file;
  OutputFormat format = OutputFormat::text;
  std::optional<bool> progress;  // --progress / --no-progress (see want_progress)
};
int run_index(const IndexConfig& config, std::ostream& out, std::ostream& err);

struct SearchConfig {
  std::string query;
  std::string db;
  size_t limit = 10, offset = 0;
  std::string sort = "relevance";
  std::vector<std::string> facets;
  bool explain = false;
  std::optional<std::string> outlets_file;
  OutputFormat format = OutputFormat::text;
  bool color = false;  // highlight matches with ANSI escapes (a terminal, no NO_COLOR)
};
int run_search_command(const SearchConfig& config, std::ostream& out, std::ostream& err);

struct ClaimsConfig {
  std::string outlet, db;
  bool only = false, with_attributions = false;
  std::optional<std::string> outlets_file;
  OutputFormat format = OutputFormat::text;
};
int run_claims(const ClaimsConfig& config, std::ostream& out, std::ostream& err);

struct ShowConfig {
  std::string article, db;
  OutputFormat format = OutputFormat::text;
};
int run_show(const ShowConfig& config, std::ostream& out, std::ostream& err);

struct DbConfig {
  std::string db;
  std::optional<std::string> outlets_file;
  OutputFormat format = OutputFormat::text;
};
int run_stats(const DbConfig& config, std::ostream& out, std::ostream& err);
int run_outlets_from_index(const DbConfig& config, std::ostream& out, std::ostream& err);
int run_fields(OutputFormat format, std::ostream& out);

// Prints outlet tally rows: `citedex outlets` from files or from the index.
void print_outlet_rows(const std::vector<OutletRow>& rows, OutputFormat format, std::ostream& out);

// The text describing the query fields, for `citedex search --help`.
std::string query_fields_help();

}  // namespace citedex::cli
