// The four readers on small hand-written inputs (reader.h).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "indexer/reader.h"

using namespace citedex;
using Kind = Block::Kind;

namespace {

std::vector<std::string> texts_of(const RawArticle& a, Kind kind) {
  std::vector<std::string> out;
  for (const auto& b : a.blocks)
    if (b.kind == kind) out.push_back(b.text);
  return out;
}

bool has_warning(const RawArticle& a, const std::string& part) {
  for (const auto& w : a.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("reader_for maps shapes to readers", "[readers]") {
  CHECK(reader_for("wikitext-like") == &read_wikitext_like);
  CHECK(reader_for("plain-text") == &read_plain_text);
  CHECK(reader_for("flattened") == &read_flattened);
  CHECK(reader_for("markdown") == &read_markdown);
  CHECK(reader_for("html") == nullptr);
}

// --- wikitext-like ---------------------------------------------------------------

TEST_CASE("wikitext-like: title, headings and levels", "[readers][wikitext-like]") {
  auto a = read_wikitext_like(
      "= Palmyra offensive (2017) =\n\nLead line one.\nLead line two.\n\n==Background==\n"
      "Text.\n\n=== Details ===\nMore.\n\n= Second top =\n");
  CHECK(a.title == "Palmyra offensive (2017)");
  REQUIRE(a.blocks.size() == 6);
  CHECK(a.blocks[0].kind == Kind::paragraph);
  CHECK(a.blocks[0].text == "Lead line one.\nLead line two.");  // line breaks kept
  CHECK(a.hard_line_breaks);
  CHECK(a.blocks[1].kind == Kind::heading);
  CHECK(a.blocks[1].text == "Background");
  CHECK(a.blocks[1].level == 2);
  CHECK(a.blocks[1].level_known);
  CHECK(a.blocks[3].text == "Details");
  CHECK(a.blocks[3].level == 3);
  CHECK(a.blocks[5].text == "Second top");
  CHECK(a.blocks[5].level == 1);
  CHECK(a.references.empty());
}

TEST_CASE("wikitext-like: infobox fields are tidied", "[readers][wikitext-like]") {
  auto a = read_wikitext_like(
      "= T =\n\nInfobox\n- Date: 13 January – 2 March 2017, ()\n"
      "- Combatant1: Syria, , Allied militias:, Hezbollah ---- CJTF–OIR\n"
      "- Units1: Syrian Armed Forces, * Syrian Army, ** 17px Republican Guard\n"
      "- a value without key\n\nLead.\n");
  REQUIRE(a.infobox.size() == 4);
  CHECK(a.infobox[0].key == "Date");
  CHECK(a.infobox[0].value == "13 January – 2 March 2017");
  CHECK(a.infobox[1].key == "Combatant1");
  CHECK(a.infobox[1].value == "Syria, Allied militias:, Hezbollah; CJTF–OIR");
  CHECK(a.infobox[2].value == "Syrian Armed Forces, Syrian Army, Republican Guard");
  CHECK(a.infobox[3].key.empty());
  CHECK(a.infobox[3].value == "a value without key");
  CHECK(texts_of(a, Kind::paragraph) == std::vector<std::string>{"Lead."});
}

TEST_CASE("wikitext-like: list items outside the infobox, boilerplate dropped",
          "[readers][wikitext-like]") {
  auto a = read_wikitext_like(
      "= T =\n\nIntro text.\n- first item\n* second item\nCoordinates: 34°N\n"
      "After[edit] the list.\n");
  CHECK(a.infobox.empty());
  CHECK(texts_of(a, Kind::list_item) == std::vector<std::string>{"first item", "second item"});
  CHECK(texts_of(a, Kind::paragraph) == std::vector<std::string>{"Intro text.", "After the list."});
}

// --- plain-text -------------------------------------------------------------------

namespace {

const char* kPlain =
    "Siege of Example (2016)\n"
    "\n"
    "From Wikipedia the free encyclopedia\n"
    "\n"
    "Siege of Example (2016)\n"
    "Date8–22 December 2016\n"
    "Belligerents\n"
    "Syria Syria\n"
    "\n"
    "The Siege of Example was a military operation launched in December 2016 near the "
    "town.[1][2]\n"
    "\n"
    "\n"
    "The town had been captured in May 2015 by the group after a long battle there.[3]\n"
    "\n"
    "Attack[edit]\n"
    "\n"
    "A photo of the town walls.\n"
    "\n"
    "The attack began on 8 December with heavy shelling of the outer defences.[1]\n"
    "\n"
    "See also[edit]\n"
    "\n"
    "\n"
    "Other siege\n"
    "\n"
    "References[edit]\n"
    "\n"
    "  1. ^ a b Smith (2016). \"Title one\". Outlet.\n"
    "  2. ^\n"
    "  3. ^ Jones (2016). \"Title three\".\n"
    "     Continued on a wrapped line.\n"
    "\n"
    "External links[edit]\n"
    "\n"
    "Official site\n";

}  // namespace

TEST_CASE("plain-text: title, infobox and lead", "[readers][plain-text]") {
  auto a = read_plain_text(kPlain);
  CHECK(a.title == "Siege of Example (2016)");
  REQUIRE(a.infobox.size() == 2);
  CHECK(a.infobox[0].key == "Date");
  CHECK(a.infobox[0].value == "8–22 December 2016");
  CHECK(a.infobox[1].key == "Belligerents");
  CHECK(a.infobox[1].value == "Syria");
  REQUIRE_FALSE(a.blocks.empty());
  CHECK(a.blocks[0].kind == Kind::paragraph);
  CHECK(a.blocks[0].text.starts_with("The Siege of Example was"));
  CHECK(a.blocks[0].text.ends_with("[1][2]"));  // markers kept
}

TEST_CASE("plain-text: reference entries", "[readers][plain-text]") {
  auto a = read_plain_text(kPlain);
  REQUIRE(a.references.size() == 3);
  CHECK(a.references[0].label == "1");
  CHECK(a.references[0].uses == 2);
  CHECK(a.references[0].text == "Smith (2016). \"Title one\". Outlet.");
  CHECK(a.references[1].text.empty());
  CHECK(a.references[2].text == "Jones (2016). \"Title three\". Continued on a wrapped line.");
}

TEST_CASE("plain-text: headings, lost headings, captions, navigation", "[readers][plain-text]") {
  auto a = read_plain_text(kPlain);
  std::vector<const Block*> headings;
  for (const auto& b : a.blocks)
    if (b.kind == Kind::heading) headings.push_back(&b);
  REQUIRE(headings.size() == 5);
  // The double blank line after the lead's first paragraph is a lost heading.
  CHECK(headings[0]->lost);
  CHECK(headings[0]->text.empty());
  CHECK_FALSE(headings[0]->level_known);
  CHECK(headings[1]->text == "Attack");
  CHECK_FALSE(headings[1]->lost);
  CHECK_FALSE(headings[1]->level_known);
  CHECK(headings[2]->text == "See also");
  // After "See also" a double blank line is no lost heading.
  CHECK(headings[3]->text == "References");
  CHECK(headings[4]->text == "External links");  // after the reference list
  // The marker-less one-sentence paragraph under "Attack" is an image caption.
  auto paragraphs = texts_of(a, Kind::paragraph);
  for (const auto& p : paragraphs) CHECK(p.find("photo") == std::string::npos);
  CHECK(paragraphs.size() == 3);
  CHECK(texts_of(a, Kind::list_item) == std::vector<std::string>{"Other siege"});
  for (const auto& p : paragraphs) CHECK(p.find("From Wikipedia") == std::string::npos);
}

TEST_CASE("plain-text: no [edit] headings, no lost headings", "[readers][plain-text]") {
  auto a = read_plain_text(
      "Title\n\nThe Title is a thing that was written about in a great many places.\n\n\n"
      "A second paragraph that is long enough to be a paragraph of prose too.\n");
  CHECK(texts_of(a, Kind::heading).empty());
  CHECK(texts_of(a, Kind::paragraph).size() == 2);
  CHECK(a.references.empty());
}

// --- flattened --------------------------------------------------------------------

namespace {

const char* kFlat =
    "2016 military operation For the later offensive, see Example offensive (2017). "
    "Example offensive (2016) Part of the Syrian Civil War | Date| 8–22 December 2016[4] | "
    "Location| Tadmur, Syria Result| Partial victory v * t * e Syrian Civil War * Battle A * "
    "Battle B The Example offensive was a military operation.[1] It ended in defeat.[2] "
    "## Contents * 1 Background * 2 Offensive * 3 References "
    "## Background[edit] See also: Example offensive (2015) The town had fallen before.[3] "
    "### Details[edit] Palmyra Offensive.svg More details here.[1] "
    "## See also[edit] * Other offensive "
    "## References[edit] 1. ^ a b Smith (2016). \"One\". Outlet. 2. ^ Jones. \"Two\". "
    "3. ^ Lee. \"Three\". ## External links[edit] v * t * e Navbox * Item";

}  // namespace

TEST_CASE("flattened: title, short description, infobox", "[readers][flattened]") {
  auto a = read_flattened(kFlat);
  CHECK(a.title == "Example offensive (2016)");
  CHECK_FALSE(a.hard_line_breaks);
  REQUIRE(a.metadata.size() == 1);
  CHECK(a.metadata[0].first == "short_description");
  CHECK(a.metadata[0].second.items == std::vector<std::string>{"2016 military operation"});
  REQUIRE(a.infobox.size() == 4);
  CHECK(a.infobox[0].key == "Part of");
  CHECK(a.infobox[1].key == "Date");
  CHECK(a.infobox[1].value == "8–22 December 2016[4]");
  CHECK(a.infobox[3].value == "Partial victory");
  CHECK(a.warnings.empty());
}

TEST_CASE("flattened: lead, headings, hatnotes, references", "[readers][flattened]") {
  auto a = read_flattened(kFlat);
  auto paragraphs = texts_of(a, Kind::paragraph);
  REQUIRE(paragraphs.size() == 3);
  CHECK(paragraphs[0] ==
        "The Example offensive was a military operation.[1] It ended in defeat.[2]");
  // The hatnote "See also: Example offensive (2015)" is removed.
  CHECK(paragraphs[1] == "The town had fallen before.[3]");
  CHECK(paragraphs[2].find("More details here.[1]") != std::string::npos);
  std::vector<std::pair<std::string, int>> headings;
  for (const auto& b : a.blocks)
    if (b.kind == Kind::heading) headings.push_back({b.text, b.level});
  REQUIRE(headings.size() == 5);
  CHECK(headings[0] == std::pair<std::string, int>{"Background", 2});
  CHECK(headings[1] == std::pair<std::string, int>{"Details", 3});
  CHECK(headings[2].first == "See also");
  CHECK(headings[3].first == "References");
  CHECK(headings[4].first == "External links");
  REQUIRE(a.references.size() == 3);
  CHECK(a.references[0].uses == 2);
  CHECK(a.references[2].label == "3");
  for (const auto& p : paragraphs) CHECK(p.find("v * t * e") == std::string::npos);
}

TEST_CASE("flattened: no title warns", "[readers][flattened]") {
  auto a = read_flattened("no infobox and no cells here ## Background[edit] Text.");
  CHECK(a.title.empty());
  CHECK(has_warning(a, "no title found"));
}

// --- markdown ---------------------------------------------------------------------

TEST_CASE("markdown: front matter title, headings and levels", "[readers][markdown]") {
  auto a = read_markdown(
      "---\nsubject: Deir ez-Zor offensive\ntags:\n  - a\n---\n\n# Shown title\n\n"
      "Lead line one\nwrapped here.\n\n## Background\n\nText.\n\n### Detail\n\nMore.\n");
  CHECK(a.title == "Deir ez-Zor offensive");
  CHECK(a.metadata.size() == 2);
  CHECK_FALSE(a.hard_line_breaks);
  std::vector<std::pair<std::string, int>> headings;
  for (const auto& b : a.blocks)
    if (b.kind == Kind::heading) headings.push_back({b.text, b.level});
  REQUIRE(headings.size() == 3);
  CHECK(headings[0] == std::pair<std::string, int>{"Shown title", 1});
  CHECK(headings[1] == std::pair<std::string, int>{"Background", 2});
  CHECK(headings[2] == std::pair<std::string, int>{"Detail", 3});
  CHECK(texts_of(a, Kind::paragraph)[0] == "Lead line one wrapped here.");
  CHECK(a.warnings.empty());
}

TEST_CASE("markdown: # title without front matter", "[readers][markdown]") {
  auto a = read_markdown("# The Title\n\nBody.\n");
  CHECK(a.title == "The Title");
  CHECK(texts_of(a, Kind::heading).empty());
  CHECK(texts_of(a, Kind::paragraph) == std::vector<std::string>{"Body."});
}

TEST_CASE("markdown: links and emphasis are stripped", "[readers][markdown]") {
  auto a = read_markdown(
      "# T\n\nThe [Syrian Army](https://en.wikipedia.org/wiki/Syrian_Army) and "
      "**allied** __forces__ used `code` per ![logo](x.png)SOHR.\n\n"
      "It followed the [2017 offensive](https://en.wikipedia.org/wiki/Palmyra_offensive_(2017)) "
      "closely.\n\n"
      "According to *The Guardian* and _Reuters_, snake_case stays, 2*3*4 too.\n\n"
      "Marked[5] text with [a link](u) after.\n");
  auto p = texts_of(a, Kind::paragraph);
  REQUIRE(p.size() == 4);
  CHECK(p[0] == "The Syrian Army and allied forces used code per SOHR.");
  CHECK(p[1] == "It followed the 2017 offensive closely.");
  CHECK(p[2] == "According to The Guardian and Reuters, snake_case stays, 2*3*4 too.");
  CHECK(p[3] == "Marked[5] text with a link after.");
}

TEST_CASE("markdown: list items are list items only in navigation sections",
          "[readers][markdown]") {
  auto a = read_markdown("# T\n\n* A bulleted claim.\n\n## See also\n\n* [Other](u)\n- Another\n");
  CHECK(texts_of(a, Kind::paragraph) == std::vector<std::string>{"A bulleted claim."});
  CHECK(texts_of(a, Kind::list_item) == std::vector<std::string>{"Other", "Another"});
}

TEST_CASE("markdown: [object Object] reference lists are reported", "[readers][markdown]") {
  auto a = read_markdown(
      "# T\n\nBody.\n\n## References [object Object]\n\n## References\n\n[object Object]\n"
      "[object Object][object Object]\n");
  CHECK(a.references.empty());
  REQUIRE(a.warnings.size() == 1);
  CHECK(has_warning(a, "reference list unreadable: 4 \"[object Object]\" entries"));
  // The two "References" headings are one section, without the junk.
  CHECK(texts_of(a, Kind::heading) == std::vector<std::string>{"References"});
  for (const auto& b : a.blocks) CHECK(b.text.find("object") == std::string::npos);
}

TEST_CASE("markdown: readable reference entries are kept", "[readers][markdown]") {
  auto a = read_markdown("# T\n\nBody.[1]\n\n## References\n\n1. ^ Smith. \"Title\".\n");
  REQUIRE(a.references.size() == 1);
  CHECK(a.references[0].text == "Smith. \"Title\".");
  CHECK(a.warnings.empty());
}

TEST_CASE("markdown: front matter errors become warnings", "[readers][markdown]") {
  auto a = read_markdown("---\ntitle: [broken\n---\n# Fallback title\n\nBody.\n");
  REQUIRE(a.warnings.size() == 1);
  CHECK(a.warnings[0].find("front matter is not valid YAML") == 0);
  CHECK(a.title == "Fallback title");
  CHECK(texts_of(a, Kind::paragraph) == std::vector<std::string>{"Body."});
}
