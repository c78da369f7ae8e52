#include "indexer/index_documents.h"

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "indexer/record.h"
#include "indexer/schema.h"
#include "indexer/text_util.h"

namespace citedex {

namespace {

using Json = nlohmann::json;

std::string fnv1a_hex(std::string_view s) {
  uint64_t h = fnv1a64(s);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// "2016-12-08" → {"2016", "201612", "20161208"}; partial dates give fewer parts.
std::vector<std::string> date_parts(const std::string& iso) {
  std::vector<std::string> parts;
  if (iso.size() >= 4) parts.push_back(iso.substr(0, 4));
  if (iso.size() >= 7) parts.push_back(iso.substr(0, 4) + iso.substr(5, 2));
  if (iso.size() >= 10) parts.push_back(iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2));
  return parts;
}

void add_date_terms(Xapian::Document& doc, const std::string& iso, const std::string& outlet_key) {
  static constexpr std::string_view kPlain[] = {kPrefixYear, kPrefixMonth, kPrefixDay};
  static constexpr std::string_view kCombined[] = {kPrefixOutletYear, kPrefixOutletMonth,
                                                   kPrefixOutletDay};
  auto parts = date_parts(iso);
  for (size_t i = 0; i < parts.size(); ++i) {
    doc.add_boolean_term(std::string(kPlain[i]) + parts[i]);
    if (!outlet_key.empty())
      doc.add_boolean_term(std::string(kCombined[i]) + outlet_key + "|" + parts[i]);
  }
}

void add_common(Xapian::Document& doc, std::string_view type, const std::string& article_key,
                const std::string& title, const std::string& source) {
  doc.add_boolean_term(std::string(kPrefixType) + std::string(type));
  doc.add_boolean_term(std::string(kPrefixArticle) + article_key);
  doc.add_boolean_term(std::string(kPrefixSource) + source_key(source));
  doc.add_value(kSlotType, std::string(type));
  doc.add_value(kSlotArticle, title);
}

void add_facet_row(Xapian::Document& doc) { set_facet_row(doc); }

std::string order_key(const std::string& title, size_t index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08zu", index);
  return title + '\x1f' + buf;
}

}  // namespace

void set_facet_row(Xapian::Document& doc) {
  std::array<std::string, kFacets.size()> values;
  for (size_t i = 0; i < kFacets.size(); ++i) values[i] = doc.get_value(kFacets[i].slot);
  doc.add_value(kSlotFacets, facet_row(values));
}

std::string claim_copy_key(const std::string& article_title, const Claim& claim,
                           const std::vector<std::string>& footnote_outlets) {
  // The article belongs in the key: the same sentence in two different articles is two
  // claims; only copies of one article fold together.
  std::string key = term_key(article_title) + '\x1f' + claim.kind + '\x1f' + claim.text;
  for (const auto& o : footnote_outlets) key += '\x1f' + o;
  return fnv1a_hex(key);
}

std::vector<Xapian::Document> build_documents(const Article& article, const std::string& source,
                                              Xapian::TermGenerator& generator) {
  std::vector<Xapian::Document> docs;
  docs.reserve(article.claims.size() + article.references.size() + 1);
  const std::string article_key = term_key(article.title);
  std::map<std::string, const Reference*> by_label;
  for (const auto& r : article.references) by_label[r.label] = &r;

  {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(article.title, 1, std::string(kPrefixArticleWords));
    add_common(doc, "article", article_key, article.title, source);
    doc.add_value(kSlotOrder, order_key(article.title, 0));
    doc.add_value(kSlotDate, std::string(kUndated));
    Json sections = Json::array();
    for (const auto& s : article.sections) sections.push_back(s.heading);
    write_record(doc, Json{{"type", "article"},
                           {"title", article.title},
                           {"source", source},
                           {"shape", article.shape},
                           {"claims", article.claims.size()},
                           {"references", article.references.size()},
                           {"sections", sections},
                           {"warnings", article.warnings}});
    add_facet_row(doc);
    docs.push_back(std::move(doc));
  }

  for (size_t i = 0; i < article.references.size(); ++i) {
    const Reference& r = article.references[i];
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(r.text, 1, std::string(kPrefixReferenceWords));
    add_common(doc, "reference", article_key, article.title, source);
    std::string outlet_key = r.outlet.empty() ? "" : term_key(r.outlet);
    if (!outlet_key.empty()) {
      doc.add_boolean_term(std::string(kPrefixOutlet) + outlet_key);
      doc.add_value(kSlotOutlets, r.outlet);
    }
    if (!r.date.empty()) {
      add_date_terms(doc, r.date, outlet_key);
      doc.add_value(kSlotYears, r.date.substr(0, 4));
      doc.add_value(kSlotDate, date_parts(r.date).back());
    } else {
      doc.add_value(kSlotDate, std::string(kUndated));
    }
    if (!r.language.empty())
      doc.add_boolean_term(std::string(kPrefixLang) + ascii_lower(r.language));
    doc.add_value(kSlotOrder, order_key(article.title, i));
    if (!r.url.empty() || !r.archive_url.empty()) {
      // Until `citedex audit --check` (the index writer applies stored states).
      doc.add_boolean_term(std::string(kPrefixStatus) + "unchecked");
      doc.add_value(kSlotStatus, "unchecked");
    }
    write_record(doc, Json{{"type", "reference"},
                           {"article", article.title},
                           {"source", source},
                           {"label", r.label},
                           {"uses", r.uses},
                           {"text", r.text},
                           {"title", r.title},
                           {"work", r.work},
                           {"outlet", r.outlet},
                           {"outlet_via", r.outlet_via},
                           {"date", r.date},
                           {"url", r.url},
                           {"archive_url", r.archive_url},
                           {"archive_date", r.archive_date},
                           {"access_date", r.access_date},
                           {"language", r.language}});
    add_facet_row(doc);
    docs.push_back(std::move(doc));
  }

  for (size_t i = 0; i < article.claims.size(); ++i) {
    const Claim& c = article.claims[i];
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(c.text);
    if (!c.section.empty()) generator.index_text(c.section, 1, std::string(kPrefixSection));
    add_common(doc, "claim", article_key, article.title, source);
    doc.add_value(kSlotSection, c.section);
    doc.add_value(kSlotOrder, order_key(article.title, i));

    std::set<std::string> outlets, years, languages;
    std::vector<std::string> footnote_outlets;
    std::string earliest;
    size_t resolved = 0;
    Json footnotes = Json::array();
    for (const auto& label : c.footnotes) {
      auto it = by_label.find(label);
      if (it == by_label.end()) {
        footnotes.push_back(Json{{"label", label}, {"resolved", false}});
        continue;
      }
      const Reference& r = *it->second;
      ++resolved;
      std::string key = r.outlet.empty() ? "" : term_key(r.outlet);
      if (!key.empty()) {
        outlets.insert(r.outlet);
        doc.add_boolean_term(std::string(kPrefixOutlet) + key);
      }
      footnote_outlets.push_back(r.outlet);
      if (!r.date.empty()) {
        add_date_terms(doc, r.date, key);
        years.insert(r.date.substr(0, 4));
        std::string day = date_parts(r.date).back();
        if (earliest.empty() || day < earliest) earliest = day;
      }
      if (!r.language.empty()) languages.insert(ascii_lower(r.language));
      footnotes.push_back(Json{{"label", label},
                               {"resolved", true},
                               {"outlet", r.outlet},
                               {"title", r.title},
                               {"work", r.work},
                               {"date", r.date},
                               {"url", r.url}});
    }
    // Sole-sourced: every footnote resolves, and all to one outlet.
    if (resolved > 0 && resolved == c.footnotes.size() && outlets.size() == 1 &&
        std::none_of(footnote_outlets.begin(), footnote_outlets.end(),
                     [](auto& o) { return o.empty(); }))
      doc.add_boolean_term(std::string(kPrefixSole) + term_key(*outlets.begin()));
    doc.add_boolean_term(std::string(kPrefixCited) + (resolved > 0 ? "yes" : "no"));
    for (const auto& f : c.flags) doc.add_boolean_term(std::string(kPrefixFlag) + f);
    for (const auto& l : languages) doc.add_boolean_term(std::string(kPrefixLang) + l);
    Json attributions = Json::array();
    for (const auto& a : c.attributions) {
      doc.add_boolean_term(std::string(kPrefixAttributed) + term_key(a.outlet));
      attributions.push_back(Json{{"outlet", a.outlet}, {"cue", a.cue}, {"offset", a.offset}});
    }
    if (!outlets.empty()) doc.add_value(kSlotOutlets, join_value_set(outlets));
    if (!years.empty()) doc.add_value(kSlotYears, join_value_set(years));
    doc.add_value(kSlotDate, earliest.empty() ? std::string(kUndated) : earliest);
    std::string copy = claim_copy_key(article.title, c, footnote_outlets);
    doc.add_boolean_term(std::string(kPrefixCopy) + copy);
    doc.add_value(kSlotCopyKey, copy);
    write_record(doc, Json{{"type", "claim"},
                           {"article", article.title},
                           {"source", source},
                           {"kind", c.kind},
                           {"section", c.section},
                           {"field", c.field},
                           {"text", c.text},
                           {"flags", c.flags},
                           {"footnotes", footnotes},
                           {"attributions", attributions},
                           {"position", i}});
    add_facet_row(doc);
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace citedex
