#include "indexer/infobox.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace citedex;

namespace {

std::vector<InfoboxField> lines_of(std::vector<std::string_view> lines,
                                   std::string_view title = "Palmyra offensive (December 2016)") {
  return read_infobox_lines(lines, title);
}

}  // namespace

TEST_CASE("infobox_labels: longer labels come before their prefixes", "[infobox]") {
  auto labels = infobox_labels();
  REQUIRE(labels.size() >= 10);
  CHECK(labels[0] == "Part of");
  auto pos = [&](std::string_view l) {
    return std::find(labels.begin(), labels.end(), l) - labels.begin();
  };
  CHECK(pos("Casualties and losses") < pos("Casualties"));
  CHECK(pos("Date") < pos("Location"));
  CHECK(pos("Deaths") < static_cast<long>(labels.size()));
}

TEST_CASE("read_infobox_lines: labels alone key the following lines", "[infobox]") {
  auto f = lines_of({"Belligerents", "Islamic State of Iraq and the Levant", "Syria Syria",
                     "Liwa Fatemiyoun[1]", "Commanders and leaders", "Col. Ali Shaheen[19]"});
  REQUIRE(f.size() == 4);
  CHECK(f[0].key == "Belligerents");
  CHECK(f[0].value == "Islamic State of Iraq and the Levant");
  CHECK(f[1].value == "Syria");               // flag-icon double undone
  CHECK(f[2].value == "Liwa Fatemiyoun[1]");  // markers kept
  CHECK(f[3].key == "Commanders and leaders");
  CHECK(f[3].value == "Col. Ali Shaheen[19]");
}

TEST_CASE("read_infobox_lines: glued labels key only their own line", "[infobox]") {
  auto f = lines_of({"Date8–22 December 2016", "(2 weeks)[4]", "Partial ISIL victory"});
  REQUIRE(f.size() == 2);
  CHECK(f[0].key == "Date");
  CHECK(f[0].value == "8–22 December 2016 (2 weeks)[4]");
  CHECK(f[1].key == "");
  CHECK(f[1].value == "Partial ISIL victory");
}

TEST_CASE("read_infobox_lines: Part of continues over the next lines", "[infobox]") {
  auto f = lines_of({"Part of the Syrian Civil War", "Military intervention against ISIL"});
  REQUIRE(f.size() == 2);
  CHECK(f[0].key == "Part of");
  CHECK(f[0].value == "the Syrian Civil War");
  CHECK(f[1].key == "Part of");
  CHECK(f[1].value == "Military intervention against ISIL");
}

TEST_CASE("read_infobox_lines: skips title, images, captions, bullets", "[infobox]") {
  auto f = lines_of({"Palmyra offensive (December 2016)", "Palmyra Offensive (December 2016).svg",
                     "Map showing the territory captured by ISIL since 8 December 2016.",
                     "Units involved", "  • Hazrat-e Abolfazl Brigade[1]", "•",
                     "Qalamoun Shield Forces infobox logo.png Malek Shafiq Omar [23]",
                     "(Qalamoun Shield commander)"});
  REQUIRE(f.size() == 2);
  CHECK(f[0].key == "Units involved");
  CHECK(f[0].value == "Hazrat-e Abolfazl Brigade[1]");
  CHECK(f[1].value == "Malek Shafiq Omar [23] (Qalamoun Shield commander)");
}

TEST_CASE("read_infobox_lines: a caption right after an image is dropped", "[infobox]") {
  auto f = lines_of({"Deir ez-Zor.jpg", "The city in 2010.", "Strength", "3,000+ fighters[19]"});
  REQUIRE(f.size() == 1);
  CHECK(f[0].key == "Strength");
  CHECK(f[0].value == "3,000+ fighters[19]");
}

TEST_CASE("read_infobox_lines: lines before any label have no key", "[infobox]") {
  auto f = lines_of({"Partial ISIL victory", "Result", "ISIL captures Palmyra"});
  REQUIRE(f.size() == 2);
  CHECK(f[0].key.empty());
  CHECK(f[1].key == "Result");
  CHECK(lines_of({}).empty());
}

TEST_CASE("read_infobox_run: splits a flattened infobox at labels and items", "[infobox]") {
  auto f = read_infobox_run(
      "Part of the Syrian Civil War Map showing the territory captured by ISIL since 8 "
      "December 2016. | Date| 8–22 December 2016 (2 weeks)[4] | Location| Tadmur District, Syria "
      "Result| Partial ISIL victory * ISIL captures Palmyra[5] * Army starts a "
      "counter-offensive[8] Strength 4,000 militants[27]| 3,000+ fighters[19]");
  std::vector<std::pair<std::string, std::string>> got;
  for (auto& x : f) got.push_back({x.key, x.value});
  REQUIRE(got.size() == 8);
  CHECK(got[0] == std::pair<std::string, std::string>{"Part of", "the Syrian Civil War"});
  CHECK(got[1] == std::pair<std::string, std::string>{"Date", "8–22 December 2016 (2 weeks)[4]"});
  CHECK(got[2] == std::pair<std::string, std::string>{"Location", "Tadmur District, Syria"});
  CHECK(got[3] == std::pair<std::string, std::string>{"Result", "Partial ISIL victory"});
  CHECK(got[4] == std::pair<std::string, std::string>{"Result", "ISIL captures Palmyra[5]"});
  CHECK(got[5].second == "Army starts a counter-offensive[8]");
  CHECK(got[6] == std::pair<std::string, std::string>{"Strength", "4,000 militants[27]"});
  CHECK(got[7] == std::pair<std::string, std::string>{"Strength", "3,000+ fighters[19]"});
  for (auto& x : f) CHECK(x.value.find("Map showing") == std::string::npos);
}

TEST_CASE("read_infobox_run: qualifiers and markers close items", "[infobox]") {
  auto f = read_infobox_run(
      "Commanders and leaders Umar As'ad †[17][18] (ISIL top commander) Col. Ali Shaheen[19] "
      "Maj. Gen. Shawkat[19]");
  REQUIRE(f.size() == 3);
  CHECK(f[0].key == "Commanders and leaders");
  CHECK(f[0].value == "Umar As'ad †[17][18] (ISIL top commander)");
  CHECK(f[1].value == "Col. Ali Shaheen[19]");
  CHECK(f[2].value == "Maj. Gen. Shawkat[19]");
}

TEST_CASE("read_infobox_run: no labels gives unkeyed items, label words must stand alone",
          "[infobox]") {
  auto f = read_infobox_run("Liwa Fatemiyoun * Hezbollah * * CJTF–OIR");
  REQUIRE(f.size() == 3);
  CHECK(f[0].key.empty());
  CHECK(f[2].value == "CJTF–OIR");
  // "Dates" is not the label "Date".
  auto g = read_infobox_run("Dates unknown");
  REQUIRE(g.size() == 1);
  CHECK(g[0].key.empty());
  CHECK(g[0].value == "Dates unknown");
}
