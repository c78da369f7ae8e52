#include "indexer/outlet_table.h"

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "indexer/names.h"
#include "indexer/text_util.h"
#include "indexer/urls.h"

namespace citedex {

extern const char kBuiltinOutletsJson[];

namespace {

using Json = nlohmann::json;

size_t line_of(std::string_view text, size_t byte) {
  return 1 + std::count(text.begin(), text.begin() + static_cast<long>(std::min(byte, text.size())),
                        '\n');
}

// Lines where the elements of the top-level "outlets" and "rules" arrays start, in
// order. nlohmann::json keeps no positions, and errors must name a line.
std::unordered_map<std::string, std::vector<size_t>> element_lines(std::string_view text) {
  std::unordered_map<std::string, std::vector<size_t>> lines;
  int depth = 0;
  size_t line = 1;
  std::string last_key, top_key;
  bool in_string = false;
  std::string current;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (c == '\\') {
        if (i + 1 < text.size()) current.push_back(text[++i]);
      } else if (c == '"') {
        in_string = false;
        last_key = current;
      } else {
        current.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      current.clear();
    } else if (c == ':' && depth == 1) {
      top_key = last_key;
    } else if (c == '{' || c == '[') {
      ++depth;
      if (c == '{' && depth == 3) lines[top_key].push_back(line);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return lines;
}

std::string where(const std::string& origin, const std::vector<size_t>& lines, size_t index) {
  if (index < lines.size()) return origin + ":" + std::to_string(lines[index]);
  return origin;
}

std::vector<std::string> string_list(const Json& v, const std::string& member,
                                     const std::string& at) {
  if (!v.is_array())
    throw OutletTableError(at + ": \"" + member + "\" must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string())
      throw OutletTableError(at + ": \"" + member + "\" must be an array of strings");
    std::string s = collapse_spaces(item.get<std::string>());
    if (!s.empty()) out.push_back(std::move(s));
  }
  return out;
}

std::string string_member(const Json& v, const std::string& member, const std::string& at) {
  if (!v.is_string()) throw OutletTableError(at + ": \"" + member + "\" must be a string");
  return collapse_spaces(v.get<std::string>());
}

bool is_short_spelling(std::string_view s) {
  size_t pos = 0, n = 0;
  while (pos < s.size()) {
    next_code_point(s, pos);
    ++n;
  }
  return n <= 4;
}

bool starts_proper(std::string_view s) {
  size_t pos = 0;
  char32_t c = next_code_point(s, pos);
  if (c < 0x80) return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return c != 0xFFFD;  // non-ASCII: uppercase Latin-1 letters or uncased scripts
}

// Word tokens of free text with their byte spans: runs between spaces and the
// punctuation normalize_name turns into spaces.
struct Token {
  uint32_t begin, end;
};

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// Fills `tokens` (cleared first). The caller keeps the vector between calls: tokenizing
// runs for every claim, and reusing its capacity spares an allocation per sentence.
void tokenize(std::string_view text, std::vector<Token>& tokens) {
  tokens.clear();
  size_t pos = 0, start = std::string_view::npos;
  while (pos < text.size()) {
    size_t at = pos;
    auto byte = static_cast<unsigned char>(text[pos]);
    // ASCII needs no decoding; a word character never is a separator.
    char32_t c = byte < 0x80 ? text[pos++] : next_code_point(text, pos);
    bool word_char = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                     (byte >= '0' && byte <= '9');
    if (!word_char && is_name_separator(c)) {
      if (start != std::string_view::npos)
        tokens.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(at)});
      start = std::string_view::npos;
    } else if (start == std::string_view::npos) {
      start = at;
    }
  }
  if (start != std::string_view::npos)
    tokens.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(text.size())});
}

// A token holds no separator, so for ASCII its normalized form is its lowercase
// (normalize_name's other rules act on separators and the leading "the", which a lone
// token keeps); only non-ASCII tokens need ICU. Computed only for tokens that can be
// part of a mention: most words of a sentence are never looked at.
// The index into OutletTable::first_pairs_ of an ASCII word, lowercased.
size_t first_pair(std::string_view ascii_word) {
  auto lower = [](char c) {
    return static_cast<size_t>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) & 0x7F;
  };
  if (ascii_word.empty()) return 0;
  return lower(ascii_word[0]) << 7 | (ascii_word.size() > 1 ? lower(ascii_word[1]) : 0);
}

