#include "indexer/sentences.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

using citedex::SegmentOptions;
using citedex::split_sentences;
using Strings = std::vector<std::string>;

namespace {

Strings split(std::string_view text, bool line_breaks = true) {
  SegmentOptions options;
  options.line_breaks_are_boundaries = line_breaks;
  Strings out;
  for (const auto& span : split_sentences(text, options)) {
    out.emplace_back(text.substr(span.begin, span.end - span.begin));
  }
  return out;
}

}  // namespace

TEST_CASE("markers after the final punctuation stay with the sentence", "[sentences]") {
  CHECK(split("of the city.[5][35] ISIL previously controlled the city.") ==
        Strings{"of the city.[5][35]", "ISIL previously controlled the city."});
  CHECK(split("by the Army.[citation needed] Early on 11 December, it fell.") ==
        Strings{"by the Army.[citation needed]", "Early on 11 December, it fell."});
  CHECK(split("of Palmyra.[49][50][51][52][53] The group also") ==
        Strings{"of Palmyra.[49][50][51][52][53]", "The group also"});
  CHECK(split("a claim.[5]:12 Then more.") == Strings{"a claim.[5]:12", "Then more."});
  CHECK(split("spaced. [5] Next one") == Strings{"spaced. [5]", "Next one"});
  CHECK(split("glued.[5]Next one") == Strings{"glued.[5]", "Next one"});
}

TEST_CASE("markers and flags mid-sentence do not break", "[sentences]") {
  CHECK(split("ISIL claimed to had shot it down,[61] while the Syrian Observatory said no.") ==
        Strings{"ISIL claimed to had shot it down,[61] while the Syrian Observatory said no."});
  CHECK(split("It happened [when?] in the spring.") ==
        Strings{"It happened [when?] in the spring."});
  CHECK(split("He was [dubious \u2013 discuss] There.").size() == 1);
}

TEST_CASE("titles, ranks and common abbreviations never end a sentence", "[sentences]") {
  CHECK(split("Maj. Gen. Suheil al-Hassan led it.").size() == 1);
  CHECK(split("Brig. Gen. Hussein Khader died.").size() == 1);
  CHECK(split("Col. Ali Shaheen and Lt. Col. Omar Hamdan fled.").size() == 1);
  CHECK(split("Dr. Young met Mr. Zed in St. Petersburg.").size() == 1);
  CHECK(split("It sent c. 1,200 Liwa Fatemiyoun fighters.").size() == 1);
  CHECK(split("See pp. 12\u201314 and p. 7.").size() == 1);
  CHECK(split("Apple Inc. Founders met Martin Luther King Jr. Today.").size() == 1);
  CHECK(split("Cities, e.g. Homs, and others, i.e. Hama.").size() == 1);
  CHECK(split("Smith vs. Jones was decided.").size() == 1);
}

TEST_CASE("numeric abbreviations need a number after them", "[sentences]") {
  CHECK(split("Squadron No. 5 flew.").size() == 1);
  CHECK(split("On Jan. 5 it began.").size() == 1);
  CHECK(split("He said No. Then he left.") == Strings{"He said No.", "Then he left."});
  CHECK(split("It ended in Jan. The next year came.").size() == 2);
}

TEST_CASE("etc. ends a sentence only before a capital", "[sentences]") {
  CHECK(split("tanks, guns, etc. were seized.").size() == 1);
  CHECK(split("tanks, guns, etc. The army fled.") ==
        Strings{"tanks, guns, etc.", "The army fled."});
}

TEST_CASE("initials and dotted acronyms", "[sentences]") {
  CHECK(split("J. R. R. Tolkien wrote it.").size() == 1);
  CHECK(split("George W. Bush spoke.").size() == 1);
  CHECK(split("The U.S.-led intervention began.").size() == 1);
  CHECK(split("The U.S. Army arrived.").size() == 1);
  CHECK(split("The U.S. 5th Fleet sailed.").size() == 1);
  CHECK(split("the U.S. and Russia agreed.").size() == 1);
  CHECK(split("It was based in the U.S. The next year it moved.") ==
        Strings{"It was based in the U.S.", "The next year it moved."});
  CHECK(split("He fought in World War I. In 1920 he retired.").size() == 2);
  CHECK(split("Architect I. M. Pei designed it.").size() == 1);
}

