// A document's record: the JSON object describing a claim, reference or article
// (docs/schema.md, "Document record"). It lives in value slot kSlotRecord, not in
// Xapian's document data: glass deflates every document-data item as it is added
// (zlib, resetting a 128 KiB hash table each time), while values are stored as they
// are. On the 100k-claim benchmark corpus that cut indexing by 7% (median of 11
// interleaved runs; 24% fewer instructions) for an index 9% larger. Everything that
// reads or writes a record goes through these two functions.
#pragma once

#include <xapian.h>

#include <string>

#include "indexer/schema.h"

namespace citedex {

// The record of `doc`, "" when it has none. Never throws for a document built in
// memory; for one read from an index, Xapian's errors pass through.
inline std::string document_record(const Xapian::Document& doc) {
  return doc.get_value(kSlotRecord);
}

// Sets the record of `doc`, replacing the old one.
inline void set_document_record(Xapian::Document& doc, const std::string& json) {
  doc.add_value(kSlotRecord, json);
}

}  // namespace citedex
