// Wikitext reader: MediaWiki page source → RawArticle with parsed references.
//
// Three passes, each linear in its input:
//   0. preprocess: comments, <nowiki> (content re-encoded into private-use code points
//      so no later pass sees its markup), extension tags dropped (<math>, <gallery>,
//      <score>, <timeline>, <graph>, <syntaxhighlight>, <pre>, …), and every <ref> element
//      cut out into a table and replaced by a placeholder, so that "|" and braces inside
//      refs never confuse template argument splitting; refs inside <references>…
//      </references> are list-defined definitions.
//   1. inline expansion: {{ }} and [[ ]] are matched once with an explicit stack (no
//      recursion; each opener gets the offset of its closer), then templates, links,
//      external links and ref placeholders are expanded left to right, so footnote labels
//      are handed out in the order of first use, as on the rendered page. Recursion only
//      descends into text-carrying arguments and stops at kMaxDepth with a warning.
//   2. blocks: lines of the expanded text become headings, paragraphs and list items;
//      tables ({| … |}) are dropped; bold/italic marks, HTML tags and entities are removed
//      from each block.
// Reference contents and note texts are rendered after the body (as MediaWiki renders
// them in the reference lists), so refs nested in {{efn}} get labels after the body's.
//
// Templates handled (names compared case-insensitively, without spaces/underscores, so
// "Cite News", "cite_web" and "citeweb" are one template):
//   infobox *                 → RawArticle::infobox (values rendered; refs → markers;
//                               lines joined with "; "; image/logo/map/size keys skipped)
//   cite *, citation, vcite * → a Reference (CS1 aliases) + readable text; outside refs
//                               they form the bibliography that short refs link to
//   sfn, sfnp                 → short-ref Reference (same arguments share one label)
//   harvnb, harv, harvp, harvtxt → short-form text; inside a ref, links that ref
//   efn, efn-la, efn-ua, efn-lr, efn-ur, efn-lg, refn, #tag:ref → notes (see labels below)
//   r                         → reuse of named refs; rp → ":page" suffix on the marker
//   reflist / references / notelist with refs= → list-defined refs
//   citation needed, cn, fact, cn span → "[citation needed]"
//   dead link                 → flag "dead-link" on the ref just before it
//   better source needed, failed verification, unreliable source?, page needed, full
//     citation needed, self-published inline, verification needed (+ on the preceding
//     ref), dubious, clarify, when, who, which, where, by whom, according to whom, vague,
//     specify, original research inline, weasel inline → inline flag markers
//   convert, cvt → "4 km" (ranges "4–6 km"); lang → text; lang-xx → text; transl → text
//   nowrap, nobr, small, big, smaller, larger, resize, midsize, nobold, noitalic, quote,
//     blockquote, cn span → their text; abbr → its first argument; sic → its words
//   flag, flagcountry, flagu → country; flagicon, flagdeco → nothing
//   ill, interlanguage link → name; as of → "As of 2017"; circa, c. → "c."
//   ubl, unbulleted list, plainlist, flatlist, hlist, bulleted list → items on lines
//   !, =, ', ndash, mdash, snd, spnd, spaced ndash, nbsp, · → their character
//   everything else (parser functions included) → dropped.
//
// Labels: plain refs "1", "2", … in order of first use; lower-alpha notes ({{efn}},
// group=lower-alpha) "a", "b", …; the groups footnotes.h recognises (note, nb, n,
// upper-alpha, lower-roman, …, as written) "note 1", "nb 2", …; {{efn-ua}} and
// {{efn-lr}} therefore read "upper-alpha 1" / "lower-roman 1" (the rendered "A" / "i"
// would not be recognised as markers); any other group name is labelled "nb N" with a
// warning. Notes carry the flag "note" so they stay apart from citations.
#include "indexer/reader_wikitext.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/boilerplate.h"
#include "indexer/dates.h"
#include "indexer/text_util.h"
#include "indexer/urls.h"

namespace citedex {

namespace {

constexpr std::string_view kRefOpen = "\xEE\x84\x80";   // U+E100
constexpr std::string_view kRefClose = "\xEE\x84\x81";  // U+E101
constexpr int kMaxDepth = 100;
constexpr size_t kMaxWarnings = 20;
constexpr size_t npos = std::string_view::npos;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Template names and parameter keys compare without case, spaces, '_' and '-' (only
// keys drop '-'), which covers "Cite News"/"cite_web"/"citeweb" and
// "access-date"/"accessdate"/"access_date".
std::string normalize_name(std::string_view s, bool drop_hyphens) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == ' ' || c == '_' || c == '\t' || c == '\n' || c == '\r') continue;
    if (drop_hyphens && c == '-') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

// Nowiki content must survive every later pass literally: markup characters move to
// U+E000+c and come back in clean_inline.
void append_nowiki(std::string& out, std::string_view s) {
  static constexpr std::string_view kMarkup = "[]{}|='<>*#:;&~_-!";
  for (char c : s) {
    if (kMarkup.find(c) != npos)
      append_utf8(out, 0xE000 + static_cast<unsigned char>(c));
    else
      out += c;
  }
}

// Finds `needle` (lowercase, starting with '<') case-insensitively. Searches start at
// non-decreasing offsets per tag name, so the last answer is reused: many unclosed tags
// cost one scan, not one each.
class CloseFinder {
 public:
  explicit CloseFinder(std::string_view needle) : needle_(needle) {}
  size_t find(std::string_view s, size_t from) {
    if (valid_ && from >= from_ && (result_ == npos || from <= result_)) return result_;
    size_t p = from;
    while ((p = s.find('<', p)) != npos) {
      if (starts_with_icase(s.substr(p), needle_)) break;
      ++p;
    }
    valid_ = true;
    from_ = from;
    result_ = p;
    return p;
  }