TEST_CASE("numbers and digits", "[sentences]") {
  CHECK(split("It came within 4 kilometres (2.5 mi) of Palmyra.").size() == 1);
  CHECK(split("The strikes killed 1,200. Then they left.") ==
        Strings{"The strikes killed 1,200.", "Then they left."});
  CHECK(split("It ended in 2015. 15 soldiers died.").size() == 2);
  CHECK(split("Version 3.14 shipped.").size() == 1);
}

TEST_CASE("the next character must look like a sentence start", "[sentences]") {
  CHECK(split("the army withdrew. then it came back.").size() == 1);
  CHECK(split("the road. \u2013 and then").size() == 1);
  CHECK(split("It cost much. $5 million was spent.").size() == 2);
  CHECK(split("He left. (He came back.) Later on.") ==
        Strings{"He left.", "(He came back.)", "Later on."});
}

TEST_CASE("closing quotes and brackets stay with the sentence", "[sentences]") {
  CHECK(split("He said \"we won.\" Then they left.") ==
        Strings{"He said \"we won.\"", "Then they left."});
  CHECK(split("He said \u201Cwe won.\u201D Then they left.") ==
        Strings{"He said \u201Cwe won.\u201D", "Then they left."});
  CHECK(split("(see below.) Next comes this.") == Strings{"(see below.)", "Next comes this."});
  CHECK(split("He said. \"We won.\"") == Strings{"He said.", "\"We won.\""});
}

TEST_CASE("ellipses", "[sentences]") {
  CHECK(split("wait\u2026 and then it came.").size() == 1);
  CHECK(split("wait... and then it came.").size() == 1);
  CHECK(split("the end... The next one.") == Strings{"the end...", "The next one."});
  CHECK(split("the end\u2026 The next one.").size() == 2);
}

TEST_CASE("question and exclamation marks", "[sentences]") {
  CHECK(split("Why? Because.") == Strings{"Why?", "Because."});
  CHECK(split("Stop! The police came.") == Strings{"Stop!", "The police came."});
  CHECK(split("\"Why?\" he asked.").size() == 1);
  CHECK(split("Yahoo! News reported it.").size() == 1);
  CHECK(split("The Yahoo!Mail app.").size() == 1);
  CHECK(split("He asked [why? Who?] and left. Next.").size() == 2);
}

TEST_CASE("non-Latin scripts", "[sentences]") {
  CHECK(split("\u0647\u0644\u061F \u0646\u0639\u0645.") ==
        Strings{"\u0647\u0644\u061F", "\u0646\u0639\u0645."});
  CHECK(split("\u0627\u0644\u0645\u062F\u064A\u0646\u0629. \u0646\u0639\u0645").size() == 2);
  CHECK(split("\u0646\u0639\u0645\u061B \u0644\u0627").size() == 1);  // semicolon
  CHECK(split("\u0646\u0639\u0645\u06D4 \u0644\u0627").size() == 2);  // Urdu full stop
  CHECK(split("\u6211\u6765\u4E86\u3002\u4F60\u597D\u3002").size() == 2);
}

TEST_CASE("line breaks option", "[sentences]") {
  CHECK(split("Heading\nFirst line. Second line.") ==
        Strings{"Heading", "First line.", "Second line."});
  CHECK(split("wrapped text that\ncontinues here. Next.", false) ==
        Strings{"wrapped text that\ncontinues here.", "Next."});
  CHECK(split("Ends here.\nNew one.", false).size() == 2);
}

TEST_CASE("spans are trimmed, never empty, and exact offsets", "[sentences]") {
  CHECK(split("").empty());
  CHECK(split("   \n\n  ").empty());
  CHECK(split("  One.   Two.  ") == Strings{"One.", "Two."});
  CHECK(split("no final punctuation") == Strings{"no final punctuation"});
  std::string text = "A bc.  D ef.";
  auto spans = split_sentences(text);
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].begin == 0);
  CHECK(spans[0].end == 5);
  CHECK(spans[1].begin == 7);
  CHECK(spans[1].end == 12);
}

TEST_CASE("long input is handled in linear time", "[sentences]") {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "Maj. Gen. X said [5] it [[[ was 2.5 km.[5][6] ";
  auto spans = split_sentences(text);
  CHECK(spans.size() == 20000);
  std::string no_spaces(200000, '.');
  CHECK(split_sentences(no_spaces).size() == 1);
}
