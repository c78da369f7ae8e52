// Wikitext (the source of MediaWiki pages) → the article model. Unlike rendered copies,
// the source keeps every reference with its URL, so references come out with their
// fields already parsed (from citation templates) rather than as text to parse.
#pragma once

#include <string_view>

#include "indexer/reader.h"

namespace citedex {

// Reads one page of wikitext whose title is `title`. The result's blocks carry the
// rendered text (links resolved to their labels, bold/italic marks, comments, nowiki,
// math, gallery, tables, files and categories removed, text-carrying templates
// rendered — {{convert}}, {{lang}}, {{nowrap}}… — other templates dropped), with each
// reference rendered as a footnote marker "[n]" where it stood, n following the order of
// first use as the rendered page numbers them (so the shared sentence and footnote
// stages link claims exactly as for a rendered copy). Group notes ({{efn}},
// <ref group=…>) use their own label series ("[a]", "[note 1]"); {{citation needed}},
// {{cn}}, {{fact}} become "[citation needed]" flags, never footnotes. The infobox
// ({{Infobox …|key=value}}) becomes fields. RawArticle::parsed_references holds one
// Reference per label with its fields from the citation template (CS1 aliases
// normalized) or, for refs without a template, its text with URLs extracted; {{dead
// link}} and url-status=dead add the flag "dead-link". Linear in the input; never throws
// on malformed wikitext (unbalanced {{, [[, <ref>): it warns and reads on.
RawArticle read_wikitext(std::string_view text, std::string_view title);

}  // namespace citedex
