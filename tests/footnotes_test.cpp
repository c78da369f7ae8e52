#include "indexer/footnotes.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

using citedex::flag_name;
using citedex::LinkedText;
using citedex::Marker;
using citedex::marker_length_at;
using citedex::parse_marker_at;
using citedex::strip_markers;
using Strings = std::vector<std::string>;

TEST_CASE("marker_length_at recognises footnote labels", "[footnotes]") {
  CHECK(marker_length_at("[5]", 0) == 3);
  CHECK(marker_length_at("x.[35] Y", 2) == 4);
  CHECK(marker_length_at("[a]", 0) == 3);
  CHECK(marker_length_at("[ab]", 0) == 4);
  CHECK(marker_length_at("[note 1]", 0) == 8);
  CHECK(marker_length_at("[nb 12]", 0) == 7);
  CHECK(marker_length_at("[lower-alpha 3]", 0) == 15);
  CHECK(marker_length_at("no bracket", 0) == 0);
  CHECK(marker_length_at("[5]", 1) == 0);
}

TEST_CASE("marker_length_at consumes page suffixes", "[footnotes]") {
  CHECK(marker_length_at("[5]:12 and", 0) == 6);
  CHECK(marker_length_at("[5]:12\u201314 and", 0) == 11);
  CHECK(marker_length_at("[5]:12-14", 0) == 9);
  CHECK(marker_length_at("[5]:iv.", 0) == 6);
  CHECK(marker_length_at("[5]: see", 0) == 3);
  CHECK(marker_length_at("[5]:middle", 0) == 3);
}

TEST_CASE("marker_length_at recognises cleanup flags", "[footnotes]") {
  CHECK(marker_length_at("[citation needed]", 0) == 17);
  CHECK(marker_length_at("[when?]", 0) == 7);
  CHECK(marker_length_at("[dubious \u2013 discuss]", 0) == 21);
  CHECK(marker_length_at("[better source needed]", 0) == 22);
  CHECK(marker_length_at("[sic]", 0) == 5);  // documented choice: a flag
  CHECK(marker_length_at("[abc]", 0) == 5);
}

TEST_CASE("marker_length_at rejects non-markers", "[footnotes]") {
  CHECK(marker_length_at("[+Map]", 0) == 0);
  CHECK(marker_length_at("[1,200]", 0) == 0);
  CHECK(marker_length_at("[edit]", 0) == 0);
  CHECK(marker_length_at("[object Object]", 0) == 0);
  CHECK(marker_length_at("[The Army]", 0) == 0);
  CHECK(marker_length_at("[the army]", 0) == 0);  // editorial insertion, not a tag
  CHECK(marker_length_at("[one two three four five six]", 0) == 0);
  CHECK(marker_length_at("[why? now]", 0) == 0);
  CHECK(marker_length_at("[12345]", 0) == 0);
  CHECK(marker_length_at("[abc1]", 0) == 0);
  CHECK(marker_length_at("[]", 0) == 0);
  CHECK(marker_length_at("[5", 0) == 0);
  CHECK(marker_length_at("[5\n]", 0) == 0);
}

TEST_CASE("parse_marker_at fills kind, value and offsets", "[footnotes]") {
  std::string text = "city.[5]:12 more";
  Marker m = parse_marker_at(text, 5);
  CHECK(m.kind == Marker::Kind::footnote);
  CHECK(m.value == "5");
  CHECK(m.begin == 5);
  CHECK(m.end == 11);

  Marker note = parse_marker_at("[note 1]", 0);
  CHECK(note.kind == Marker::Kind::footnote);
  CHECK(note.value == "note 1");

  Marker flag = parse_marker_at("x[citation needed]", 1);
  CHECK(flag.kind == Marker::Kind::flag);
  CHECK(flag.value == "citation-needed");
  CHECK(flag.end == 18);
}

