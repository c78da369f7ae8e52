#include "indexer/citation.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include "indexer/dates.h"
#include "indexer/text_util.h"

namespace citedex {
namespace {

// Everything here is hand-written scanning: every reference of every article goes
// through it, and std::regex would cost more than the rest of the parse.

constexpr size_t npos = std::string_view::npos;

bool is_ascii_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

void add_flag(Reference& ref, const std::string& flag) {
  if (std::find(ref.flags.begin(), ref.flags.end(), flag) == ref.flags.end()) {
    ref.flags.push_back(flag);
  }
}

// Trims spaces and the punctuation that separates citation parts.
std::string_view trim_punct(std::string_view s) {
  s = trim(s);
  while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ';')) {
    s.remove_suffix(1);
    s = trim(s);
  }
  while (!s.empty() && (s.front() == '.' || s.front() == ',' || s.front() == ';')) {
    s.remove_prefix(1);
    s = trim(s);
  }
  return s;
}

// --- URLs ---------------------------------------------------------------------------

bool is_archive_url(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == npos) return false;
  std::string_view rest = url.substr(scheme + 3);
  size_t host_end = rest.find_first_of("/?#");
  std::string host = ascii_lower(rest.substr(0, host_end));
  std::string_view path = host_end == npos ? std::string_view() : rest.substr(host_end);
  if (size_t colon = host.find(':'); colon != std::string::npos) host.resize(colon);
  if (host.starts_with("www.")) host.erase(0, 4);
  static constexpr std::string_view kHosts[] = {
      "web.archive.org", "archive.today", "archive.ph",      "archive.is",  "archive.li",
      "archive.md",      "archive.vn",    "webcitation.org", "wikiwix.com", "ghostarchive.org"};
  for (std::string_view h : kHosts) {
    if (host == h ||
        (host.size() > h.size() && host.ends_with(h) && host[host.size() - h.size() - 1] == '.')) {
      return true;
    }
  }
  return host == "archive.org" && path.starts_with("/wayback");
}

// Moves the URLs of `text` into `ref` and returns the text without them.
std::string extract_urls(std::string_view text, Reference& ref) {
  std::string out;
  out.reserve(text.size());
  size_t copied = 0, pos = 0;
  while ((pos = text.find("http", pos)) != npos) {
    std::string_view at = text.substr(pos);
    bool url = (at.starts_with("http://") || at.starts_with("https://")) &&
               (pos == 0 || !std::isalnum(static_cast<unsigned char>(text[pos - 1])));
    if (!url) {
      pos += 4;
      continue;
    }
    size_t end = pos;
    while (end < text.size() && !is_ascii_blank(text[end])) ++end;
    // Sentence punctuation after a URL belongs to the citation, not to the URL.
    while (end > pos) {
      char c = text[end - 1];
      std::string_view u = text.substr(pos, end - pos);
      bool unbalanced_paren =
          c == ')' && std::count(u.begin(), u.end(), '(') < std::count(u.begin(), u.end(), ')');
      if (c == '.' || c == ',' || c == ';' || c == ':' || c == '"' || unbalanced_paren) {
        --end;
      } else {
        break;
      }
    }
    std::string_view u = text.substr(pos, end - pos);
    std::string& field = is_archive_url(u) ? ref.archive_url : ref.url;
    if (field.empty()) field = std::string(u);
    out.append(text.substr(copied, pos - copied));
    copied = pos = end;
  }
  out.append(text.substr(copied));
  return out;
}

// --- Segments -----------------------------------------------------------------------

