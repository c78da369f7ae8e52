// The article model: what every reader produces and every command consumes.
//
// An Article is one copy of one encyclopedia article. Its claims (sentences and
// infobox fields) carry the labels of the footnotes that support them; each label
// resolves to a Reference of the same article. The model is plain data: readers
// fill it, later stages refine it, printers serialize it (cli/article_json.h).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace citedex {

// Front matter and similar key/value data. A value is a scalar or a list of
// scalars, in source order; nested maps are flattened to "a.b" keys.
struct MetadataValue {
  std::vector<std::string> items;
  bool is_list = false;
};
using Metadata = std::vector<std::pair<std::string, MetadataValue>>;

struct Section {
  std::string heading;      // empty while a lost heading has not been recovered
  int level = 2;            // 1 = title level, 2 = "== h ==", 3 = "=== h ===", …
  bool level_known = true;  // false when the copy shows headings but not their levels
  // How the heading is known: "source" (read from this copy), "lost" (the copy
  // shows a section break but no heading text), "recovered" (taken from another
  // copy of the same article parsed in the same run).
  std::string heading_from = "source";
};

// An outlet named as the source inside the claim's own text.
struct Attribution {
  std::string outlet;  // canonical outlet name
  std::string cue;     // "according to", "per", "reported", "said", "reported by", …
  size_t offset = 0;   // where the outlet's name starts in Claim::text, in code points
};

struct Claim {
  std::string kind;        // "sentence" or "infobox"
  std::string section;     // section heading; "Infobox" for infobox claims; "" in the lead
  int section_index = -1;  // index into Article::sections, -1 for lead and infobox
  std::string field;       // infobox key, empty when the copy lost it
  std::string text;        // markers removed, whitespace normalized
  std::vector<std::string> footnotes;     // labels in order of appearance, e.g. {"5", "35"}
  std::vector<std::string> flags;         // e.g. "citation-needed", "when"
  std::vector<std::string> unresolved;    // footnote labels with no matching reference
  std::vector<Attribution> attributions;  // in-text attributions (see attribution.h)
  int paragraph = 0;  // ordinal of the paragraph (or infobox line) in the article
};

struct Reference {
  std::string label;  // "1", "a", "note 1"
  int uses = 1;       // backlink letters in "^ a b c"; 1 when there are none
  std::string text;   // the entry as found, boilerplate removed
  std::vector<std::string> authors;
  std::string date, date_raw;  // ISO 8601 (possibly partial) and the text it came from
  std::string title;
  std::string work;
  std::string publisher;
  std::string url;
  std::string archive_url;
  std::string archive_date, archive_date_raw;
  std::string access_date, access_date_raw;
  std::string language;            // as written, e.g. "Arabic"
  std::vector<std::string> flags;  // e.g. "empty", "archived-copy-title", "no-title"
  std::string outlet;              // canonical outlet name, empty when unknown (see outlets.h)
  std::string outlet_via;  // how it was decided: url, agency, work, publisher, text, rule, title
};

struct InfoboxField {
  std::string key;    // empty when the copy lost the key
  std::string value;  // markers kept, as in the source
};

struct Article {
  std::string source;  // path as given, or "-" for standard input
  std::string shape;   // see shape.h
  std::string title;
  Metadata metadata;
  std::vector<Section> sections;
  std::vector<InfoboxField> infobox;
  std::vector<Claim> claims;
  std::vector<Reference> references;
  std::vector<std::string> warnings;
  // The subset of `warnings` about the bytes themselves (invalid UTF-8, NUL bytes,
  // UTF-16): data was altered on the way in, so commands also report these on stderr.
  std::vector<std::string> input_warnings;
};

// Finds the reference with `label`, or nullptr.
const Reference* find_reference(const Article& article, const std::string& label);

}  // namespace citedex
