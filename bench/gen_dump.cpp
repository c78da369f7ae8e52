// Deterministic MediaWiki XML dump (export schema 0.10) for the dump benchmark and the
// memory demonstration: pages of wikitext shaped like Wikipedia articles — an infobox,
// a lead, == headings == at two levels, [[links]], bold/italic, text-carrying templates
// ({{convert}}, {{lang}}, {{nowrap}}, {{flagicon}}), dropped ones ({{Use dmy dates}},
// {{main}}), <ref>s with cite web/news/book/journal templates (named refs reused,
// {{sfn}}, {{efn}} notes, {{citation needed}}, dead links), comments, a table, files
// and categories — plus redirects and Talk pages, as in a pages-articles dump. Page
// sizes vary from a stub to ~200 KB. Same arguments, same bytes.
//   gen_dump --size 2G [--seed S] [--out FILE]      (default: standard output)
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

// splitmix64: fast and good enough to vary text.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }
  template <typename T, size_t N>
  const T& pick(const T (&a)[N]) {
    return a[below(N)];
  }
};

const char* const kWords[] = {
    "the",        "forces",    "city",      "army",       "government",
    "offensive",  "of",        "in",        "and",        "a",
    "to",         "was",       "were",      "by",         "on",
    "with",       "after",     "during",    "captured",   "reported",
    "fighting",   "positions", "near",      "region",     "village",
    "airbase",    "militants", "troops",    "attack",     "northern",
    "eastern",    "southern",  "western",   "province",   "district",
    "river",      "supply",    "route",     "ceasefire",  "agreement",
    "talks",      "officials", "civilians", "casualties", "reinforcements",
    "withdrew",   "advanced",  "control",   "strategic",  "important",
    "historic",   "ancient",   "castle",    "oil",        "fields",
    "checkpoint", "operation", "campaign",  "battle",     "siege",
    "several",    "dozens",    "hundreds",  "local",      "sources",
    "monitor",    "according", "statement", "announced",  "spokesman",
    "week",       "month",     "early",     "later",      "following",
    "within",     "around",    "between"};

const char* const kNames[] = {"Palmyra",  "Homs",    "Aleppo",    "Raqqa", "Deir ez-Zor",
                              "Mosul",    "Tadmur",  "Qaryatayn", "Tiyas", "Sukhnah",
                              "Arak",     "Jazal",   "Huwaysis",  "Hama",  "Idlib",
                              "Damascus", "Latakia", "Tartus",    "Daraa", "Hasakah"};

const char* const kOutlets[][2] = {{"Al-Masdar News", "almasdarnews.com"},
                                   {"Reuters", "reuters.com"},
                                   {"BBC News", "bbc.co.uk"},
                                   {"Al Jazeera", "aljazeera.com"},
                                   {"The Guardian", "theguardian.com"},
                                   {"Associated Press", "apnews.com"},
                                   {"Syrian Observatory for Human Rights", "syriahr.com"},
                                   {"Rudaw", "rudaw.net"},
                                   {"ARA News", "aranews.net"},
                                   {"Hindustan Times", "hindustantimes.com"},
                                   {"Xinhua", "xinhuanet.com"},
                                   {"The Telegraph", "telegraph.co.uk"},
                                   {"Voice of America", "voanews.com"},
                                   {"Anadolu Agency", "aa.com.tr"},
                                   {"Local Paper", "example-news.org"}};

const char* const kHeadings[] = {"Background", "Offensive",  "Aftermath", "Casualties",
                                 "Reactions",  "Timeline",   "Prelude",   "Analysis",
                                 "Operations", "Withdrawal", "Legacy",    "Order of battle"};

const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};

const char* const kSurnames[] = {"Fadel",   "Toumaj", "Emmott", "Karam",    "Perry",
                                 "Barnard", "Saad",   "Fahim",  "Loveluck", "Francis"};
const char* const kGiven[] = {"Leith", "Amir",   "Robin",  "Zeina",  "Tom",
                              "Anne",  "Hwaida", "Kareem", "Louisa", "Ellen"};

const char* const kFlags[] = {"Syria", "Russia", "Iran", "Turkey", "Iraq", "Lebanon"};

class Writer {
 public:
  Writer(uint64_t seed, FILE* out) : rng_{seed}, out_(out) {}