 private:
  std::string_view needle_;
  bool valid_ = false;
  size_t from_ = 0, result_ = npos;
};

bool is_dropped_tag(std::string_view name) {
  static constexpr std::string_view kDropped[] = {
      "math",         "gallery", "score",        "timeline",        "graph",
      "mapframe",     "maplink", "templatedata", "syntaxhighlight", "source",
      "chem",         "ce",      "hiero",        "imagemap",        "inputbox",
      "categorytree", "pre",     "charinsert",   "indicator",       "templatestyles"};
  return std::find(std::begin(kDropped), std::end(kDropped), name) != std::end(kDropped);
}

struct RefTag {
  std::string attrs;
  std::string content;
  bool self_closing = false;
  bool list_defined = false;
};

// Attribute values: name=x, name="x y", name = x, name='x'.
std::string attr_value(std::string_view attrs, std::string_view key) {
  size_t i = 0;
  while (i < attrs.size()) {
    while (i < attrs.size() && !is_alpha(attrs[i])) ++i;
    size_t k = i;
    while (i < attrs.size() && (is_alpha(attrs[i]) || attrs[i] == '-')) ++i;
    std::string_view name = attrs.substr(k, i - k);
    while (i < attrs.size() && is_ascii_space(attrs[i])) ++i;
    if (i >= attrs.size() || attrs[i] != '=') continue;
    ++i;
    while (i < attrs.size() && is_ascii_space(attrs[i])) ++i;
    std::string value;
    if (i < attrs.size() && (attrs[i] == '"' || attrs[i] == '\'')) {
      char q = attrs[i++];
      size_t end = attrs.find(q, i);
      if (end == npos) end = attrs.size();
      value = attrs.substr(i, end - i);
      i = end + 1;
    } else {
      size_t v = i;
      while (i < attrs.size() && !is_ascii_space(attrs[i]) && attrs[i] != '/') ++i;
      value = attrs.substr(v, i - v);
    }
    if (ascii_lower(name) == key) return std::string(trim(value));
  }
  return {};
}

std::string alpha_label(int n) {
  std::string s;
  if (n <= 26) return std::string(1, static_cast<char>('a' + n - 1));
  n -= 27;
  s += static_cast<char>('a' + (n / 26) % 26);
  s += static_cast<char>('a' + n % 26);
  return s;
}

bool is_known_group(std::string_view g) {
  static constexpr std::string_view kGroups[] = {
      "note",        "notes", "nb", "n", "upper-alpha", "lower-roman", "upper-roman",
      "lower-greek", "Note",  "NB", "N"};
  return std::find(std::begin(kGroups), std::end(kGroups), g) != std::end(kGroups);
}

std::string month_name(int m) {
  static constexpr std::string_view kMonths[] = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
  return (m >= 1 && m <= 12) ? std::string(kMonths[m - 1]) : std::string();
}

std::string language_name(const std::string& code) {
  static const std::unordered_map<std::string, std::string> kCodes = {
      {"ar", "Arabic"},  {"en", "English"}, {"fr", "French"},  {"de", "German"},
      {"ru", "Russian"}, {"tr", "Turkish"}, {"fa", "Persian"}, {"he", "Hebrew"},
      {"es", "Spanish"}, {"it", "Italian"}, {"ku", "Kurdish"}, {"zh", "Chinese"}};
  auto it = kCodes.find(ascii_lower(code));
  return it == kCodes.end() ? code : it->second;
}

// Decodes entity `s` at '&' into `out`; returns its length, 0 if it is not one.
size_t decode_entity(std::string_view s, size_t pos, std::string& out) {
  size_t semi = s.find(';', pos);
  if (semi == npos || semi - pos > 10 || semi == pos + 1) return 0;
  std::string_view name = s.substr(pos + 1, semi - pos - 1);
  if (name[0] == '#') {
    char32_t cp = 0;
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    size_t i = hex ? 2 : 1;
    if (i >= name.size()) return 0;
    for (; i < name.size(); ++i) {
      char c = name[i];
      int d = is_digit(c)                     ? c - '0'
              : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (hex && c >= 'A' && c <= 'F') ? c - 'A' + 10
                                              : -1;
      if (d < 0) return 0;
      cp = cp * (hex ? 16 : 10) + d;
      if (cp > 0x10FFFF) return 0;
    }
    if (cp == 0) return 0;
    append_utf8(out, cp);
    return semi + 1 - pos;
  }
  static const std::unordered_map<std::string_view, std::string_view> kNamed = {
      {"nbsp", " "},        {"ndash", "\u2013"}, {"mdash", "\u2014"},  {"amp", "&"},
      {"lt", "<"},          {"gt", ">"},         {"quot", "\""},       {"apos", "'"},
      {"minus", "\u2212"},  {"times", "\u00D7"}, {"hellip", "\u2026"}, {"thinsp", " "},
      {"shy", ""},          {"zwj", ""},         {"zwnj", ""},         {"deg", "\u00B0"},
      {"middot", "\u00B7"}, {"rsquo", "\u2019"}, {"lsquo", "\u2018"},  {"rdquo", "\u201D"},
      {"ldquo", "\u201C"},  {"ensp", " "},       {"emsp", " "}};
  auto it = kNamed.find(name);
  if (it == kNamed.end()) return 0;
  out += it->second;
  return semi + 1 - pos;
}

// Bold/italic marks, HTML tags (<br> → newline), entities, magic words and the nowiki
// encoding. Run once on text that is final (a block, a field value), never twice, so
// that nowiki'd markup is not cleaned a second time.
std::string clean_inline(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
      size_t k = i;
      while (k < s.size() && s[k] == '\'') ++k;
      size_t run = k - i;
      if (run == 4) out += '\'';
      if (run > 5) out.append(run - 5, '\'');
      i = k;
      continue;
    }
    if (c == '<' && i + 1 < s.size() &&
        (is_alpha(s[i + 1]) || (s[i + 1] == '/' && i + 2 < s.size() && is_alpha(s[i + 2])))) {
      size_t gt = s.find('>', i);
      size_t lt = s.find('<', i + 1);
      if (gt != npos && gt - i < 400 && (lt == npos || lt > gt)) {
        size_t n = i + 1 + (s[i + 1] == '/');
        size_t e = n;
        while (e < gt && (is_alpha(s[e]) || is_digit(s[e]))) ++e;
        if (ascii_lower(s.substr(n, e - n)) == "br") out += '\n';
        i = gt + 1;
        continue;
      }
    }
    if (c == '&') {
      size_t len = decode_entity(s, i, out);
      if (len) {
        i += len;
        continue;
      }
    }
    if (c == '_' && i + 1 < s.size() && s[i + 1] == '_') {
      size_t k = i + 2;
      while (k < s.size() && s[k] >= 'A' && s[k] <= 'Z') ++k;
      if (k > i + 2 && k + 1 < s.size() && s[k] == '_' && s[k + 1] == '_') {
        i = k + 2;
        continue;
      }
    }
    if (c == '\xEE' && i + 2 < s.size()) {
      unsigned char b1 = s[i + 1], b2 = s[i + 2];
      if ((b1 == 0x80 || b1 == 0x81) && b2 >= 0x80 && b2 <= 0xBF) {
        out += static_cast<char>(((b1 & 1) << 6) | (b2 & 0x3F));
        i += 3;
        continue;
      }
      if (b1 == 0x84 && (b2 == 0x80 || b2 == 0x81)) {  // stray ref placeholder parts
        i += 3;
        continue;
      }
    }
    out += c;
    ++i;
  }
  return out;
}

std::string clean_value(std::string_view s) { return collapse_spaces(clean_inline(s)); }

// A doc is text after preprocessing, with each "{{"/"[[" opener mapped to the offset just
// past its closer (0 when unbalanced). The map holds openers only, in offset order (8
// bytes per opener rather than 4 per byte of text: a 50 MB page stays a 50 MB page).
struct Doc {
  std::string src;
  std::vector<std::pair<uint32_t, uint32_t>> opens;  // opener offset, offset past its closer
  size_t unbalanced = 0;

  // The offset just past the closer of the opener at `i`; 0 when `i` is no opener or the
  // opener is unbalanced.
  uint32_t match(size_t i) const {
    auto it = std::lower_bound(opens.begin(), opens.end(), i,
                               [](const auto& o, size_t at) { return o.first < at; });
    return it != opens.end() && it->first == i ? it->second : 0;
  }

  explicit Doc(std::string s) : src(std::move(s)) {
    struct Open {
      uint32_t index;  // into opens
      bool tpl;
    };
    std::vector<Open> stack;
    size_t tpls = 0;
    const size_t n = src.size();
    for (size_t i = 0; i + 1 < n;) {
      char c = src[i], d = src[i + 1];
      if ((c == '{' && d == '{') || (c == '[' && d == '[')) {
        stack.push_back({static_cast<uint32_t>(opens.size()), c == '{'});
        opens.emplace_back(static_cast<uint32_t>(i), 0);
        tpls += c == '{';
        i += 2;
      } else if (c == '}' && d == '}') {
        if (tpls == 0) {
          ++i;
          continue;
        }
        while (!stack.back().tpl) {  // links left open inside a template stay unbalanced
          stack.pop_back();
          ++unbalanced;
        }
        opens[stack.back().index].second = static_cast<uint32_t>(i + 2);
        stack.pop_back();
        --tpls;
        i += 2;
      } else if (c == ']' && d == ']') {
        size_t k = i;
        while (k < n && src[k] == ']') ++k;
        // "]]]" closes an external link inside a caption first, then the link.
        if ((k - i) % 2 == 1) ++i;
        while (i + 1 < k) {
          if (!stack.empty() && !stack.back().tpl) {
            opens[stack.back().index].second = static_cast<uint32_t>(i + 2);
            stack.pop_back();
          }
          i += 2;
        }
        i = k;
      } else {
        ++i;
      }
    }
    unbalanced += stack.size();
  }
};

