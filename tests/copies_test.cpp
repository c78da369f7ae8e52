#include "indexer/copies.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace citedex;

namespace {

Section known(const std::string& heading, int level = 2, bool level_known = true) {
  Section s;
  s.heading = heading;
  s.level = level;
  s.level_known = level_known;
  return s;
}

Section lost() {
  Section s;
  s.level_known = false;
  s.heading_from = "lost";
  return s;
}

Article article(const std::string& source, const std::string& title,
                std::vector<Section> sections) {
  Article a;
  a.source = source;
  a.title = title;
  a.sections = std::move(sections);
  return a;
}

Claim claim_in(int section_index) {
  Claim c;
  c.kind = "sentence";
  c.section_index = section_index;
  c.text = "Something happened.";
  return c;
}

}  // namespace

TEST_CASE("copy_key folds case and spaces", "[copies]") {
  CHECK(copy_key(article("a", "  Palmyra   Offensive (2017) ", {})) == "palmyra offensive (2017)");
  CHECK(copy_key(article("a", "Palmyra offensive (2017)", {})) !=
        copy_key(article("b", "Palmyra offensive (2016)", {})));
}

TEST_CASE("recover_lost_headings: a run of lost headings between anchors", "[copies]") {
  std::vector<Article> copies{
      article("text.txt", "Palmyra offensive",
              {known("Background", 2, false), lost(), lost(), known("Aftermath", 2, false)}),
      article("flat.txt", "palmyra  OFFENSIVE",
              {known("Background"), known("Offensive"), known("Capture", 3), known("Aftermath")}),
  };
  copies[0].claims = {claim_in(1), claim_in(2), claim_in(-1)};
  CHECK(recover_lost_headings(copies) == 2);
  const auto& s = copies[0].sections;
  CHECK(s[1].heading == "Offensive");
  CHECK(s[1].heading_from == "recovered");
  CHECK(s[1].level == 2);
  CHECK(s[2].heading == "Capture");
  CHECK(s[2].level == 3);
  CHECK(s[2].level_known);
  CHECK(s[0].heading_from == "source");
  // Levels of known headings come from the donor too.
  CHECK(s[0].level_known);
  CHECK(s[3].level_known);
  CHECK(copies[0].claims[0].section == "Offensive");
  CHECK(copies[0].claims[1].section == "Capture");
  CHECK(copies[0].claims[2].section.empty());
  REQUIRE(copies[0].warnings.size() == 1);
  CHECK(copies[0].warnings[0] == "recovered 2 lost section headings from flat.txt");
  // The donor is untouched.
  CHECK(copies[1].warnings.empty());
  CHECK(copies[1].sections[1].heading_from == "source");
}

TEST_CASE("recover_lost_headings: runs at the start and the end", "[copies]") {
  std::vector<Article> copies{
      article("t", "X", {lost(), known("Middle"), lost()}),
      article("d", "X", {known("First"), known("Middle"), known("Last", 3)}),
  };
  CHECK(recover_lost_headings(copies) == 2);
  CHECK(copies[0].sections[0].heading == "First");
  CHECK(copies[0].sections[2].heading == "Last");
  CHECK(copies[0].sections[2].level == 3);
  CHECK(copies[0].warnings.at(0) == "recovered 2 lost section headings from d");
}

TEST_CASE("recover_lost_headings: count mismatch recovers nothing", "[copies]") {
  std::vector<Article> copies{
      article("t", "X", {known("A"), lost(), known("C")}),
      article("d", "X", {known("A"), known("B1"), known("B2"), known("C")}),
  };
  CHECK(recover_lost_headings(copies) == 0);
  CHECK(copies[0].sections[1].heading.empty());
  CHECK(copies[0].sections[1].heading_from == "lost");
  CHECK(copies[0].warnings.empty());
}

TEST_CASE("recover_lost_headings: missing anchor recovers nothing", "[copies]") {
  std::vector<Article> copies{
      article("t", "X", {known("A"), lost(), known("C")}),
      article("d", "X", {known("A"), known("B"), known("Z")}),
  };
  CHECK(recover_lost_headings(copies) == 0);
  CHECK(copies[0].sections[1].heading_from == "lost");
}

TEST_CASE("recover_lost_headings: different titles recover nothing", "[copies]") {
  std::vector<Article> copies{
      article("t", "Palmyra offensive (2016)", {known("A"), lost(), known("C")}),
      article("d", "Palmyra offensive (2017)", {known("A"), known("B"), known("C")}),
  };
  CHECK(recover_lost_headings(copies) == 0);
  CHECK(copies[0].sections[1].heading.empty());
  CHECK(copies[0].warnings.empty());
}

TEST_CASE("recover_lost_headings: donors with lost headings are not used", "[copies]") {
  std::vector<Article> copies{
      article("t", "X", {known("A"), lost(), known("C")}),
      article("d", "X", {known("A"), known("B"), lost(), known("C")}),
  };
  CHECK(recover_lost_headings(copies) == 0);
  CHECK(copies[0].sections[1].heading_from == "lost");
  CHECK(copies[1].sections[2].heading_from == "lost");
}

TEST_CASE("recover_lost_headings: levels taken for level_known=false", "[copies]") {
  std::vector<Article> copies{
      article("t", "X",
              {known("Background", 2, false), known("capture", 2, false),
               known("Only here", 2, false)}),
      article("d", "X", {known("Background", 2), known("Capture", 3)}),
  };
  CHECK(recover_lost_headings(copies) == 0);  // no headings recovered, only levels
  const auto& s = copies[0].sections;
  CHECK(s[0].level_known);
  CHECK(s[1].level == 3);  // matched case-insensitively
  CHECK(s[1].level_known);
  CHECK(s[1].heading == "capture");  // the text stays as this copy has it
  CHECK_FALSE(s[2].level_known);
  CHECK(copies[0].warnings.empty());
}

TEST_CASE("recover_lost_headings: levels unknown in the donor are not taken", "[copies]") {
  std::vector<Article> copies{
      article("t", "X", {known("Background", 2, false)}),
      article("d", "X", {known("Background", 4, false)}),
  };
  recover_lost_headings(copies);
  CHECK_FALSE(copies[0].sections[0].level_known);
  CHECK(copies[0].sections[0].level == 2);
}