TEST_CASE("flag_name normalises bracket text", "[footnotes]") {
  CHECK(flag_name("citation needed") == "citation-needed");
  CHECK(flag_name("when?") == "when");
  CHECK(flag_name("dubious \u2013 discuss") == "dubious-discuss");
  CHECK(flag_name("better source needed") == "better-source-needed");
  CHECK(flag_name("clarification needed") == "clarification-needed");
  CHECK(flag_name("according to whom?") == "according-to-whom");
}

TEST_CASE("strip_markers removes markers and collects labels", "[footnotes]") {
  LinkedText mid =
      strip_markers("captured most of the city, including Palmyra Castle,[64] and were");
  CHECK(mid.text == "captured most of the city, including Palmyra Castle, and were");
  CHECK(mid.footnotes == Strings{"64"});
  CHECK(mid.flags.empty());

  LinkedText end = strip_markers("the city.[5][35]");
  CHECK(end.text == "the city.");
  CHECK(end.footnotes == Strings{"5", "35"});

  LinkedText dup = strip_markers("a[5] b[6] c[5][a]:12.");
  CHECK(dup.text == "a b c.");
  CHECK(dup.footnotes == Strings{"5", "6", "a"});

  LinkedText flags = strip_markers("by the Army.[citation needed] On [when?] day[citation needed]");
  CHECK(flags.text == "by the Army. On day");
  CHECK(flags.flags == Strings{"citation-needed", "when"});
  CHECK(flags.footnotes.empty());
}

TEST_CASE("strip_markers leaves no marker that removing a nested one joined", "[footnotes]") {
  // "[ra]" goes first and joins "[my]" (read_wikitext_like fuzzer input).
  LinkedText nested = strip_markers("place = Pla[my[ra]], {{flag|Syria}}");
  CHECK(nested.text == "place = Pla, {{flag|Syria}}");
  CHECK(nested.footnotes == Strings{"ra", "my"});  // short lowercase labels: note groups
  LinkedText deep = strip_markers("a [1[2[3]]] b");
  CHECK(deep.text == "a b");
  CHECK(deep.footnotes == Strings{"3", "2", "1"});
  // With the reader's own list, only listed markers go, and a joined unlisted one stays.
  citedex::WrittenMarkers written;
  written.footnotes = {"2"};
  LinkedText listed = strip_markers("x [1[2]] y", &written);
  CHECK(listed.text == "x [1] y");
  CHECK(listed.footnotes == Strings{"2"});
}

TEST_CASE("strip_markers never joins words nor leaves space before punctuation", "[footnotes]") {
  CHECK(strip_markers("city,[32] launched").text == "city, launched");
  CHECK(strip_markers("word[5]word").text == "word word");
  CHECK(strip_markers("city [5], launched").text == "city, launched");
  CHECK(strip_markers("the end [5].").text == "the end.");
  CHECK(strip_markers("  spaced \n  out[1]  ").text == "spaced out");
  CHECK(strip_markers("map [+Map] and [edit]").text == "map [+Map] and [edit]");
  CHECK(strip_markers("\u0647\u0644[5]\u061F").text == "\u0647\u0644\u061F");
}

TEST_CASE("strip_markers with the labels a reader wrote keeps other brackets as text",
          "[footnotes]") {
  citedex::WrittenMarkers written;
  written.footnotes = {"1", "a"};
  written.flags = {"citation-needed"};
  LinkedText t =
      strip_markers("Next [x] one,[1] then [2] and [a] [sic].[citation needed]", &written);
  CHECK(t.text == "Next [x] one, then [2] and [sic].");
  CHECK(t.footnotes == Strings{"1", "a"});
  CHECK(t.flags == Strings{"citation-needed"});
  // Without the list every bracket that reads like a marker is one.
  LinkedText all = strip_markers("Next [x] one [sic].");
  CHECK(all.footnotes == Strings{"x"});
  CHECK(all.flags == Strings{"sic"});
}
