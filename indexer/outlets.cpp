#include "indexer/outlets.h"

#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "indexer/names.h"
#include "indexer/text_util.h"
#include "indexer/urls.h"

namespace citedex {

namespace {

const Outlet* by_url(const Reference& ref, const OutletTable& table) {
  for (const std::string* url : {&ref.url, &ref.archive_url}) {
    if (url->empty()) continue;
    auto host = url_host(unwrap_archive(*url).url);
    if (!host) continue;
    if (const Outlet* o = table.find_by_host(*host)) return o;
  }
  return nullptr;
}

// The citation text with its title blanked out: an outlet named in a title ("Reuters
// journalist killed") is what the story is about, not who published it.
std::string text_outside_title(const Reference& ref) {
  std::string text = ref.text;
  if (!ref.title.empty()) {
    size_t at = text.find(ref.title);
    if (at != std::string::npos) text.replace(at, ref.title.size(), " ");
  }
  return text;
}

std::string joined_authors(const Reference& ref) {
  std::string s;
  for (const auto& a : ref.authors) s += (s.empty() ? "" : "; ") + a;
  return s;
}

void set(Reference& ref, const Outlet* o, const char* via) {
  ref.outlet = o->name;
  ref.outlet_via = via;
}

// Characters normalize_name turns into a space, as far as titles' first words go.
bool is_title_punctuation(char32_t c) {
  if (c < 0x80)
    return !std::isalnum(static_cast<int>(c)) &&
           std::string_view("+@#$%*=<>^~&").find(static_cast<char>(c)) == std::string_view::npos;
  return (c >= 0x2010 && c <= 0x201F) || c == 0x2212 || c == 0xAB || c == 0xBB || c == 0xA0 ||
         c == 0x2026;
}

// The first word of a title as normalize_name would produce it, computed cheaply:
// leading punctuation and "the" skipped, an ASCII word lowercased. "" when that cannot
// be told without normalizing (the word has other letters, symbols normalize_name
// keeps, or "&", which it spells "and").
std::string first_word_cheaply(std::string_view title) {
  size_t pos = 0;
  for (;;) {
    size_t at = pos;
    char32_t c = 0;
    while (pos < title.size()) {
      at = pos;
      c = next_code_point(title, pos);
      if (!is_title_punctuation(c)) break;
    }
    if (pos >= title.size() && is_title_punctuation(c)) return "";
    if (c >= 0x80 || !std::isalnum(static_cast<int>(c))) return "";
    size_t end = at;
    while (end < title.size() && std::isalnum(static_cast<unsigned char>(title[end]))) ++end;
    if (end < title.size()) {
      size_t p = end;
      char32_t next = next_code_point(title, p);
      if (!is_title_punctuation(next) && !is_space(next)) return "";
    }
    pos = end;
    std::string_view word = title.substr(at, end - at);
    if (word.size() == 3 && std::tolower(static_cast<unsigned char>(word[0])) == 't' &&
        std::tolower(static_cast<unsigned char>(word[1])) == 'h' &&
        std::tolower(static_cast<unsigned char>(word[2])) == 'e')
      continue;
    return ascii_lower(word);
  }
}

// The first word of normalize_name(title): cheaply when it is plain ASCII, else by
// normalizing the first word alone (a word normalizes the same inside its title,
// except "the", which the title drops — then the whole title is normalized).
std::string first_word(std::string_view title) {
  std::string word = first_word_cheaply(title);
  if (!word.empty()) return word;
  std::string_view t = trim(title);
  size_t space = t.find(' ');
  std::string key = normalize_name(t.substr(0, space));
  if (key.empty() || key == "the") key = normalize_name(title);
  return key.substr(0, key.find(' '));
}

bool can_match_title(const Reference& ref) {
  for (const auto& f : ref.flags)
    if (f == "archived-copy-title" || f == "no-title" || f == "empty") return false;
  return !ref.title.empty();
}

}  // namespace

bool resolve_reference_outlet(Reference& ref, const OutletTable& table) {
  ref.outlet.clear();
  ref.outlet_via.clear();
  if (const Outlet* o = by_url(ref, table)) {
    set(ref, o, "url");
    return true;
  }
  const Outlet* work = ref.work.empty() ? nullptr : table.find_by_name(ref.work);
  const Outlet* publisher = ref.publisher.empty() ? nullptr : table.find_by_name(ref.publisher);
  // "Title". chicagotribune.com. Associated Press. — the newspaper ran an agency story;
  // the agency is the source a fact-checker needs.
  if (publisher && publisher->kind == "news-agency" && publisher != work) {
    set(ref, publisher, "agency");
    return true;
  }
  if (work) {
    set(ref, work, "work");
    return true;
  }
  if (publisher) {
    set(ref, publisher, "publisher");
    return true;
  }
  if (!ref.text.empty()) {
    auto mentions = table.find_mentions(text_outside_title(ref));
    if (!mentions.empty()) {
      set(ref, mentions.front().outlet, "text");
      return true;
    }
  }
  for (const auto& rule : table.rules()) {
    std::string author_text;
    std::string_view value;
    if (rule.field == "title")
      value = ref.title;
    else if (rule.field == "author")
      value = author_text = joined_authors(ref);
    else
      value = ref.text;
    if (value.empty() || !rule.matches(value)) continue;
    if (const Outlet* o = table.find_canonical(rule.outlet)) {
      set(ref, o, "rule");
      return true;
    }
  }
  return false;
}

// Resolves the unknown references among `refs` by title; returns how many.
// Normalizing every title costs more than the rest of the outlets stage, so titles are
// first compared by their first word (cheap for ASCII titles), and only titles whose
// first word occurs on both sides, known and unknown, are normalized whole.
size_t resolve_by_title(const std::vector<Reference*>& refs) {
  std::vector<std::pair<Reference*, std::string>> unknown;
  std::unordered_set<std::string> unknown_words;
  for (Reference* ref : refs) {
    if (!ref->outlet.empty() || !can_match_title(*ref)) continue;
    std::string word = first_word(ref->title);
    if (word.empty()) continue;
    unknown_words.insert(word);
    unknown.emplace_back(ref, std::move(word));
  }
  if (unknown.empty()) return 0;
  std::unordered_set<std::string> known_words;
  std::unordered_map<std::string, std::string> known;  // normalized title → outlet
  for (const Reference* ref : refs) {
    if (ref->outlet.empty() || ref->outlet_via == "title" || !can_match_title(*ref)) continue;
    std::string word = first_word(ref->title);
    if (!unknown_words.count(word)) continue;
    known.emplace(normalize_name(ref->title), ref->outlet);
    known_words.insert(std::move(word));
  }
  size_t resolved = 0;
  for (auto& [ref, word] : unknown) {
    if (!known_words.count(word)) continue;
    auto it = known.find(normalize_name(ref->title));
    if (it == known.end()) continue;
    ref->outlet = it->second;
    ref->outlet_via = "title";
    ++resolved;
  }
  return resolved;
}

void resolve_article_outlets(Article& article, const OutletTable& table) {
  std::vector<Reference*> refs;
  for (auto& ref : article.references) {
    resolve_reference_outlet(ref, table);
    refs.push_back(&ref);
  }
  resolve_by_title(refs);
}

size_t resolve_outlets_by_title(std::vector<Article>& articles) {
  std::vector<Reference*> refs;
  for (auto& a : articles)
    for (auto& ref : a.references) refs.push_back(&ref);
  return resolve_by_title(refs);
}

}  // namespace citedex