// Words whose trailing dot is an abbreviation, not the end of a citation part.
bool is_abbreviation(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
      "Nov", "Dec", "Vol", "vol", "No",  "no",  "p",   "pp",  "St",   "Dr",
      "Mr",  "Mrs", "Ms",  "Jr",  "Sr",  "ed",  "eds", "Ed",  "ca",   "c"};
  if (word.size() == 1 && is_upper(word[0])) return true;  // an initial: "U.S. News", "John F."
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// Splits the part of a citation after the title at ". " (the CS1 separator).
std::vector<std::string_view> split_segments(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '.' || (i + 1 < s.size() && !is_ascii_blank(s[i + 1]))) continue;
    size_t w = i;
    while (w > start && std::isalpha(static_cast<unsigned char>(s[w - 1]))) --w;
    if (i + 1 < s.size() && w < i && is_abbreviation(s.substr(w, i - w))) continue;
    out.push_back(s.substr(start, i - start));
    start = i + 1;
  }
  out.push_back(s.substr(start));
  return out;
}

// A date that is the whole of `s`, or failing that the first date inside it.
bool take_date(std::string_view s, std::string& iso, std::string& raw) {
  s = trim_punct(s);
  if (auto d = parse_date(s)) {
    iso = *d;
    raw = std::string(s);
    return true;
  }
  if (auto m = find_date(s, /*allow_year=*/true)) {
    iso = m->iso;
    raw = std::string(s.substr(m->begin, m->end - m->begin));
    return true;
  }
  return false;
}

// The last date of `s` when it ends `s` (after trailing punctuation): its span.
std::optional<DateMatch> trailing_date(std::string_view s) {
  std::string_view body = trim_punct(s);
  std::optional<DateMatch> last;
  size_t from = 0;
  while (from < body.size()) {
    auto m = find_date(body.substr(from));
    if (!m) break;
    m->begin += from;
    m->end += from;
    from = m->end;
    last = m;
  }
  if (!last || last->end != body.size()) return std::nullopt;
  // Offsets are relative to `body`, which starts where trim_punct left `s`.
  size_t shift = static_cast<size_t>(body.data() - s.data());
  last->begin += shift;
  last->end += shift;
  return last;
}

bool starts_with_word(std::string_view s, std::string_view word) {
  return s.starts_with(word) &&
         (s.size() == word.size() || !std::isalpha(static_cast<unsigned char>(s[word.size()])));
}

// Identifiers and locators that are neither the work nor the publisher.
bool is_locator(std::string_view s) {
  static constexpr std::string_view kPrefixes[] = {"ISBN",  "ISSN", "OCLC",    "doi",
                                                   "PMID",  "PMC",  "Bibcode", "arXiv",
                                                   "JSTOR", "p",    "pp",      "S2CID"};
  for (std::string_view p : kPrefixes) {
    if (starts_with_word(s, p)) return true;
  }
  return false;
}

void set_outlet(Reference& ref, std::string_view s) {
  s = trim_punct(s);
  if (s.empty()) return;
  if (ref.work.empty()) {
    ref.work = std::string(s);
  } else if (ref.publisher.empty()) {
    ref.publisher = std::string(s);
  }
}

// Reads the parts that follow the title: outlets, dates, language, archive notes.
void parse_segments(std::string_view rest, Reference& ref) {
  for (std::string_view seg : split_segments(rest)) {
    seg = trim_punct(seg);
    // Leading parentheticals: "(in Arabic)", "(PDF)", "(Press release)".
    while (!seg.empty() && seg.front() == '(') {
      size_t close = seg.find(')');
      if (close == npos) break;
      std::string_view inner = trim(seg.substr(1, close - 1));
      if (inner.starts_with("in ") && ref.language.empty()) {
        ref.language = std::string(trim(inner.substr(3)));
      }
      seg = trim_punct(seg.substr(close + 1));
    }
    if (seg.empty()) continue;
    if (seg.starts_with("Archived from") || seg.starts_with("Archived on") ||
        seg.starts_with("Archived ")) {
      size_t on = seg.find(" on ");
      std::string_view when = on == npos ? seg.substr(8) : seg.substr(on + 4);
      if (ref.archive_date.empty()) take_date(when, ref.archive_date, ref.archive_date_raw);
      continue;
    }
    if (seg.starts_with("Retrieved ") || seg.starts_with("Accessed ")) {
      std::string_view when = trim(seg.substr(seg.find(' ') + 1));
      if (when.starts_with("on ")) when.remove_prefix(3);
      if (ref.access_date.empty()) take_date(when, ref.access_date, ref.access_date_raw);
      continue;
    }
    if (auto d = parse_date(seg)) {
      if (ref.date.empty()) {
        ref.date = *d;
        ref.date_raw = std::string(seg);
      }
      continue;
    }
    if (is_locator(seg)) continue;
    // "Middle East Eye, 25 September 2015": an outlet and its date in one part.
    if (auto m = trailing_date(seg)) {
      std::string_view before = trim(seg.substr(0, m->begin));
      if (before.ends_with(",")) {
        if (ref.date.empty()) {
          ref.date = m->iso;
          ref.date_raw = std::string(seg.substr(m->begin, m->end - m->begin));
        }
        set_outlet(ref, before);
        continue;
      }
    }
    set_outlet(ref, seg);
  }
}

