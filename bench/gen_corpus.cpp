// Deterministic benchmark corpus: writes plain-text article copies (the shape of
// fixtures/seeds/003_*.txt: title line, paragraphs with [n] markers, `Heading[edit]`
// lines, `  N. ^ a b TEXT` reference lines) whose sentences and references are
// recombined from the seed copies, with varied titles, places, numbers, dates and
// outlets so the terms differ from article to article. Same arguments, same bytes.
// --references R: about R references per article (1 .. 2R-1) instead of 30 .. 79 (the
// soaks use few, so that a corpus of many articles indexes quickly).
//   gen_corpus --claims N --out DIR [--seed S] [--per-article 200] [--references R] SEED_FILE...
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "indexer/pipeline.h"

namespace fs = std::filesystem;

namespace {

const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};

const char* const kKinds[] = {"offensive", "clashes", "siege",     "battle",
                              "campaign",  "raid",    "ceasefire", "insurgency"};

const char* const kHeadings[] = {"Background",
                                 "Offensive",
                                 "Aftermath",
                                 "Casualties",
                                 "Reactions",
                                 "Timeline",
                                 "Prelude",
                                 "Analysis",
                                 "Losses",
                                 "Diplomatic reactions",
                                 "Operations",
                                 "Withdrawal",
                                 "Humanitarian situation",
                                 "Counteroffensive",
                                 "Legacy"};

const char* const kSyllables[] = {"al", "ra",  "qa",  "sha", "dir", "ma",  "hu",  "zor",
                                  "ta", "bi",  "ka",  "mer", "sa",  "ya",  "dun", "nab",
                                  "ha", "lis", "ka",  "wa",  "tel", "jab", "ru",  "mi",
                                  "da", "far", "kho", "bar", "an",  "iz"};

const char* const kAuthors[] = {"Leith Fadel",     "Amir Toumaj",   "Robin Emmott",
                                "Zeina Karam",     "Tom Perry",     "Suleiman Al-Khalidi",
                                "Anne Barnard",    "Hwaida Saad",   "Kareem Fahim",
                                "Louisa Loveluck", "Ellen Francis", "Raja Abdulrahim"};

struct Material {
  std::vector<std::string> sentences;   // claim texts, markers removed
  std::vector<std::string> ref_titles;  // citation titles
};

// Strips a trailing footnote-free sentence to end with terminal punctuation.
std::string terminated(std::string s) {
  while (!s.empty() && (s.back() == ' ')) s.pop_back();
  if (s.empty()) return s;
  char c = s.back();
  if (c != '.' && c != '!' && c != '?') s += '.';
  return s;
}

size_t count_words(const std::string& s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool w = c != ' ';
    if (w && !in) ++n;
    in = w;
  }
  return n;
}

Material load_material(const std::vector<std::string>& seeds) {
  Material m;
  std::set<std::string> seen_s, seen_r;
  citedex::ParseOptions options;
  for (const auto& path : seeds) {
    citedex::Article a = citedex::parse_file(path, options);
    for (const auto& c : a.claims) {
      if (c.kind != "sentence" || count_words(c.text) < 5) continue;
      // A claim that still holds a bracket would make the copy's markers ambiguous.
      if (c.text.find('[') != std::string::npos || c.text.find(']') != std::string::npos) continue;
      if (seen_s.insert(c.text).second) m.sentences.push_back(c.text);
    }
    for (const auto& r : a.references) {
      std::string t = r.title.empty() ? r.text : r.title;
      if (t.size() < 12 || t.find('"') != std::string::npos || t.find('[') != std::string::npos)
        continue;
      if (seen_r.insert(t).second) m.ref_titles.push_back(t);
    }
  }
  return m;
}

class Generator {
 public:
  Generator(uint64_t seed, Material material, std::vector<std::string> outlets, size_t references)
      : rng_(seed), m_(std::move(material)), outlets_(std::move(outlets)), references_(references) {
    std::set<std::string> names;
    while (names.size() < 6000) {
      std::string n;
      int parts = 2 + pick(2);
      for (int i = 0; i < parts; ++i) n += kSyllables[pick(std::size(kSyllables))];
      n[0] = static_cast<char>(n[0] - 'a' + 'A');
      names.insert(n);
    }
    places_.assign(names.begin(), names.end());
    std::shuffle(places_.begin(), places_.end(), rng_);
  }