  void header() {
    emit(
        "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.10/\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"0.10\" "
        "xml:lang=\"en\">\n  <siteinfo>\n    <sitename>Wikipedia</sitename>\n"
        "    <dbname>enwiki</dbname>\n    <base>https://en.wikipedia.org/wiki/Main_Page</base>\n"
        "    <generator>MediaWiki 1.41.0</generator>\n    <case>first-letter</case>\n"
        "    <namespaces>\n      <namespace key=\"0\" case=\"first-letter\" />\n"
        "      <namespace key=\"1\" case=\"first-letter\">Talk</namespace>\n"
        "      <namespace key=\"10\" case=\"first-letter\">Template</namespace>\n"
        "      <namespace key=\"14\" case=\"first-letter\">Category</namespace>\n"
        "    </namespaces>\n  </siteinfo>\n");
  }

  void footer() { emit("</mediawiki>\n"); }

  // Writes one page (an article, a redirect or a talk page).
  void page() {
    ++id_;
    std::string title = make_title();
    int ns = 0;
    text_.clear();
    bool redirect = false;
    size_t kind = rng_.below(100);
    if (kind < 8) {
      redirect = true;
      text_ = "#REDIRECT [[" + make_title() + "]]\n\n{{Redirect category shell|{{R from move}}}}";
    } else if (kind < 12) {
      ns = 1;
      title = "Talk:" + title;
      talk();
    } else {
      article(title);
    }
    std::string xml;
    xml.reserve(text_.size() + text_.size() / 16 + 600);
    xml += "  <page>\n    <title>";
    escape(title, xml);
    xml += "</title>\n    <ns>" + std::to_string(ns) + "</ns>\n    <id>" + std::to_string(id_) +
           "</id>\n";
    if (redirect) {
      xml += "    <redirect title=\"";
      escape(title, xml);
      xml += "\" />\n";
    }
    xml += "    <revision>\n      <id>" + std::to_string(id_ * 7 + 1000000) +
           "</id>\n      <parentid>" + std::to_string(id_ * 7 + 999000) +
           "</parentid>\n      <timestamp>2023-0" + std::to_string(1 + rng_.below(9)) + "-1" +
           std::to_string(rng_.below(10)) + "T12:" + two(rng_.below(60)) + ":" +
           two(rng_.below(60)) + "Z</timestamp>\n      <contributor>\n        <username>Editor" +
           std::to_string(rng_.below(5000)) + "</username>\n        <id>" +
           std::to_string(rng_.below(900000)) +
           "</id>\n      </contributor>\n      <comment>copyedit</comment>\n"
           "      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
           "      <text bytes=\"" +
           std::to_string(text_.size()) + "\" xml:space=\"preserve\">";
    escape(text_, xml);
    xml +=
        "</text>\n      <sha1>0123456789abcdefghijklmnopqrstu</sha1>\n    </revision>\n"
        "  </page>\n";
    emit(xml);
  }

  uint64_t written() const { return written_; }
  uint64_t pages() const { return id_; }

 private:
  Rng rng_;
  FILE* out_;
  uint64_t written_ = 0, id_ = 0;
  std::string text_;
  int ref_serial_ = 0;

  void emit(std::string_view s) {
    std::fwrite(s.data(), 1, s.size(), out_);
    written_ += s.size();
  }

  static std::string two(size_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

  static void escape(std::string_view s, std::string& out) {
    size_t from = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      const char* rep = s[i] == '&'   ? "&amp;"
                        : s[i] == '<' ? "&lt;"
                        : s[i] == '>' ? "&gt;"
                        : s[i] == '"' ? "&quot;"
                                      : nullptr;
      if (!rep) continue;
      out.append(s.substr(from, i - from));
      out += rep;
      from = i + 1;
    }
    out.append(s.substr(from));
  }

  std::string make_title() {
    std::string t = rng_.pick(kNames);
    t += rng_.chance(50) ? " offensive (" : " clashes (";
    t += kMonths[rng_.below(12)];
    t += " " + std::to_string(2011 + rng_.below(13)) + ")";
    if (rng_.chance(30)) t += " " + std::to_string(id_);
    return t;
  }

  std::string date() {
    return std::to_string(1 + rng_.below(28)) + " " + kMonths[rng_.below(12)] + " " +
           std::to_string(2011 + rng_.below(13));
  }

  void words(size_t n) {
    for (size_t i = 0; i < n; ++i) {
      text_ += ' ';
      text_ += rng_.pick(kWords);
    }
  }