void norm_of(Token t, std::string_view text, std::string& out) {
  std::string_view word = text.substr(t.begin, t.end - t.begin);
  if (is_ascii(word)) {
    out.assign(word);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  } else {
    out = normalize_name(word);
  }
}

bool starts_upper(std::string_view s) {
  size_t pos = 0;
  char32_t c = next_code_point(s, pos);
  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

}  // namespace

const std::vector<std::string>& outlet_kinds() {
  static const std::vector<std::string> kinds{
      "news-agency", "newspaper",  "broadcaster",  "news-website", "magazine", "monitor",
      "blog",        "think-tank", "social-media", "government",   "ngo",      "other"};
  return kinds;
}

bool OutletRule::matches(std::string_view value) const {
  if (literal) {
    if (anchored_start && anchored_end) return value == *literal;
    if (anchored_start) return value.starts_with(*literal);
    if (anchored_end) return value.ends_with(*literal);
    return value.find(*literal) != std::string_view::npos;
  }
  if (!compiled) return false;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString input = icu::UnicodeString::fromUTF8(
      icu::StringPiece(value.data(), static_cast<int32_t>(value.size())));
  std::unique_ptr<icu::RegexMatcher> matcher(compiled->matcher(input, status));
  if (U_FAILURE(status)) return false;
  bool found = matcher->find(status);
  return U_SUCCESS(status) && found;
}

OutletTable OutletTable::builtin() {
  OutletTable table;
  table.merge_json(kBuiltinOutletsJson, "built-in outlet table");
  return table;
}

