#include "indexer/shape.h"

#include <catch2/catch.hpp>
#include <string>

#include "tests/test_support.h"

using namespace citedex;

TEST_CASE("shapes lists the five shapes in detection priority order", "[shape]") {
  auto all = shapes();
  REQUIRE(all.size() == 5);
  CHECK(all[0].name == "markdown");
  CHECK(all[1].name == "wikitext");
  CHECK(all[2].name == "flattened");
  CHECK(all[3].name == "wikitext-like");
  CHECK(all[4].name == "plain-text");
  for (const auto& s : all) CHECK_FALSE(s.description.empty());
}

TEST_CASE("is_known_shape accepts exactly the listed names", "[shape]") {
  CHECK(is_known_shape("markdown"));
  CHECK(is_known_shape("flattened"));
  CHECK(is_known_shape("wikitext-like"));
  CHECK(is_known_shape("plain-text"));
  CHECK(is_known_shape("wikitext"));
  CHECK_FALSE(is_known_shape("Markdown"));
  CHECK_FALSE(is_known_shape("mediawiki"));
  CHECK_FALSE(is_known_shape(""));
}

TEST_CASE("detect_shape: YAML front matter means markdown", "[shape]") {
  auto g = detect_shape("---\ntitle: X\n---\n\n= Not a heading =\n");
  CHECK(g.shape == "markdown");
  CHECK(g.reason == "YAML front matter");
  CHECK(detect_shape("---\r\ntitle: X\r\n---\r\n").shape == "markdown");
}

TEST_CASE("detect_shape: one very long line means flattened", "[shape]") {
  std::string line;
  while (line.size() < 2500) line += "Palmyra offensive text [1] ## Background[edit] ";
  auto g = detect_shape(line);
  CHECK(g.shape == "flattened");
  CHECK(g.reason == "one very long line");
  // Many lines keep it out of flattened even with one long line.
  std::string many = line + "\nA\n\nB\n\nC\n\nD\n";
  CHECK(detect_shape(many).shape != "flattened");
  // A short single line is not flattened.
  CHECK(detect_shape("Just one short line.").shape == "plain-text");
}

TEST_CASE("detect_shape: = heading = lines mean wikitext-like", "[shape]") {
  auto g = detect_shape("= Title =\n\nLead.\n\n==Background==\nText.\n");
  CHECK(g.shape == "wikitext-like");
  CHECK(g.reason == "= heading = lines");
  // "====" alone is a rule, not a heading.
  CHECK(detect_shape("====\nText\n").shape == "plain-text");
}

TEST_CASE("detect_shape: # headings without front matter mean markdown", "[shape]") {
  auto g = detect_shape("# Title\n\nLead.\n\n## Background\n\nText.\n");
  CHECK(g.shape == "markdown");
  CHECK(g.reason == "# headings");
  // "#hashtag" is no heading.
  CHECK(detect_shape("#hashtag\ntext\n").shape == "plain-text");
  // More markdown headings than wikitext ones: not wikitext-like.
  CHECK(detect_shape("# A\n## B\n== C ==\n").shape == "markdown");
}

TEST_CASE("detect_shape: [edit] headings or ^ entries mean plain-text", "[shape]") {
  auto edit = detect_shape("Title\n\nLead.\n\nBackground[edit]\n\nText.\n");
  CHECK(edit.shape == "plain-text");
  CHECK(edit.reason == "[edit] headings or ^ reference lines");
  CHECK(detect_shape("Title\n\nText.[1]\n\n  1. ^ a b Ref.\n").reason ==
        "[edit] headings or ^ reference lines");
  // [edit] headings win over markdown headings.
  CHECK(detect_shape("# Title\nBackground[edit]\n").shape == "plain-text");
  CHECK(detect_shape("").reason == "no distinctive structure");
}

TEST_CASE("detect_shape recognises every seed", "[shape][seeds]") {
  using citedex::testing::fixture;
  using citedex::testing::read_file;
  CHECK(detect_shape(read_file(fixture("seeds/000_94f44c9d361cf4c1.txt"))).shape ==
        "wikitext-like");
  CHECK(detect_shape(read_file(fixture("seeds/001_7ba5000a254c49cc.txt"))).shape == "plain-text");
  CHECK(detect_shape(read_file(fixture("seeds/002_e8978a0c9fffe3dd.txt"))).shape == "flattened");
  CHECK(detect_shape(read_file(fixture("seeds/003_181288a9616d42e9.txt"))).shape == "plain-text");
  CHECK(detect_shape(read_file(fixture("seeds/004_e8a361f7f028ea89.txt"))).shape == "markdown");
}

TEST_CASE("detect_shape: wikitext needs links or ref tags, not cite residue", "[shape]") {
  CHECK(detect_shape("The X was [[Y]].<ref>{{cite web|title=Z}}</ref>\n== A ==\n").shape ==
        "wikitext");
  CHECK(detect_shape("A [[link]] and [[another]] and [[third]].").shape == "wikitext");
  std::string flat(3000, 'a');
  flat += " Retrieved 2016.`{{cite web}}`: CS1 maint `{{cite web}}`: x `{{cite web}}`: y";
  CHECK(detect_shape(flat).shape == "flattened");
  CHECK(detect_shape("== H ==\n{{a}} {{b}} {{c}}\n").shape != "wikitext");
}