  // One citation template, with CS1 aliases in their several spellings.
  void citation() {
    const auto& outlet = kOutlets[rng_.below(std::size(kOutlets))];
    static const char* const kTemplates[] = {"cite web",          "cite news",    "Cite news",
                                             "cite book",         "cite journal", "citation",
                                             "cite press release"};
    text_ += "{{";
    text_ += rng_.pick(kTemplates);
    text_ += " |url=https://www.";
    text_ += outlet[1];
    text_ += "/news/" + std::to_string(rng_.next() % 100000000) + "-";
    text_ += rng_.pick(kWords);
    text_ += " |title=";
    text_ += rng_.pick(kNames);
    words(4 + rng_.below(6));
    if (rng_.chance(60)) {
      text_ += rng_.chance(50) ? " |last=" : " |author=";
      text_ += rng_.pick(kSurnames);
      text_ += rng_.chance(50) ? " |first=" : " ";
      text_ += rng_.pick(kGiven);
    }
    text_ += " |date=" + date();
    static const char* const kWorkKeys[] = {"work", "website", "newspaper", "publisher", "agency"};
    text_ += " |";
    text_ += rng_.pick(kWorkKeys);
    text_ += "=";
    bool linked = rng_.chance(20);
    if (linked) text_ += "[[";
    text_ += outlet[0];
    if (linked) text_ += "]]";
    text_ += rng_.chance(50) ? " |access-date=" : " |accessdate=";
    text_ += date();
    if (rng_.chance(15)) {
      text_ += " |archive-url=https://web.archive.org/web/20170101000000/https://www.";
      text_ += outlet[1];
      text_ += "/x |archive-date=" + date();
      text_ += rng_.chance(50) ? " |url-status=dead" : " |deadurl=yes";
    }
    if (rng_.chance(10)) text_ += " |language=ar";
    text_ += "}}";
  }

  void ref() {
    int r = static_cast<int>(rng_.below(100));
    if (r < 12 && ref_serial_ > 0) {  // reuse a named ref
      text_ += "<ref name=\"r" + std::to_string(rng_.below(ref_serial_)) + "\" />";
      return;
    }
    if (r < 16) {
      text_ += "{{sfn|" + std::string(rng_.pick(kSurnames)) + "|" +
               std::to_string(2000 + rng_.below(20)) + "|p=" + std::to_string(1 + rng_.below(300)) +
               "}}";
      return;
    }
    if (r < 19) {
      text_ += "{{efn|A note about";
      words(6);
      text_ += ".}}";
      return;
    }
    if (r < 55) {
      text_ += "<ref name=\"r" + std::to_string(ref_serial_++) + "\">";
    } else {
      text_ += "<ref>";
    }
    if (rng_.chance(10)) {
      text_ += "[https://www.";
      text_ += kOutlets[rng_.below(std::size(kOutlets))][1];
      text_ += "/story ";
      words(6);
      text_ += "]";
    } else {
      citation();
    }
    if (rng_.chance(4)) text_ += "{{dead link|date=May 2020}}";
    text_ += "</ref>";
  }

  void sentence() {
    text_ += rng_.chance(50) ? "The" : rng_.pick(kNames);
    words(3 + rng_.below(10));
    switch (rng_.below(9)) {
      case 0:
        text_ += " [[";
        text_ += rng_.pick(kNames);
        text_ += " Governorate|";
        text_ += rng_.pick(kNames);
        text_ += "]]";
        break;
      case 1:
        text_ += " [[";
        text_ += rng_.pick(kNames);
        text_ += "]]";
        break;
      case 2:
        text_ += " {{convert|" + std::to_string(1 + rng_.below(200)) + "|km|mi}}";
        break;
      case 3:
        text_ += " {{lang|ar|";
        text_ += rng_.pick(kNames);
        text_ += "}}";
        break;
      case 4:
        text_ += " '''";
        text_ += rng_.pick(kWords);
        text_ += "''' and ''";
        text_ += rng_.pick(kWords);
        text_ += "''";
        break;
      case 5:
        text_ += " {{nowrap|" + date() + "}}";
        break;
      case 6:
        text_ += " <!-- editors: check this -->";
        break;
      default:
        break;
    }
    words(2 + rng_.below(8));
    text_ += '.';
    int r = static_cast<int>(rng_.below(100));
    if (r < 45) {
      ref();
      if (rng_.chance(25)) ref();
    } else if (r < 48) {
      text_ += "{{citation needed|date=" + std::string(kMonths[rng_.below(12)]) + " 2020}}";
    }
    text_ += ' ';
  }

  void paragraph() {
    size_t n = 2 + rng_.below(7);
    for (size_t i = 0; i < n; ++i) sentence();
    text_.back() = '\n';
    text_ += '\n';
  }