void OutletTable::merge_json(std::string_view json_text, const std::string& origin) {
  Json doc;
  try {
    doc = Json::parse(json_text.begin(), json_text.end());
  } catch (const Json::parse_error& e) {
    std::string msg = e.what();
    size_t colon = msg.find("syntax error");
    throw OutletTableError(
        origin + ":" + std::to_string(line_of(json_text, e.byte ? e.byte - 1 : 0)) +
        ": invalid JSON (" + (colon == std::string::npos ? msg : msg.substr(colon)) + ")");
  }
  if (!doc.is_object()) throw OutletTableError(origin + ":1: the table must be a JSON object");
  auto lines = element_lines(json_text);
  for (const auto& [key, value] : doc.items())
    if (key != "version" && key != "outlets" && key != "rules")
      throw OutletTableError(origin + ": unknown member \"" + key +
                             "\" (expected version, outlets, rules)");

  std::vector<Outlet> added;
  if (doc.contains("outlets")) {
    const Json& list = doc["outlets"];
    if (!list.is_array()) throw OutletTableError(origin + ": \"outlets\" must be an array");
    for (size_t i = 0; i < list.size(); ++i) {
      std::string at = where(origin, lines["outlets"], i);
      const Json& e = list[i];
      if (!e.is_object()) throw OutletTableError(at + ": an outlet must be an object");
      Outlet o;
      o.origin = origin;
      for (const auto& [key, value] : e.items()) {
        if (key == "name")
          o.name = string_member(value, key, at);
        else if (key == "short")
          o.short_name = string_member(value, key, at);
        else if (key == "aliases")
          o.aliases = string_list(value, key, at);
        else if (key == "domains")
          o.domains = string_list(value, key, at);
        else if (key == "kind")
          o.kind = string_member(value, key, at);
        else if (key == "note")
          o.note = string_member(value, key, at);
        else
          throw OutletTableError(at + ": unknown member \"" + key + "\" in outlet");
      }
      if (o.name.empty()) throw OutletTableError(at + ": outlet has no \"name\"");
      if (normalize_name(o.name).empty())
        throw OutletTableError(at + ": outlet name \"" + o.name + "\" has no letters");
      if (o.kind.empty()) o.kind = "other";
      const auto& kinds = outlet_kinds();
      if (std::find(kinds.begin(), kinds.end(), o.kind) == kinds.end())
        throw OutletTableError(at + ": unknown kind \"" + o.kind + "\"");
      for (auto& d : o.domains) {
        d = ascii_lower(d);
        if (d.find('/') != std::string::npos || d.find(' ') != std::string::npos || d.empty())
          throw OutletTableError(at + ": \"" + d + "\" is not a domain name");
      }
      added.push_back(std::move(o));
    }
  }
  for (auto& o : added) {
    std::string key = normalize_name(o.name);
    auto same = std::find_if(outlets_.begin(), outlets_.end(),
                             [&](const Outlet& x) { return normalize_name(x.name) == key; });
    if (same != outlets_.end())
      *same = std::move(o);
    else
      outlets_.push_back(std::move(o));
  }
  index();

  if (doc.contains("rules")) {
    const Json& list = doc["rules"];
    if (!list.is_array()) throw OutletTableError(origin + ": \"rules\" must be an array");
    for (size_t i = 0; i < list.size(); ++i) {
      std::string at = where(origin, lines["rules"], i);
      const Json& e = list[i];
      if (!e.is_object()) throw OutletTableError(at + ": a rule must be an object");
      OutletRule r;
      r.origin = at;
      for (const auto& [key, value] : e.items()) {
        if (key == "field")
          r.field = string_member(value, key, at);
        else if (key == "pattern")
          r.pattern = value.is_string() ? value.get<std::string>() : "";
        else if (key == "outlet")
          r.outlet = string_member(value, key, at);
        else if (key == "case_insensitive" && value.is_boolean())
          r.case_insensitive = value.get<bool>();
        else
          throw OutletTableError(at + ": unknown or mistyped member \"" + key + "\" in rule");
      }
      if (r.field != "title" && r.field != "author" && r.field != "text")
        throw OutletTableError(at + ": rule \"field\" must be \"title\", \"author\" or \"text\"");
      if (r.pattern.empty()) throw OutletTableError(at + ": rule has no \"pattern\"");
      const Outlet* target = find_canonical(r.outlet);
      if (!target) target = find_by_name(r.outlet);
      if (!target) throw OutletTableError(at + ": rule names unknown outlet \"" + r.outlet + "\"");
      r.outlet = target->name;
      UErrorCode status = U_ZERO_ERROR;
      UParseError parse_error;
      icu::UnicodeString pattern = icu::UnicodeString::fromUTF8(r.pattern);
      std::shared_ptr<const icu::RegexPattern> compiled(icu::RegexPattern::compile(
          pattern, r.case_insensitive ? UREGEX_CASE_INSENSITIVE : 0, parse_error, status));
      if (U_FAILURE(status))
        throw OutletTableError(at + ": invalid regular expression \"" + r.pattern + "\" (" +
                               u_errorName(status) + " at offset " +
                               std::to_string(parse_error.offset) + ")");
      r.compiled = std::move(compiled);
      std::string_view body = r.pattern;
      r.anchored_start = body.starts_with('^');
      if (r.anchored_start) body.remove_prefix(1);
      r.anchored_end = body.ends_with('$') && !body.ends_with("\\$");
      if (r.anchored_end) body.remove_suffix(1);
      if (!r.case_insensitive && body.find_first_of("\\.^$|?*+()[]{}") == std::string_view::npos)
        r.literal = std::string(body);
      rules_.push_back(std::move(r));
    }
  }
}

void OutletTable::merge_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw OutletTableError(path.string() + ": cannot read the outlet table");
  std::ostringstream s;
  s << in.rdbuf();
  merge_json(s.str(), path.string());
}

void OutletTable::index() {
  by_name_.clear();
  by_domain_.clear();
  first_tokens_.clear();
  first_pairs_.reset();
  for (size_t i = 0; i < outlets_.size(); ++i) {
    const Outlet& o = outlets_[i];
    auto add = [&](const std::string& spelling) {
      std::string key = normalize_name(spelling);
      if (key.empty()) return;
      by_name_[key].push_back({i, spelling});
      size_t space = key.find(' ');
      std::string first = key.substr(0, space);
      size_t tokens = std::count(key.begin(), key.end(), ' ') + 1;
      auto& longest = first_tokens_[first];
      longest = std::max(longest, tokens);
      if (is_ascii(first)) first_pairs_.set(first_pair(first));
    };
    add(o.name);
    if (!o.short_name.empty()) add(o.short_name);
    for (const auto& a : o.aliases) add(a);
    for (const auto& d : o.domains) by_domain_[d] = i;
  }
}

