#include "indexer/front_matter.h"

#include <catch2/catch.hpp>
#include <string>

using namespace citedex;

namespace {

const MetadataValue* find(const Metadata& m, const std::string& key) {
  for (const auto& [k, v] : m)
    if (k == key) return &v;
  return nullptr;
}

}  // namespace

TEST_CASE("read_front_matter: no block", "[front_matter]") {
  std::string text = "# Title\n\nBody.\n";
  auto fm = read_front_matter(text);
  CHECK_FALSE(fm.present);
  CHECK(fm.body == text);
  CHECK(fm.metadata.empty());
  CHECK(fm.error.empty());
  // An opening without a closing line is no block either.
  std::string open = "---\ntitle: X\nBody.\n";
  auto unclosed = read_front_matter(open);
  CHECK_FALSE(unclosed.present);
  CHECK(unclosed.body == open);
}

TEST_CASE("read_front_matter: scalars, lists and nested maps", "[front_matter]") {
  std::string text =
      "---\n"
      "subject: Deir ez-Zor offensive\n"
      "description: A military\n  operation launched\n"
      "tags:\n  - one\n  - |-\n    two\n    lines\n"
      "place:\n  country: Syria\n  city: Deir ez-Zor\n"
      "empty:\n"
      "---\n"
      "Body starts here.\n";
  auto fm = read_front_matter(text);
  CHECK(fm.present);
  CHECK(fm.error.empty());
  CHECK(fm.body == "Body starts here.\n");
  REQUIRE(fm.metadata.size() == 6);
  CHECK(fm.metadata[0].first == "subject");
  auto* d = find(fm.metadata, "description");
  REQUIRE(d);
  CHECK_FALSE(d->is_list);
  CHECK(d->items == std::vector<std::string>{"A military operation launched"});
  auto* tags = find(fm.metadata, "tags");
  REQUIRE(tags);
  CHECK(tags->is_list);
  CHECK(tags->items == std::vector<std::string>{"one", "two lines"});
  auto* city = find(fm.metadata, "place.city");
  REQUIRE(city);
  CHECK(city->items == std::vector<std::string>{"Deir ez-Zor"});
  CHECK(find(fm.metadata, "place") == nullptr);
  auto* empty = find(fm.metadata, "empty");
  REQUIRE(empty);
  CHECK(empty->items.empty());
}

TEST_CASE("read_front_matter: the closing line must be exactly ---", "[front_matter]") {
  auto fm = read_front_matter("---\na: 1\n----\nb: 2\n---\nBody");
  CHECK(fm.present);
  CHECK(fm.body == "Body");
  // "----" is not a closing line: it stays in the YAML, whose error names the line of
  // the whole file ("b: 2" is line 4).
  CHECK(fm.error.find("front matter is not valid YAML") == 0);
  CHECK(fm.error.find("at line 4)") != std::string::npos);
  auto end = read_front_matter("---\na: 1\n---");
  CHECK(end.present);
  CHECK(end.body.empty());
  auto empty = read_front_matter("---\n---\nBody\n");
  CHECK(empty.present);
  CHECK(empty.metadata.empty());
  CHECK(empty.error.empty());
  CHECK(empty.body == "Body\n");
}

TEST_CASE("read_front_matter: invalid YAML is reported, never thrown", "[front_matter]") {
  FrontMatter fm;
  REQUIRE_NOTHROW(fm = read_front_matter("---\ntitle: [unclosed\nx: 1\n---\nBody\n"));
  CHECK(fm.present);
  CHECK(fm.body == "Body\n");
  CHECK(fm.error.find("front matter is not valid YAML") == 0);
  CHECK(fm.error.find("at line") != std::string::npos);
  auto scalar = read_front_matter("---\njust a sentence\n---\nBody\n");
  CHECK(scalar.present);
  CHECK(scalar.error == "front matter is not a key/value map");
  CHECK(scalar.metadata.empty());
}