  // One article of about `claims` sentences; returns the file text.
  std::string article(size_t claims) {
    const std::string place = places_[pick(places_.size())];
    std::vector<std::string> others;
    for (int i = 0; i < 4; ++i) others.push_back(places_[pick(places_.size())]);
    int year = 1995 + static_cast<int>(pick(30));
    std::string title;
    do {
      title = place + " " + kKinds[pick(std::size(kKinds))] + " (" + kMonths[pick(12)] + " " +
              std::to_string(year) + ")";
    } while (!titles_.insert(title).second);

    // References: cited by the sentences below; uses counted for the "^ a b" letters.
    size_t nrefs = references_ ? 1 + pick(2 * references_ - 1) : 30 + pick(50);
    std::vector<int> uses(nrefs, 0);
    std::string out = title + "\n\nFrom Wikipedia the free encyclopedia\n\n";
    size_t written = 0;
    std::vector<std::string> headings(std::begin(kHeadings), std::end(kHeadings));
    std::shuffle(headings.begin(), headings.end(), rng_);
    size_t section = 0;
    bool lead = true;
    while (written < claims) {
      if (!lead) {
        std::string h = section < headings.size()
                            ? headings[section]
                            : headings[section % headings.size()] + " " + std::to_string(section);
        out += h + "[edit]\n\n";
        ++section;
      }
      size_t paragraphs = lead ? 1 : 2 + pick(4);
      for (size_t p = 0; p < paragraphs && written < claims; ++p) {
        size_t n = std::min(claims - written, lead ? 2 + pick(3) : 3 + pick(6));
        for (size_t i = 0; i < n; ++i) {
          if (i) out += ' ';
          out += terminated(vary(m_.sentences[pick(m_.sentences.size())], place, others, year));
          size_t markers = pick(10) < 7 ? 1 + pick(2) : 0;
          for (size_t k = 0; k < markers; ++k) {
            size_t r = pick(nrefs);
            ++uses[r];
            out += "[" + std::to_string(r + 1) + "]";
          }
        }
        written += n;
        out += "\n\n";
      }
      lead = false;
    }
    out += "References[edit]\n\n";
    for (size_t r = 0; r < nrefs; ++r) {
      out += "  " + std::to_string(r + 1) + ". ^ ";
      for (int u = 0; u < uses[r] && uses[r] > 1 && u < 26; ++u)
        out += std::string(1, static_cast<char>('a' + u)) + " ";
      out += reference(place, others, year) + "\n";
    }
    out += "\nExternal links[edit]\n";
    return out;
  }

 private:
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  std::string date(int year) {
    return std::to_string(1 + pick(28)) + " " + kMonths[pick(12)] + " " + std::to_string(year);
  }

  std::string reference(const std::string& place, const std::vector<std::string>& others,
                        int year) {
    std::string t = vary(m_.ref_titles[pick(m_.ref_titles.size())], place, others, year);
    while (!t.empty() && (t.back() == '.' || t.back() == ' ')) t.pop_back();
    const std::string& work = outlets_[pick(outlets_.size())];
    int y = year + static_cast<int>(pick(2));
    std::string d = date(y);
    switch (pick(3)) {
      case 0:
        return std::string(kAuthors[pick(std::size(kAuthors))]) + " (" + d + "). \"" + t + "\". " +
               work + ". Retrieved " + date(y) + ".";
      case 1:
        return "\"" + t + "\". " + work + ". " + d + ". Retrieved " + date(y) + ".";
      default:
        return "\"" + t + "\". " + work + ". Archived from the original on " + date(y) +
               ". Retrieved " + date(y) + ".";
    }
  }

