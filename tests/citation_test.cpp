#include "indexer/citation.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/dates.h"
#include "indexer/reference_list.h"
#include "indexer/text_util.h"

using namespace citedex;

namespace {

Reference parse(const std::string& text) {
  Reference ref;
  ref.label = "1";
  ref.text = text;
  parse_citation(ref);
  return ref;
}

bool has_flag(const Reference& ref, const std::string& flag) {
  return std::find(ref.flags.begin(), ref.flags.end(), flag) != ref.flags.end();
}

}  // namespace

TEST_CASE("author, date, title, work, archive and access dates", "[citation]") {
  auto r = parse(
      "Tomson, Chris (2 March 2017). \"Islamic State retreats from Palmyra amid stunning Syrian "
      "Army offensive\". al-Masdar News. Archived from the original on 2 March 2017. Retrieved 2 "
      "March 2017.");
  CHECK(r.authors == std::vector<std::string>{"Tomson, Chris"});
  CHECK(r.date == "2017-03-02");
  CHECK(r.date_raw == "2 March 2017");
  CHECK(r.title == "Islamic State retreats from Palmyra amid stunning Syrian Army offensive");
  CHECK(r.work == "al-Masdar News");
  CHECK(r.publisher.empty());
  CHECK(r.archive_date == "2017-03-02");
  CHECK(r.archive_date_raw == "2 March 2017");
  CHECK(r.access_date == "2017-03-02");
  CHECK(r.access_date_raw == "2 March 2017");
  CHECK(r.label == "1");
  CHECK(r.flags.empty());
}

TEST_CASE("work followed by publisher", "[citation]") {
  auto r = parse(
      "\"Syrian forces retake historic city of Palmyra from Islamic State\". chicagotribune.com. "
      "Associated Press. 27 March 2016. Retrieved 27 March 2016.");
  CHECK(r.title == "Syrian forces retake historic city of Palmyra from Islamic State");
  CHECK(r.work == "chicagotribune.com");
  CHECK(r.publisher == "Associated Press");
  CHECK(r.date == "2016-03-27");
  CHECK(r.access_date == "2016-03-27");
  CHECK(r.authors.empty());

  auto m = parse(
      "\"Syrian Army liberates new village in Palmyra\". Amn - Al-Masdar News | "
      "\u0627\u0644\u0645\u0635\u062F\u0631 \u0646\u064A\u0648\u0632. Al-Masdar News. 30 December "
      "2016.");
  CHECK(m.work ==
        "Amn - Al-Masdar News | \u0627\u0644\u0645\u0635\u062F\u0631 \u0646\u064A\u0648\u0632");
  CHECK(m.publisher == "Al-Masdar News");
  CHECK(m.date == "2016-12-30");
}

TEST_CASE("language note and non-Latin titles", "[citation]") {
  auto r = parse(
      "\"\u0628\u0627\u0644\u0635\u0648\u0631: \u062D\u0627\u0645\u064A\u0629 "
      "\u0645\u0637\u0627\u0631 "
      "\u0627\u0644\u062A\u064A\u0641\u0648\u0631.. \u0648\u0627\u062E\u0631\" (in Arabic). "
      "Al-Hadath "
      "News. 17 December 2016. Archived from the original on 9 January 2017. Retrieved 18 December "
      "2016.");
  CHECK(r.language == "Arabic");
  CHECK(r.work == "Al-Hadath News");
  CHECK(r.title.ends_with("\u0648\u0627\u062E\u0631"));
  CHECK(r.date == "2016-12-17");
  CHECK(r.archive_date == "2017-01-09");
  CHECK(r.access_date == "2016-12-18");
}

TEST_CASE("quotes inside titles survive", "[citation]") {
  auto r = parse(
      "\"Two pilot officers killed, one of them is a \"brigadier\"\". SOHR. 20 December 2016.");
  CHECK(r.title == "Two pilot officers killed, one of them is a \"brigadier\"");
  CHECK(r.work == "SOHR");
  CHECK(r.date == "2016-12-20");

  auto a = parse(
      "\"\u062A\u0646\u0638\u064A\u0645 \"\u0627\u0644\u062F\u0648\u0644\u0629 "
      "\u0627\u0644\u0625\u0633\u0644\u0627\u0645\u064A\u0629\" "
      "\u064A\u0633\u062A\u0639\u064A\u062F "
      "\u0636\u0627\u062D\u064A\u0629 \u2026 \u0627\u0644\u062C\u0631\u062D\u0649\". SOHR. 11 "
      "December 2016.");
  CHECK(a.title.find("\"\u0627\u0644\u062F\u0648\u0644\u0629") != std::string::npos);
  CHECK(a.title.ends_with("\u0627\u0644\u062C\u0631\u062D\u0649"));
  CHECK(a.work == "SOHR");
  CHECK(a.date == "2016-12-11");
}

