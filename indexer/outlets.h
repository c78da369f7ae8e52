// Stage "outlets" of the pipeline: which outlet published each reference, decided in
// a fixed order and recorded in Reference::outlet_via:
//   url       the registrable domain of the URL (archive URLs unwrapped first)
//   agency    the segment after the work names a news agency: the wire story's source
//   work      the work / website / newspaper segment
//   publisher the publisher segment
//   text      an outlet named in the citation outside its title ("The New Arab & agencies")
//   rule      a table rule (regular expression over title, author or whole text)
//   title     the same normalized title as a reference whose outlet is known
// A reference that names no outlet stays unknown: nothing is guessed.
#pragma once

#include <vector>

#include "indexer/article.h"
#include "indexer/outlet_table.h"

namespace citedex {

// Resolves one reference by every step but `title`. Returns true when resolved.
bool resolve_reference_outlet(Reference& ref, const OutletTable& table);

// Resolves every reference of the article, then the still-unknown ones by title
// against the article's own resolved references.
void resolve_article_outlets(Article& article, const OutletTable& table);

// Title matching across copies: a reference still unknown takes the outlet of a
// reference with the same normalized title in any article of the run. Returns the
// number resolved this way.
size_t resolve_outlets_by_title(std::vector<Article>& articles);

}  // namespace citedex
