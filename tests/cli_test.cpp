// Black-box tests: the real citedex binary on fixtures in a temporary directory.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/test_support.h"

using citedex::testing::fixture;
using citedex::testing::parse_jsonl;
using citedex::testing::quote;
using citedex::testing::read_file;
using citedex::testing::run_citedex;
using citedex::testing::TempDir;
using citedex::testing::write_file;

namespace {

size_t count_lines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

}  // namespace

TEST_CASE("parse --format jsonl prints one object per article with the documented names", "[cli]") {
  auto r = run_citedex("parse --format jsonl " + quote(fixture("seeds")) + "/*.txt");
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  auto records = parse_jsonl(r.out);
  REQUIRE(records.size() == 5);
  for (const auto& a : records) {
    for (const char* key : {"version", "source", "shape", "title", "metadata", "sections", "claims",
                            "references", "warnings"})
      CHECK(a.contains(key));
    for (const auto& c : a["claims"])
      for (const char* key : {"kind", "section", "field", "text", "footnotes", "flags"})
        CHECK(c.contains(key));
    for (const auto& ref : a["references"])
      for (const char* key :
           {"label", "uses", "text", "authors", "date", "title", "work", "publisher", "url",
            "archive_url", "archive_date", "access_date", "language"})
        CHECK(ref.contains(key));
  }
  CHECK(records[3]["title"] == "Palmyra offensive (December 2016)");
  // Copies parsed together help each other: 002 supplies the headings 003 lost.
  CHECK(records[3]["sections"][0]["heading"] == "Background");
  CHECK(records[3]["sections"][0]["heading_from"] == "recovered");
}

TEST_CASE("parse --format json prints one array, text prints a summary per article", "[cli]") {
  auto r = run_citedex("parse --format json " + quote(fixture("seeds/000_94f44c9d361cf4c1.txt")));
  REQUIRE(r.exit_code == 0);
  auto doc = nlohmann::json::parse(r.out);
  REQUIRE(doc.is_array());
  CHECK(doc.size() == 1);
  CHECK(doc[0]["shape"] == "wikitext-like");

  auto t = run_citedex("parse " + quote(fixture("seeds/003_181288a9616d42e9.txt")));
  REQUIRE(t.exit_code == 0);
  CHECK(t.out.find("Palmyra offensive (December 2016)") != std::string::npos);
  CHECK(t.out.find("refs      105") != std::string::npos);
  CHECK(t.out.find("2 section headings lost") != std::string::npos);
}

TEST_CASE("parse reads standard input and honours --input-format", "[cli]") {
  std::string text = read_file(fixture("seeds/000_94f44c9d361cf4c1.txt"));
  auto r = run_citedex("parse --format jsonl -", text);
  REQUIRE(r.exit_code == 0);
  auto records = parse_jsonl(r.out);
  REQUIRE(records.size() == 1);
  CHECK(records[0]["source"] == "-");
  CHECK(records[0]["title"] == "Palmyra offensive (2017)");

  auto forced = run_citedex("parse --format jsonl --input-format plain-text -", text);
  REQUIRE(forced.exit_code == 0);
  CHECK(parse_jsonl(forced.out)[0]["shape"] == "plain-text");

  auto bad = run_citedex("parse --input-format nonsense -", text);
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("nonsense") != std::string::npos);
  CHECK(bad.out.empty());
}

TEST_CASE("bad inputs get one line each and do not stop the others", "[cli][bad-input]") {
  TempDir dir;
  auto empty = dir.path() / "empty.txt";
  auto binary = dir.path() / "photo.txt";
  auto spliced = dir.path() / "spliced.txt";
  auto missing = dir.path() / "missing.txt";
  auto folder = dir.path() / "folder";
  write_file(empty, "");
  write_file(binary, std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01", 16) +
                         std::string(500, '\x07'));
  std::string seed = read_file(fixture("seeds/003_181288a9616d42e9.txt"));
  seed.insert(seed.find("The unexpected blitz"), "\xFF\xFE\xC3");
  write_file(spliced, seed);
  std::filesystem::create_directories(folder);
  auto good = fixture("seeds/001_7ba5000a254c49cc.txt");

  auto r =
      run_citedex("parse --format jsonl " + quote(empty) + " " + quote(binary) + " " +
                  quote(spliced) + " " + quote(folder) + " " + quote(missing) + " " + quote(good));
  CHECK(r.exit_code == 1);
  auto records = parse_jsonl(r.out);
  REQUIRE(records.size() == 2);  // the spliced seed and the good file
  CHECK(records[0]["title"] == "Palmyra offensive (December 2016)");
  CHECK(records[0]["references"].size() == 105);
  CHECK(records[1]["references"].size() == 28);
  std::string warnings = records[0]["warnings"].dump();
  CHECK(warnings.find("3 invalid UTF-8 sequences replaced by U+FFFD") != std::string::npos);

  CHECK(count_lines(r.err) == 5);
  auto line_for = [&](const std::filesystem::path& p) {
    std::istringstream in(r.err);
    for (std::string line; std::getline(in, line);)
      if (line.find(p.string() + ":") != std::string::npos) return line;
    return std::string();
  };
  CHECK(line_for(empty).find("empty file") != std::string::npos);
  CHECK(line_for(binary).find("JPEG") != std::string::npos);
  CHECK(line_for(spliced).find("invalid UTF-8") != std::string::npos);
  CHECK(line_for(folder).find("directory") != std::string::npos);
  CHECK(line_for(missing).find("no such file") != std::string::npos);
  for (auto& p : {empty, binary, spliced, folder, missing})
    CHECK(line_for(p).rfind("citedex: ", 0) == 0);
}

