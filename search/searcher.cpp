#include "search/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "indexer/index_db.h"
#include "indexer/record.h"
#include "indexer/schema.h"
#include "search/facet_spy.h"
#include "search/highlight_stemmer.h"
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

// Every match of `query` counted exactly in one boolean pass, with the counts of
// `facets`, and with `count_claims` how many of the matches are claims (only claims
// fold into copies).
struct Counted {
  size_t matches = 0, claims = 0;
  std::map<std::string, std::vector<FacetCount>> facets;
};

Counted count_matches(const Xapian::Database& db, const Xapian::Query& query,
                      const std::vector<std::string>& facets, bool count_claims) {
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  std::vector<size_t> index;
  for (const auto& name : facets)
    index.push_back(static_cast<size_t>(find_facet(name) - kFacets.data()));
  // The type facet last, for the claim count: the row is read for each match anyway.
  if (count_claims) index.push_back(static_cast<size_t>(find_facet("type") - kFacets.data()));
  auto claims_of = [](const std::vector<FacetCount>& types) -> size_t {
    for (const auto& t : types)
      if (t.value == "claim") return t.count;
    return 0;
  };
  Xapian::Enquire counting(db);
  counting.set_query(query);
  // Counting needs no ranking: boolean weighting skips every weight computation.
  counting.set_weighting_scheme(Xapian::BoolWeight());
  counting.set_docid_order(Xapian::Enquire::DONT_CARE);
  Counted result;
  try {
    FacetSpy spy(kSlotFacets, index);
    counting.add_matchspy(&spy);
    // check_at_least covering the whole database makes the match count exact.
    result.matches = counting.get_mset(0, 0, all).get_matches_estimated();
    for (size_t i = 0; i < facets.size(); ++i)
      result.facets[facets[i]] = facet_rows(spy.counts(i), kFacets[index[i]].multi);
    if (count_claims) result.claims = claims_of(facet_rows(spy.counts(facets.size()), false));
    return result;
  } catch (const Xapian::UnimplementedError&) {
    // Remote shards: only Xapian's own spies can be sent to xapian-tcpsrv.
  }
  counting.clear_matchspies();
  Xapian::ValueCountMatchSpy spy(kSlotFacets);
  counting.add_matchspy(&spy);
  result.matches = counting.get_mset(0, 0, all).get_matches_estimated();
  std::vector<std::unordered_map<std::string_view, size_t>> counts(index.size());
  std::vector<std::string> rows;  // keeps the views below alive
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) rows.push_back(*it);
  size_t k = 0;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it, ++k)
    for (size_t i = 0; i < index.size(); ++i)
      if (auto v = facet_of_row(rows[k], index[i]); !v.empty()) counts[i][v] += it.get_termfreq();
  for (size_t i = 0; i < facets.size(); ++i)
    result.facets[facets[i]] = facet_rows(counts[i], kFacets[index[i]].multi);
  if (count_claims) result.claims = claims_of(facet_rows(counts[facets.size()], false));
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
    throw std::invalid_argument("unknown sort '" + options.sort +
                                "' (sorts: relevance, date, article)");

  return read_index(db_path, [&](Xapian::Database& db) {
    ParsedQuery parsed = parse_query(query, db, outlets, options.default_type);
    SearchResult result;
    result.query = query;
    result.parsed = parsed.description;

    Xapian::Enquire enquire(db);
    enquire.set_query(*parsed.query);
    // BM25 without length normalization (b = 0): claims are single sentences, so their
    // length says little, and with it out of the weight every document matching the
    // same terms equally weighs the same, which lets Xapian stop once the page is full
    // instead of weighing every match (a word in 200k claims: 20 ms → 3 ms).
    enquire.set_weighting_scheme(Xapian::BM25Weight(1, 0, 1, 0, 0.5));
    if (options.sort == "date") enquire.set_sort_by_value_then_relevance(kSlotDate, false);
    if (options.sort == "article") enquire.set_sort_by_value_then_relevance(kSlotOrder, false);

    // The page: identical claims of two copies fold into the first one ranked. Folding
    // here rather than with Enquire::set_collapse_key, which reads the copy key of every
    // candidate and so keeps Xapian from stopping early: a window of the ranking is
    // fetched and folded, and widened until it holds the page or every match.
    //
    // --limit and --offset go up to SIZE_MAX while Xapian counts in 32 bits: no page
    // reaches past the last document, so both are clamped to the document count first
    // (the sums below then stay far below SIZE_MAX).
    const size_t docs = db.get_doccount();
    const size_t offset = std::min(options.offset, docs);
    const size_t want = std::min(offset + std::min(options.limit, docs), docs);
    std::vector<Xapian::MSetIterator> page;
    Xapian::MSet mset;
    bool all_seen = false;  // the MSet holds every match
    size_t total_min = 0, total_max = 0, estimate = 0;
    if (!options.collapse_copies) {
      mset = enquire.get_mset(static_cast<Xapian::doccount>(offset),
                              static_cast<Xapian::doccount>(want - offset));
      for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back(it);
      all_seen = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
      total_min = mset.get_matches_lower_bound();
      total_max = mset.get_matches_upper_bound();
      estimate = mset.get_matches_estimated();
    } else {
      size_t window = std::min(want * 2 + 8, docs);
      std::vector<Xapian::MSetIterator> unique;
      for (;;) {
        mset = enquire.get_mset(0, static_cast<Xapian::doccount>(window));
        unique.clear();
        std::unordered_set<std::string> seen;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
          std::string key = it.get_document().get_value(kSlotCopyKey);
          if (key.empty() || seen.insert(std::move(key)).second) unique.push_back(it);
        }
        all_seen = mset.size() < window || window >= docs;
        if (unique.size() >= want || all_seen) break;
        window = std::min(window * 2, docs);
      }
      // Only the window is ranked: beyond it, the total is Xapian's estimate scaled by
      // the share of copies in the window, between exact bounds.
      total_min = unique.size();
      total_max = all_seen ? unique.size()
                           : std::max<size_t>(unique.size(), mset.get_matches_upper_bound());
      estimate = all_seen || mset.empty()
                     ? unique.size()
                     : static_cast<size_t>(static_cast<double>(mset.get_matches_estimated()) *
                                               static_cast<double>(unique.size()) /
                                               static_cast<double>(mset.size()) +
                                           0.5);
      for (size_t i = offset; i < unique.size() && i < want; ++i) page.push_back(unique[i]);
    }
    // Facets count every match in a boolean pass, which also gives the exact number of
    // matches and of claims among them: exact bounds for free. Counting the folds
    // themselves would mean reading every match's copy key, which took keyword queries
    // at 1M claims from 3 to 22 ms, so without facets the total stays an estimate.
    if (!options.facets.empty()) {
      // The claim count only matters when copies may fold beyond the ranked window.
      const bool fold_unknown = options.collapse_copies && !all_seen;
      Counted counted = count_matches(db, *parsed.query, options.facets, fold_unknown);
      result.facets = std::move(counted.facets);
      if (!all_seen) {
        const bool folds = fold_unknown && counted.claims > 0;
        // Folding leaves every non-claim, and at least one claim.
        const size_t least = counted.matches - counted.claims + (counted.claims > 0 ? 1 : 0);
        total_max = counted.matches;
        total_min = folds ? std::max(total_min, least) : counted.matches;
      }
    }
    result.total_min = total_min;
    result.total_max = std::max(total_min, total_max);
    result.total = std::clamp(estimate, result.total_min, result.total_max);

    std::vector<std::string> query_terms(parsed.query->get_terms_begin(),
                                         parsed.query->get_terms_end());
    Xapian::Stem stemmer = highlight_stemmer(query_terms);
    // MSet::snippet marks the words of the query's terms as they were indexed, which
    // for claims is unprefixed. References and article titles are indexed under their
    // own prefixes (schema.h: words_prefix), so their text is marked from a second
    // MSet over the same terms with the prefix taken off.
    std::optional<Xapian::MSet> unprefixed;
    auto marker_for = [&](const std::string& type) -> const Xapian::MSet& {
      std::string_view prefix = words_prefix(type);
      if (prefix.empty()) return mset;
      if (!unprefixed) {
        std::vector<std::string> terms;
        for (auto t = parsed.query->get_terms_begin(); t != parsed.query->get_terms_end(); ++t) {
          std::string term = *t;
          for (std::string_view p : {kPrefixReferenceWords, kPrefixArticleWords}) {
            if (term.starts_with(p)) term.erase(0, p.size());
            if (term.starts_with('Z') && std::string_view(term).substr(1).starts_with(p))
              term.erase(1, p.size());
          }
          terms.push_back(term);
        }
        Xapian::Enquire plain(db);
        plain.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
        unprefixed = plain.get_mset(0, 0);
      }
      return *unprefixed;
    };
    for (const auto& it : page) {
      Hit hit;
      Xapian::Document doc = it.get_document();
      hit.data = read_record(doc);
      hit.weight = it.get_weight();
      std::string text = text_of(hit.data);
      hit.highlighted =
          options.highlight_open.empty()
              ? text
              : marker_for(hit.data.value("type", "claim"))
                    .snippet(text, text.size() * 2 + 16, stemmer, Xapian::MSet::SNIPPET_EXHAUSTIVE,
                             options.highlight_open, options.highlight_close, "…");
      std::string key = options.collapse_copies ? doc.get_value(kSlotCopyKey) : "";
      const std::string copy_term = std::string(kPrefixCopy) + key;
      if (!key.empty() && db.get_termfreq(copy_term) > 1) {
        // The other copies holding the same claim.
        for (auto p = db.postlist_begin(copy_term); p != db.postlist_end(copy_term); ++p) {
          if (*p == *it) continue;
          auto other = read_record(db.get_document(*p));
          std::string source = other.value("source", "");
          if (source != hit.data.value("source", "") &&
              std::find(hit.also_in.begin(), hit.also_in.end(), source) == hit.also_in.end())
            hit.also_in.push_back(source);
        }
      }
      result.hits.push_back(std::move(hit));
    }

    return result;
  });
}

}  // namespace citedex