struct Arg {
  size_t b = 0, e = 0, eq = npos;  // eq: offset of the top-level '=' of a named argument
};

struct Bib {
  Reference ref;
  std::string last;  // lowercase surname of the first author
  std::string year;
};

// What a ref (or note) body collects while it is rendered.
struct RefContext {
  bool has_cite = false;
  Reference cite;
  std::vector<std::string> flags;
  std::string harv_last, harv_year;
};

struct Entry {
  std::string group, name, label;
  std::string content;
  bool has_content = false;
  bool sfn = false;
  std::string short_text, short_last, short_year;
  int uses = 0;
  std::vector<std::string> flags;
};

void add_flag(std::vector<std::string>& flags, const std::string& flag) {
  if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.push_back(flag);
}

std::string first_year(std::string_view s) {
  for (size_t i = 0; i + 4 <= s.size(); ++i) {
    if (is_digit(s[i]) && is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3]) &&
        (i == 0 || !is_digit(s[i - 1])) && (i + 4 == s.size() || !is_digit(s[i + 4])))
      return std::string(s.substr(i, 4));
  }
  return {};
}

// Surname of an author as written: "Fadel, Leith" → "fadel", "Leith Fadel" → "fadel".
std::string surname_key(std::string_view author) {
  author = trim(author);
  size_t comma = author.find(',');
  if (comma != npos) return ascii_lower(trim(author.substr(0, comma)));
  size_t space = author.rfind(' ');
  return ascii_lower(space == npos ? author : author.substr(space + 1));
}

enum class Kind {
  drop,
  infobox,
  cite,
  sfn,
  harv,
  efn,
  tag_ref,
  r,
  rp,
  reflist,
  cn,
  cn_span,
  dead_link,
  cleanup,
  cleanup_ref,
  convert,
  lang,
  lang_xx,
  transl,
  pass,
  abbr,
  sic,
  flagicon,
  flag,
  ill,
  as_of,
  circa,
  list,
  literal
};

struct TemplateInfo {
  Kind kind = Kind::drop;
  std::string_view text;  // literal text, cleanup bracket text, efn group, harv style
};

TemplateInfo classify(const std::string& key) {
  static const std::unordered_map<std::string, TemplateInfo> kTable = {
      {"sfn", {Kind::sfn, ""}},
      {"sfnp", {Kind::sfn, "p"}},
      {"harvnb", {Kind::harv, "nb"}},
      {"harv", {Kind::harv, "paren"}},
      {"harvp", {Kind::harv, "paren"}},
      {"harvtxt", {Kind::harv, "txt"}},
      {"efn", {Kind::efn, "lower-alpha"}},
      {"efn-la", {Kind::efn, "lower-alpha"}},
      {"efn-ua", {Kind::efn, "upper-alpha"}},
      {"efn-lr", {Kind::efn, "lower-roman"}},
      {"efn-ur", {Kind::efn, "upper-roman"}},
      {"efn-lg", {Kind::efn, "lower-greek"}},
      {"#tag:ref", {Kind::tag_ref, ""}},
      {"refn", {Kind::tag_ref, ""}},
      {"r", {Kind::r, ""}},
      {"rp", {Kind::rp, ""}},
      {"reflist", {Kind::reflist, ""}},
      {"references", {Kind::reflist, ""}},
      {"notelist", {Kind::reflist, ""}},
      {"notelist-ua", {Kind::reflist, ""}},
      {"notelist-lr", {Kind::reflist, ""}},
      {"citationneeded", {Kind::cn, ""}},
      {"cn", {Kind::cn, ""}},
      {"fact", {Kind::cn, ""}},
      {"cnspan", {Kind::cn_span, ""}},
      {"citationneededspan", {Kind::cn_span, ""}},
      {"deadlink", {Kind::dead_link, ""}},
      {"bettersourceneeded", {Kind::cleanup_ref, "better source needed"}},
      {"bettersource", {Kind::cleanup_ref, "better source needed"}},
      {"failedverification", {Kind::cleanup_ref, "failed verification"}},
      {"unreliablesource?", {Kind::cleanup_ref, "unreliable source?"}},
      {"unreliablesourceinline", {Kind::cleanup_ref, "unreliable source?"}},
      {"pageneeded", {Kind::cleanup_ref, "page needed"}},
      {"fullcitationneeded", {Kind::cleanup_ref, "full citation needed"}},
      {"self-publishedinline", {Kind::cleanup_ref, "self-published source"}},
      {"verificationneeded", {Kind::cleanup_ref, "verification needed"}},
      {"dubious", {Kind::cleanup, "dubious \u2013 discuss"}},
      {"clarify", {Kind::cleanup, "clarification needed"}},
      {"when", {Kind::cleanup, "when?"}},
      {"who", {Kind::cleanup, "who?"}},
      {"which", {Kind::cleanup, "which?"}},
      {"where", {Kind::cleanup, "where?"}},
      {"bywhom", {Kind::cleanup, "by whom?"}},
      {"accordingtowhom", {Kind::cleanup, "according to whom?"}},
      {"vague", {Kind::cleanup, "vague"}},
      {"specify", {Kind::cleanup, "specify"}},
      {"originalresearchinline", {Kind::cleanup, "original research?"}},
      {"weaselinline", {Kind::cleanup, "weasel words"}},
      {"convert", {Kind::convert, ""}},
      {"cvt", {Kind::convert, ""}},
      {"lang", {Kind::lang, ""}},
      {"transl", {Kind::transl, ""}},
      {"transliteration", {Kind::transl, ""}},
      {"nowrap", {Kind::pass, ""}},
      {"nobr", {Kind::pass, ""}},
      {"small", {Kind::pass, ""}},
      {"big", {Kind::pass, ""}},
      {"smaller", {Kind::pass, ""}},
      {"larger", {Kind::pass, ""}},
      {"resize", {Kind::pass, ""}},
      {"midsize", {Kind::pass, ""}},
      {"nobold", {Kind::pass, ""}},
      {"noitalic", {Kind::pass, ""}},
      {"quote", {Kind::pass, ""}},
      {"blockquote", {Kind::pass, ""}},
      {"abbr", {Kind::abbr, ""}},
      {"sic", {Kind::sic, ""}},
      {"flagicon", {Kind::flagicon, ""}},
      {"flagdeco", {Kind::flagicon, ""}},
      {"flag", {Kind::flag, ""}},
      {"flagcountry", {Kind::flag, ""}},
      {"flagu", {Kind::flag, ""}},
      {"ill", {Kind::ill, ""}},
      {"interlanguagelink", {Kind::ill, ""}},
      {"asof", {Kind::as_of, ""}},
      {"circa", {Kind::circa, ""}},
      {"c.", {Kind::circa, ""}},
      {"ubl", {Kind::list, ""}},
      {"unbulletedlist", {Kind::list, ""}},
      {"plainlist", {Kind::list, ""}},
      {"flatlist", {Kind::list, ""}},
      {"hlist", {Kind::list, ""}},
      {"bulletedlist", {Kind::list, ""}},
      {"!", {Kind::literal, "|"}},
      {"=", {Kind::literal, "="}},
      {"'", {Kind::literal, "'"}},
      {"ndash", {Kind::literal, "\u2013"}},
      {"mdash", {Kind::literal, "\u2014"}},
      {"snd", {Kind::literal, " \u2013 "}},
      {"spnd", {Kind::literal, " \u2013 "}},
      {"spacedndash", {Kind::literal, " \u2013 "}},
      {"nbsp", {Kind::literal, " "}},
      {"\u00B7", {Kind::literal, " \u00B7 "}},
  };
  auto it = kTable.find(key);
  if (it != kTable.end()) return it->second;
  if (key.rfind("infobox", 0) == 0) return {Kind::infobox, ""};
  if (key.rfind("cite", 0) == 0 || key == "citation" || key.rfind("vcite", 0) == 0)
    return {Kind::cite, ""};
  if (key.rfind("lang-", 0) == 0) return {Kind::lang_xx, ""};
  return {};
}

