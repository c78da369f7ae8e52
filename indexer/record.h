// A document's record: the JSON object describing a claim, reference or article
// (docs/schema.md, "Document record", which says why it lives in value slot kSlotRecord
// and not in Xapian's document data). Everything that reads or writes a record goes
// through these functions.
#pragma once

#include <xapian.h>

#include <nlohmann/json.hpp>
#include <string>

#include "indexer/schema.h"

namespace citedex {

// The record of `doc` as stored, "" when it has none. Never throws for a document built
// in memory; for one read from an index, Xapian's errors pass through.
inline std::string document_record(const Xapian::Document& doc) {
  return doc.get_value(kSlotRecord);
}

// The record of `doc`, parsed; a discarded value (is_discarded()) when it is missing or
// not JSON. Throws as document_record.
inline nlohmann::json read_record(const Xapian::Document& doc) {
  return nlohmann::json::parse(document_record(doc), nullptr, false);
}

// Sets the record of `doc` to `record`, replacing the old one. Invalid UTF-8 in its
// strings is written as U+FFFD rather than refused.
inline void write_record(Xapian::Document& doc, const nlohmann::json& record) {
  doc.add_value(kSlotRecord, record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace citedex