  void infobox(const std::string& title) {
    text_ += "{{Infobox military conflict\n| conflict = " + title +
             "\n| partof = the [[Syrian civil war]]\n| image = Map of " +
             std::string(rng_.pick(kNames)) + ".svg\n| date = " + date() + " – " + date() +
             "\n| place = [[" + rng_.pick(kNames) + "]], {{flagicon|" + rng_.pick(kFlags) + "}} " +
             rng_.pick(kFlags) + "\n| result = ";
    words(5);
    text_ += "\n| combatant1 = {{flagicon|" + std::string(rng_.pick(kFlags)) + "}} [[" +
             rng_.pick(kFlags) + "]]\n| strength1 = " + std::to_string(rng_.below(9000)) +
             " fighters";
    ref();
    text_ += "\n| casualties1 = " + std::to_string(rng_.below(900)) + " killed\n}}\n";
  }

  void article(const std::string& title) {
    ref_serial_ = 0;
    text_ += "{{Short description|Military operation}}\n{{Use dmy dates|date=May 2020}}\n";
    if (rng_.chance(70)) infobox(title);
    text_ += "The '''" + title + "''' was";
    words(8);
    text_ += ".";
    ref();
    text_ += ' ';
    paragraph();
    // Most pages are a few KB; a few are long (up to ~200 KB), as in a real dump.
    size_t size = rng_.below(100);
    size_t sections = size < 50   ? 1 + rng_.below(3)
                      : size < 90 ? 3 + rng_.below(8)
                                  : 10 + rng_.below(70);
    for (size_t s = 0; s < sections; ++s) {
      text_ += "\n== ";
      text_ += kHeadings[s % std::size(kHeadings)];
      text_ += " ==\n";
      if (rng_.chance(20)) text_ += "{{main|" + std::string(rng_.pick(kNames)) + "}}\n";
      if (rng_.chance(10))
        text_ += "[[File:" + std::string(rng_.pick(kNames)) +
                 ".jpg|thumb|right|A caption with [[a link]].]]\n";
      size_t paragraphs = 1 + rng_.below(4);
      for (size_t p = 0; p < paragraphs; ++p) paragraph();
      if (rng_.chance(25)) {
        text_ += "\n=== ";
        text_ += rng_.pick(kNames);
        text_ += " ===\n";
        paragraph();
      }
      if (rng_.chance(8))
        text_ += "{| class=\"wikitable\"\n! Unit !! Strength\n|-\n| A || 100\n|-\n| B || 200\n|}\n";
    }
    text_ +=
        "\n== Notes ==\n{{notelist}}\n\n== References ==\n{{Reflist}}\n\n"
        "== External links ==\n* [https://example.org Official site]\n\n";
    text_ += "[[Category:Conflicts in " + std::to_string(2011 + rng_.below(13)) +
             "]]\n[[Category:Military operations of the Syrian civil war]]\n";
  }

  void talk() {
    text_ += "{{WikiProject Military history|class=C}}\n\n== Sources ==\n";
    words(40);
    text_ += " ~~~~\n";
  }
};

uint64_t parse_size(const char* s) {
  char* end = nullptr;
  double v = std::strtod(s, &end);
  switch (end && *end ? *end : ' ') {
    case 'k':
    case 'K':
      v *= 1e3;
      break;
    case 'm':
    case 'M':
      v *= 1e6;
      break;
    case 'g':
    case 'G':
      v *= 1e9;
      break;
    default:
      break;
  }
  return static_cast<uint64_t>(v);
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t size = 100'000'000, seed = 1;
  const char* out_path = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--size" && i + 1 < argc)
      size = parse_size(argv[++i]);
    else if (arg == "--seed" && i + 1 < argc)
      seed = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--out" && i + 1 < argc)
      out_path = argv[++i];
    else {
      std::fprintf(stderr, "usage: gen_dump [--size 2G] [--seed S] [--out FILE]\n");
      return 2;
    }
  }
  FILE* out = stdout;
  if (out_path && std::strcmp(out_path, "-") != 0) {
    out = std::fopen(out_path, "wb");
    if (!out) {
      std::perror(out_path);
      return 1;
    }
  }
  static char buffer[1 << 20];
  std::setvbuf(out, buffer, _IOFBF, sizeof buffer);
  Writer w(seed, out);
  w.header();
  while (w.written() < size) w.page();
  w.footer();
  if (std::fflush(out) != 0 || (out != stdout && std::fclose(out) != 0)) {
    std::perror("gen_dump: write");
    return 1;
  }
  std::fprintf(stderr, "gen_dump: %llu bytes, %llu pages\n",
               static_cast<unsigned long long>(w.written()),
               static_cast<unsigned long long>(w.pages()));
  return 0;
}