bool skip_infobox_key(const std::string& key) {
  std::string k = ascii_lower(key);
  return k.rfind("image", 0) == 0 || k.rfind("logo", 0) == 0 || k.rfind("map", 0) == 0 ||
         k == "alt" || k.find("size") != npos || k.find("upright") != npos || k == "embed" ||
         k.rfind("module", 0) == 0 || k == "pushpin_map";
}

class Reader {
 public:
  Reader(RawArticle& raw) : raw_(raw) {}

  void run(std::string_view text) {
    std::string pre;
    pre.reserve(text.size());
    preprocess(text, pre, true, false);
    for (const auto& tag : tags_) {
      if (!tag.list_defined) continue;
      std::string name = attr_value(tag.attrs, "name");
      if (name.empty()) {
        warn("a list-defined <ref> has no name and is ignored");
        continue;
      }
      define(attr_value(tag.attrs, "group"), name, tag.content);
    }
    Doc doc(std::move(pre));
    if (doc.unbalanced > 0)
      warn(std::to_string(doc.unbalanced) + " unbalanced {{ or [[ in the wikitext");
    std::string out;
    out.reserve(doc.src.size());
    render(doc, 0, doc.src.size(), out, 0);
    build_blocks(out);
    finish_references();
  }

 private:
  RawArticle& raw_;
  std::vector<RefTag> tags_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, size_t> by_name_;    // group '\x1f' name → entry
  std::unordered_map<std::string, size_t> by_label_;   // label → entry
  std::set<std::string, std::less<>> written_flags_;   // flag names of the brackets written
  std::unordered_map<std::string, std::string> defs_;  // list-defined contents
  std::unordered_map<std::string, int> counters_;      // group → labels handed out
  std::vector<Bib> bib_;
  RefContext* ctx_ = nullptr;
  bool depth_warned_ = false;

  void warn(std::string message) {
    if (raw_.warnings.size() < kMaxWarnings) raw_.warnings.push_back(std::move(message));
  }

  // ---- pass 0 -------------------------------------------------------------------------

  void preprocess(std::string_view in, std::string& out, bool allow_refs, bool list_defined) {
    // Finders cache per string, so each preprocess call has its own.
    CloseFinder ref_close("</ref"), refs_close("</references"), nowiki_close("</nowiki");
    size_t i = 0;
    while (i < in.size()) {
      size_t lt = in.find('<', i);
      if (lt == npos) {
        out.append(in.substr(i));
        break;
      }
      out.append(in.substr(i, lt - i));
      i = lt;
      if (in.compare(i, 4, "<!--") == 0) {
        size_t end = in.find("-->", i + 4);
        if (end == npos) {
          warn("unclosed <!-- comment runs to the end of the page");
          break;
        }
        i = end + 3;
        continue;
      }
      size_t j = i + 1;
      bool closing = j < in.size() && in[j] == '/';
      j += closing;
      size_t name_end = j;
      while (name_end < in.size() && (is_alpha(in[name_end]) || is_digit(in[name_end]))) ++name_end;
      std::string name = ascii_lower(in.substr(j, name_end - j));
      bool name_ok = !name.empty() && (name_end == in.size() || is_ascii_space(in[name_end]) ||
                                       in[name_end] == '>' || in[name_end] == '/');
      size_t gt = name_ok ? in.find('>', name_end) : npos;
      bool known =
          name == "ref" || name == "references" || name == "nowiki" || is_dropped_tag(name);
      if (!name_ok || !known || gt == npos) {
        out += '<';
        ++i;
        continue;
      }
      if (closing) {  // a stray closer: its opener was missing or already consumed
        if (name == "ref" || name == "references") warn("stray </" + name + ">");
        i = gt + 1;
        continue;
      }
      bool self_closing = in[gt - 1] == '/';
      std::string_view attrs = in.substr(name_end, gt - name_end - self_closing);
      if (self_closing) {
        if (name == "ref" && allow_refs) emit_ref(out, attrs, {}, true, list_defined);
        i = gt + 1;
        continue;
      }
      CloseFinder* finder = name == "ref"          ? &ref_close
                            : name == "references" ? &refs_close
                            : name == "nowiki"     ? &nowiki_close
                                                   : nullptr;
      std::string needle = "</" + name;
      size_t close = finder ? finder->find(in, gt + 1) : CloseFinder(needle).find(in, gt + 1);
      if (close == npos) {
        warn("unclosed <" + name + ">: the tag is ignored");
        i = gt + 1;
        continue;
      }
      size_t close_end = in.find('>', close);
      close_end = close_end == npos ? in.size() : close_end + 1;
      std::string_view content = in.substr(gt + 1, close - gt - 1);
      if (name == "nowiki") {
        append_nowiki(out, content);
      } else if (name == "ref") {
        if (!allow_refs) {
          warn("<ref> inside a <ref> is ignored");
        } else {
          if (content.find("<ref") != npos) warn("a <ref> is not closed before the next one");
          std::string body;
          preprocess(content, body, false, false);
          emit_ref(out, attrs, std::move(body), false, list_defined);
        }
      } else if (name == "references") {
        std::string discard;
        preprocess(content, discard, allow_refs, true);
      }
      i = close_end;
    }
  }

  void emit_ref(std::string& out, std::string_view attrs, std::string content, bool self_closing,
                bool list_defined) {
    RefTag tag;
    tag.attrs = std::string(attrs);
    tag.content = std::move(content);
    tag.self_closing = self_closing;
    tag.list_defined = list_defined;
    if (!list_defined) {
      out += kRefOpen;
      out += std::to_string(tags_.size());
      out += kRefClose;
    }
    tags_.push_back(std::move(tag));
  }

  // ---- references -----------------------------------------------------------------------

  static std::string key_of(const std::string& group, const std::string& name) {
    return group + '\x1f' + name;
  }

  std::string next_label(const std::string& group) {
    int n = ++counters_[group];
    if (group.empty()) return std::to_string(n);
    if (group == "lower-alpha") return alpha_label(n);
    if (is_known_group(group)) return group + " " + std::to_string(n);
    if (n == 1) warn("ref group \"" + group + "\" is labelled \"nb N\"");
    return "nb " + std::to_string(++counters_["nb"]);
  }

  void define(const std::string& group, const std::string& name, const std::string& content) {
    std::string key = key_of(group, name);
    defs_.emplace(key, content);
  }

  // One occurrence of a ref: finds or creates its entry and writes the marker.
  size_t use(const std::string& group, const std::string& name, const std::string* content,
             std::string& out) {
    size_t index;
    auto it = name.empty() ? by_name_.end() : by_name_.find(key_of(group, name));
    if (it != by_name_.end()) {
      index = it->second;
    } else {
      index = entries_.size();
      Entry entry;
      entry.group = group;
      entry.name = name;
      entry.label = next_label(group);
      by_label_[entry.label] = index;
      if (!name.empty()) by_name_[key_of(group, name)] = index;
      entries_.push_back(std::move(entry));
    }
    Entry& entry = entries_[index];
    if (content && !entry.has_content) {
      entry.content = *content;
      entry.has_content = true;
    }
    ++entry.uses;
    out += '[';
    out += entry.label;
    out += ']';
    return index;
  }

  void ref_placeholder(size_t index, std::string& out) {
    if (index >= tags_.size()) return;
    const RefTag& tag = tags_[index];
    std::string name = attr_value(tag.attrs, "name");
    std::string group = attr_value(tag.attrs, "group");
    bool empty = tag.self_closing || trim(tag.content).empty();
    if (empty && name.empty()) {
      warn("an empty <ref> without a name is ignored");
      return;
    }
    use(group, name, empty ? nullptr : &tag.content, out);
  }