const Outlet* OutletTable::find_canonical(std::string_view canonical_name) const {
  for (const auto& o : outlets_)
    if (o.name == canonical_name) return &o;
  return nullptr;
}

const Outlet* OutletTable::find_by_name(std::string_view name) const {
  std::string key = normalize_name(name);
  if (key.empty()) return nullptr;
  if (auto it = by_name_.find(key); it != by_name_.end())
    return &outlets_[it->second.front().outlet];
  // Composite names: "Amn - Al-Masdar News | المصدر نيوز", "Al-Masdar News: Syria".
  for (std::string_view sep : {" | ", " - ", " – ", " — ", ": "}) {
    if (name.find(sep) == std::string_view::npos) continue;
    size_t start = 0;
    while (start <= name.size()) {
      size_t at = name.find(sep, start);
      std::string_view part =
          name.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start);
      std::string part_key = normalize_name(part);
      if (auto it = by_name_.find(part_key); !part_key.empty() && it != by_name_.end())
        return &outlets_[it->second.front().outlet];
      if (at == std::string_view::npos) break;
      start = at + sep.size();
    }
  }
  return nullptr;
}

const Outlet* OutletTable::find_by_host(std::string_view host) const {
  std::string h = ascii_lower(host);
  while (!h.empty()) {
    if (auto it = by_domain_.find(h); it != by_domain_.end()) return &outlets_[it->second];
    size_t dot = h.find('.');
    if (dot == std::string::npos) break;
    h.erase(0, dot + 1);
  }
  return nullptr;
}

std::vector<OutletMention> OutletTable::find_mentions(std::string_view text) const {
  std::vector<OutletMention> mentions;
  // Texts longer than 4 GiB are not sentences; their tokens' offsets would not fit.
  if (text.size() > UINT32_MAX) return mentions;
  thread_local std::vector<Token> tokens;
  tokenize(text, tokens);
  std::string first_norm, key, word;
  for (size_t i = 0; i < tokens.size();) {
    if (!starts_proper(text.substr(tokens[i].begin))) {
      ++i;
      continue;
    }
    std::string_view raw = text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
    // An ASCII token normalizes to itself lowercased, so its first two bytes decide.
    if (is_ascii(raw) && !first_pairs_.test(first_pair(raw))) {
      ++i;
      continue;
    }
    norm_of(tokens[i], text, first_norm);
    auto first = first_tokens_.find(first_norm);
    if (first == first_tokens_.end()) {
      ++i;
      continue;
    }
    size_t max_n = std::min(first->second, tokens.size() - i);
    bool found = false;
    for (size_t n = max_n; n >= 1 && !found; --n) {
      key = first_norm;
      for (size_t k = 1; k < n; ++k) {
        norm_of(tokens[i + k], text, word);
        key += ' ';
        key += word;
      }
      auto it = by_name_.find(key);
      if (it == by_name_.end()) continue;
      size_t end = tokens[i + n - 1].end;
      // "the National Defence Forces" is not The National: a name followed by another
      // capitalized word is part of a longer proper noun.
      if (i + n < tokens.size() && tokens[i + n].begin == end + 1 && text[end] == ' ' &&
          starts_upper(text.substr(tokens[i + n].begin)))
        continue;
      std::string_view span = text.substr(tokens[i].begin, end - tokens[i].begin);
      for (const auto& k : it->second) {
        if (is_short_spelling(k.spelling) && span != k.spelling) continue;
        // One-word names written with "The" ("The Independent", "The Mirror") are
        // common words without it.
        if (n == 1 && (k.spelling.starts_with("The ") || k.spelling.starts_with("the "))) {
          if (i > 0) norm_of(tokens[i - 1], text, word);
          if (i == 0 || word != "the") continue;
        }
        mentions.push_back({&outlets_[k.outlet], tokens[i].begin, end});
        i += n;
        found = true;
        break;
      }
    }
    if (!found) ++i;
  }
  return mentions;
}

OutletTable load_outlet_table(const std::optional<std::filesystem::path>& user_file) {
  OutletTable table = OutletTable::builtin();
  std::filesystem::path config;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    config = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home)
    config = std::filesystem::path(home) / ".config";
  if (!config.empty()) {
    auto path = config / "citedex" / "outlets.json";
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) table.merge_file(path);
  }
  if (user_file) table.merge_file(*user_file);
  return table;
}

}  // namespace citedex
