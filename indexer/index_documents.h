// The Xapian documents of one article: one per claim, per reference and for the article
// itself, with the terms, values and data the schema (schema.h, docs/schema.md) defines.
#pragma once

#include <string>
#include <vector>

#include "indexer/article.h"

namespace Xapian {
class Document;
class TermGenerator;
}  // namespace Xapian

namespace citedex {

// Builds the documents of `article`, read from `source` (the path as given to
// `citedex index`). `generator` is reused across calls for speed (it carries the stemmer).
std::vector<Xapian::Document> build_documents(const Article& article, const std::string& source,
                                              Xapian::TermGenerator& generator);

// Copies the facet slots' values into the facet row (schema.h, slot kSlotFacets); call
// after changing any of them.
void set_facet_row(Xapian::Document& doc);

// The copy key of a claim: identical text with identical cited outlets in two copies of
// one article (same title) gives the same key.
std::string claim_copy_key(const std::string& article_title, const Claim& claim,
                           const std::vector<std::string>& footnote_outlets);

}  // namespace citedex