  // A cleanup flag's bracket, "[citation needed]", remembered as written by the reader.
  void write_flag(std::string_view text, std::string& out) {
    out += '[';
    out += text;
    out += ']';
    written_flags_.insert(flag_name(text));
  }

  // The entry whose marker `out` ends with (spaces allowed), for {{dead link}} & co.
  Entry* preceding_entry(const std::string& out) {
    size_t end = out.size();
    while (end > 0 && is_ascii_space(out[end - 1])) --end;
    if (end == 0 || out[end - 1] != ']') return nullptr;
    size_t open = out.rfind('[', end - 1);
    if (open == npos || end - open > 24) return nullptr;
    auto it = by_label_.find(out.substr(open + 1, end - open - 2));
    return it == by_label_.end() ? nullptr : &entries_[it->second];
  }

  // ---- pass 1 ---------------------------------------------------------------------------

  void render(const Doc& d, size_t b, size_t e, std::string& out, int depth) {
    if (depth > kMaxDepth) {
      if (!depth_warned_) warn("templates nested deeper than 100 levels are dropped");
      depth_warned_ = true;
      return;
    }
    static const std::array<bool, 256> kSpecial = [] {
      std::array<bool, 256> t{};
      t['{'] = t['['] = t[0xEE] = true;
      return t;
    }();
    const std::string& s = d.src;
    size_t i = b;
    while (i < e) {
      size_t j = i;
      while (j < e && !kSpecial[static_cast<unsigned char>(s[j])]) ++j;
      out.append(s, i, j - i);
      i = j;
      if (i >= e) break;
      char c = s[i];
      if ((c == '{' || c == '[') && i + 1 < e && s[i + 1] == c) {
        uint32_t m = d.match(i);
        if (m != 0 && m <= e) {
          if (c == '{')
            template_at(d, i + 2, m - 2, out, depth);
          else
            link_at(d, i + 2, m - 2, out, depth);
          i = m;
        } else {
          // Unbalanced: the rest of the line is template or link syntax, not prose.
          warn(std::string("unbalanced ") + (c == '{' ? "{{" : "[[") + " at byte " +
               std::to_string(i) + " skipped to the end of its line");
          size_t nl = s.find('\n', i);
          i = std::min(nl == npos ? e : nl, e);
        }
        continue;
      }
      if (c == '[') {
        i = external_link_at(d, i, e, out, depth);
        continue;
      }
      if (s.compare(i, kRefOpen.size(), kRefOpen) == 0) {
        size_t k = i + kRefOpen.size();
        size_t index = 0;
        while (k < e && is_digit(s[k])) index = index * 10 + (s[k++] - '0');
        if (s.compare(k, kRefClose.size(), kRefClose) == 0) k += kRefClose.size();
        ref_placeholder(index, out);
        i = k;
        continue;
      }
      out += c;
      ++i;
    }
  }

  std::string render_string(const Doc& d, size_t b, size_t e, int depth) {
    std::string out;
    render(d, b, e, out, depth);
    return out;
  }

  // Splits b..e at top-level '|' (nested templates and links skipped via the match table).
  static void split_args(const Doc& d, size_t b, size_t e, std::vector<Arg>& args) {
    Arg arg{b, b, npos};
    for (size_t i = b; i < e;) {
      char c = d.src[i];
      if ((c == '{' || c == '[') && i + 1 < e && d.src[i + 1] == c) {
        uint32_t m = d.match(i);
        if (m != 0 && m <= e) {
          i = m;
          continue;
        }
      }
      if (c == '|') {
        arg.e = i;
        args.push_back(arg);
        arg = Arg{i + 1, i + 1, npos};
      } else if (c == '=' && arg.eq == npos) {
        arg.eq = i;
      }
      ++i;
    }
    arg.e = e;
    args.push_back(arg);
  }

  struct Template {
    const Doc* d;
    std::vector<Arg> args;  // args[0] is the name

    std::string key(const Arg& a) const {
      return normalize_name(std::string_view(d->src).substr(a.b, a.eq - a.b), true);
    }
    // The value range of named parameter `k` (normalized), or nullptr.
    const Arg* named(std::string_view k) const {
      for (size_t i = 1; i < args.size(); ++i)
        if (args[i].eq != npos && key(args[i]) == k) return &args[i];
      return nullptr;
    }
    // The n-th positional argument (1-based), honouring explicit "n=".
    bool positional(int n, size_t& b, size_t& e) const {
      std::string explicit_key = std::to_string(n);
      if (const Arg* a = named(explicit_key)) {
        b = a->eq + 1;
        e = a->e;
        return true;
      }
      int seen = 0;
      for (size_t i = 1; i < args.size(); ++i) {
        if (args[i].eq != npos) continue;
        if (++seen == n) {
          b = args[i].b;
          e = args[i].e;
          return true;
        }
      }
      return false;
    }
    int positional_count() const {
      int n = 0;
      for (size_t i = 1; i < args.size(); ++i) n += args[i].eq == npos;
      return n;
    }
    std::string raw(size_t b, size_t e) const {
      return std::string(trim(std::string_view(d->src).substr(b, e - b)));
    }
  };

  // Renders a template's argument to final text (for fields, not for the running text).
  std::string arg_text(const Template& t, size_t b, size_t e, int depth) {
    return clean_value(render_string(*t.d, b, e, depth + 1));
  }
  std::string named_text(const Template& t, std::string_view k, int depth) {
    const Arg* a = t.named(k);
    return a ? arg_text(t, a->eq + 1, a->e, depth) : std::string();
  }
  std::string positional_text(const Template& t, int n, int depth) {
    size_t b, e;
    return t.positional(n, b, e) ? arg_text(t, b, e, depth) : std::string();
  }
  void render_positional(const Template& t, int n, std::string& out, int depth) {
    size_t b, e;
    if (t.positional(n, b, e)) {
      std::string_view v = trim(std::string_view(t.d->src).substr(b, e - b));
      size_t vb = v.data() - t.d->src.data();
      render(*t.d, vb, vb + v.size(), out, depth + 1);
    }
  }

