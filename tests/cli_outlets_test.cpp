// Black-box tests of `citedex outlets` and of user outlet tables on the command line.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/test_support.h"

using citedex::testing::fixture;
using citedex::testing::parse_jsonl;
using citedex::testing::quote;
using citedex::testing::run_citedex;
using citedex::testing::TempDir;
using citedex::testing::write_file;

TEST_CASE("outlets tallies references, citing claims and in-text attributions", "[cli][outlets]") {
  auto r = run_citedex("outlets --format jsonl " + quote(fixture("seeds")) + "/*.txt");
  REQUIRE(r.exit_code == 0);
  std::map<std::string, nlohmann::json> by_name;
  for (auto& rec : parse_jsonl(r.out)) by_name[rec["outlet"]] = rec;
  REQUIRE(by_name.count("Al-Masdar News"));
  // 26 in 003, 26 in 002, 9 in 001 (8 by work, 1 by title; its reference 27 names no outlet).
  CHECK(by_name["Al-Masdar News"]["references"] == 61);
  CHECK(by_name["Al-Masdar News"]["claims"].get<int>() > 40);
  CHECK(by_name["Al-Masdar News"]["attributions"] == 1);
  CHECK(by_name["Syrian Observatory for Human Rights"]["attributions"].get<int>() >= 6);
  CHECK(by_name.count("(unknown)"));

  auto text = run_citedex("outlets " + quote(fixture("seeds/003_181288a9616d42e9.txt")));
  CHECK(text.out.rfind("references  claims  in-text  outlet\n", 0) == 0);
  CHECK(text.out.find("Al-Masdar News") != std::string::npos);
}

TEST_CASE("outlets --unknown lists what was tried", "[cli][outlets]") {
  auto r = run_citedex("outlets --unknown --format jsonl " +
                       quote(fixture("seeds/003_181288a9616d42e9.txt")));
  REQUIRE(r.exit_code == 0);
  auto records = parse_jsonl(r.out);
  REQUIRE_FALSE(records.empty());
  bool six = false;
  for (auto& rec : records) {
    if (rec["label"] == "6") {
      six = true;
      CHECK(rec["tried"]["title"].get<std::string>().find("The regime forces shell") == 0);
    }
    CHECK(rec["label"] != "19");
  }
  CHECK(six);
}

TEST_CASE("user outlet tables: --outlets, XDG_CONFIG_HOME, and errors with file and line",
          "[cli][outlets]") {
  TempDir dir;
  auto rules = dir.path() / "rules.json";
  write_file(rules,
             R"({"rules": [{"field": "title", "pattern": "“Islamic State”", "outlet": "SOHR"}]})");
  auto seed = quote(fixture("seeds/003_181288a9616d42e9.txt"));
  auto with = run_citedex("parse --format jsonl --outlets " + quote(rules) + " " + seed);
  REQUIRE(with.exit_code == 0);
  auto refs = parse_jsonl(with.out)[0]["references"];
  CHECK(refs[49]["outlet"] == "Syrian Observatory for Human Rights");
  CHECK(refs[49]["outlet_via"] == "rule");

  auto xdg = dir.path() / "config";
  write_file(
      xdg / "citedex" / "outlets.json",
      R"({"rules": [{"field": "title", "pattern": "^Syrian Army makes", "outlet": "Al-Masdar News"}]})");
  auto from_config =
      run_citedex("parse --format jsonl " + seed, "", "XDG_CONFIG_HOME=" + quote(xdg));
  REQUIRE(from_config.exit_code == 0);
  CHECK(parse_jsonl(from_config.out)[0]["references"][8]["outlet_via"] == "rule");
  auto without = run_citedex("parse --format jsonl " + seed, "",
                             "XDG_CONFIG_HOME=" + quote(dir.path() / "none"));
  CHECK(parse_jsonl(without.out)[0]["references"][8]["outlet"].is_null());

  auto bad = dir.path() / "bad.json";
  write_file(bad, "{\n  \"outlets\": [\n    {\"name\": \"X\", \"kind\": \"tabloid\"}\n  ]\n}\n");
  auto broken = run_citedex("parse --outlets " + quote(bad) + " " + seed);
  CHECK(broken.exit_code == 4);
  CHECK(broken.out.empty());
  CHECK(broken.err == "citedex: " + bad.string() + ":3: unknown kind \"tabloid\"\n");
  auto missing = run_citedex("outlets --outlets " + quote(dir.path() / "nope.json") + " " + seed);
  CHECK(missing.exit_code == 4);
  CHECK(missing.err.find("nope.json: cannot read the outlet table") != std::string::npos);
}
