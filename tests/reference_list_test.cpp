#include "indexer/reference_list.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "indexer/text_util.h"

using namespace citedex;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<ReferenceEntry> line_entries(const std::string& path) {
  std::vector<ReferenceEntry> out;
  std::string text = slurp(path);
  for (std::string_view line : split_lines(text)) {
    ReferenceEntry e;
    if (is_reference_entry_line(line) && parse_reference_entry(line, e)) out.push_back(e);
  }
  return out;
}

}  // namespace

TEST_CASE("is_reference_entry_line recognises entry heads", "[reference_list]") {
  CHECK(is_reference_entry_line("  1. ^ a b Text"));
  CHECK(is_reference_entry_line("12.^ Text"));
  CHECK(is_reference_entry_line("  2. ^"));
  CHECK_FALSE(is_reference_entry_line("  1. Text without caret"));
  CHECK_FALSE(is_reference_entry_line("In 2016. ^ not an entry"));
  CHECK_FALSE(is_reference_entry_line(""));
}

TEST_CASE("count_backlinks counts letter runs that start with a b", "[reference_list]") {
  int uses = 0;
  CHECK(count_backlinks(" a b c Title", uses) == 6);
  CHECK(uses == 3);
  CHECK(count_backlinks(" a Title", uses) == 0);
  CHECK(uses == 1);
  CHECK(count_backlinks(" A Title", uses) == 0);
  CHECK(uses == 1);
  CHECK(count_backlinks(" a b c d e f g h Yakovlev", uses) > 0);
  CHECK(uses == 8);
  // The run stops at a letter out of sequence.
  count_backlinks(" a b d Title", uses);
  CHECK(uses == 2);
  std::string many = " ";
  for (char c = 'a'; c <= 'z'; ++c) many += std::string(1, c) + " ";
  many += "aa ab Title";
  count_backlinks(many, uses);
  CHECK(uses == 28);
}

TEST_CASE("parse_reference_entry splits label, uses and text", "[reference_list]") {
  ReferenceEntry e;
  REQUIRE(parse_reference_entry("  2. ^", e));
  CHECK(e.label == "2");
  CHECK(e.uses == 1);
  CHECK(e.text.empty());

  REQUIRE(parse_reference_entry("  1. ^ a b c d e f g Amir Toumaj (15 December 2016). \"T\".", e));
  CHECK(e.label == "1");
  CHECK(e.uses == 7);
  CHECK(e.text == "Amir Toumaj (15 December 2016). \"T\".");

  REQUIRE(parse_reference_entry("3. ^ a Title in lower case", e));
  CHECK(e.uses == 1);
  CHECK(e.text == "a Title in lower case");

  REQUIRE(parse_reference_entry("4. ^ A Title", e));
  CHECK(e.uses == 1);
  CHECK(e.text == "A Title");

  CHECK_FALSE(parse_reference_entry("no entry here", e));
}

TEST_CASE("parse_reference_entry strips CS1 rendering boilerplate", "[reference_list]") {
  ReferenceEntry e;
  REQUIRE(parse_reference_entry(
      "103. ^ X (12 December 2016). \"T\". Reuters. Retrieved 12 December 2016."
      "`{{cite web}}`: CS1 maint: uses authors parameter (link)",
      e));
  CHECK(e.text == "X (12 December 2016). \"T\". Reuters. Retrieved 12 December 2016.");
  REQUIRE(parse_reference_entry(
      "104. ^ \"T\". Retrieved 12 December 2016.CS1 maint: uses authors parameter (link)", e));
  CHECK(e.text == "\"T\". Retrieved 12 December 2016.");
  REQUIRE(parse_reference_entry(
      "2. ^ \"Archived copy\". Archived from the original on 9 October 2017. Retrieved 7 January "
      "2017.`{{cite web}}`: CS1 maint: archived copy as title (link)",
      e));
  CHECK(e.text ==
        "\"Archived copy\". Archived from the original on 9 October 2017. Retrieved 7 January "
        "2017.");
}

TEST_CASE("split_inline_reference_list follows label order", "[reference_list]") {
  auto entries = split_inline_reference_list(
      "Intro 3. ^ skip 1. ^ a b First 12. ^ x 2. ^ Second 3. ^ a b c Third");
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].label == "1");
  CHECK(entries[0].uses == 2);
  CHECK(entries[0].text == "First 12. ^ x");
  CHECK(entries[1].label == "2");
  CHECK(entries[1].text == "Second");
  CHECK(entries[2].label == "3");
  CHECK(entries[2].uses == 3);
  CHECK(entries[2].text == "Third");
  // A label missing from the copy does not end the list.
  auto gap = split_inline_reference_list("1. ^ A 2. ^ B 4. ^ C");
  REQUIRE(gap.size() == 3);
  CHECK(gap[2].label == "4");
  CHECK(gap[1].text == "B");
  CHECK(split_inline_reference_list("no entries").empty());
}

TEST_CASE("flattened 002 and plain-text 003 give the same 105 entries", "[reference_list]") {
  std::string flat = slurp(CITEDEX_SOURCE_DIR "/fixtures/seeds/002_e8978a0c9fffe3dd.txt");
  size_t begin = flat.find("## References[edit] ");
  size_t end = flat.find(" ## External links[edit]");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  auto inline_entries =
      split_inline_reference_list(std::string_view(flat).substr(begin, end - begin));
  auto line_list = line_entries(CITEDEX_SOURCE_DIR "/fixtures/seeds/003_181288a9616d42e9.txt");
  REQUIRE(inline_entries.size() == 105);
  REQUIRE(line_list.size() == 105);
  int mismatched_uses = 0, bad_labels = 0, leftovers = 0;
  for (size_t i = 0; i < 105; ++i) {
    if (inline_entries[i].label != std::to_string(i + 1)) ++bad_labels;
    if (inline_entries[i].uses != line_list[i].uses) ++mismatched_uses;
    if (inline_entries[i].text.find("CS1") != std::string::npos ||
        inline_entries[i].text.find('`') != std::string::npos ||
        line_list[i].text.find("CS1") != std::string::npos) {
      ++leftovers;
    }
  }
  CHECK(bad_labels == 0);
  CHECK(mismatched_uses == 0);
  CHECK(leftovers == 0);
  CHECK(line_list[1].text.empty());
  CHECK(inline_entries[1].text ==
        "\"Archived copy\". Archived from the original on 9 October 2017. Retrieved 7 January "
        "2017.");
  CHECK(line_list[18].uses == 8);
  CHECK(inline_entries[104].text ==
        "Robin Emmott (12 December 2016). \"Russia guilty of 'constant lies' over Aleppo, France "
        "says\". Reuters. Retrieved 13 December 2016.");
  CHECK(inline_entries[8].text == line_list[8].text);
}

TEST_CASE("plain-text 001 gives 28 entries", "[reference_list]") {
  auto entries = line_entries(CITEDEX_SOURCE_DIR "/fixtures/seeds/001_7ba5000a254c49cc.txt");
  REQUIRE(entries.size() == 28);
  CHECK(entries[0].uses == 4);
  CHECK(entries[11].uses == 6);
  CHECK(entries[27].label == "28");
}
