// The index schema, defined once: every searchable field with its term prefix, value
// slot, kind and description. Indexing (index_writer.cpp), the query parser
// (search/query.cpp), `citedex fields` and docs/schema.md all follow this table.
#pragma once

#include <array>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace citedex {

// Bump when terms, prefixes, slots or records change incompatibly: an index of
// another version must be rebuilt (`citedex index --rebuild`).
inline constexpr int kSchemaVersion = 8;

enum class FieldKind {
  text,     // free text: stemmed words, phrases
  boolean,  // exact filter term, no effect on relevance
  range,    // a range over dates ("2016-12-08..2016-12-11", "2016..")
};

// Value slots.
enum Slot : unsigned {
  kSlotOutlets = 0,  // the claim's cited outlets, sorted, joined by '\x1f'
  kSlotArticle = 1,  // article title
  kSlotSection = 2,  // section heading ("Infobox", "" for the lead)
  kSlotYears = 3,    // the years of the cited sources, sorted, joined by '\x1f'
  kSlotDate = 4,     // earliest source date, "YYYYMMDD" (sort key); kUndated if none
  kSlotCopyKey = 5,  // hash of text + footnote outlets: identical claims of two copies
  kSlotOrder = 6,    // article title + position, zero-padded (sort key)
  kSlotType = 7,     // "claim", "reference", "article"
  kSlotFacets = 8,   // the facet row: every kFacets slot's value, in order, joined by '\x1e'
  kSlotStatus = 9,   // a reference's link status ("alive", "dead", "failing", …, "unchecked")
  kSlotRecord = 10,  // the document's record, JSON (indexer/record.h)
};

// The date slot of a document with no dated source: after every digit, so `--sort date`
// (oldest first) lists undated documents last. A value rather than a KeyMaker default,
// because remote shards (xapian-tcpsrv) sort only by value.
inline constexpr std::string_view kUndated = "~";

struct FieldSpec {
  std::string_view name;     // query prefix ("outlet") or facet name
  std::string_view aliases;  // other query prefixes, space-separated
  std::string_view prefix;   // Xapian term prefix ("" for none)
  int slot;                  // value slot, -1 for none
  FieldKind kind;
  std::string_view applies_to;  // document types
  std::string_view description;
  std::string_view example;
};

// Keys inside terms: outlets and article titles are normalized (names.h) with spaces
// written as '-', so "Al-Masdar News" is the term "XOal-masdar-news".
std::string term_key(std::string_view name);

// Term prefixes used by the schema.
inline constexpr std::string_view kPrefixType = "XT";
inline constexpr std::string_view kPrefixOutlet = "XO";
inline constexpr std::string_view kPrefixAttributed = "XA";
inline constexpr std::string_view kPrefixArticle = "XR";
inline constexpr std::string_view kPrefixSection = "XS";
inline constexpr std::string_view kPrefixDay = "XD";           // + YYYYMMDD
inline constexpr std::string_view kPrefixMonth = "XM";         // + YYYYMM
inline constexpr std::string_view kPrefixYear = "XY";          // + YYYY
inline constexpr std::string_view kPrefixOutletDay = "XOD";    // + outlet key + '|' + YYYYMMDD
inline constexpr std::string_view kPrefixOutletMonth = "XOM";  // + outlet key + '|' + YYYYMM
inline constexpr std::string_view kPrefixOutletYear = "XOY";   // + outlet key + '|' + YYYY
inline constexpr std::string_view kPrefixCited = "XC";
inline constexpr std::string_view kPrefixFlag = "XF";
inline constexpr std::string_view kPrefixLang = "XL";
inline constexpr std::string_view kPrefixSource = "XP";  // + source path: all documents of a file
inline constexpr std::string_view kPrefixCopy = "XK";    // + copy key
inline constexpr std::string_view kPrefixStatus = "XU";  // + link status or "archive-" + verdict
// Words of references (their citation text) and of articles (their title). Claims'
// words carry no prefix, so a keyword query over claims — the default — needs no type
// filter.
inline constexpr std::string_view kPrefixReferenceWords = "XW";
inline constexpr std::string_view kPrefixArticleWords = "XV";
// The prefix of the words of documents of `type` ("claim", "reference", "article").
constexpr std::string_view words_prefix(std::string_view type) {
  return type == "reference" ? kPrefixReferenceWords
         : type == "article" ? kPrefixArticleWords
                             : std::string_view();
}
inline constexpr std::string_view kPrefixSole =
    "XN";  // + outlet key: every footnote resolves to it