// --- Titles ---------------------------------------------------------------------------

// Finds the closing quote of a quoted title in `s` (the text after the opening quote).
// The closing quote is the one followed by "." (then a space or the end), " (" or the
// end, so that quotes inside the title survive; "," is the fallback.
size_t find_closing_quote(std::string_view s, std::string_view quote) {
  auto next_is = [&](size_t i, auto&& pred) {
    for (size_t p = s.find(quote); p != npos; p = s.find(quote, p + 1)) {
      if (p >= i && pred(s.substr(p + quote.size()))) return p;
    }
    return npos;
  };
  size_t p = next_is(0, [](std::string_view after) {
    return after.empty() || after == "." || after.starts_with(". ") || after.starts_with(" (");
  });
  if (p != npos) return p;
  p = next_is(0, [](std::string_view after) {
    return after.starts_with(",") || after.starts_with(".") || after.starts_with(" ");
  });
  if (p != npos) return p;
  return s.rfind(quote);
}

// Opening and closing quote at the start of `s`, if it starts with one.
std::optional<std::pair<std::string_view, std::string_view>> opening_quote(std::string_view s) {
  if (s.starts_with("\"")) return std::pair{std::string_view("\""), std::string_view("\"")};
  if (s.starts_with("\u201C"))
    return std::pair{std::string_view("\u201C"), std::string_view("\u201D")};
  return std::nullopt;
}

// Bare citations (no quotes) are a title, optionally followed by ", outlet" and a date
// or by CS1 notes: "Who are the pro-Assad militias in Syria? Middle East Eye, 25
// September 2015", "Attack … Homs 8 January 2017".
void parse_bare(std::string_view s, Reference& ref) {
  size_t tail = npos;
  for (std::string_view marker : {". Retrieved ", ". Archived from", ". Archived on"}) {
    size_t p = s.find(marker);
    if (p != npos && p < tail) tail = p;
  }
  // A citation that is only CS1 notes ("Retrieved 7 January 2017.") has no title.
  bool notes_only =
      s.starts_with("Retrieved ") || s.starts_with("Archived from") || s.starts_with("Archived on");
  if (notes_only) {
    parse_segments(s, ref);
    return;
  }
  std::string_view body = trim_punct(s.substr(0, tail));
  if (auto m = trailing_date(body)) {
    std::string_view before = trim(body.substr(0, m->begin));
    ref.date = m->iso;
    ref.date_raw = std::string(body.substr(m->begin, m->end - m->begin));
    if (before.ends_with(",")) {
      // "Title? Outlet, date": the outlet is the last short sentence before the comma.
      before = trim_punct(before);
      size_t cut = npos;
      for (size_t i = before.size(); i-- > 1;) {
        char c = before[i - 1];
        if (before[i] == ' ' &&
            (c == '?' || c == '!' || (c == '.' && i >= 2 && is_lower(before[i - 2])))) {
          cut = i;
          break;
        }
      }
      if (cut != npos && count_words(before.substr(cut)) <= 6) {
        std::string_view title = trim(before.substr(0, cut));
        if (title.ends_with(".")) title.remove_suffix(1);
        ref.title = std::string(title);
        ref.work = std::string(trim(before.substr(cut)));
      } else {
        ref.title = std::string(before);
      }
    } else {
      ref.title = std::string(trim_punct(before));
    }
  } else {
    ref.title = std::string(body);
  }
  if (tail != npos) parse_segments(s.substr(tail + 1), ref);
}