  void template_at(const Doc& d, size_t b, size_t e, std::string& out, int depth) {
    if (depth > kMaxDepth) {
      render(d, b, e, out, depth + 1);  // warns once
      return;
    }
    Template t{&d, {}};
    split_args(d, b, e, t.args);
    std::string_view name =
        trim(std::string_view(d.src).substr(t.args[0].b, t.args[0].e - t.args[0].b));
    // A name with '=' is not a template name, except "{{=}}" itself.
    if (t.args[0].eq != npos && name != "=") return;
    if (name.find("{{") != npos) return;  // computed names cannot be known
    if (starts_with_icase(name, "template:")) name.remove_prefix(9);
    if (starts_with_icase(name, "subst:")) name.remove_prefix(6);
    std::string key = normalize_name(name, false);
    TemplateInfo info = classify(key);
    switch (info.kind) {
      case Kind::drop:
        return;
      case Kind::literal:
        out += info.text;
        return;
      case Kind::infobox:
        infobox(t, depth);
        return;
      case Kind::cite:
        cite(t, key, out, depth);
        return;
      case Kind::sfn:
        sfn(t, info.text == "p", out, depth);
        return;
      case Kind::harv:
        harv(t, info.text, out, depth);
        return;
      case Kind::efn:
      case Kind::tag_ref:
        note(t, info.kind == Kind::efn ? std::string(info.text) : std::string(), out, depth);
        return;
      case Kind::r:
        for (int n = 1; n <= t.positional_count(); ++n) {
          std::string ref_name = positional_text(t, n, depth);
          if (!ref_name.empty()) use(named_text(t, "group", depth), ref_name, nullptr, out);
        }
        return;
      case Kind::rp: {
        std::string page = positional_text(t, 1, depth);
        if (!page.empty()) out += ":" + page;
        return;
      }
      case Kind::reflist:
        if (const Arg* a = t.named("refs")) list_defined(d, a->eq + 1, a->e);
        return;
      case Kind::cn:
        write_flag("citation needed", out);
        return;
      case Kind::cn_span: {
        const Arg* a = t.named("text");
        if (a)
          render(d, a->eq + 1, a->e, out, depth + 1);
        else
          render_positional(t, 1, out, depth);
        write_flag("citation needed", out);
        return;
      }
      case Kind::dead_link:
        if (Entry* entry = preceding_entry(out))
          add_flag(entry->flags, "dead-link");
        else if (ctx_)
          add_flag(ctx_->flags, "dead-link");
        else
          write_flag("dead link", out);
        return;
      case Kind::cleanup_ref:
        if (Entry* entry = preceding_entry(out)) add_flag(entry->flags, flag_of(info.text));
        if (ctx_) add_flag(ctx_->flags, flag_of(info.text));
        [[fallthrough]];
      case Kind::cleanup:
        write_flag(info.text, out);
        return;
      case Kind::convert:
        convert(t, out, depth);
        return;
      case Kind::lang:
        render_positional(t, 2, out, depth);
        return;
      case Kind::lang_xx:
        render_positional(t, 1, out, depth);
        return;
      case Kind::transl:
        render_positional(t, t.positional_count(), out, depth);
        return;
      case Kind::pass: {
        const Arg* a = t.named("text");
        if (a)
          render(d, a->eq + 1, a->e, out, depth + 1);
        else
          render_positional(t, 1, out, depth);
        return;
      }
      case Kind::abbr:
        render_positional(t, 1, out, depth);
        return;
      case Kind::sic:
        for (int n = 1; n <= t.positional_count(); ++n) {
          size_t pb = 0, pe = 0;
          t.positional(n, pb, pe);
          if (t.raw(pb, pe) != "?") render_positional(t, n, out, depth);
        }
        return;
      case Kind::flagicon:
        return;
      case Kind::flag:
        render_positional(t, 1, out, depth);
        return;
      case Kind::ill: {
        const Arg* a = t.named("lt");
        if (a)
          render(d, a->eq + 1, a->e, out, depth + 1);
        else
          render_positional(t, 1, out, depth);
        return;
      }
      case Kind::as_of: {
        std::string year = positional_text(t, 1, depth);
        std::string month = month_name(std::atoi(positional_text(t, 2, depth).c_str()));
        std::string day = positional_text(t, 3, depth);
        bool lower = !named_text(t, "lc", depth).empty();
        out += lower ? "as of " : "As of ";
        if (!day.empty() && !month.empty()) out += day + " ";
        if (!month.empty()) out += month + " ";
        out += year;
        return;
      }
      case Kind::circa: {
        out += "c.";
        std::string year = positional_text(t, 1, depth);
        if (!year.empty()) out += " " + year;
        return;
      }
      case Kind::list:
        for (int n = 1; n <= t.positional_count(); ++n) {
          out += '\n';
          render_positional(t, n, out, depth);
        }
        out += '\n';
        return;
    }
  }

  static std::string flag_of(std::string_view bracket) {
    std::string f;
    for (char c : bracket) {
      if (c == '?') continue;
      f += c == ' ' ? '-' : c;
    }
    return f;
  }

  void convert(const Template& t, std::string& out, int depth) {
    std::string first = positional_text(t, 1, depth);
    std::string second = positional_text(t, 2, depth);
    static const std::unordered_map<std::string, std::string> kRanges = {
        {"-", "\u2013"}, {"\u2013", "\u2013"}, {"to", " to "},    {"and", " and "},
        {"or", " or "},  {"by", " by "},       {"x", " \u00D7 "}, {"+/-", " \u00B1 "}};
    out += first;
    std::string unit = second;
    auto range = kRanges.find(second);
    if (range != kRanges.end()) {
      out += range->second + positional_text(t, 3, depth);
      unit = positional_text(t, 4, depth);
    }
    static const std::unordered_map<std::string, std::string> kUnits = {
        {"sqkm", "km2"}, {"sqmi", "sq mi"}, {"km2", "km2"}, {"sqft", "sq ft"}};
    auto u = kUnits.find(unit);
    if (u != kUnits.end()) unit = u->second;
    if (!unit.empty()) out += " " + unit;
  }

  void infobox(const Template& t, int depth) {
    for (size_t i = 1; i < t.args.size(); ++i) {
      const Arg& a = t.args[i];
      if (a.eq == npos) continue;
      std::string key(trim(std::string_view(t.d->src).substr(a.b, a.eq - a.b)));
      if (key.empty() || skip_infobox_key(key)) continue;
      std::string rendered = clean_inline(render_string(*t.d, a.eq + 1, a.e, depth + 1));
      std::string value;
      for (std::string_view line : split_lines(rendered)) {
        line = trim(line);
        while (!line.empty() && (line[0] == '*' || line[0] == '#' || line[0] == ':'))
          line = trim(line.substr(1));
        if (line.empty()) continue;
        if (!value.empty()) value += "; ";
        value += collapse_spaces(line);
      }
      if (!value.empty()) raw_.infobox.push_back({std::move(key), std::move(value)});
    }
  }

  void cite(const Template& t, const std::string& key, std::string& out, int depth) {
    Reference r;
    std::vector<std::pair<std::string, std::string>> names;  // (last, first) by index
    std::string authors_raw, agency, year, status, deadurl;
    auto author_slot = [&names](size_t n) -> std::pair<std::string, std::string>& {
      if (names.size() < n) names.resize(n);
      return names[n - 1];
    };
    for (size_t i = 1; i < t.args.size(); ++i) {
      const Arg& a = t.args[i];
      if (a.eq == npos) continue;
      std::string k = t.key(a);
      size_t digits = k.size();
      while (digits > 0 && is_digit(k[digits - 1])) --digits;
      std::string base = k.substr(0, digits);
      size_t n = digits < k.size() ? std::strtoul(k.c_str() + digits, nullptr, 10) : 1;
      bool is_author = base == "author" || base == "last" || base == "surname";
      bool is_first = base == "first" || base == "given";
      static const std::vector<std::string> kUsed = {
          "title",       "work",       "website",      "newspaper",     "magazine",
          "journal",     "periodical", "encyclopedia", "encyclopaedia", "publisher",
          "institution", "agency",     "url",          "archiveurl",    "archivedate",
          "urlstatus",   "deadurl",    "accessdate",   "date",          "year",
          "language",    "lang",       "authors",      "vauthors",      "chapter"};
      if (!is_author && !is_first && std::find(kUsed.begin(), kUsed.end(), k) == kUsed.end())
        continue;
      if (n == 0) n = 1;
      std::string v = arg_text(t, a.eq + 1, a.e, depth);
      if (v.empty()) continue;
      if (is_author)
        author_slot(n).first = v;
      else if (is_first)
        author_slot(n).second = v;
      else if (k == "title")
        r.title = v;
      else if (k == "chapter") {
        if (r.title.empty()) r.title = v;
      } else if (k == "work" || k == "website" || k == "newspaper" || k == "magazine" ||
                 k == "journal" || k == "periodical" || k == "encyclopedia" || k == "encyclopaedia")
        r.work = v;
      else if (k == "publisher" || k == "institution")
        r.publisher = v;
      else if (k == "agency")
        agency = v;
      else if (k == "url")
        r.url = v;
      else if (k == "archiveurl")
        r.archive_url = v;
      else if (k == "archivedate")
        r.archive_date_raw = v;
      else if (k == "urlstatus")
        status = ascii_lower(v);
      else if (k == "deadurl")
        deadurl = ascii_lower(v);
      else if (k == "accessdate")
        r.access_date_raw = v;
      else if (k == "date")
        r.date_raw = v;
      else if (k == "year")
        year = v;
      else if (k == "language" || k == "lang")
        r.language = language_name(v);
      else if (k == "authors" || k == "vauthors")
        authors_raw = v;
    }
    for (auto& [last, first] : names) {
      if (last.empty()) continue;
      r.authors.push_back(first.empty() ? last : last + ", " + first);
    }
    if (r.authors.empty() && !authors_raw.empty()) r.authors.push_back(authors_raw);
    if (r.date_raw.empty()) r.date_raw = year;
    if (auto iso = parse_date(r.date_raw)) r.date = *iso;
    if (auto iso = parse_date(r.access_date_raw)) r.access_date = *iso;
    if (auto iso = parse_date(r.archive_date_raw)) r.archive_date = *iso;
    // The outlet resolver looks for a news agency after the work: with no publisher of
    // its own, the agency is the publisher.
    if (r.publisher.empty()) r.publisher = agency;
    if (status == "dead" || status == "usurped" || status == "unfit" || deadurl == "yes" ||
        deadurl == "y" || deadurl == "true")
      add_flag(r.flags, "dead-link");
    if (r.title.empty()) add_flag(r.flags, "no-title");
    if (ascii_lower(r.title) == "archived copy") add_flag(r.flags, "archived-copy-title");

    bool book = key.find("book") != npos;
    std::string text;
    if (!r.authors.empty()) {
      for (size_t i = 0; i < r.authors.size(); ++i) text += (i ? "; " : "") + r.authors[i];
      if (!r.date_raw.empty()) text += " (" + r.date_raw + ")";
      text += ". ";
    }
    if (!r.title.empty()) {
      text += book ? r.title : "\"" + r.title + "\"";
      if (!r.language.empty() && ascii_lower(r.language) != "english")
        text += " (in " + r.language + ")";
      text += ". ";
    }
    if (!r.work.empty()) text += r.work + ". ";
    if (!r.publisher.empty()) text += r.publisher + ". ";
    if (!agency.empty() && agency != r.publisher) text += agency + ". ";
    if (r.authors.empty() && !r.date_raw.empty()) text += r.date_raw + ". ";
    if (!r.archive_url.empty() && !r.archive_date_raw.empty())
      text += "Archived from the original on " + r.archive_date_raw + ". ";
    if (!r.access_date_raw.empty()) text += "Retrieved " + r.access_date_raw + ". ";
    r.text = std::string(trim(text));
    out += r.text;

    if (ctx_) {
      if (!ctx_->has_cite) {
        ctx_->has_cite = true;
        ctx_->cite = std::move(r);
      }
      return;
    }
    Bib bib;
    bib.last = r.authors.empty() ? std::string() : surname_key(r.authors[0]);
    bib.year = year.empty() ? first_year(r.date_raw) : year;
    bib.ref = std::move(r);
    bib_.push_back(std::move(bib));
  }

