#include "search/query.h"

#include <xapian.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "indexer/dates.h"
#include "indexer/outlet_table.h"
#include "indexer/schema.h"
#include "indexer/text_util.h"

namespace citedex {

ParsedQuery::ParsedQuery() = default;
ParsedQuery::ParsedQuery(ParsedQuery&&) noexcept = default;
ParsedQuery& ParsedQuery::operator=(ParsedQuery&&) noexcept = default;
ParsedQuery::~ParsedQuery() = default;

namespace {

// ---------------------------------------------------------------------------------------
// Dates

struct Day {
  int y = 0, m = 0, d = 0;
  int key() const { return y * 10000 + m * 100 + d; }
};

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

Day next_day(Day d) {
  if (d.d < days_in_month(d.y, d.m)) return {d.y, d.m, d.d + 1};
  if (d.m < 12) return {d.y, d.m + 1, 1};
  return {d.y + 1, 1, 1};
}

Day next_month(Day d) { return d.m < 12 ? Day{d.y, d.m + 1, 1} : Day{d.y + 1, 1, 1}; }

std::string pad(int n, int width) {
  std::string s = std::to_string(n);
  return std::string(width > static_cast<int>(s.size()) ? width - s.size() : 0, '0') + s;
}

// The first and last day of a date of any precision.
struct Span {
  Day first, last;
};

// "2016" / "2016-12" / "2016-12-08" (parse_date's output) → its span of days.
Span span_of_iso(const std::string& iso) {
  Day d{std::stoi(iso.substr(0, 4)), 0, 0};
  if (iso.size() == 4) return {{d.y, 1, 1}, {d.y, 12, 31}};
  d.m = std::stoi(iso.substr(5, 2));
  if (iso.size() == 7) return {{d.y, d.m, 1}, {d.y, d.m, days_in_month(d.y, d.m)}};
  d.d = std::stoi(iso.substr(8, 2));
  return {d, d};
}

// Why a date in ISO-like form was rejected, so the message can point at the part at
// fault; empty when there is nothing more specific than "not a date".
std::string date_problem(std::string_view s) {
  if (s.size() < 4 || !all_digits(s.substr(0, 4))) return "";
  int y = std::stoi(std::string(s.substr(0, 4)));
  if (y < 1000 || y > 2999) return "year " + std::to_string(y) + " out of range";
  if (s.size() == 4) return "";
  if (s.size() < 7 || s[4] != '-' || !all_digits(s.substr(5, 2))) return "";
  int m = std::stoi(std::string(s.substr(5, 2)));
  if (m < 1 || m > 12) return "month " + std::to_string(m);
  if (s.size() == 10 && s[7] == '-' && all_digits(s.substr(8, 2))) {
    int d = std::stoi(std::string(s.substr(8, 2)));
    if (d < 1 || d > days_in_month(y, m))
      return "no day " + std::to_string(d) + " in " + std::string(s.substr(0, 7));
  }
  return "";
}

// A date bound as typed in a query: the ISO forms "2016", "2016-12" and "2016-12-08"
// (parse_date does not take a bare year-month), or any form parse_date accepts.
std::optional<std::string> parse_query_date(std::string_view s) {
  bool iso_shape = (s.size() == 4 || s.size() == 7 || s.size() == 10) && all_digits(s.substr(0, 4));
  for (size_t i = 4; iso_shape && i < s.size(); ++i)
    iso_shape = (i == 4 || i == 7) ? s[i] == '-' : s[i] >= '0' && s[i] <= '9';
  if (!iso_shape) return parse_date(s);
  if (!date_problem(s).empty()) return std::nullopt;
  int y = std::stoi(std::string(s.substr(0, 4)));
  if (y < 1000 || y > 2999) return std::nullopt;  // parse_date's range
  return std::string(s);
}

// The years with an "XY" term: every date term of the index lies in one of them.
std::set<int> indexed_years(const Xapian::Database& db) {
  std::set<int> years;
  const std::string prefix(kPrefixYear);
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    const std::string term = *it;  // the iterator hands out a temporary
    std::string_view year = std::string_view(term).substr(prefix.size());
    if (year.size() != 4 || !all_digits(year)) continue;
    years.insert(std::stoi(std::string(year)));
  }
  return years;
}

// Parses the value of date:VALUE (clause is the whole clause, for messages) into an
// inclusive range of days within `years` (indexed_years); nullopt when nothing is left
// to match (empty index, or a range outside the indexed years). Throws QueryError.
std::optional<std::pair<Day, Day>> parse_date_range(std::string_view value, std::string_view clause,
                                                    const std::set<int>& years) {
  auto fail = [&](const std::string& what) -> QueryError {
    return QueryError(what + " in " + std::string(clause));
  };
  std::string_view lo = value, hi = value;
  bool ranged = false;
  if (size_t dots = value.find(".."); dots != std::string_view::npos) {
    ranged = true;
    lo = value.substr(0, dots);
    hi = value.substr(dots + 2);
    if (hi.find("..") != std::string_view::npos)
      throw fail("bad date range '" + std::string(value) + "' (more than one '..')");
    if (lo.empty() && hi.empty())
      throw fail("bad date range '" + std::string(value) + "' (no bounds)");
  }
  auto bound = [&](std::string_view s) -> std::optional<Span> {
    if (s.empty()) return std::nullopt;
    auto iso = parse_query_date(s);
    if (!iso) {
      std::string why = date_problem(s);
      std::string what = ranged ? "bad date range '" + std::string(value) + "'"
                                : "bad date '" + std::string(value) + "'";
      if (ranged && why.empty()) why = "'" + std::string(s) + "' is not a date";
      throw fail(why.empty() ? what : what + " (" + why + ")");
    }
    return span_of_iso(*iso);
  };
  std::optional<Span> from = bound(lo), to = bound(hi);
  if (from && to && from->first.key() > to->last.key())
    throw fail("bad date range '" + std::string(value) + "' (start after end)");

  // Open ends, and ends beyond the indexed years, stop at the indexed years: terms
  // outside them match nothing, and "date:1008.." would otherwise be a thousand terms
  // (found by the query fuzzer: 0.3 s for a 152-byte query).
  if (years.empty()) return std::nullopt;
  Day first{*years.begin(), 1, 1}, last{*years.rbegin(), 12, 31};
  if (from && from->first.key() > first.key()) first = from->first;
  if (to && to->last.key() < last.key()) last = to->last;
  if (first.key() > last.key()) return std::nullopt;
  return std::make_pair(first, last);
}

// The fewest year, month and day terms whose union is exactly the days first..last:
// whole years become one term, whole months one term, the rest one term per day. The
// prefixes include any outlet key, so the same cover serves the combined terms.
std::vector<std::string> cover_terms(Day first, Day last, const std::string& year_prefix,
                                     const std::string& month_prefix,
                                     const std::string& day_prefix) {
  std::vector<std::string> terms;
  const int end = last.key();
  Day cur = first;
  while (cur.key() <= end) {
    if (cur.m == 1 && cur.d == 1 && Day{cur.y, 12, 31}.key() <= end) {
      terms.push_back(year_prefix + pad(cur.y, 4));
      cur = {cur.y + 1, 1, 1};
    } else if (cur.d == 1 && Day{cur.y, cur.m, days_in_month(cur.y, cur.m)}.key() <= end) {
      terms.push_back(month_prefix + pad(cur.y, 4) + pad(cur.m, 2));
      cur = next_month(cur);
    } else {
      terms.push_back(day_prefix + pad(cur.y, 4) + pad(cur.m, 2) + pad(cur.d, 2));
      cur = next_day(cur);
    }
  }
  return terms;
}

Xapian::Query or_of_terms(const std::vector<std::string>& terms) {
  if (terms.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query date_query(std::string_view value, std::string_view clause,
                         const Xapian::Database& db, const std::string& outlet_key = "") {
  const std::set<int> years = indexed_years(db);
  auto range = parse_date_range(value, clause, years);
  if (!range) return Xapian::Query::MatchNothing;
  const std::string sep = outlet_key.empty() ? "" : outlet_key + "|";
  const std::string year_prefix =
      std::string(outlet_key.empty() ? kPrefixYear : kPrefixOutletYear) + sep;
  std::vector<std::string> terms =
      cover_terms(range->first, range->second, year_prefix,
                  std::string(outlet_key.empty() ? kPrefixMonth : kPrefixOutletMonth) + sep,
                  std::string(outlet_key.empty() ? kPrefixDay : kPrefixOutletDay) + sep);
  // A whole year the index has no date in would be a term that matches nothing.
  std::erase_if(terms, [&](const std::string& t) {
    return t.size() == year_prefix.size() + 4 && t.starts_with(year_prefix) &&
           !years.count(std::stoi(t.substr(year_prefix.size())));
  });
  return or_of_terms(terms);
}

// ---------------------------------------------------------------------------------------
// Field processors

// The first error a field processor met during the current parse_with() call. An
// exception thrown through Xapian 1.4's query parser leaks the parser's pending terms
// (LeakSanitizer: ~900 bytes per bad query), so processors record it here and return
// MatchNothing, and parse_with() rethrows it once Xapian has returned.
thread_local std::exception_ptr t_field_error;

// A boolean field whose value is turned into a query by a function; Xapian owns it.
class FunctionProcessor : public Xapian::FieldProcessor {
 public:
  explicit FunctionProcessor(std::function<Xapian::Query(const std::string&)> fn)
      : fn_(std::move(fn)) {}
  Xapian::Query operator()(const std::string& value) override {
    try {
      return fn_(value);
    } catch (...) {
      if (!t_field_error) t_field_error = std::current_exception();
      return Xapian::Query::MatchNothing;
    }
  }

 private:
  std::function<Xapian::Query(const std::string&)> fn_;
};

std::string clause_text(std::string_view field, std::string_view value) {
  bool quote = value.find_first_of(" \t") != std::string_view::npos;
  return std::string(field) + ":" + (quote ? "\"" : "") + std::string(value) + (quote ? "\"" : "");
}

const Outlet& resolve_outlet(const OutletTable& outlets, std::string_view field,
                             std::string_view value) {
  const Outlet* o = outlets.find_by_name(value);
  if (!o)
    throw QueryError("unknown outlet '" + std::string(value) + "' in " + clause_text(field, value));
  return *o;
}

// The query of one boolean field `field` (its canonical name is spec.name) for `value`.
Xapian::Query field_query(const FieldSpec& spec, const std::string& field, const std::string& value,
                          const Xapian::Database& db, const OutletTable& outlets) {
  const std::string prefix(spec.prefix);
  const std::string_view name = spec.name;
  auto bad = [&](const std::string& expected) {
    return QueryError("bad value '" + value + "' in " + clause_text(field, value) + " (expected " +
                      expected + ")");
  };
  if (name == "outlet" || name == "only" || name == "attributed")
    return Xapian::Query(prefix + term_key(resolve_outlet(outlets, field, value).name));
  if (name == "date") return date_query(value, clause_text(field, value), db);
  if (name == "type") {
    std::string v = ascii_lower(value);
    if (v != "claim" && v != "reference" && v != "article")
      throw bad("claim, reference or article");
    return Xapian::Query(prefix + v);
  }
  if (name == "cited") {
    std::string v = ascii_lower(value);
    if (v != "yes" && v != "no") throw bad("yes or no");
    return Xapian::Query(prefix + v);
  }
  if (name == "year") {
    if (value.size() != 4 || !all_digits(value)) throw bad("a four-digit year");
    return Xapian::Query(prefix + value);
  }
  if (name == "status") {
    std::string v = ascii_lower(value);
    bool known = false;
    for (auto s : kLinkStatuses) known = known || v == s;
    for (auto s : kArchiveStatuses) known = known || v == "archive-" + std::string(s);
    if (!known)
      throw bad(
          "unchecked, alive, failing, dead, soft-404, blocked, transient, "
          "unsupported, or archive-VERDICT");
    return Xapian::Query(prefix + v);
  }
  if (name == "article") return Xapian::Query(prefix + term_key(value));
  // Files are indexed by absolute path: a relative one is taken from where citedex runs.
  if (name == "file") return Xapian::Query(prefix + source_key(source_path(value)));
  // flag names, languages and copy keys (hex) are indexed in lowercase.
  return Xapian::Query(prefix + ascii_lower(value));
}

// Fields a document can carry several terms of: two filters on one of them both have
// to hold (AND). Single-valued fields (type, cited, article, file…) OR their filters.
bool multi_valued(std::string_view name) {
  return name == "outlet" || name == "attributed" || name == "date" || name == "year" ||
         name == "flag" || name == "lang" || name == "status";
}

std::vector<std::string> names_of(const FieldSpec& spec) {
  std::vector<std::string> names{std::string(spec.name)};
  std::string_view aliases = spec.aliases;
  while (!aliases.empty()) {
    size_t space = aliases.find(' ');
    if (space != 0) names.emplace_back(aliases.substr(0, space));
    if (space == std::string_view::npos) break;
    aliases.remove_prefix(space + 1);
  }
  return names;
}

void configure(Xapian::QueryParser& qp, const Xapian::Database& db, const OutletTable& outlets,
               std::string_view words_prefix) {
  qp.set_stemmer(Xapian::Stem("english"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_database(db);
  qp.set_default_op(Xapian::Query::OP_AND);
  for (const FieldSpec& spec : fields()) {
    for (const std::string& field : names_of(spec)) {
      switch (spec.kind) {
        case FieldKind::text:
          // "text:" means the default field: the words of the type being searched.
          qp.add_prefix(field, std::string(spec.name == "text" ? words_prefix : spec.prefix));
          break;
        case FieldKind::boolean:
        case FieldKind::range: {
          // One processor per spelling, so messages quote the field the user typed.
          const FieldSpec* s = &spec;
          auto* proc = new FunctionProcessor([s, field, &db, &outlets](const std::string& value) {
            return field_query(*s, field, value, db, outlets);
          });
          // Aliases share the canonical name as grouping so they combine like the field.
          std::string grouping = multi_valued(spec.name) ? "" : std::string(spec.name);
          qp.add_boolean_prefix(field, proc->release(), &grouping);
          break;
        }
      }
    }
  }
}

constexpr unsigned kFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                            Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE |
                            Xapian::QueryParser::FLAG_LOVEHATE |
                            Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT;

// ---------------------------------------------------------------------------------------
// Top-level scan, for the outlet+date pairing

struct TopLevel {
  std::vector<std::string_view> tokens;  // whitespace-separated at depth 0, outside quotes
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Splits the query at top-level whitespace. Xapian silently repairs unbalanced
// parentheses and quotes, which would change the meaning behind the user's back, so
// they are reported here instead.
TopLevel scan_top_level(std::string_view text) {
  TopLevel out;
  int depth = 0;
  bool in_quote = false;
  size_t start = std::string_view::npos;
  size_t open_paren = 0, open_quote = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : ' ';
    if (!in_quote && depth == 0 && is_space(c)) {
      if (start != std::string_view::npos) out.tokens.push_back(text.substr(start, i - start));
      start = std::string_view::npos;
      continue;
    }
    if (i == text.size()) break;
    if (start == std::string_view::npos) start = i;
    if (c == '"') {
      in_quote = !in_quote;
      open_quote = i;
    } else if (!in_quote && c == '(') {
      if (depth++ == 0) open_paren = i;
    } else if (!in_quote && c == ')') {
      if (--depth < 0)
        throw QueryError("syntax error in query: unmatched ')' at offset " + std::to_string(i));
    }
  }
  if (in_quote)
    throw QueryError("syntax error in query: unmatched '\"' at offset " +
                     std::to_string(open_quote));
  if (depth > 0)
    throw QueryError("syntax error in query: unmatched '(' at offset " +
                     std::to_string(open_paren));
  return out;
}

// OR, XOR, NEAR, ADJ (with or without /N): operators under which a clause need not hold
// for every match.
// Operators are compared in lowercase: FLAG_BOOLEAN_ANY_CASE takes them in any case.
bool is_disjunctive(std::string_view token) {
  std::string word = ascii_lower(token);
  if (word == "or" || word == "xor") return true;
  for (std::string_view op : {"near", "adj"})
    if (word.starts_with(op) && (word.size() == op.size() || word[op.size()] == '/')) return true;
  return false;
}

bool is_and(std::string_view token) { return ascii_lower(token) == "and"; }
bool is_not(std::string_view token) { return ascii_lower(token) == "not"; }

std::string_view unquote(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
  return v;
}

// The canonical name of the field a token's "name:" names, or "".
std::string_view field_of(std::string_view token) {
  size_t colon = token.find(':');
  if (colon == std::string_view::npos || colon == 0) return "";
  const FieldSpec* spec = find_field(token.substr(0, colon));
  return spec ? spec->name : "";
}

// The offset of the ')' matching the '(' at `open`, quotes respected; npos if none.
size_t matching_paren(std::string_view text, size_t open) {
  int depth = 0;
  bool in_quote = false;
  for (size_t i = open; i < text.size(); ++i) {
    if (text[i] == '"') in_quote = !in_quote;
    if (in_quote) continue;
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

// How deep the clause analysis looks into parentheses. Each level rescans its text, so
// a bound keeps "((((…))))" linear; past it, clauses are simply not seen as required,
// which leaves them as written.
constexpr int kMaxParenDepth = 16;

// `text` without parentheses around the whole of it, which change nothing.
std::string_view strip_outer_parens(std::string_view text) {
  for (int level = 0;; ++level) {
    text = trim(text);
    if (level == kMaxParenDepth) return text;
    if (text.size() < 2 || text.front() != '(' || matching_paren(text, 0) != text.size() - 1)
      return text;
    text = text.substr(1, text.size() - 2);
  }
}

// A clause every match of the query must satisfy.
struct Required {
  std::string_view clause;  // without a leading '+'
  bool top = false;         // a token of the query's top level (outer parentheses stripped)
};

// The clauses every match of `text` must satisfy, read the way Xapian's grammar reads
// the query: when the top level holds no OR/XOR/NEAR/ADJ it is a conjunction of groups
// separated by AND and NOT, a group being the words between two such operators
// ("a NOT b c" is a AND_NOT (b AND c)); the clauses of the groups after NOT and the
// '-' clauses are excluded, the others required. A parenthesized required clause is
// itself read the same way, one level down. Nothing is required from a top level with
// OR: the analysis does not guess what an OR needs.
void collect_required(std::string_view text, int depth, std::vector<Required>& out) {
  if (depth > kMaxParenDepth) return;
  text = strip_outer_parens(text);
  const std::vector<std::string_view> tokens = scan_top_level(text).tokens;
  for (std::string_view token : tokens)
    if (is_disjunctive(token)) return;
  bool negated = false;
  for (std::string_view token : tokens) {
    if (is_and(token) || is_not(token)) {
      negated = is_not(token);
      continue;
    }
    if (negated || token.front() == '-') continue;
    if (token.front() == '+') token.remove_prefix(1);
    if (token.empty()) continue;
    if (token.front() == '(' && matching_paren(token, 0) == token.size() - 1)
      collect_required(token, depth + 1, out);
    else
      out.push_back({token, depth == 0});
  }
}

std::vector<Required> required_clauses(std::string_view text) {
  std::vector<Required> out;
  collect_required(text, 0, out);
  return out;
}

// `tokens` (a query's top level, which each of `clauses` is a required token of)
// without `clauses` and the AND that joined each to its neighbours.
std::string without_clauses(const std::vector<std::string_view>& tokens,
                            const std::vector<std::string_view>& clauses) {
  std::vector<std::string_view> kept(tokens);
  for (std::string_view clause : clauses) {
    for (size_t i = 0; i < kept.size(); ++i) {
      // A required token's '+' is not part of `clause`; compare by position.
      if (clause.data() < kept[i].data() || clause.data() >= kept[i].data() + kept[i].size())
        continue;
      size_t from = i, to = i + 1;
      if (i > 0 && is_and(kept[i - 1]))
        from = i - 1;  // "a AND clause" → "a"
      else if (i + 1 < kept.size() && is_and(kept[i + 1]))
        to = i + 2;  // "clause AND a" → "a"; "clause NOT a" keeps its NOT (pure NOT)
      kept.erase(kept.begin() + from, kept.begin() + to);
      break;
    }
  }
  std::string out;
  for (std::string_view token : kept) out += (out.empty() ? "" : " ") + std::string(token);
  return out;
}

// Xapian drops the '-' of a group made only of excluded terms at the start of a query
// ("-type:claim" would match exactly the claims, "-b NOT c" reads NOT as a word), so
// those terms are spelled with NOT, which FLAG_PURE_NOT supports.
std::string negate_leading_hate(std::string_view text,
                                const std::vector<std::string_view>& tokens) {
  size_t group_end = 0;
  while (group_end < tokens.size() && !is_and(tokens[group_end]) && !is_not(tokens[group_end]) &&
         !is_disjunctive(tokens[group_end]))
    ++group_end;
  if (group_end == 0) return std::string(text);
  for (size_t i = 0; i < group_end; ++i)
    if (tokens[i].size() < 2 || tokens[i].front() != '-') return std::string(text);
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!out.empty()) out += ' ';
    if (i < group_end) out += "NOT ";
    out += i < group_end ? tokens[i].substr(1) : tokens[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Field names

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return is_alpha(c) || (c >= '0' && c <= '9') || c == '_'; }

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// The query field `name` (already lowercase) was probably meant to be, or "".
std::string closest_field(std::string_view name) {
  std::string best;
  size_t best_distance = 3;  // at most two edits, and fewer than the name has letters
  for (const FieldSpec& spec : fields()) {
    for (const std::string& candidate : names_of(spec)) {
      size_t d = edit_distance(name, candidate);
      if (d < best_distance && d < name.size()) {
        best = candidate;
        best_distance = d;
      }
    }
  }
  return best;
}

// True when `i` starts a word that Xapian could read as a field prefix: at the start of
// the query or a token, after '(', or after a leading '+' or '-'.
bool at_clause_start(std::string_view text, size_t i) {
  auto token_start = [&](size_t k) {
    return k == 0 || is_space(text[k - 1]) || text[k - 1] == '(';
  };
  if (token_start(i)) return true;
  return (text[i - 1] == '+' || text[i - 1] == '-') && token_start(i - 1);
}

// Checks the field names of `text` and returns it with them in lowercase (field names
// are case-insensitive, like the operators). Xapian reads an unknown "name:value" as
// the phrase "name value", so a mistyped field silently matched almost nothing
// ("outlt:AMN", "Type:claim": 0 hits, exit 0), and "outlet:" without a value searched
// the word. Only a name of letters (then letters, digits, '_') at the start of a token,
// outside quotes, directly followed by ':' and a character other than a space, ')' or
// '/' counts as a field; a known field followed by nothing is an error too. So
// "12:30", "http://…" and "Note: text" stay text.
std::string check_fields(std::string_view text) {
  std::string out(text);
  bool in_quote = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') in_quote = !in_quote;
    if (in_quote || !is_alpha(text[i]) || !at_clause_start(text, i)) continue;
    size_t colon = i;
    while (colon < text.size() && is_name_char(text[colon])) ++colon;
    if (colon == text.size() || text[colon] != ':') {
      i = colon - 1;
      continue;
    }
    const std::string name = ascii_lower(text.substr(i, colon - i));
    const FieldSpec* spec = find_field(name);
    const char next = colon + 1 < text.size() ? text[colon + 1] : ' ';
    const bool no_value = is_space(next) || next == ')';
    if (spec && no_value) throw QueryError(name + ": needs a value");
    if (!spec && !no_value && next != '/') {
      size_t end = colon;
      while (end < text.size() && !is_space(text[end]) && text[end] != ')') ++end;
      const std::string typed(text.substr(i, colon - i));
      const std::string guess = closest_field(name);
      throw QueryError("unknown field \"" + typed + "\" in query (" +
                       (guess.empty() ? "" : "did you mean " + guess + ":? ") +
                       "see citedex fields; to search it as text, quote it: \"" +
                       std::string(text.substr(i, end - i)) + "\")");
    }
    if (spec) out.replace(i, name.size(), name);  // same length: offsets hold
    i = colon;
  }
  return out;
}

Xapian::Query parse_with(Xapian::QueryParser& qp, const std::string& text,
                         std::string_view words_prefix) {
  t_field_error = nullptr;
  Xapian::Query query;
  try {
    query = qp.parse_query(text, kFlags, std::string(words_prefix));
  } catch (const Xapian::QueryParserError& e) {
    if (!t_field_error) throw QueryError("syntax error in query: " + e.get_msg());
  }
  if (t_field_error) std::rethrow_exception(std::exchange(t_field_error, nullptr));
  return query;
}

}  // namespace

namespace {

// The query for `text` with free text matched against `words_prefix` (schema.h:
// words_prefix), outlet+date pairing included.
Xapian::Query parse_body(std::string_view text, const Xapian::Database& db,
                         const OutletTable& outlets, std::string_view words_prefix) {
  if (trim(text).empty()) return Xapian::Query::MatchAll;
  TopLevel top = scan_top_level(text);
  Xapian::QueryParser qp;
  configure(qp, db, outlets, words_prefix);
  auto parse = [&](std::string_view t, const std::vector<std::string_view>& tokens) {
    return parse_with(qp, negate_leading_hate(t, tokens), words_prefix);
  };

  // The pairing looks at the required clauses only (collect_required): those are
  // conjoined with everything else, so the pair can narrow the whole query. A clause
  // that excludes something ("NOT zzzz", "-army") or parentheses that change nothing
  // leave the pairing alone. Before, any operator, sign or parenthesis turned it off:
  // "outlet:AMN date:2016-12-11 NOT zzzzqq" found 10 hits on the seed and wikitext
  // fixtures where "outlet:AMN date:2016-12-11" found 8.
  const Required *outlet_clause = nullptr, *date_clause = nullptr;
  size_t outlet_count = 0, date_count = 0;
  const std::vector<Required> required = required_clauses(text);
  for (const Required& r : required) {
    std::string_view field = field_of(r.clause);
    if (field == "outlet") {
      ++outlet_count;
      outlet_clause = &r;
    } else if (field == "date" || field == "year") {  // year:2016 is date:2016
      ++date_count;
      date_clause = &r;
    }
  }
  if (outlet_count != 1 || date_count != 1) return parse(text, top.tokens);

  // "A source of this outlet dated in this range": the combined terms, not two filters
  // that could each be satisfied by a different source. resolve_outlet reports a bad
  // outlet as the field's processor does; the date clause goes through its processor
  // first, since year: words its errors differently from date_query.
  std::string_view oc = outlet_clause->clause, dc = date_clause->clause;
  parse_with(qp, std::string(dc), words_prefix);
  std::string_view outlet_field = oc.substr(0, oc.find(':'));
  const Outlet& outlet =
      resolve_outlet(outlets, outlet_field, unquote(oc.substr(outlet_field.size() + 1)));
  Xapian::Query pair =
      date_query(unquote(dc.substr(dc.find(':') + 1)), dc, db, term_key(outlet.name));
  auto paired = [&](const Xapian::Query& others) {
    // A filter alone must not score: scale it to zero like Xapian's own boolean filters.
    if (others.empty()) return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, pair, 0.0);
    return Xapian::Query(Xapian::Query::OP_FILTER, others, pair);
  };
  if (outlet_clause->top && date_clause->top) {
    // Both at the top level: the pair replaces them.
    std::string rest = without_clauses(scan_top_level(strip_outer_parens(text)).tokens, {oc, dc});
    if (trim(rest).empty()) return paired(Xapian::Query());
    return paired(parse(rest, scan_top_level(rest).tokens));
  }
  // One inside parentheses: the whole query, narrowed by the pair. Both clauses hold
  // for every match and the pair implies each, so the result is the same.
  return paired(parse(text, top.tokens));
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// A term of the words under `prefix`: TermGenerator's terms are lowercase, so a word is
// the prefix followed by anything but an uppercase letter (which would start another
// prefix), optionally behind the 'Z' of stemmed forms.
bool is_word_term(std::string_view term, std::string_view prefix) {
  if (term.size() > 1 && term[0] == 'Z' &&
      (prefix.empty() ? !is_upper(term[1]) : term.substr(1).starts_with(prefix)))
    term.remove_prefix(1);
  if (!term.starts_with(prefix)) return false;
  term.remove_prefix(prefix.size());
  return !term.empty() && !is_upper(term[0]);
}

bool has_word_terms(const Xapian::Query& q, std::string_view prefix) {
  for (auto it = q.get_terms_begin(); it != q.get_terms_end(); ++it)
    if (is_word_term(*it, prefix)) return true;
  return false;
}

// True when every document `q` matches holds a word under `prefix`, i.e. is of the
// type whose words those are: then the type filter can be left out, which matters —
// filtering a word in 200k claims by the million-claim type term costs 4×.
bool must_hold_word(const Xapian::Query& q, std::string_view prefix) {
  const size_t n = q.get_num_subqueries();
  switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM: {
      auto it = q.get_terms_begin();
      return it != q.get_terms_end() && is_word_term(*it, prefix);
    }
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
      for (size_t i = 0; i < n; ++i)
        if (must_hold_word(q.get_subquery(i), prefix)) return true;
      return false;
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_SCALE_WEIGHT:
      return n > 0 && must_hold_word(q.get_subquery(0), prefix);
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_XOR:
      for (size_t i = 0; i < n; ++i)
        if (!must_hold_word(q.get_subquery(i), prefix)) return false;
      return n > 0;
    default:
      return false;
  }
}

// The type: clauses of `text` (field names already lowercased by check_fields), at any
// depth, outside quotes: where check_fields reads a field.
size_t count_type_clauses(std::string_view text) {
  size_t n = 0;
  bool in_quote = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') in_quote = !in_quote;
    if (!in_quote && text.substr(i).starts_with("type:") && at_clause_start(text, i)) ++n;
  }
  return n;
}

}  // namespace

ParsedQuery parse_query(std::string_view typed, const Xapian::Database& db,
                        const OutletTable& outlets, std::string_view default_type) {
  scan_top_level(typed);  // unbalanced quotes first: they decide what is a field
  const std::string checked = check_fields(typed);
  const std::string_view text = checked;
  ParsedQuery out;
  auto finish = [&out](Xapian::Query q) {
    out.description = q.get_description();
    out.query = std::make_unique<Xapian::Query>(std::move(q));
    return std::move(out);
  };
  auto type_term = [](std::string_view type) {
    return Xapian::Query(std::string(kPrefixType) + std::string(type));
  };
  // `q` restricted to documents of `type`. The filter is left out when every match
  // must hold one of the type's words (each type's words are under their own prefix):
  // it would cost more than the words ("airbase near" over every type, 1M claims:
  // 12.7 ms → 3.5 ms without it).
  auto of_type = [&](Xapian::Query q, std::string_view type) {
    if (must_hold_word(q, words_prefix(type))) return q;
    return Xapian::Query(Xapian::Query::OP_FILTER, q, type_term(type));
  };

  // Which type the query searches: the one a lone type: clause names when every match
  // must satisfy it and it sits at the top level (the clause is then taken out of the
  // text and applied here), else the default. Several clauses, or one under OR, NOT,
  // '-' or inner parentheses, leave every type possible and stay in the text as
  // written: taking such a clause out would change the query's meaning or leave its
  // operator dangling ("palmyra OR type:article" became "palmyra OR").
  std::string type(default_type);
  std::string body(text);
  if (size_t clauses = count_type_clauses(text); clauses > 0) {
    type.clear();
    if (clauses == 1) {
      for (const Required& r : required_clauses(text)) {
        if (!r.top || field_of(r.clause) != "type") continue;
        // Validates the value (a QueryError names the clause) through the field's own
        // processor.
        Xapian::QueryParser qp;
        configure(qp, db, outlets, "");
        parse_with(qp, std::string(r.clause), "");
        type = ascii_lower(unquote(r.clause.substr(r.clause.find(':') + 1)));
        body = without_clauses(scan_top_level(strip_outer_parens(text)).tokens, {r.clause});
        break;
      }
    }
  }

  if (!type.empty()) {
    std::string_view prefix = words_prefix(type);
    Xapian::Query q = parse_body(body, db, outlets, prefix);
    if (q.get_type() == Xapian::Query::LEAF_MATCH_ALL) return finish(type_term(type));
    return finish(of_type(std::move(q), type));
  }
  // Every type. Filters are the same terms on every type, so a query of filters alone
  // is parsed once; free text is parsed once per type, against that type's words.
  Xapian::Query claims = parse_body(text, db, outlets, words_prefix("claim"));
  if (!has_word_terms(claims, words_prefix("claim"))) return finish(claims);
  std::vector<Xapian::Query> parts;
  for (std::string_view t : {"claim", "reference", "article"}) {
    Xapian::Query q = t == "claim" ? claims : parse_body(text, db, outlets, words_prefix(t));
    parts.push_back(of_type(std::move(q), t));
  }
  return finish(Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()));
}

}  // namespace citedex