TEST_CASE("authors: corporate, joined with and, and without work", "[citation]") {
  auto r = parse(
      "The New Arab & agencies (11 December 2016). \"Islamic State recaptures Palmyra after Syria "
      "army withdrawal\".");
  CHECK(r.authors == std::vector<std::string>{"The New Arab & agencies"});
  CHECK(r.title == "Islamic State recaptures Palmyra after Syria army withdrawal");
  CHECK(r.work.empty());
  CHECK(r.date == "2016-12-11");

  auto two = parse(
      "Arah el Deeb and Zeina Karam (12 December 2016). \"Syria rebels retreat in Aleppo in "
      "'terrifying' collapse\". The Associated Press. Retrieved 12 December 2016.");
  CHECK(two.authors == std::vector<std::string>{"Arah el Deeb", "Zeina Karam"});
  CHECK(two.work == "The Associated Press");
  CHECK(two.title == "Syria rebels retreat in Aleppo in 'terrifying' collapse");

  auto place = parse(
      "Polina Devitt in Moscow and Aleksandar Vasovic (12 December 2016). \"Russia's Lavrov says "
      "Syria talks with US at dead end\". Reuters. Retrieved 12 December 2016.");
  REQUIRE(place.authors.size() == 2);
  CHECK(place.authors[1] == "Aleksandar Vasovic");

  auto semi = parse("Smith, John; Doe, Jane (2017). \"T\". W.");
  CHECK(semi.authors == std::vector<std::string>{"Smith, John", "Doe, Jane"});
  CHECK(semi.date == "2017");

  auto no_date = parse("Smith, John. \"A Title\". The Work.");
  CHECK(no_date.authors == std::vector<std::string>{"Smith, John"});
  CHECK(no_date.title == "A Title");
  CHECK(no_date.work == "The Work");

  auto w = parse(
      "Williams, Sara Elizabeth (10 December 2016). \"Isil retakes historic city of Palmyra\". "
      "Daily Telegraph.");
  CHECK(w.authors == std::vector<std::string>{"Williams, Sara Elizabeth"});
  CHECK(w.work == "Daily Telegraph");
}

TEST_CASE("more CS1 shapes from the seeds", "[citation]") {
  auto y = parse(
      "Yakovlev, Ivan (20 December 2016). \"The fall of Palmyra: Chronology of the events\". "
      "Al-Masdar News.");
  CHECK(y.authors == std::vector<std::string>{"Yakovlev, Ivan"});
  CHECK(y.title == "The fall of Palmyra: Chronology of the events");
  CHECK(y.work == "Al-Masdar News");
  CHECK(y.access_date.empty());

  auto t = parse(
      "Aymenn Jawad Al-Tamimi (24 December 2016). \"The Fifth Legion: A New Auxiliary Force\". "
      "Syria Comment. Retrieved 25 December 2016.");
  CHECK(t.authors == std::vector<std::string>{"Aymenn Jawad Al-Tamimi"});
  CHECK(t.work == "Syria Comment");
  CHECK(t.date == "2016-12-24");
  CHECK(t.access_date == "2016-12-25");

  auto ap = parse(
      "\"The Latest: IS says it shot down Syrian jet near Palmyra\". AP. Retrieved 10 December "
      "2016.");
  CHECK(ap.work == "AP");
  CHECK(ap.date.empty());
  CHECK(ap.access_date == "2016-12-10");

  auto d = parse(
      "Dearden, Lizzie (2 March 2017). \"Isis driven out of ancient Syrian city of Palmyra for "
      "second time\". The Independent. Archived from the original on 24 May 2022.");
  CHECK(d.work == "The Independent");
  CHECK(d.archive_date == "2022-05-24");
  CHECK(d.access_date.empty());

  auto tw = parse("\"Ivan Sidorenko on Twitter\". Archived from the original on 3 April 2017.");
  CHECK(tw.title == "Ivan Sidorenko on Twitter");
  CHECK(tw.work.empty());
  CHECK(tw.archive_date == "2017-04-03");

  auto only = parse("\"ISIS Hunters on Twitter\".");
  CHECK(only.title == "ISIS Hunters on Twitter");
  CHECK(only.work.empty());
  CHECK(only.date.empty());
  CHECK(only.flags.empty());
}

TEST_CASE("bare titles with and without a trailing outlet or date", "[citation]") {
  // Decision: "Title? Outlet, date" splits at the sentence end before the outlet.
  auto who = parse("Who are the pro-Assad militias in Syria? Middle East Eye, 25 September 2015");
  CHECK(who.title == "Who are the pro-Assad militias in Syria?");
  CHECK(who.work == "Middle East Eye");
  CHECK(who.date == "2015-09-25");
  CHECK(who.date_raw == "25 September 2015");

  auto plain = parse("Syrian Army makes massive advances against ISIS in west Palmyra");
  CHECK(plain.title == "Syrian Army makes massive advances against ISIS in west Palmyra");
  CHECK(plain.work.empty());
  CHECK(plain.date.empty());

  auto dated = parse(
      "Attack by the \u201CIslamic State\u201D on sites in the eastern countryside of Homs 8 "
      "January 2017");
  CHECK(dated.title ==
        "Attack by the \u201CIslamic State\u201D on sites in the eastern countryside of Homs");
  CHECK(dated.date == "2017-01-08");
  CHECK(dated.date_raw == "8 January 2017");

  std::string inside =
      "Syrian War Update \u2013 Palmyra Front (February 3, 2017): Pro-Government Breakthrough, "
      "Jihar Liberated";
  auto in_title = parse(inside);
  CHECK(in_title.title == inside);
  CHECK(in_title.date.empty());
  CHECK(in_title.authors.empty());
}