  // Renames the seeds' places, redraws numbers (years near the article's year).
  std::string vary(const std::string& s, const std::string& place,
                   const std::vector<std::string>& others, int year) {
    static const char* const kSeedPlaces[] = {"Palmyra", "Deir ez-Zor", "Homs",
                                              "Tiyas",   "Raqqa",       "Mosul"};
    std::string out;
    out.reserve(s.size() + 16);
    for (size_t i = 0; i < s.size();) {
      bool replaced = false;
      for (size_t k = 0; k < std::size(kSeedPlaces); ++k) {
        std::string_view p = kSeedPlaces[k];
        if (s.compare(i, p.size(), p) == 0) {
          out += k == 0 ? place : others[k % others.size()];
          i += p.size();
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
      if (s[i] >= '0' && s[i] <= '9') {
        size_t j = i;
        while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
        size_t len = j - i;
        if (len == 4 && (s[i] == '1' || s[i] == '2')) {
          out += std::to_string(year + static_cast<int>(pick(3)) - 1);
        } else {
          std::string n = std::to_string(1 + pick(9));
          for (size_t d = 1; d < len; ++d) n += static_cast<char>('0' + pick(10));
          out += n;
        }
        i = j;
        continue;
      }
      out += s[i++];
    }
    return out;
  }

  std::mt19937_64 rng_;
  Material m_;
  std::vector<std::string> outlets_;
  std::vector<std::string> places_;
  std::set<std::string> titles_;
  size_t references_ = 0;  // 0: 30 .. 79 per article
};

}  // namespace

int main(int argc, char** argv) {
  size_t claims = 1000000, per_article = 200, references = 0;
  uint64_t seed = 20240611;
  std::string out_dir;
  std::vector<std::string> seeds;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--claims" && i + 1 < argc)
      claims = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--per-article" && i + 1 < argc)
      per_article = std::max<size_t>(10, std::strtoull(argv[++i], nullptr, 10));
    else if (arg == "--references" && i + 1 < argc)
      references = std::max<size_t>(1, std::strtoull(argv[++i], nullptr, 10));
    else if (arg == "--seed" && i + 1 < argc)
      seed = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--out" && i + 1 < argc)
      out_dir = argv[++i];
    else
      seeds.push_back(arg);
  }
  if (out_dir.empty() || seeds.empty() || claims == 0) {
    std::fprintf(
        stderr,
        "usage: gen_corpus --claims N --out DIR [--seed S] [--per-article N] [--references R] "
        "SEED...\n");
    return 2;
  }
  Material material = load_material(seeds);
  if (material.sentences.empty() || material.ref_titles.empty()) {
    std::fprintf(stderr, "gen_corpus: the seeds hold no usable sentences or references\n");
    return 3;
  }
  std::vector<std::string> outlets;
  for (const auto& o : citedex::builtin_outlet_table().outlets()) outlets.push_back(o.name);
  std::printf("material: %zu sentences, %zu reference titles, %zu outlets\n",
              material.sentences.size(), material.ref_titles.size(), outlets.size());

  fs::create_directories(out_dir);
  Generator gen(seed, std::move(material), std::move(outlets), references);
  std::mt19937_64 sizes(seed ^ 0x5eed);
  size_t written = 0, files = 0, bytes = 0;
  while (written < claims) {
    // 75%..125% of the mean size; the last article takes what is left.
    size_t n = per_article * 3 / 4 + sizes() % (per_article / 2 + 1);
    n = std::min(n, claims - written);
    std::string text = gen.article(n);
    char name[64];
    std::snprintf(name, sizeof name, "article_%06zu.txt", files);
    std::ofstream f(fs::path(out_dir) / name, std::ios::binary);
    f << text;
    if (!f) {
      std::fprintf(stderr, "gen_corpus: cannot write %s/%s\n", out_dir.c_str(), name);
      return 1;
    }
    written += n;
    bytes += text.size();
    ++files;
  }
  std::printf("wrote %zu articles, %zu sentences, %.1f MB to %s (seed %llu)\n", files, written,
              bytes / 1e6, out_dir.c_str(), static_cast<unsigned long long>(seed));
  return 0;
}
