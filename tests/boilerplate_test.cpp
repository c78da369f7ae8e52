#include "indexer/boilerplate.h"

#include <catch2/catch.hpp>
#include <string>

using namespace citedex;

TEST_CASE("is_boilerplate_line: page furniture", "[boilerplate]") {
  CHECK(is_boilerplate_line("From Wikipedia, the free encyclopedia"));
  CHECK(is_boilerplate_line("  From Wikipedia the free encyclopedia  "));
  CHECK(is_boilerplate_line("Jump to navigation Jump to search"));
  CHECK(is_boilerplate_line("Coordinates: 34°33′N 38°16′E"));
  CHECK(is_boilerplate_line("*[v]: View this template"));
  CHECK(is_boilerplate_line("This page was last edited on 1 May 2023"));
  CHECK(is_boilerplate_line("CS1 maint: archived copy as title (link)"));
  CHECK(is_boilerplate_line("© 2023 Some Mirror"));
  CHECK(is_boilerplate_line("Copyright 2023 Some Mirror"));
  CHECK(is_boilerplate_line("Mirror Inc. All rights reserved."));
  CHECK(is_boilerplate_line("v * t * e Syrian Civil War"));
  CHECK(is_boilerplate_line("v"));
  CHECK(is_boilerplate_line("Contents"));
  CHECK(is_boilerplate_line("## Contents"));
  CHECK(is_boilerplate_line("[hide]"));
  CHECK(is_boilerplate_line("Palmyra Offensive (December 2016).svg"));
}

TEST_CASE("is_boilerplate_line: article content is kept", "[boilerplate]") {
  CHECK_FALSE(is_boilerplate_line(""));
  CHECK_FALSE(is_boilerplate_line("   "));
  CHECK_FALSE(is_boilerplate_line("The army captured Palmyra."));
  CHECK_FALSE(is_boilerplate_line("Contents of the warehouse were burned."));
  CHECK_FALSE(is_boilerplate_line("vote"));
  // A long sentence mentioning rights is content.
  CHECK_FALSE(is_boilerplate_line(
      "The statement said that all parties must respect the rights of civilians, and added that "
      "it had no intention of claiming that All rights reserved to the state were absolute in any "
      "sense of the word whatsoever."));
}

TEST_CASE("is_image_file_name", "[boilerplate]") {
  CHECK(is_image_file_name("Palmyra Offensive (December 2016).svg"));
  CHECK(is_image_file_name("Qalamoun Shield Forces infobox logo.png"));
  CHECK(is_image_file_name("Photo.JPEG"));
  CHECK_FALSE(is_image_file_name("Palmyra Offensive (December 2016)"));
  CHECK_FALSE(
      is_image_file_name("The file was saved as a.svg but it was not one of the images "
                         "that the page had shown before this.svg"));
}

TEST_CASE("looks_like_map_caption", "[boilerplate]") {
  CHECK(looks_like_map_caption("Map showing the territory captured by ISIL since 8 December."));
  CHECK(looks_like_map_caption("Location of Palmyra within Syria"));
  CHECK(looks_like_map_caption(
      "Situation in southern Syria; Government advances are shown at the top of the map."));
  CHECK(looks_like_map_caption("Government-held areas shown in red"));
  CHECK_FALSE(looks_like_map_caption("The army mapped the area."));
  CHECK_FALSE(looks_like_map_caption("Mapping the city took weeks."));
}

TEST_CASE("parse_edit_heading", "[boilerplate]") {
  std::string h = "unchanged";
  CHECK(parse_edit_heading("Background[edit]", h));
  CHECK(h == "Background");
  CHECK(parse_edit_heading("  ## Attack on Tiyas Airbase [edit]  ", h));
  CHECK(h == "Attack on Tiyas Airbase");
  h = "unchanged";
  CHECK_FALSE(parse_edit_heading("[edit]", h));
  CHECK_FALSE(parse_edit_heading("Background", h));
  CHECK_FALSE(parse_edit_heading("Background[edit] more", h));
  CHECK(h == "unchanged");
}

TEST_CASE("strip_inline_boilerplate", "[boilerplate]") {
  CHECK(strip_inline_boilerplate("Background[edit] text") == "Background text");
  CHECK(strip_inline_boilerplate("** 17px Republican Guard") == "** Republican Guard");
  CHECK(strip_inline_boilerplate("a 17px") == "a ");
  CHECK(strip_inline_boilerplate("width 17pxs stays") == "width 17pxs stays");
  CHECK(strip_inline_boilerplate("px and 3px") == "px and ");
  CHECK(strip_inline_boilerplate("Title. CS1 maint: archived copy as title (link) Next") ==
        "Title.  Next");
  CHECK(strip_inline_boilerplate("Title. `{{cite web}}`: CS1 maint: extra text (link)") ==
        "Title. ");
  CHECK(strip_inline_boilerplate("Text. *[v]: View this template *[t]: Discuss") == "Text. ");
  CHECK(strip_inline_boilerplate("Palmyra is a city. Coordinates: 34°N 38°E") ==
        "Palmyra is a city.");
  CHECK(strip_inline_boilerplate("Nothing to strip here.") == "Nothing to strip here.");
}

TEST_CASE("navbox_run_end", "[boilerplate]") {
  std::string_view s = "lead v * t * e A * B * C ## Background[edit] text";
  size_t v = s.find("v * t * e");
  CHECK(navbox_run_end(s, v) == s.find("## "));
  std::string_view tail = "v * t * e A * B";
  CHECK(navbox_run_end(tail, 0) == tail.size());
}

TEST_CASE("hatnote_length", "[boilerplate]") {
  std::string_view a = "See also: Palmyra offensive (2017) Sporadic clashes continued.";
  CHECK(a.substr(hatnote_length(a)) == " Sporadic clashes continued.");
  std::string_view b = "Main article: Siege of Deir ez-Zor. The siege went on.";
  CHECK(b.substr(hatnote_length(b)) == " The siege went on.");
  std::string_view c = "Further information: Casualties";
  CHECK(hatnote_length(c) == c.size());
  std::string_view d = "  See also: X (2017) Text";
  CHECK(d.substr(hatnote_length(d)) == " Text");
  // Trailing whitespace must not shift the end of the hatnote.
  std::string_view e = "  See also: X (2017) Text   ";
  CHECK(e.substr(hatnote_length(e)) == " Text   ");
  CHECK(hatnote_length("The army saw also: X (2017)") == 0);
  CHECK(hatnote_length("") == 0);
}

TEST_CASE("is_navigation_section", "[boilerplate]") {
  CHECK(is_navigation_section("See also"));
  CHECK(is_navigation_section("External links"));
  CHECK(is_navigation_section(" References "));
  CHECK(is_navigation_section("NOTES"));
  CHECK(is_navigation_section("Further reading"));
  CHECK(is_navigation_section("Notes and references"));
  CHECK_FALSE(is_navigation_section("Background"));
  CHECK_FALSE(is_navigation_section("References to the siege"));
  CHECK_FALSE(is_navigation_section(""));
}
