// Fields of a rendered citation (the CS1 styles of Wikipedia):
//   Tomson, Chris (2 March 2017). "Title". al-Masdar News. Archived from the original
//   on 2 March 2017. Retrieved 2 March 2017.
//   "Title" (in Arabic). Al-Hadath News. 17 December 2016. Retrieved 18 December 2016.
//   "Title". chicagotribune.com. Associated Press. 27 March 2016.
//   Who are the pro-Assad militias in Syria? Middle East Eye, 25 September 2015
#pragma once

#include "indexer/article.h"

namespace citedex {

// Fills the parsed fields of `ref` (authors, date, title, work, publisher, url,
// archive_url, archive_date, access_date, language and their *_raw texts) from
// `ref.text`; leaves `label`, `uses` and `text` as they are. Rules:
// - authors are what precedes "(date)." at the start (or precedes the quoted title
//   and ends with "."), split on ";" and " and " (never on the comma of "Last, First");
// - the title is the quoted title — its closing quote is the one followed by ".",
//   ",", " (" or the end, so quotes inside the title survive — or, with no quotes,
//   the text up to a trailing outlet/date;
// - after the title, the first segment that is not a date, "(in Lang)", "Archived
//   from the original on …" or "Retrieved …" is `work`, the next such segment is
//   `publisher`;
// - URLs (http/https) in the text become `url`, or `archive_url` for archive hosts;
// - every date is ISO 8601 via dates.h, the raw text kept in the *_raw field.
// Adds flags: "empty" (no text), "archived-copy-title" ("Archived copy"),
// "no-title" (no title could be found). Never throws.
void parse_citation(Reference& ref);

}  // namespace citedex
