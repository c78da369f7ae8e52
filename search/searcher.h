// `citedex search`: runs a query over the index and returns hits with their data,
// highlighted text, the other copies of identical claims, and exact facet counts.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace citedex {

class OutletTable;

struct SearchOptions {
  // Any values: a page reaching past the last match is cut short, one starting past
  // it is empty (the total is still counted).
  size_t limit = 10;
  size_t offset = 0;
  std::string sort = "relevance";   // relevance | date | article
  std::vector<std::string> facets;  // names from kFacets (schema.h)
  bool collapse_copies = true;      // identical claims of copies of one article → one hit
  // Markers around matched words in Hit::highlighted ("" for none).
  std::string highlight_open, highlight_close;
  bool explain = false;
  // Restrict to this document type ("claim") unless the query names a type: itself.
  std::string default_type;
};

struct Hit {
  nlohmann::json data;      // the document's data (docs/schema.md)
  std::string highlighted;  // the claim / citation / title text with matches marked
  double weight = 0;
  std::vector<std::string> also_in;  // sources of identical claims in other copies
};

struct FacetCount {
  std::string value;
  size_t count = 0;
};

struct SearchResult {
  std::string query;
  std::string parsed;  // the parsed query (for --explain)
  // Hits after collapsing copies: exact when every match was ranked (or, with facets,
  // when nothing can fold); else an estimate, always within the exact bounds
  // total_min..total_max (docs/output.md).
  size_t total = 0, total_min = 0, total_max = 0;
  std::vector<Hit> hits;
  std::map<std::string, std::vector<FacetCount>> facets;  // most frequent first
};

// Throws QueryError (search/query.h) for a malformed query, IndexError for index
// problems, std::invalid_argument for a bad sort or facet name.
SearchResult run_search(const std::string& db_path, const std::string& query,
                        const SearchOptions& options, const OutletTable& outlets);

}  // namespace citedex