void split_authors(std::string_view s, Reference& ref) {
  // Split on ";" and " and " only: the comma of "Last, First" is not a separator.
  size_t start = 0;
  while (start <= s.size()) {
    size_t semi = s.find(';', start);
    size_t conj = s.find(" and ", start);
    size_t cut = std::min(semi, conj);
    std::string_view name = trim(s.substr(start, cut == npos ? npos : cut - start));
    if (!name.empty()) ref.authors.emplace_back(name);
    if (cut == npos) break;
    start = cut + (cut == semi ? 1 : 5);
  }
}

}  // namespace

void parse_citation(Reference& ref) {
  ref.authors.clear();
  ref.date.clear();
  ref.date_raw.clear();
  ref.title.clear();
  ref.work.clear();
  ref.publisher.clear();
  ref.url.clear();
  ref.archive_url.clear();
  ref.archive_date.clear();
  ref.archive_date_raw.clear();
  ref.access_date.clear();
  ref.access_date_raw.clear();
  ref.language.clear();

  std::string_view raw = trim(ref.text);
  if (raw.empty()) {
    add_flag(ref, "empty");
    return;
  }
  const std::string without_urls = collapse_spaces(extract_urls(raw, ref));
  std::string_view s = trim(without_urls);

  size_t quote = std::min(s.find('"'), s.find("\u201C"));
  std::string_view rest = s;
  bool has_authors = false;

  // "Authors (date)." before the title.
  for (size_t open = s.find(" ("); open != npos && open < quote; open = s.find(" (", open + 1)) {
    size_t close = s.find(')', open);
    if (close == npos || close > quote) break;
    if (close + 1 < s.size() && s[close + 1] != '.') continue;
    std::string_view inner = trim(s.substr(open + 2, close - open - 2));
    auto d = parse_date(inner);
    if (!d) continue;
    ref.date = *d;
    ref.date_raw = std::string(inner);
    split_authors(s.substr(0, open), ref);
    has_authors = true;
    rest = trim_punct(s.substr(close + 1));
    break;
  }
  // "Authors. "Title"." — authors without a date end with a period before the quote.
  if (!has_authors && quote != npos && quote >= 3 && s.substr(quote - 2, 2) == ". " &&
      quote <= 120 && !find_date(s.substr(0, quote))) {
    split_authors(s.substr(0, quote - 2), ref);
    has_authors = true;
    rest = s.substr(quote);
  }

  if (auto q = opening_quote(rest)) {
    std::string_view inside = rest.substr(q->first.size());
    size_t close = find_closing_quote(inside, q->second);
    if (close == npos) {
      ref.title = std::string(trim_punct(inside));
    } else {
      ref.title = std::string(trim(inside.substr(0, close)));
      parse_segments(inside.substr(close + q->second.size()), ref);
    }
  } else if (has_authors) {
    // An unquoted (italic) title after "Authors (date).": the first part.
    auto segs = split_segments(rest);
    ref.title = std::string(trim_punct(segs.front()));
    size_t after = segs.front().size() + 1;
    if (after < rest.size()) parse_segments(rest.substr(after), ref);
  } else {
    parse_bare(rest, ref);
  }

  if (ascii_lower(ref.title) == "archived copy") add_flag(ref, "archived-copy-title");
  if (ref.title.empty()) add_flag(ref, "no-title");
}

}  // namespace citedex
