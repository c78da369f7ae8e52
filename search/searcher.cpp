#include "search/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include "indexer/index_db.h"
#include "indexer/schema.h"
#include "search/facet_spy.h"
#include "search/query.h"

namespace citedex {

namespace {

const FacetSpec* find_facet(const std::string& name) {
  for (const auto& f : kFacets)
    if (f.name == name) return &f;
  return nullptr;
}

// The counts of one facet, most frequent first; a multi-valued facet's sets are split.
template <typename Counts>
std::vector<FacetCount> facet_rows(const Counts& counts, bool multi) {
  std::map<std::string, size_t, std::less<>> merged;
  for (const auto& [value, count] : counts) {
    if (!multi) {
      merged[std::string(value)] += count;
      continue;
    }
    for (const auto& item : split_value_set(value)) merged[item] += count;
  }
  std::vector<FacetCount> out;
  for (auto& [v, c] : merged) out.push_back({v, c});
  std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.count > b.count; });
  return out;
}

// Exact counts of every facet over every match of `query`, from the facet row slot.
std::map<std::string, std::vector<FacetCount>> count_facets(
    const Xapian::Database& db, const Xapian::Query& query,
    const std::vector<std::string>& facets) {
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  std::vector<size_t> index;
  for (const auto& name : facets)
    index.push_back(static_cast<size_t>(find_facet(name) - kFacets.data()));
  Xapian::Enquire counting(db);
  counting.set_query(query);
  // Counting needs no ranking: boolean weighting skips every weight computation.
  counting.set_weighting_scheme(Xapian::BoolWeight());
  counting.set_docid_order(Xapian::Enquire::DONT_CARE);
  std::map<std::string, std::vector<FacetCount>> result;
  try {
    FacetSpy spy(kSlotFacets, index);
    counting.add_matchspy(&spy);
    counting.get_mset(0, 0, all);
    for (size_t i = 0; i < facets.size(); ++i)
      result[facets[i]] = facet_rows(spy.counts(i), kFacets[index[i]].multi);
    return result;
  } catch (const Xapian::UnimplementedError&) {
    // Remote shards: only Xapian's own spies can be sent to xapian-tcpsrv.
  }
  counting.clear_matchspies();
  Xapian::ValueCountMatchSpy spy(kSlotFacets);
  counting.add_matchspy(&spy);
  counting.get_mset(0, 0, all);
  std::vector<std::unordered_map<std::string_view, size_t>> counts(facets.size());
  std::vector<std::string> rows;  // keeps the views below alive
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) rows.push_back(*it);
  size_t k = 0;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it, ++k)
    for (size_t i = 0; i < facets.size(); ++i)
      if (auto v = facet_of_row(rows[k], index[i]); !v.empty()) counts[i][v] += it.get_termfreq();
  for (size_t i = 0; i < facets.size(); ++i)
    result[facets[i]] = facet_rows(counts[i], kFacets[index[i]].multi);
  return result;
}

std::string text_of(const nlohmann::json& data) {
  const std::string type = data.value("type", "");
  if (type == "article") return data.value("title", "");
  return data.value("text", "");
}

}  // namespace

SearchResult run_search(const std::string& db_path, const std::string& query,
                        const SearchOptions& options, const OutletTable& outlets) {
  for (const auto& f : options.facets)
    if (!find_facet(f)) {
      std::string names;
      for (const auto& k : kFacets) names += (names.empty() ? "" : ", ") + std::string(k.name);
      throw std::invalid_argument("unknown facet '" + f + "' (facets: " + names + ")");
    }
  if (options.sort != "relevance" && options.sort != "date" && options.sort != "article")
    throw std::invalid_argument("unknown sort '" + options.sort + "' (relevance, date, article)");

  Xapian::Database db = open_for_reading(db_path);
  ParsedQuery parsed = parse_query(query, db, outlets);
  return guard_xapian([&] {
    if (!options.default_type.empty() && query.find("type:") == std::string::npos) {
      *parsed.query = Xapian::Query(Xapian::Query::OP_FILTER, *parsed.query,
                                    Xapian::Query(std::string(kPrefixType) + options.default_type));
      parsed.description = parsed.query->get_description();
    }
    SearchResult result;
    result.query = query;
    result.parsed = parsed.description;

    Xapian::Enquire enquire(db);
    enquire.set_query(*parsed.query);
    if (options.collapse_copies) enquire.set_collapse_key(kSlotCopyKey);
    if (options.sort == "date") enquire.set_sort_by_value_then_relevance(kSlotDate, false);
    if (options.sort == "article") enquire.set_sort_by_value_then_relevance(kSlotOrder, false);
    // Only the page asked for is ranked: Xapian then reports the total as an estimate
    // with exact bounds (SearchResult::total_min/max), and a query over a million claims
    // stays in milliseconds. Facets below count every match exactly.
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                         static_cast<Xapian::doccount>(options.limit));
    result.total = mset.get_matches_estimated();
    result.total_min = mset.get_matches_lower_bound();
    result.total_max = mset.get_matches_upper_bound();

    Xapian::Stem stemmer("english");
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit hit;
      Xapian::Document doc = it.get_document();
      hit.data = nlohmann::json::parse(doc.get_data(), nullptr, false);
      hit.weight = it.get_weight();
      std::string text = text_of(hit.data);
      hit.highlighted =
          options.highlight_open.empty()
              ? text
              : mset.snippet(text, text.size() * 2 + 16, stemmer, Xapian::MSet::SNIPPET_EXHAUSTIVE,
                             options.highlight_open, options.highlight_close, "…");
      if (it.get_collapse_count() > 0) {
        // The other copies holding the same claim.
        std::string key = doc.get_value(kSlotCopyKey);
        Xapian::PostingIterator p = db.postlist_begin(std::string(kPrefixCopy) + key);
        for (; p != db.postlist_end(std::string(kPrefixCopy) + key); ++p) {
          if (*p == *it) continue;
          auto other = nlohmann::json::parse(db.get_document(*p).get_data(), nullptr, false);
          std::string source = other.value("source", "");
          if (source != hit.data.value("source", "") &&
              std::find(hit.also_in.begin(), hit.also_in.end(), source) == hit.also_in.end())
            hit.also_in.push_back(source);
        }
      }
      result.hits.push_back(std::move(hit));
    }

    // Facets count every matching document, each copy of a claim included.
    if (!options.facets.empty()) result.facets = count_facets(db, *parsed.query, options.facets);
    return result;
  });
}

}  // namespace citedex
