// Reports over the index: claims sourced to an outlet, one article with its footnotes
// and references, the outlet tally, index statistics.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace citedex {

class OutletTable;

struct ArticleClaims {
  std::string article, source;
  std::vector<nlohmann::json> claims;  // claim data, in article order
};

struct OutletClaims {
  std::string outlet;                 // the outlet's canonical name
  std::vector<ArticleClaims> groups;  // by article copy, in order of first appearance
};

// Every claim sourced to `outlet` (any name or alias) through a footnote, grouped by
// article copy. `only`: claims whose every footnote resolves to that outlet.
// `with_attributions`: also claims that name the outlet in their own text.
// Throws QueryError for an unknown outlet, IndexError for index problems.
OutletClaims claims_for_outlet(const std::string& db_path, const std::string& outlet, bool only,
                               bool with_attributions, const OutletTable& outlets);

struct ArticleView {
  nlohmann::json article;                  // the article document's data
  std::vector<nlohmann::json> claims;      // in order
  std::vector<nlohmann::json> references;  // in label order
};

// The copies of the article titled `title` (normalized match), or, failing that, the
// one article whose title contains all the words of `title`. Throws QueryError when
// nothing or several different articles match (listing them), IndexError.
std::vector<ArticleView> show_article(const std::string& db_path, const std::string& title);

struct OutletRow {
  std::string outlet;
  size_t references = 0, claims = 0, attributions = 0;
};
// Most-referenced first, then by citing claims and attributions.
void sort_outlet_rows(std::vector<OutletRow>& rows);

// One row per outlet, most-referenced first; the last row, "(unknown)", counts the
// references with no outlet. Throws IndexError.
std::vector<OutletRow> outlet_tally(const std::string& db_path, const OutletTable& outlets);

// Document counts, files, schema version, outlets, path. Throws IndexError.
nlohmann::json index_stats(const std::string& db_path);

}  // namespace citedex