TEST_CASE("exit codes: all parsed 0, all failed 3, usage 2", "[cli][exit-codes]") {
  TempDir dir;
  auto empty = dir.path() / "empty.txt";
  write_file(empty, "");
  CHECK(run_citedex("parse " + quote(fixture("seeds/000_94f44c9d361cf4c1.txt"))).exit_code == 0);
  CHECK(run_citedex("parse " + quote(empty)).exit_code == 3);
  CHECK(run_citedex("parse " + quote(empty) + " " + quote(dir.path() / "nope")).exit_code == 3);
  CHECK(run_citedex("frobnicate").exit_code == 2);
  CHECK(run_citedex("parse --format yaml x").exit_code == 2);
  CHECK(run_citedex("").exit_code == 2);
  // CLI11 reads "-1" into an unsigned option as its largest value: each must refuse it.
  for (const char* args :
       {"search --limit -1 x", "search --offset -1 x", "audit --per-host -1", "audit --far-days -1",
        "index --shards -1 x", "audit --concurrency -1"}) {
    auto negative = run_citedex(args);
    CAPTURE(args, negative.err);
    CHECK(negative.exit_code == 2);
  }
  // A signed count past its type's largest value is refused, not wrapped or clamped.
  for (const char* args : {"audit --far-days 9223372036854775808", "audit --far-days 0x10"}) {
    auto refused = run_citedex(args);
    CAPTURE(args, refused.err);
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("--far-days") != std::string::npos);
  }
  auto help = run_citedex("--help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("Exit codes") != std::string::npos);
}

TEST_CASE("segment prints one sentence per line with markers in place", "[cli][segment]") {
  auto r = run_citedex(
      "segment",
      "The attack failed.[4][35] Maj. Gen. Suheil al-Hassan led it.[citation needed] It "
      "was c. 1,200 men strong.\nA heading\nNext line.");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out ==
        "The attack failed.[4][35]\nMaj. Gen. Suheil al-Hassan led it.[citation needed]\n"
        "It was c. 1,200 men strong.\nA heading\nNext line.\n");
  auto wrapped = run_citedex("segment --wrapped", "A sentence that is\nwrapped here. Another one.");
  CHECK(wrapped.out == "A sentence that is wrapped here.\nAnother one.\n");
  auto j = run_citedex("segment --format jsonl", "One. Two.");
  auto records = parse_jsonl(j.out);
  REQUIRE(records.size() == 2);
  CHECK(records[1]["text"] == "Two.");
  CHECK(records[1]["index"] == 1);
}

TEST_CASE("repair fixes mojibake and leaves correct text alone", "[cli][repair]") {
  auto r = run_citedex(
      "repair --report",
      "Deir ez-Zor offensive (Januaryâ€“February 2017) ðŸ‡·ðŸ‡º NESTLÉ® × المصدر – ok\n");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == "Deir ez-Zor offensive (January–February 2017) 🇷🇺 NESTLÉ® × المصدر – ok\n");
  CHECK(r.err.find("2 mojibake runs repaired") != std::string::npos);
  auto seed = run_citedex("repair " + quote(fixture("seeds/004_e8a361f7f028ea89.txt")));
  CHECK(seed.exit_code == 0);
  CHECK(seed.out.find("â€") == std::string::npos);
  CHECK(seed.out.find("ðŸ") == std::string::npos);
  CHECK(seed.out.find("January–February 2017") != std::string::npos);
}
