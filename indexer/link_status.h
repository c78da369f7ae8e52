// The link status of reference documents. `citedex audit --check` keeps the check state
// of every cited URL in the index metadata (key kMetaCheckPrefix + hash of the URL for a
// cited URL, kMetaCheckPrefix + "archive:" + hash for an archive copy, so that a URL
// cited as both has two states; a JSON object: docs/fetcher.md), which survives
// re-indexing; a reference document carries its URL's status as a term (XU<status>,
// XUarchive-<verdict> for its archive copy), in slot kSlotStatus and the facet row, and
// the states themselves in its record ("check", "archive_check"; indexer/record.h). References with
// a URL that was never checked are "unchecked"; references without any URL have no status.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace Xapian {
class Database;
class Document;
}  // namespace Xapian

namespace citedex {

// The role a URL is checked in: as a cited URL, or as the archive copy of one.
enum class LinkRole { original, archive };

// The metadata key holding the check state of `url` in `role`.
std::string link_check_key(std::string_view url, LinkRole role);

// The stored check state of `url` in `role` (null when never checked). An archive state
// stored by citedex before archive states had their own key (under the original's key,
// with "kind": "archive") is found as the archive state and never as the original's.
// Throws Xapian errors.
nlohmann::json load_link_check(const Xapian::Database& db, std::string_view url, LinkRole role);

// Sets the status terms, slot, facet row and record of reference document `doc` from the
// states of its URL and archive URL (either may be
// null: unchecked). Leaves documents of other types alone.
void apply_link_status(Xapian::Document& doc, const nlohmann::json& url_state,
                       const nlohmann::json& archive_state);

// Looks the states of `doc`'s URLs up in `db` and applies them (apply_link_status).
void apply_stored_link_status(Xapian::Document& doc, const Xapian::Database& db);

}  // namespace citedex
