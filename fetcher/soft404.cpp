#include "fetcher/soft404.h"

#include <algorithm>
#include <functional>
#include <unordered_set>

#include "fetcher/ascii.h"

namespace citedex::fetcher {

namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}

// Removes <tag>…</tag> blocks (script, style) from lowercased HTML.
void drop_blocks(std::string& html, std::string_view tag) {
  std::string open = "<" + std::string(tag), close = "</" + std::string(tag) + ">";
  size_t at = 0;
  while ((at = html.find(open, at)) != std::string::npos) {
    size_t end = html.find(close, at);
    html.erase(at, end == std::string::npos ? std::string::npos : end + close.size() - at);
  }
}

// Words (lowercase runs of letters and non-ASCII) of `s`, digits dropped.
std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> words;
  std::string w;
  for (char c : s) {
    if (c >= '0' && c <= '9') continue;
    if (is_word_char(c)) {
      w += c;
    } else if (!w.empty()) {
      words.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) words.push_back(std::move(w));
  return words;
}

std::string join(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) {
    if (!s.empty()) s += ' ';
    s += w;
  }
  return s;
}

}  // namespace

bool is_not_found_path(std::string_view path) {
  std::string p = ascii_lower(path);
  for (std::string_view needle : {"404", "notfound", "not-found", "not_found", "pagenotfound",
                                  "page-not-found", "/error", "errorpage"}) {
    size_t at = p.find(needle);
    if (at == std::string::npos) continue;
    // "404" must stand alone ("/404", "/404.html", "/err-404"), not inside "/a4045".
    if (needle == "404") {
      bool left = at == 0 || !(p[at - 1] >= '0' && p[at - 1] <= '9');
      bool right = at + 3 >= p.size() || !(p[at + 3] >= '0' && p[at + 3] <= '9');
      if (left && right) return true;
      continue;
    }
    return true;
  }
  return false;
}

bool is_soft404_redirect(std::string_view from_path, std::string_view to_path) {
  auto root = [](std::string_view p) { return p.empty() || p == "/"; };
  if (root(to_path) && !root(from_path)) return true;
  return is_not_found_path(to_path) && !is_not_found_path(from_path);
}

PageSignature page_signature(std::string_view body, const std::vector<std::string>& echoed) {
  std::string html = ascii_lower(body);
  PageSignature sig;
  size_t t = html.find("<title");
  if (t != std::string::npos) {
    size_t start = html.find('>', t);
    size_t end = html.find("</title>", t);
    if (start != std::string::npos && end != std::string::npos && start < end)
      sig.title = join(words_of(std::string_view(html).substr(start + 1, end - start - 1)));
  }
  drop_blocks(html, "script");
  drop_blocks(html, "style");
  std::string text;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') in_tag = true;
    if (!in_tag) text += c;
    if (c == '>') {
      in_tag = false;
      text += ' ';
    }
  }
  std::unordered_set<std::string> drop;
  for (const auto& path : echoed)
    for (auto& w : words_of(ascii_lower(path))) drop.insert(w);
  auto words = words_of(text);
  words.erase(std::remove_if(words.begin(), words.end(),
                             [&](const std::string& w) { return drop.count(w) > 0; }),
              words.end());
  sig.text = join(words);
  if (!sig.title.empty()) {
    auto title_words = words_of(sig.title);
    title_words.erase(std::remove_if(title_words.begin(), title_words.end(),
                                     [&](const std::string& w) { return drop.count(w) > 0; }),
                      title_words.end());
    sig.title = join(title_words);
  }
  return sig;
}

bool same_page(const PageSignature& a, const PageSignature& b) {
  if (a.text == b.text && (!a.text.empty() || a.title == b.title)) return true;
  size_t la = a.text.size(), lb = b.text.size();
  double ratio = std::max(la, lb) == 0 ? 1.0
                                       : static_cast<double>(std::min(la, lb)) /
                                             static_cast<double>(std::max(la, lb));
  if (!a.title.empty() && a.title == b.title && ratio >= 0.9) return true;
  auto shingles = [](const std::string& text) {
    std::unordered_set<size_t> set;
    auto words = words_of(text);
    std::hash<std::string> h;
    for (size_t i = 0; i + 2 < words.size(); ++i)
      set.insert(h(words[i] + ' ' + words[i + 1] + ' ' + words[i + 2]));
    if (words.size() < 3) set.insert(h(text));
    return set;
  };
  auto sa = shingles(a.text), sb = shingles(b.text);
  size_t common = 0;
  for (size_t s : sa) common += sb.count(s);
  size_t all = sa.size() + sb.size() - common;
  return all > 0 && static_cast<double>(common) / static_cast<double>(all) >= 0.9;
}

}  // namespace citedex::fetcher