TEST_CASE("flags for empty and archived-copy citations", "[citation]") {
  auto e = parse("");
  CHECK(has_flag(e, "empty"));
  CHECK(e.title.empty());

  auto a = parse(
      "\"Archived copy\". Archived from the original on 9 October 2017. Retrieved 7 January 2017.");
  CHECK(has_flag(a, "archived-copy-title"));
  CHECK(a.archive_date == "2017-10-09");
  CHECK(a.access_date == "2017-01-07");

  auto n = parse("Retrieved 7 January 2017.");
  CHECK(has_flag(n, "no-title"));

  // Parsing twice does not duplicate flags or authors.
  Reference twice;
  twice.text = "\"Archived copy\". Archived from the original on 9 October 2017.";
  parse_citation(twice);
  parse_citation(twice);
  CHECK(twice.flags.size() == 1);
}

TEST_CASE("URLs become url and archive_url", "[citation]") {
  auto r = parse(
      "\"X\". Reuters. https://www.reuters.com/a/b. Archived from the original on 10 December "
      "2016. https://web.archive.org/web/20161210/https://www.reuters.com/a/b");
  CHECK(r.title == "X");
  CHECK(r.work == "Reuters");
  CHECK(r.publisher.empty());
  CHECK(r.url == "https://www.reuters.com/a/b");
  CHECK(r.archive_url == "https://web.archive.org/web/20161210/https://www.reuters.com/a/b");
  CHECK(r.archive_date == "2016-12-10");

  CHECK(parse("\"X\". https://archive.ph/abc1 W.").archive_url == "https://archive.ph/abc1");
  CHECK(parse("\"X\". http://www.webcitation.org/6abc").archive_url ==
        "http://www.webcitation.org/6abc");
  CHECK(parse("\"X\". https://archive.org/wayback/available").archive_url ==
        "https://archive.org/wayback/available");
  auto plain_archive_org = parse("\"X\". https://archive.org/details/book");
  CHECK(plain_archive_org.url == "https://archive.org/details/book");
  CHECK(plain_archive_org.archive_url.empty());
  CHECK(parse("\"X\". W. (https://example.com/a_(b)).").url == "https://example.com/a_(b)");
}

TEST_CASE("every date of the 003 reference list becomes ISO", "[citation][seeds]") {
  std::ifstream in(CITEDEX_SOURCE_DIR "/fixtures/seeds/003_181288a9616d42e9.txt", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  std::vector<Reference> refs;
  for (std::string_view line : split_lines(text)) {
    ReferenceEntry e;
    if (!is_reference_entry_line(line) || !parse_reference_entry(line, e)) continue;
    Reference ref;
    ref.label = e.label;
    ref.uses = e.uses;
    ref.text = e.text;
    parse_citation(ref);
    refs.push_back(ref);
  }
  REQUIRE(refs.size() == 105);
  int missing_access = 0, unconverted = 0, untitled = 0;
  for (const auto& ref : refs) {
    if (ref.text.find("Retrieved") != std::string::npos && ref.access_date.empty()) {
      ++missing_access;
    }
    if (!ref.text.empty() && ref.title.empty()) ++untitled;
    std::string_view rest = ref.text;
    while (auto m = find_date(rest)) {
      std::string_view raw = rest.substr(m->begin, m->end - m->begin);
      bool in_title = ref.title.find(raw) != std::string::npos;
      bool kept = m->iso == ref.date || m->iso == ref.archive_date || m->iso == ref.access_date;
      if (!in_title && !kept) {
        ++unconverted;
        UNSCOPED_INFO("ref " << ref.label << ": " << raw);
      }
      rest.remove_prefix(m->end);
    }
  }
  CHECK(missing_access == 0);
  CHECK(unconverted == 0);
  CHECK(untitled == 0);
  CHECK(refs[1].text.empty());
  CHECK(std::find(refs[1].flags.begin(), refs[1].flags.end(), "empty") != refs[1].flags.end());
  CHECK(refs[18].uses == 8);
  CHECK(refs[18].authors == std::vector<std::string>{"Yakovlev, Ivan"});
  CHECK(refs[102].authors.size() == 2);
  CHECK(refs[103].authors.size() == 2);
  CHECK(refs[16].language == "Arabic");
  CHECK(refs[94].publisher == "Al-Masdar News");
}
