#include "search/reports.h"

#include <xapian.h>

#include <algorithm>
#include <map>

#include "indexer/index_db.h"
#include "indexer/outlet_table.h"
#include "indexer/record.h"
#include "indexer/schema.h"
#include "search/query.h"

namespace citedex {

namespace {

using Json = nlohmann::json;

Xapian::Query term(std::string_view prefix, const std::string& value) {
  return Xapian::Query(std::string(prefix) + value);
}

const Outlet& require_outlet(const OutletTable& outlets, const std::string& name) {
  const Outlet* o = outlets.find_by_name(name);
  if (!o) throw QueryError("unknown outlet '" + name + "' (see `citedex outlets`)");
  return *o;
}

// Every document matching `q`, in article order.
std::vector<Json> all_matching(const Xapian::Database& db, const Xapian::Query& q) {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  enquire.set_sort_by_value(kSlotOrder, false);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount(), db.get_doccount());
  std::vector<Json> out;
  for (auto it = mset.begin(); it != mset.end(); ++it)
    out.push_back(read_record(it.get_document()));
  return out;
}

std::map<std::string, size_t> count_outlets(const Xapian::Database& db, const std::string& type) {
  Xapian::Enquire enquire(db);
  enquire.set_query(term(kPrefixType, type));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::ValueCountMatchSpy spy(kSlotOutlets);
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, db.get_doccount());
  std::map<std::string, size_t> counts;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    for (const auto& item : split_value_set(*it)) counts[item] += it.get_termfreq();
  }
  return counts;
}

}  // namespace

OutletClaims claims_for_outlet(const std::string& db_path, const std::string& outlet, bool only,
                               bool with_attributions, const OutletTable& outlets) {
  const Outlet& o = require_outlet(outlets, outlet);
  return read_index(db_path, [&](Xapian::Database& db) {
    std::string key = term_key(o.name);
    Xapian::Query q = term(only ? kPrefixSole : kPrefixOutlet, key);
    if (with_attributions) q = Xapian::Query(Xapian::Query::OP_OR, q, term(kPrefixAttributed, key));
    q = Xapian::Query(Xapian::Query::OP_FILTER, q, term(kPrefixType, "claim"));
    // Copies of one article share a title, so their claims interleave in title order:
    // group by source file, groups in order of first appearance, claims in article order.
    OutletClaims result{o.name, {}};
    auto& groups = result.groups;
    std::map<std::string, size_t> group_of;
    for (auto& claim : all_matching(db, q)) {
      std::string source = claim.value("source", "");
      auto [it, added] = group_of.emplace(source, groups.size());
      if (added) groups.push_back({claim.value("article", ""), source, {}});
      groups[it->second].claims.push_back(std::move(claim));
    }
    return result;
  });
}

std::vector<ArticleView> show_article(const std::string& db_path, const std::string& title) {
  return read_index(db_path, [&](Xapian::Database& db) {
    std::string key = term_key(title);
    if (db.get_termfreq(std::string(kPrefixArticle) + key) == 0) {
      // Not an exact title: the articles whose titles hold every word given.
      Xapian::QueryParser qp;
      qp.set_stemmer(Xapian::Stem("english"));
      qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
      qp.set_default_op(Xapian::Query::OP_AND);
      // No flags: a title is words, so "and", "or", "not", quotes and dashes in it are
      // searched as written instead of being operators ("Palmyra AND" was a syntax error
      // reported as a damaged index).
      Xapian::Query words = qp.parse_query(title, 0, std::string(kPrefixArticleWords));
      auto found = all_matching(
          db, Xapian::Query(Xapian::Query::OP_FILTER, words, term(kPrefixType, "article")));
      std::map<std::string, std::string> titles;
      for (auto& a : found) titles[term_key(a.value("title", ""))] = a.value("title", "");
      if (titles.empty()) throw QueryError("no article titled '" + title + "' in the index");
      if (titles.size() > 1) {
        std::string list;
        for (auto& [k, t] : titles) list += (list.empty() ? "" : "; ") + t;
        throw QueryError("'" + title + "' matches several articles: " + list);
      }
      key = titles.begin()->first;
    }
    std::vector<ArticleView> views;
    Xapian::Query article_q = term(kPrefixArticle, key);
    for (auto& a : all_matching(db, Xapian::Query(Xapian::Query::OP_FILTER, article_q,
                                                  term(kPrefixType, "article")))) {
      ArticleView view;
      std::string source = a.value("source", "");
      Xapian::Query mine(Xapian::Query::OP_FILTER, article_q,
                         term(kPrefixSource, source_key(source)));
      view.claims = all_matching(
          db, Xapian::Query(Xapian::Query::OP_FILTER, mine, term(kPrefixType, "claim")));
      view.references = all_matching(
          db, Xapian::Query(Xapian::Query::OP_FILTER, mine, term(kPrefixType, "reference")));
      view.article = std::move(a);
      views.push_back(std::move(view));
    }
    return views;
  });
}

void sort_outlet_rows(std::vector<OutletRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const OutletRow& a, const OutletRow& b) {
    if (a.references != b.references) return a.references > b.references;
    return a.claims + a.attributions > b.claims + b.attributions;
  });
}

std::vector<OutletRow> outlet_tally(const std::string& db_path, const OutletTable& outlets) {
  return read_index(db_path, [&](Xapian::Database& db) {
    std::map<std::string, OutletRow> rows;
    size_t known_refs = 0;
    for (auto& [name, n] : count_outlets(db, "reference")) {
      rows[name].outlet = name;
      rows[name].references = n;
      known_refs += n;
    }
    for (auto& [name, n] : count_outlets(db, "claim")) {
      rows[name].outlet = name;
      rows[name].claims = n;
    }
    // In-text attributions: their terms carry the outlet key; the table gives the name.
    std::map<std::string, std::string> name_of;
    for (const auto& o : outlets.outlets()) name_of[term_key(o.name)] = o.name;
    std::string prefix(kPrefixAttributed);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      std::string key = (*it).substr(prefix.size());
      std::string name = name_of.count(key) ? name_of[key] : key;
      rows[name].outlet = name;
      rows[name].attributions += it.get_termfreq();
    }
    std::vector<OutletRow> out;
    for (auto& [n, r] : rows) out.push_back(r);
    sort_outlet_rows(out);
    size_t refs = db.get_termfreq(std::string(kPrefixType) + "reference");
    if (refs > known_refs) out.push_back({"(unknown)", refs - known_refs, 0, 0});
    return out;
  });
}

Json index_stats(const std::string& db_path) {
  return read_index(db_path, [&](Xapian::Database& db) {
    size_t files = 0;  // by source terms, which span every shard (metadata does not)
    std::string prefix(kPrefixSource);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) ++files;
    // "XO" also prefixes the combined outlet-date terms ("XOD…|20161208"), which alone
    // hold a '|'.
    size_t outlets = 0;
    const std::string prefix_outlet(kPrefixOutlet);
    for (auto it = db.allterms_begin(prefix_outlet); it != db.allterms_end(prefix_outlet); ++it)
      outlets += (*it).find('|') == std::string::npos;
    return Json{{"path", db_path},
                {"schema_version", db.get_metadata(std::string(kMetaSchemaVersion))},
                {"documents", db.get_doccount()},
                {"files", files},
                {"articles", db.get_termfreq(std::string(kPrefixType) + "article")},
                {"claims", db.get_termfreq(std::string(kPrefixType) + "claim")},
                {"references", db.get_termfreq(std::string(kPrefixType) + "reference")},
                {"outlets", outlets}};
  });
}

}  // namespace citedex
