// Search latency over an index (built by scripts/bench-search from the generated corpus):
// - keyword queries, top 20 with highlighting, over --queries queries drawn (fixed seed)
//   from the words of the seed copies' sentences;
// - a filter-only outlet query ("outlet:AMN");
// - exact facets (outlet, article, section, year) over a word query matching about
//   --facet-hits claims (the word is picked from the index's term frequencies).
// Each call is citedex::run_search, as `citedex search` runs it (opening the index
// included). One untimed warm-up pass, then --passes timed passes; p50/p95 of every call.
//   bench_search --db DB [--queries 50] [--passes 5] [--facet-hits 400000] SEED_FILE...
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "indexer/pipeline.h"
#include "search/searcher.h"

using Clock = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(std::ceil(p / 100 * v.size()));
  return v[std::min(v.size() - 1, i == 0 ? 0 : i - 1)];
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string w;
  for (char c : text + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      // Query-language words are left out (and, or, not would be operators).
      if (w.size() >= 4 && w != "with" && w != "from" && w != "that") words.push_back(w);
      w.clear();
    }
  }
  return words;
}

struct Latency {
  std::vector<double> ms;
  size_t hits = 0;  // total of the last call
};

}  // namespace

int main(int argc, char** argv) {
  std::string db_path;
  size_t nqueries = 50, facet_hits = 400000;
  int passes = 5;
  std::vector<std::string> seeds;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc)
      db_path = argv[++i];
    else if (arg == "--queries" && i + 1 < argc)
      nqueries = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--passes" && i + 1 < argc)
      passes = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--facet-hits" && i + 1 < argc)
      facet_hits = std::strtoull(argv[++i], nullptr, 10);
    else
      seeds.push_back(arg);
  }
  if (db_path.empty() || seeds.empty()) {
    std::fprintf(stderr,
                 "usage: bench_search --db DB [--queries N] [--passes N] [--facet-hits N] "
                 "SEED_FILE...\n");
    return 2;
  }
  const citedex::OutletTable& outlets = citedex::builtin_outlet_table();

  // Queries: 1 to 3 words of one seed sentence (so that they co-occur), fixed seed.
  std::vector<std::vector<std::string>> sentences;
  std::set<std::string> vocabulary;
  for (const auto& path : seeds)
    for (const auto& c : citedex::parse_file(path, {}).claims) {
      auto w = words_of(c.text);
      if (w.size() >= 3) sentences.push_back(w);
      vocabulary.insert(w.begin(), w.end());
    }
  std::mt19937_64 rng(42);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  std::vector<std::string> queries;
  while (queries.size() < nqueries) {
    const auto& s = sentences[pick(sentences.size())];
    size_t n = queries.size() % 10 < 5 ? 1 : queries.size() % 10 < 9 ? 2 : 3;
    size_t start = pick(s.size() - n + 1);
    std::string q;
    for (size_t k = 0; k < n; ++k) q += (k ? " " : "") + s[start + k];
    if (std::find(queries.begin(), queries.end(), q) == queries.end()) queries.push_back(q);
  }

  Xapian::Database db(db_path);
  const size_t claims = db.get_termfreq("XTclaim");
  // The facet query: the seed word whose frequency is nearest to facet_hits claims.
  std::string facet_query;
  {
    std::vector<std::pair<double, std::string>> near;
    for (const auto& w : vocabulary) {
      double tf = db.get_termfreq(w);
      if (tf > 0) near.push_back({std::fabs(std::log(tf / facet_hits)), w});
    }
    std::sort(near.begin(), near.end());
    size_t best_total = 0;
    for (size_t i = 0; i < std::min<size_t>(near.size(), 6); ++i) {
      citedex::SearchOptions o;
      o.limit = 0;
      std::string q = near[i].second + " type:claim";
      size_t total = citedex::run_search(db_path, q, o, outlets).total;
      if (facet_query.empty() ||
          std::fabs(std::log(static_cast<double>(total + 1) / facet_hits)) <
              std::fabs(std::log(static_cast<double>(best_total + 1) / facet_hits))) {
        facet_query = q;
        best_total = total;
      }
    }
  }

  citedex::SearchOptions keyword;
  keyword.limit = 20;
  keyword.highlight_open = "[[";
  keyword.highlight_close = "]]";
  citedex::SearchOptions faceted = keyword;
  faceted.facets = {"outlet", "article", "section", "year"};

  auto measure = [&](const std::vector<std::string>& qs, const citedex::SearchOptions& o) {
    Latency l;
    for (int pass = 0; pass <= passes; ++pass)
      for (const auto& q : qs) {
        auto t0 = Clock::now();
        citedex::SearchResult r = citedex::run_search(db_path, q, o, outlets);
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (pass > 0) l.ms.push_back(ms);  // pass 0 warms the caches
        l.hits = r.total;
      }
    return l;
  };
  Latency kw = measure(queries, keyword);
  Latency filter = measure(std::vector<std::string>(10, "outlet:AMN"), keyword);
  Latency facets = measure({facet_query}, faceted);
  std::printf("search: %s, %u documents, %zu claims; warm caches, %d timed passes\n",
              db_path.c_str(), db.get_doccount(), claims, passes);
  std::printf(
      "  keyword, top 20, highlighted (%zu queries, e.g. \"%s\", \"%s\"): p50 %.2f ms, "
      "p95 %.2f ms, max %.2f ms\n",
      queries.size(), queries[0].c_str(), queries[5].c_str(), percentile(kw.ms, 50),
      percentile(kw.ms, 95), percentile(kw.ms, 100));
  std::printf("  filter only \"outlet:AMN\" (%zu hits), top 20: p50 %.2f ms, p95 %.2f ms\n",
              filter.hits, percentile(filter.ms, 50), percentile(filter.ms, 95));
  std::printf(
      "  facets outlet,article,section,year over \"%s\" (%zu hits after collapsing "
      "copies), top 20: p50 %.1f ms, p95 %.1f ms\n",
      facet_query.c_str(), facets.hits, percentile(facets.ms, 50), percentile(facets.ms, 95));
  return 0;
}
