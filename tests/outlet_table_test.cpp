#include "indexer/outlet_table.h"

#include <catch2/catch.hpp>

#include "tests/test_support.h"

using citedex::OutletTable;
using citedex::OutletTableError;

namespace {

std::string error_of(const std::string& json) {
  OutletTable t = OutletTable::builtin();
  try {
    t.merge_json(json, "user.json");
  } catch (const OutletTableError& e) {
    return e.what();
  }
  return "";
}

std::string name_of(const citedex::Outlet* o) { return o ? o->name : "(none)"; }

}  // namespace

TEST_CASE("the shipped table names the outlets of the seeds", "[outlet-table]") {
  OutletTable t = OutletTable::builtin();
  CHECK(t.outlets().size() >= 40);
  for (const char* name : {"Al-Masdar News",
                           "Syrian Observatory for Human Rights",
                           "Reuters",
                           "Associated Press",
                           "ARA News",
                           "Long War Journal",
                           "Syria Comment",
                           "Al-Hadath News",
                           "Rudaw",
                           "The Telegraph",
                           "BBC",
                           "Al Jazeera",
                           "Xinhua",
                           "TASS",
                           "CNN",
                           "The Independent",
                           "The Washington Post",
                           "The Mirror",
                           "Fars News",
                           "Zaman al Wasl",
                           "Middle East Eye",
                           "NOW",
                           "IB Times",
                           "The New Arab",
                           "Hindustan Times",
                           "Indian Express",
                           "Voice of America",
                           "Middle East Monitor",
                           "The Daily Star",
                           "New Indian Express",
                           "Twitter"}) {
    INFO(name);
    CHECK(t.find_by_name(name) != nullptr);
  }
  for (const auto& o : t.outlets()) {
    INFO(o.name);
    CHECK_FALSE(o.kind.empty());
    for (const char* verdict : {"unreliable", "reliable", "propaganda", "biased"})
      CHECK(o.note.find(verdict) == std::string::npos);
  }
}

TEST_CASE("names match whatever the spelling", "[outlet-table]") {
  OutletTable t = OutletTable::builtin();
  CHECK(name_of(t.find_by_name("al-Masdar News")) == "Al-Masdar News");
  CHECK(name_of(t.find_by_name("AL MASDAR NEWS")) == "Al-Masdar News");
  CHECK(name_of(t.find_by_name("AMN")) == "Al-Masdar News");
  CHECK(name_of(t.find_by_name("Amn - Al-Masdar News | المصدر نيوز")) == "Al-Masdar News");
  CHECK(name_of(t.find_by_name("المصدر نيوز")) == "Al-Masdar News");
  CHECK(name_of(t.find_by_name("SOHR")) == "Syrian Observatory for Human Rights");
  CHECK(name_of(t.find_by_name("The Associated Press")) == "Associated Press");
  CHECK(name_of(t.find_by_name("AP")) == "Associated Press");
  CHECK(name_of(t.find_by_name("Daily Telegraph")) == "The Telegraph");
  CHECK(name_of(t.find_by_name("Telegraph")) == "The Telegraph");
  CHECK(t.find_by_name("Last week's news") == nullptr);
  CHECK(t.find_by_name("") == nullptr);
}

TEST_CASE("hosts resolve through their listed domains", "[outlet-table]") {
  OutletTable t = OutletTable::builtin();
  CHECK(name_of(t.find_by_host("www.almasdarnews.com")) == "Al-Masdar News");
  CHECK(name_of(t.find_by_host("syriahr.com")) == "Syrian Observatory for Human Rights");
  CHECK(name_of(t.find_by_host("uk.reuters.com")) == "Reuters");
  CHECK(name_of(t.find_by_host("WWW.TELEGRAPH.CO.UK")) == "The Telegraph");
  CHECK(t.find_by_host("example.org") == nullptr);
  CHECK(t.find_by_host("co.uk") == nullptr);
}