inline constexpr std::array<FieldSpec, 15> kFields{{
    {"text", "", "", -1, FieldKind::text, "claim reference article",
     "words of the claim, the reference's citation (indexed under XW), or the article "
     "title (under XV); the default field",
     "Tiyas airbase"},
    {"type", "", kPrefixType, kSlotType, FieldKind::boolean, "all",
     "document type: claim, reference or article", "type:reference"},
    {"outlet", "", kPrefixOutlet, kSlotOutlets, FieldKind::boolean, "claim reference",
     "an outlet a claim cites through a footnote (or a reference's outlet); canonical name or "
     "any alias",
     "outlet:AMN"},
    {"only", "sole", kPrefixSole, -1, FieldKind::boolean, "claim",
     "claims whose every footnote resolves to this outlet (sole-sourced)", "only:SOHR"},
    {"attributed", "", kPrefixAttributed, -1, FieldKind::boolean, "claim",
     "an outlet the claim names as its source in its own text", "attributed:SOHR"},
    {"article", "", kPrefixArticle, kSlotArticle, FieldKind::boolean, "all",
     "the article title (case, punctuation and dashes ignored)",
     "article:\"Palmyra offensive (December 2016)\""},
    {"section", "", kPrefixSection, kSlotSection, FieldKind::text, "claim",
     "words of the section heading; Infobox for infobox fields", "section:background"},
    {"date", "", kPrefixDay, kSlotDate, FieldKind::range, "claim reference",
     "date of a cited source: a day, month or year, or a range with .. (either end open)",
     "date:2016-12-08..2016-12-11"},
    {"year", "", kPrefixYear, kSlotYears, FieldKind::boolean, "claim reference",
     "year of a cited source", "year:2016"},
    {"cited", "", kPrefixCited, -1, FieldKind::boolean, "claim",
     "yes: the claim has a footnote that resolves to a reference; no: it has none", "cited:no"},
    {"flag", "", kPrefixFlag, -1, FieldKind::boolean, "claim", "an inline tag of the claim",
     "flag:citation-needed"},
    {"lang", "language", kPrefixLang, -1, FieldKind::boolean, "claim reference",
     "language of a cited source, as written in the citation (lowercase)", "lang:arabic"},
    {"copy", "", kPrefixCopy, kSlotCopyKey, FieldKind::boolean, "claim",
     "identical claims in copies of one article share this key", "copy:5f2c…"},
    {"file", "path", kPrefixSource, -1, FieldKind::boolean, "all",
     "the file a document came from, by absolute path (a relative one is taken from the "
     "working directory)",
     "file:fixtures/seeds/003.txt"},
    {"status", "", kPrefixStatus, kSlotStatus, FieldKind::boolean, "reference",
     "link status of the reference's URL from `citedex audit --check` (unchecked, alive, failing, "
     "dead, soft-404, blocked, transient, unsupported), or archive-VERDICT for its archive copy",
     "status:dead"},
}};

inline std::span<const FieldSpec> fields() { return kFields; }

// The field with this name or alias, or nullptr.
const FieldSpec* find_field(std::string_view name);

// Facets --facets accepts, each with the slot it counts.
struct FacetSpec {
  std::string_view name;
  unsigned slot;
  bool multi;  // the slot holds a '\x1f'-joined set: counts are split afterwards
};
inline constexpr std::array<FacetSpec, 6> kFacets{{
    {"outlet", kSlotOutlets, true},
    {"article", kSlotArticle, false},
    {"section", kSlotSection, false},
    {"year", kSlotYears, true},
    {"type", kSlotType, false},
    {"status", kSlotStatus, false},
}};

// The values of the status field: a reference's link status, and "archive-" + an archive
// verdict (fetcher/verdict.h) for its archive copy.
inline constexpr std::array<std::string_view, 8> kLinkStatuses{
    "unchecked", "alive", "failing", "dead", "soft-404", "blocked", "transient", "unsupported"};
inline constexpr std::array<std::string_view, 7> kArchiveStatuses{
    "valid", "redirected", "error-capture", "not-archived", "excluded", "archive-down", "defunct"};

// The facet row of a document (slot kSlotFacets): the values of kFacets' slots in
// kFacets order, joined by U+001E. Counting facets reads this one slot instead of one
// value stream per facet (several times faster over 400k matches), and Xapian's
// ValueCountMatchSpy can still count it on remote shards.
std::string facet_row(const std::array<std::string, kFacets.size()>& values);
// The value of facet `index` (into kFacets) in a facet row; "" when absent.
std::string_view facet_of_row(std::string_view row, size_t index);

// Multi-valued slots (outlets, years) hold a sorted set joined by U+001F, so Xapian's
// built-in ValueCountMatchSpy — the only spy remote shards run — can count them.
std::string join_value_set(const std::set<std::string>& items);
std::vector<std::string> split_value_set(std::string_view value);

// Index metadata keys.
inline constexpr std::string_view kMetaSchemaVersion = "citedex:schema";
// + source_key(path) → content hash, followed by "\n" + path when the key is shortened;
// "partial" instead of the hash while a dump's pages are being committed
inline constexpr std::string_view kMetaFilePrefix = "citedex:file:";
inline constexpr std::string_view kMetaFilePartial = "partial";
// + source_key(path) → why a dump was indexed only in part (its warnings, "; "-joined),
// set with its hash, so a rerun that skips the unchanged dump can still say so
inline constexpr std::string_view kMetaReadInPartPrefix = "citedex:read-in-part:";

// The name under which the index knows a file: its absolute, lexically normal path
// (symlinks not resolved, except before a ".." component, where the file system's
// meaning of ".." is kept), so "a.txt", "./a.txt" and "/work/a.txt" are one file
// whichever directory citedex runs in. `path` as given when the working directory is
// gone. Never throws.
std::string source_path(const std::string& path);

// The key of an indexed file in its source term (kPrefixSource) and its metadata entry:
// `path` itself (an absolute path, see index_writer.h) when it has at most 200 bytes,
// else its first 180 bytes (not splitting a UTF-8 character), '#' and 16 hex digits of
// its FNV-1a hash, since Xapian terms and metadata keys are limited to about 245 bytes.
inline constexpr size_t kSourceKeyMax = 200;
std::string source_key(std::string_view path);
// + 16 hex digits of FNV-1a of a URL → its link-check state (JSON, docs/fetcher.md);
// + "archive:" + 16 hex digits → the state of an archive URL
inline constexpr std::string_view kMetaCheckPrefix = "citedex:check:";

}  // namespace citedex
