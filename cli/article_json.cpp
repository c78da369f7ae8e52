#include "cli/article_json.h"

namespace citedex::cli {

namespace {

Json metadata_to_json(const Metadata& metadata) {
  Json out = Json::object();
  for (const auto& [key, value] : metadata) {
    if (value.is_list)
      out[key] = value.items;
    else
      out[key] = value.items.empty() ? Json(nullptr) : Json(value.items[0]);
  }
  return out;
}

Json reference_to_json(const Reference& r) {
  return Json{{"label", r.label},
              {"uses", r.uses},
              {"text", r.text},
              {"authors", r.authors},
              {"date", r.date},
              {"date_raw", r.date_raw},
              {"title", r.title},
              {"work", r.work},
              {"publisher", r.publisher},
              {"url", r.url},
              {"archive_url", r.archive_url},
              {"archive_date", r.archive_date},
              {"archive_date_raw", r.archive_date_raw},
              {"access_date", r.access_date},
              {"access_date_raw", r.access_date_raw},
              {"language", r.language},
              {"flags", r.flags},
              {"outlet", r.outlet.empty() ? Json(nullptr) : Json(r.outlet)},
              {"outlet_via", r.outlet_via.empty() ? Json(nullptr) : Json(r.outlet_via)}};
}

Json claim_to_json(const Claim& c) {
  Json attributions = Json::array();
  for (const auto& a : c.attributions)
    attributions.push_back(Json{{"outlet", a.outlet}, {"cue", a.cue}, {"offset", a.offset}});
  return Json{{"kind", c.kind},
              {"section", c.section},
              {"field", c.field},
              {"text", c.text},
              {"footnotes", c.footnotes},
              {"flags", c.flags},
              {"unresolved", c.unresolved},
              {"attributions", std::move(attributions)},
              {"paragraph", c.paragraph}};
}

}  // namespace

Json article_to_json(const Article& a) {
  Json sections = Json::array();
  for (const auto& s : a.sections)
    sections.push_back(Json{{"heading", s.heading},
                            {"level", s.level},
                            {"level_known", s.level_known},
                            {"heading_from", s.heading_from}});
  Json infobox = Json::array();
  for (const auto& f : a.infobox) infobox.push_back(Json{{"key", f.key}, {"value", f.value}});
  Json claims = Json::array();
  for (const auto& c : a.claims) claims.push_back(claim_to_json(c));
  Json references = Json::array();
  for (const auto& r : a.references) references.push_back(reference_to_json(r));
  return Json{{"version", kArticleJsonVersion},
              {"source", a.source},
              {"shape", a.shape},
              {"title", a.title},
              {"metadata", metadata_to_json(a.metadata)},
              {"sections", std::move(sections)},
              {"infobox", std::move(infobox)},
              {"claims", std::move(claims)},
              {"references", std::move(references)},
              {"warnings", a.warnings}};
}

}  // namespace citedex::cli
