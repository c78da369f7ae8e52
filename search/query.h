// The query language of `citedex search`, on top of Xapian's QueryParser: free text with
// English stemming, phrases, AND/OR/NOT and parentheses, and the field prefixes of the
// schema (indexer/schema.h). Xapian types stay inside the search layer.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace Xapian {
class Database;
class Query;
}  // namespace Xapian

namespace citedex {

class OutletTable;

// A malformed query. what() is one line naming the problem and, where known, the part
// of the query at fault: "unknown outlet 'Reuterz' in outlet:Reuterz", "bad date range
// '2016-13..' (month 13)", "syntax error: unmatched '(' ".
class QueryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ParsedQuery {
  std::unique_ptr<Xapian::Query> query;
  std::string description;  // Xapian's description of the parsed query, for --explain
  ParsedQuery();
  ParsedQuery(ParsedQuery&&) noexcept;
  ParsedQuery& operator=(ParsedQuery&&) noexcept;
  ~ParsedQuery();
};

// Parses `text` against `db` (for the date range bounds and the stemmer's vocabulary)
// and `outlets` (outlet names and aliases for outlet:, only:, attributed:). Rules:
// - field names are case-insensitive ("OUTLET:AMN" is outlet:AMN). A word of letters
//   (then letters, digits, '_') starting a term outside quotes and followed by ':' and
//   anything but a space, ')' or '/' is a field: an unknown one is a QueryError naming
//   it ("unknown field \"outlt\" in query (did you mean outlet:? …)"), and so is a known
//   field with no value ("outlet: needs a value"). "12:30", "http://…", "Note: x" and
//   anything in quotes stay text;
// - free text: English stemming (STEM_SOME), default AND, phrases in double quotes,
//   AND/OR/NOT (any case), +/-, parentheses, wildcards with a trailing '*';
// - outlet:X, only:X, attributed:X accept the canonical name or any alias
//   ("outlet:AMN", "outlet:\"al-Masdar News\""); an unknown outlet is a QueryError;
// - article:"Title" (normalized exact title), section:words (text), type:claim|reference|
//   article, cited:yes|no, flag:NAME, lang:NAME, year:YYYY, file:PATH, copy:KEY;
// - date:D, date:D1..D2, date:D1.., date:..D2 with D a day (2016-12-08), month (2016-12)
//   or year (2016): matches documents with a source dated in the range, expanded into
//   the year/month/day terms that cover it exactly;
// - when exactly one outlet: clause and exactly one date: or year: clause are required
//   (every match must satisfy them: conjoined at the top level by spaces, AND or '+',
//   beside any NOT and '-' clauses, looking through parentheses that change nothing),
//   the pair means "a source from that outlet dated in that range" and is matched with
//   the combined outlet-date terms. Under OR/XOR/NEAR/ADJ, after NOT or '-', or with
//   two outlet: or two date:/year: clauses, they are independent filters
//   (docs/schema.md: "Outlet and date on one source").
// - each document type's words live under their own prefix (schema.h: words_prefix):
//   a query searches the type a lone type: clause names when the clause is required
//   at the top level ("type:claim palmyra", "palmyra AND type:claim NOT army",
//   "(type:claim palmyra)"), else `default_type`; with several type: clauses, one
//   under OR/XOR/NEAR/ADJ, NOT, '-' or inner parentheses, or no default, free text is
//   matched against every type's words and the clause filters as written. The type filter is
//   left out when every match must hold a word of the type anyway (it is the costliest
//   part of a keyword query over a million claims).
// Throws QueryError for a malformed query (never a Xapian exception).
ParsedQuery parse_query(std::string_view text, const Xapian::Database& db,
                        const OutletTable& outlets, std::string_view default_type = "");

}  // namespace citedex
