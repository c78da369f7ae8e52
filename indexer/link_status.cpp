#include "indexer/link_status.h"

#include <xapian.h>

#include <cstdio>
#include <vector>

#include "indexer/index_documents.h"
#include "indexer/record.h"
#include "indexer/schema.h"
#include "indexer/text_util.h"

namespace citedex {

std::string link_check_key(std::string_view url, LinkRole role) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(url)));
  return std::string(kMetaCheckPrefix) + (role == LinkRole::archive ? "archive:" : "") + hex;
}

namespace {

nlohmann::json stored_state(const Xapian::Database& db, const std::string& key,
                            std::string_view url) {
  std::string stored = db.get_metadata(key);
  if (stored.empty()) return nullptr;
  auto state = nlohmann::json::parse(stored, nullptr, false);
  // A hash collision would hold another URL's state: treat it as unchecked.
  if (state.is_discarded() || !state.is_object() || state.value("url", "") != url) return nullptr;
  return state;
}

}  // namespace

nlohmann::json load_link_check(const Xapian::Database& db, std::string_view url, LinkRole role) {
  if (url.empty()) return nullptr;
  if (role == LinkRole::archive) {
    auto state = stored_state(db, link_check_key(url, LinkRole::archive), url);
    if (!state.is_null()) return state;
  }
  auto state = stored_state(db, link_check_key(url, LinkRole::original), url);
  bool archive_state = state.is_object() && state.value("kind", "") == "archive";
  if (archive_state != (role == LinkRole::archive)) return nullptr;
  return state;
}

namespace {

// apply_link_status on a record already parsed from `doc` (a reference's).
void apply_to_record(Xapian::Document& doc, nlohmann::json& data, const nlohmann::json& url_state,
                     const nlohmann::json& archive_state) {
  const std::string prefix(kPrefixStatus);
  std::vector<std::string> old;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    it.skip_to(prefix);
    if (it == doc.termlist_end()) break;
    std::string term = *it;
    if (term.compare(0, prefix.size(), prefix) != 0) break;
    old.push_back(term);
  }
  for (const auto& t : old) doc.remove_term(t);
  data.erase("check");
  data.erase("archive_check");
  bool has_url = !data.value("url", "").empty() || !data.value("archive_url", "").empty();
  std::string status;
  if (url_state.is_object()) {
    status = url_state.value("status", "unchecked");
    data["check"] = url_state;
  } else if (has_url) {
    status = "unchecked";
  }
  if (!status.empty()) doc.add_boolean_term(prefix + status);
  if (archive_state.is_object()) {
    doc.add_boolean_term(prefix + "archive-" + archive_state.value("verdict", "unchecked"));
    data["archive_check"] = archive_state;
  }
  if (status.empty())
    doc.remove_value(kSlotStatus);
  else
    doc.add_value(kSlotStatus, status);
  set_facet_row(doc);
  write_record(doc, data);
}

}  // namespace

void apply_link_status(Xapian::Document& doc, const nlohmann::json& url_state,
                       const nlohmann::json& archive_state) {
  auto data = read_record(doc);
  if (data.is_discarded() || data.value("type", "") != "reference") return;
  apply_to_record(doc, data, url_state, archive_state);
}

void apply_stored_link_status(Xapian::Document& doc, const Xapian::Database& db) {
  if (doc.get_value(kSlotType) != "reference") return;
  auto data = read_record(doc);
  if (data.is_discarded()) return;
  auto url_state = load_link_check(db, data.value("url", ""), LinkRole::original);
  auto archive_state = load_link_check(db, data.value("archive_url", ""), LinkRole::archive);
  if (url_state.is_null() && archive_state.is_null()) return;
  apply_to_record(doc, data, url_state, archive_state);
}

}  // namespace citedex
