// The outlet table: every outlet citedex can name, with the spellings, abbreviations
// and web domains that identify it, plus rules for references that keep only a title.
// The shipped table is data (data/outlets.json, compiled into the binary); user tables
// in the same format add outlets, override them by name, and add rules. The format is
// documented in docs/outlets.md.
#pragma once

#include <unicode/uversion.h>

#include <bitset>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

U_NAMESPACE_BEGIN
class RegexPattern;
U_NAMESPACE_END

namespace citedex {

struct Outlet {
  std::string name;        // canonical
  std::string short_name;  // e.g. "AMN", may be empty
  std::vector<std::string> aliases;
  std::vector<std::string> domains;  // registrable domains ("almasdarnews.com")
  std::string kind;                  // see kOutletKinds
  std::string note;
  std::string origin;  // "built-in" or the user table's path
};

struct OutletRule {
  std::string field;    // "title", "author" or "text"
  std::string pattern;  // ICU regular expression
  std::string outlet;   // canonical name
  bool case_insensitive = false;
  std::string origin;  // "built-in" or "path:line"
  std::shared_ptr<const icu::RegexPattern> compiled;
  // Set when the pattern is a plain literal (optionally anchored with ^ and $): matched
  // by a substring test, without ICU. Most user rules are literals.
  std::optional<std::string> literal;
  bool anchored_start = false, anchored_end = false;

  // True when the rule's pattern finds a match in `value`.
  bool matches(std::string_view value) const;
};

// A malformed table. what() is one line: "PATH:LINE: problem" (LINE omitted when the
// problem is not tied to a line).
class OutletTableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An outlet name found inside free text.
struct OutletMention {
  const Outlet* outlet = nullptr;
  size_t begin = 0, end = 0;  // byte span in the searched text
};

class OutletTable {
 public:
  // The shipped table. Throws OutletTableError only if the shipped data is broken.
  static OutletTable builtin();

  // Adds the outlets and rules of a JSON table; an outlet whose normalized name equals
  // an existing one replaces it. `origin` names the source in errors. Throws
  // OutletTableError (syntax errors with their line, unknown members, missing names,
  // bad kinds, invalid regular expressions, rules naming unknown outlets).
  void merge_json(std::string_view json_text, const std::string& origin);
  // Reads and merges a file. Throws OutletTableError (also when it cannot be read).
  void merge_file(const std::filesystem::path& path);

  // Exact lookup of a whole name (canonical, short or alias) after normalize_name.
  // Tries the parts of composite names too ("Amn - Al-Masdar News | المصدر نيوز").
  const Outlet* find_by_name(std::string_view name) const;
  // Lookup by host: the longest listed domain that is the host or a parent of it.
  const Outlet* find_by_host(std::string_view host) const;
  const Outlet* find_canonical(std::string_view canonical_name) const;

  // Outlet names that occur in `text` as whole words, longest match first, left to
  // right, not overlapping. A mention must start with an uppercase letter or a
  // letter of an uncased script (Arabic…), and names of four characters or fewer
  // ("AP", "NOW", "BBC") must match with their exact letters and case.
  std::vector<OutletMention> find_mentions(std::string_view text) const;

  const std::vector<Outlet>& outlets() const { return outlets_; }
  const std::vector<OutletRule>& rules() const { return rules_; }

 private:
  struct Key {
    size_t outlet;
    std::string spelling;  // as written in the table, for case-exact short names
  };
  void index();

  std::vector<Outlet> outlets_;
  std::vector<OutletRule> rules_;
  std::unordered_map<std::string, std::vector<Key>> by_name_;  // normalized name → keys
  std::unordered_map<std::string, size_t> by_domain_;
  std::unordered_map<std::string, size_t> first_tokens_;  // first token → longest key in tokens
  // Bit (b0 << 7 | b1) set when some ASCII first token starts with bytes b0 b1 (b1 = 0
  // for a one-byte token): lets find_mentions pass over most capitalized words without
  // hashing them.
  std::bitset<128 * 128> first_pairs_;
};

// The allowed `kind` values.
const std::vector<std::string>& outlet_kinds();

// The table a command uses: the shipped one, then $XDG_CONFIG_HOME/citedex/outlets.json
// (default ~/.config/citedex/outlets.json) if it exists, then `user_file` if given.
// Throws OutletTableError.
OutletTable load_outlet_table(const std::optional<std::filesystem::path>& user_file);

}  // namespace citedex