  // Short forms shared by {{sfn}} and {{harv…}}: authors are the positional arguments
  // before the last, which is the year.
  std::string short_form(const Template& t, bool paren_year, std::string& last, std::string& year,
                         int depth) {
    int count = t.positional_count();
    std::vector<std::string> authors;
    for (int n = 1; n < count; ++n) authors.push_back(positional_text(t, n, depth));
    year = count > 0 ? positional_text(t, count, depth) : std::string();
    last = authors.empty() ? std::string() : ascii_lower(authors[0]);
    std::string who;
    if (authors.size() >= 4) {
      who = authors[0] + " et al.";
    } else {
      for (size_t i = 0; i < authors.size(); ++i)
        who += (i == 0 ? "" : i + 1 == authors.size() ? " & " : ", ") + authors[i];
    }
    std::string loc;
    if (std::string p = named_text(t, "p", depth); !p.empty()) loc = ", p. " + p;
    if (std::string pp = named_text(t, "pp", depth); !pp.empty()) loc = ", pp. " + pp;
    if (std::string l = named_text(t, "loc", depth); !l.empty()) loc += ", " + l;
    return paren_year ? who + " (" + year + ")" + loc : who + " " + year + loc;
  }

  void sfn(const Template& t, bool paren_year, std::string& out, int depth) {
    std::string last, year;
    std::string text = short_form(t, paren_year, last, year, depth) + ".";
    // Identical {{sfn}}s are one ref on the rendered page (named "FOOTNOTE…").
    size_t index = use("", "FOOTNOTE" + text, nullptr, out);
    Entry& entry = entries_[index];
    if (!entry.sfn) {
      entry.sfn = true;
      entry.short_text = text;
      entry.short_last = last;
      entry.short_year = year;
    }
  }

  void harv(const Template& t, std::string_view style, std::string& out, int depth) {
    std::string last, year;
    std::string text = short_form(t, style == "txt", last, year, depth);
    out += style == "paren" ? "(" + text + ")" : text;
    if (ctx_ && ctx_->harv_last.empty()) {
      ctx_->harv_last = last;
      ctx_->harv_year = year;
    }
  }

  void note(const Template& t, std::string group, std::string& out, int depth) {
    if (group.empty()) group = named_text(t, "group", depth);
    std::string name = named_text(t, "name", depth);
    size_t b, e;
    std::string content;
    if (t.positional(1, b, e)) content = t.raw(b, e);
    if (content.empty() && name.empty()) return;
    use(group, name, content.empty() ? nullptr : &content, out);
  }

  void list_defined(const Doc& d, size_t b, size_t e) {
    const std::string& s = d.src;
    for (size_t i = s.find(kRefOpen, b); i < e; i = s.find(kRefOpen, i + 1)) {
      size_t k = i + kRefOpen.size();
      size_t index = 0;
      while (k < e && is_digit(s[k])) index = index * 10 + (s[k++] - '0');
      if (index >= tags_.size()) continue;
      const RefTag& tag = tags_[index];
      std::string name = attr_value(tag.attrs, "name");
      if (name.empty()) {
        warn("a list-defined <ref> has no name and is ignored");
        continue;
      }
      define(attr_value(tag.attrs, "group"), name, tag.content);
    }
  }