TEST_CASE("mentions in free text: whole words, proper nouns, short names as written",
          "[outlet-table]") {
  OutletTable t = OutletTable::builtin();
  auto m = t.find_mentions("The New Arab & agencies and Al-Masdar News, then AP and now NOW.");
  REQUIRE(m.size() == 4);
  CHECK(m[0].outlet->name == "The New Arab");
  CHECK(m[1].outlet->name == "Al-Masdar News");
  CHECK(m[2].outlet->name == "Associated Press");
  CHECK(m[3].outlet->name == "NOW");
  CHECK(t.find_mentions("reuters in lowercase is not a proper noun").empty());
  CHECK(t.find_mentions("Reutersville").empty());
}

TEST_CASE("user tables add, override and add rules", "[outlet-table]") {
  OutletTable t = OutletTable::builtin();
  size_t before = t.outlets().size();
  t.merge_json(R"({"outlets": [
      {"name": "Deir ez-Zor 24", "aliases": ["DeirEzzor24"], "domains": ["deirezzor24.net"], "kind": "news-website"},
      {"name": "reuters", "short": "RTRS", "domains": ["reuters.com"], "kind": "news-agency", "note": "mine"}],
    "rules": [{"field": "author", "pattern": "^Tomson", "outlet": "Al-Masdar News"}]})",
               "user.json");
  CHECK(t.outlets().size() == before + 1);
  CHECK(name_of(t.find_by_host("deirezzor24.net")) == "Deir ez-Zor 24");
  CHECK(t.find_by_name("RTRS") != nullptr);
  CHECK(t.find_by_name("RTRS")->note == "mine");
  REQUIRE_FALSE(t.rules().empty());
  CHECK(t.rules().back().matches("Tomson, Chris"));
  CHECK_FALSE(t.rules().back().matches("Chris Tomson"));
  CHECK(t.rules().back().origin == "user.json:4");
}

TEST_CASE("a malformed user table is an error naming the file and line", "[outlet-table]") {
  CHECK(error_of("{\n  \"outlets\": [\n    {\"name\": \"X\",}\n  ]\n}")
            .rfind("user.json:3: invalid JSON", 0) == 0);
  CHECK(error_of("{\"outlets\": [\n{\"name\": \"A\"},\n{\"nmae\": \"B\"}\n]}") ==
        "user.json:3: unknown member \"nmae\" in outlet");
  CHECK(error_of("{\"outlets\": [\n{\"aliases\": [\"B\"]}\n]}") ==
        "user.json:2: outlet has no \"name\"");
  CHECK(error_of("{\"outlets\": [{\"name\": \"A\", \"kind\": \"tabloid\"}]}") ==
        "user.json:1: unknown kind \"tabloid\"");
  CHECK(
      error_of("{\"rules\": [\n{\"field\": \"title\", \"pattern\": \"(\", \"outlet\": \"SOHR\"}]}")
          .rfind("user.json:2: invalid regular expression", 0) == 0);
  CHECK(error_of(
            "{\"rules\": [{\"field\": \"title\", \"pattern\": \"x\", \"outlet\": \"Nobody\"}]}") ==
        "user.json:1: rule names unknown outlet \"Nobody\"");
  CHECK(
      error_of("{\"rules\": [{\"field\": \"body\", \"pattern\": \"x\", \"outlet\": \"SOHR\"}]}") ==
      "user.json:1: rule \"field\" must be \"title\", \"author\" or \"text\"");
  CHECK(error_of("[1, 2]") == "user.json:1: the table must be a JSON object");
  CHECK(error_of("{\"outlet\": []}").find("unknown member \"outlet\"") != std::string::npos);
  CHECK(error_of("{\"outlets\": [{\"name\": \"A\", \"domains\": [\"http://a.com/x\"]}]}")
            .find("not a domain") != std::string::npos);
  CHECK(error_of(R"({"outlets": []})").empty());
}
