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

// find_by_name per distinct spelling: an article cites the same work ("Al-Masdar News")
// dozens of times, and normalizing the name is most of a lookup's cost. The views point
// into the references being resolved, which outlive the cache.
class NameLookup {
 public:
  explicit NameLookup(const OutletTable& table) : table_(table) {}
  const Outlet* find(std::string_view name) {
    if (name.empty()) return nullptr;
    auto [it, inserted] = cache_.try_emplace(name, nullptr);
    if (inserted) it->second = table_.find_by_name(name);
    return it->second;
  }

 private:
  const OutletTable& table_;
  std::unordered_map<std::string_view, const Outlet*> cache_;
};

bool can_match_title(const Reference& ref) {
  for (const auto& f : ref.flags)
    if (f == "archived-copy-title" || f == "no-title" || f == "empty") return false;
  return !ref.title.empty();
}

bool resolve_one(Reference& ref, const OutletTable& table, NameLookup& names) {
  ref.outlet.clear();
  ref.outlet_via.clear();
  if (const Outlet* o = by_url(ref, table)) {
    set(ref, o, "url");
    return true;
  }
  const Outlet* work = names.find(ref.work);
  const Outlet* publisher = names.find(ref.publisher);
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

}  // namespace

bool resolve_reference_outlet(Reference& ref, const OutletTable& table) {
  NameLookup names(table);
  return resolve_one(ref, table, names);
}

// Resolves the unknown references among `refs` by title; returns how many.
// Normalizing every title costs more than the rest of the outlets stage, so titles are
// first compared by title_match_key (one pass over plain ASCII titles, no allocation), and
// only titles whose key occurs on both sides, known and unknown, are normalized.
size_t resolve_by_title(const std::vector<Reference*>& refs) {
  std::vector<std::pair<Reference*, uint64_t>> unknown;
  std::unordered_set<uint64_t> unknown_keys;
  for (Reference* ref : refs) {
    if (!ref->outlet.empty() || !can_match_title(*ref)) continue;
    uint64_t key = normalized_name_key(ref->title);
    unknown_keys.insert(key);
    unknown.emplace_back(ref, key);
  }
  if (unknown.empty()) return 0;
  std::unordered_set<uint64_t> known_keys;
  std::unordered_map<std::string, std::string> known;  // normalized title → outlet
  for (const Reference* ref : refs) {
    if (ref->outlet.empty() || ref->outlet_via == "title" || !can_match_title(*ref)) continue;
    uint64_t key = normalized_name_key(ref->title);
    if (!unknown_keys.count(key)) continue;
    known.emplace(normalize_name(ref->title), ref->outlet);
    known_keys.insert(key);
  }
  size_t resolved = 0;
  for (auto& [ref, key] : unknown) {
    if (!known_keys.count(key)) continue;
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
  NameLookup names(table);
  for (auto& ref : article.references) {
    resolve_one(ref, table, names);
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