  void link_at(const Doc& d, size_t b, size_t e, std::string& out, int depth) {
    std::vector<Arg> parts;
    split_args(d, b, e, parts);
    std::string_view target =
        trim(std::string_view(d.src).substr(parts[0].b, parts[0].e - parts[0].b));
    bool leading_colon = !target.empty() && target[0] == ':';
    if (leading_colon) target.remove_prefix(1);
    size_t colon = target.find(':');
    if (!leading_colon && colon != npos) {
      std::string ns = ascii_lower(trim(target.substr(0, colon)));
      if (ns == "file" || ns == "image") {
        // Refs in captions are numbered on the rendered page: render, then discard.
        if (parts.size() > 1) {
          std::string discard;
          render(d, parts.back().b, parts.back().e, discard, depth + 1);
        }
        return;
      }
      if (ns == "category") return;
      bool interlanguage =
          ns.size() >= 2 && ns.size() <= 3 &&
          std::all_of(ns.begin(), ns.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (interlanguage && parts.size() == 1) return;
    }
    if (parts.size() > 1) {
      size_t lb = parts[1].b;
      std::string_view label = trim(std::string_view(d.src).substr(lb, e - lb));
      if (!label.empty()) {
        size_t vb = label.data() - d.src.data();
        render(d, vb, vb + label.size(), out, depth + 1);
        return;
      }
      // Pipe trick: "[[Palmyra (city)|]]" shows "Palmyra".
      std::string_view shown = target;
      if (colon != npos) shown = shown.substr(colon + 1);
      size_t paren = shown.find(" (");
      if (paren != npos) shown = shown.substr(0, paren);
      out += trim(shown);
      return;
    }
    for (char c : target) out += c == '_' ? ' ' : c;
  }

  // "[http://x label]" → label; "[http://x]" → nothing (it renders as "[1]", which would
  // pass for a footnote). Anything else is a literal '['.
  size_t external_link_at(const Doc& d, size_t i, size_t e, std::string& out, int depth) {
    const std::string& s = d.src;
    size_t u = i + 1;
    bool url = s.compare(u, 7, "http://") == 0 || s.compare(u, 8, "https://") == 0 ||
               s.compare(u, 2, "//") == 0 || s.compare(u, 6, "ftp://") == 0;
    if (!url) {
      out += '[';
      return i + 1;
    }
    size_t close = u;
    while (close < e && s[close] != ']' && s[close] != '\n') ++close;
    if (close >= e || s[close] != ']') {
      out += '[';
      return i + 1;
    }
    size_t space = u;
    while (space < close && s[space] != ' ' && s[space] != '\t') ++space;
    if (space < close) render(d, space + 1, close, out, depth + 1);
    return close + 1;
  }

  // ---- pass 2 ---------------------------------------------------------------------------

  void build_blocks(const std::string& text) {
    raw_.hard_line_breaks = false;  // wikitext wraps paragraphs across lines freely
    std::string paragraph;
    bool navigation = false;
    int table_depth = 0;
    auto flush = [&] {
      std::string cleaned = collapse_spaces(clean_inline(paragraph));
      paragraph.clear();
      if (!cleaned.empty()) raw_.blocks.push_back({Block::Kind::paragraph, std::move(cleaned)});
    };
    auto item = [&](std::string_view line) {
      std::string cleaned = collapse_spaces(clean_inline(line));
      if (cleaned.empty()) return;
      raw_.blocks.push_back(
          {navigation ? Block::Kind::list_item : Block::Kind::paragraph, std::move(cleaned)});
    };
    for (std::string_view line : split_lines(text)) {
      std::string_view t = trim(line);
      if (t.rfind("{|", 0) == 0) {
        flush();
        ++table_depth;
        continue;
      }
      if (table_depth > 0) {
        if (t.rfind("|}", 0) == 0) --table_depth;
        continue;
      }
      if (t.empty() || t.rfind("----", 0) == 0) {
        flush();
        continue;
      }
      if (t[0] == '=' && t.size() > 2 && t.back() == '=') {
        size_t lead = 0, tail = 0;
        while (lead < t.size() && t[lead] == '=') ++lead;
        while (tail < t.size() - lead && t[t.size() - 1 - tail] == '=') ++tail;
        if (lead + tail < t.size()) {
          std::string heading =
              collapse_spaces(clean_inline(t.substr(lead, t.size() - lead - tail)));
          if (!heading.empty()) {
            flush();
            Block block{Block::Kind::heading, heading, static_cast<int>(std::min(lead, tail))};
            navigation = is_navigation_section(heading);
            raw_.blocks.push_back(std::move(block));
            continue;
          }
        }
      }
      if (line[0] == '*' || line[0] == '#' || line[0] == ':' || line[0] == ';') {
        flush();
        size_t k = 0;
        while (k < line.size() &&
               (line[k] == '*' || line[k] == '#' || line[k] == ':' || line[k] == ';'))
          ++k;
        item(line.substr(k));
        continue;
      }
      if (!paragraph.empty()) paragraph += ' ';
      paragraph += line;
    }
    flush();
    if (table_depth > 0) warn("unclosed table {| runs to the end of the page");
  }

  // ---- after the body -----------------------------------------------------------------------

  static void extract_urls(std::string_view raw, Reference& ref) {
    for (size_t i = raw.find("http"); i != npos; i = raw.find("http", i + 1)) {
      if (raw.compare(i, 7, "http://") != 0 && raw.compare(i, 8, "https://") != 0) continue;
      size_t k = i;
      while (k < raw.size() && !is_ascii_space(raw[k]) && raw[k] != ']' && raw[k] != '|' &&
             raw[k] != '<' && raw[k] != '"' && raw[k] != '{' && raw[k] != '}')
        ++k;
      std::string_view url = raw.substr(i, k - i);
      while (!url.empty() && std::string_view(".,;:").find(url.back()) != npos)
        url.remove_suffix(1);
      bool archive = unwrap_archive(url).was_archive;
      std::string& slot = archive ? ref.archive_url : ref.url;
      if (slot.empty()) slot = std::string(url);
      i = k - 1;
    }
    if (ref.url.empty() && !ref.archive_url.empty()) {
      UnwrappedUrl original = unwrap_archive(ref.archive_url);
      if (original.url != ref.archive_url) ref.url = original.url;
    }
  }

  void finish_references() {
    std::vector<Reference> refs;
    std::vector<std::pair<std::string, std::string>> short_keys;  // (last, year) per ref
    for (size_t i = 0; i < entries_.size(); ++i) {
      Entry entry = entries_[i];  // a copy: rendering may add entries
      Reference ref;
      std::pair<std::string, std::string> short_key;
      if (!entry.has_content && !entry.sfn) {
        auto def = defs_.find(key_of(entry.group, entry.name));
        if (def != defs_.end()) {
          entry.content = def->second;
          entry.has_content = true;
        }
      }
      if (entry.sfn) {
        ref.text = entry.short_text;
        short_key = {entry.short_last, entry.short_year};
      } else if (entry.has_content) {
        RefContext ctx;
        RefContext* saved = ctx_;
        ctx_ = &ctx;
        Doc doc(entry.content);
        if (doc.unbalanced > 0) warn("reference " + entry.label + " has unbalanced {{ or [[");
        std::string rendered;
        render(doc, 0, doc.src.size(), rendered, 1);
        ctx_ = saved;
        std::string text = clean_value(rendered);
        if (ctx.has_cite) ref = std::move(ctx.cite);
        ref.text = text;
        if (!ctx.has_cite) extract_urls(entry.content, ref);
        for (const auto& f : ctx.flags) add_flag(ref.flags, f);
        short_key = {ctx.harv_last, ctx.harv_year};
      } else {
        warn("reference \"" + entry.name + "\" is used but never defined");
        add_flag(ref.flags, "empty");
      }
      ref.label = entry.label;
      ref.uses = std::max(1, entries_[i].uses);
      for (const auto& f : entries_[i].flags) add_flag(ref.flags, f);
      if (!entry.group.empty()) add_flag(ref.flags, "note");
      refs.push_back(std::move(ref));
      short_keys.push_back(std::move(short_key));
    }
    for (size_t i = 0; i < refs.size(); ++i) {
      const auto& [last, year] = short_keys[i];
      if (last.empty()) continue;
      add_flag(refs[i].flags, "short-ref");
      const Bib* match = nullptr;
      std::string bare_year = year;
      while (!bare_year.empty() && is_alpha(bare_year.back())) bare_year.pop_back();
      for (const auto& bib : bib_) {
        if (bib.last != last) continue;
        if (bib.year == year) {
          match = &bib;
          break;
        }
        if (!match && bib.year == bare_year) match = &bib;
      }
      if (!match) {
        add_flag(refs[i].flags, "short-ref-unmatched");
        continue;
      }
      Reference& r = refs[i];
      const Reference& full = match->ref;
      if (r.authors.empty()) r.authors = full.authors;
      if (r.date.empty()) r.date = full.date, r.date_raw = full.date_raw;
      if (r.title.empty()) r.title = full.title;
      if (r.work.empty()) r.work = full.work;
      if (r.publisher.empty()) r.publisher = full.publisher;
      if (r.url.empty()) r.url = full.url;
      if (r.archive_url.empty()) r.archive_url = full.archive_url;
      if (r.language.empty()) r.language = full.language;
      for (const auto& f : full.flags) add_flag(r.flags, f);
    }
    raw_.parsed_references = std::move(refs);
    raw_.written_markers.emplace();
    for (const auto& [label, index] : by_label_) raw_.written_markers->footnotes.insert(label);
    raw_.written_markers->flags = std::move(written_flags_);
  }
};

}  // namespace

RawArticle read_wikitext(std::string_view text, std::string_view title) {
  RawArticle raw;
  raw.title = std::string(title);
  Reader reader(raw);
  reader.run(text);
  return raw;
}

}  // namespace citedex
