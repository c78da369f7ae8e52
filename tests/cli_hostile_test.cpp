// Hostile input through the real binary: unbalanced markup, deep nesting, a 50 MB page,
// a dump cut off mid-page, a bad XML entity, UTF-16 XML. No crash, a warning naming the
// page, and the documented exit codes (docs/exit-codes.md). Inputs are generated into a
// temporary directory. (Time linear in size is shown by scripts/bench-dump, not here.)
#include <fcntl.h>
#include <sys/stat.h>
#include <unicode/ucnv.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <thread>

#include "tests/test_support.h"

using citedex::testing::parse_jsonl;
using citedex::testing::quote;
using citedex::testing::run_citedex;
using citedex::testing::TempDir;
using citedex::testing::write_file;

namespace {

std::string escape_xml(const std::string& s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

// `text` is wikitext; `raw_text` goes into <text> as it is (for broken XML).
std::string page_xml(const std::string& title, int id, const std::string& text,
                     bool raw_text = false) {
  return "  <page>\n    <title>" + title + "</title>\n    <ns>0</ns>\n    <id>" +
         std::to_string(id) + "</id>\n    <revision>\n      <id>" + std::to_string(id * 10) +
         "</id>\n      <timestamp>2016-12-20T10:00:00Z</timestamp>\n      <text "
         "xml:space=\"preserve\">" +
         (raw_text ? text : escape_xml(text)) + "</text>\n    </revision>\n  </page>\n";
}

std::string dump_of(const std::string& pages) {
  return "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.10/\" version=\"0.10\">\n"
         "  <siteinfo>\n    <sitename>Test</sitename>\n  </siteinfo>\n" +
         pages + "</mediawiki>\n";
}

const std::string kGood =
    "'''Palmyra''' is an ancient city in [[Homs Governorate]].<ref>{{cite news|title=Palmyra "
    "retaken|url=https://www.reuters.com/article/palmyra|date=27 March 2016}}</ref> It was "
    "captured in 2015.<ref>{{cite web|url=http://www.syriahr.com/en/?p=1|title=IS enters "
    "Palmyra}}</ref>\n";

std::string utf16le(const std::string& utf8) {
  std::string out(utf8.size() * 2 + 8, '\0');
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = ucnv_convert("UTF-16LE", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                           utf8.data(), static_cast<int32_t>(utf8.size()), &err);
  REQUIRE(U_SUCCESS(err));
  out.resize(static_cast<size_t>(n));
  return out;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

bool any_warning(const nlohmann::json& article, const std::string& part) {
  for (const auto& w : article["warnings"])
    if (contains(w.get<std::string>(), part)) return true;
  return false;
}

std::string all_claims(const nlohmann::json& article) {
  std::string text;
  for (const auto& c : article["claims"]) text += c["text"].get<std::string>() + "\n";
  return text;
}

}  // namespace

TEST_CASE("hostile: unbalanced template braces, link brackets and ref tags warn and read on",
          "[cli][hostile]") {
  TempDir dir;
  auto braces = dir.path() / "braces.wiki";
  write_file(braces, "Before the break.{{cite web|title=never closed\n\nAfter the break.\n");
  auto links = dir.path() / "links.wiki";
  write_file(links, "Start [[Palmyra|the city\n\nNext paragraph.\n");
  auto refs = dir.path() / "refs.wiki";
  write_file(refs, "A claim.<ref>never closed\n\nNext paragraph.\n");
  auto dump = dir.path() / "unbalanced.xml";
  write_file(dump, dump_of(page_xml("Braces", 1, "Lead {{x|{{y|\n\nSecond paragraph.") +
                           page_xml("Good", 2, kGood)));

  auto r = run_citedex("parse --format jsonl " + quote(braces) + " " + quote(links) + " " +
                       quote(refs) + " " + quote(dump));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  auto articles = parse_jsonl(r.out);
  REQUIRE(articles.size() == 5);
  // Dump pages stream out first, then the files read whole.
  CHECK(articles[0]["title"] == "Braces");
  CHECK(any_warning(articles[0], "unbalanced"));
  CHECK(contains(all_claims(articles[0]), "Second paragraph."));
  CHECK(articles[1]["title"] == "Good");
  CHECK(articles[1]["warnings"].empty());
  CHECK(articles[2]["title"] == "braces");
  CHECK(any_warning(articles[2], "unbalanced"));
  CHECK(contains(all_claims(articles[2]), "After the break."));
  CHECK_FALSE(contains(all_claims(articles[2]), "cite web"));
  CHECK(articles[3]["title"] == "links");
  CHECK(any_warning(articles[3], "[["));
  CHECK(contains(all_claims(articles[3]), "Next paragraph."));
  CHECK(articles[4]["title"] == "refs");
  CHECK(any_warning(articles[4], "<ref>"));
  CHECK(contains(all_claims(articles[4]), "Next paragraph."));
}

TEST_CASE("hostile: 10,000-deep template nesting in a dump page", "[cli][hostile]") {
  TempDir dir;
  std::string dropped, carried, links;
  for (int i = 0; i < 10000; ++i) dropped += "{{x|";
  dropped += "core";
  for (int i = 0; i < 10000; ++i) dropped += "}}";
  for (int i = 0; i < 10000; ++i) carried += "{{nowrap|";
  carried += "core";
  for (int i = 0; i < 10000; ++i) carried += "}}";
  for (int i = 0; i < 10000; ++i) links += "[[a|";
  links += "core";
  for (int i = 0; i < 10000; ++i) links += "]]";
  auto dump = dir.path() / "deep.xml";
  write_file(
      dump, dump_of(page_xml("Dropped", 1, "Lead " + dropped + " end. Next sentence.") +
                    page_xml("Carried", 2,
                             "Lead " + carried + " end.<ref>" + carried + "</ref> Next sentence.") +
                    page_xml("Links", 3, "Lead " + links + " end. Next sentence.") +
                    page_xml("Good", 4, kGood)));
  auto r = run_citedex("parse --format jsonl " + quote(dump));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  auto articles = parse_jsonl(r.out);
  REQUIRE(articles.size() == 4);
  CHECK(all_claims(articles[0]) == "Lead end.\nNext sentence.\n");
  CHECK(any_warning(articles[1], "nested deeper"));
  CHECK(contains(all_claims(articles[1]), "Next sentence."));
  CHECK(articles[1]["references"].size() == 1);
  CHECK(any_warning(articles[2], "nested deeper"));
  CHECK(contains(all_claims(articles[2]), "Next sentence."));
  CHECK(articles[3]["references"].size() == 2);
}

TEST_CASE("hostile: a 50 MB page inside a dump is read", "[cli][hostile][slow]") {
  TempDir dir;
  // Paragraphs with links, templates and refs (a named one reused throughout), then one
  // 50 MB paragraph-free run of text, so the reader sees both shapes at size.
  std::string paragraph =
      "The [[Syrian Arab Army|army]] held the {{convert|12|km|mi}} line near the "
      "[[Tiyas Military Airbase|airbase]].<ref name=\"sohr\">{{cite web|url=http://"
      "www.syriahr.com/en/?p=2|title=Clashes continue}}</ref> Reinforcements arrived "
      "later.<ref name=\"sohr\" />{{citation needed|date=December 2016}}\n\n";
  std::string text;
  text.reserve(52'000'000);
  size_t paragraphs = 0;
  while (text.size() < 25'000'000) {
    text += paragraph;
    ++paragraphs;
  }
  text += "== Long ==\n";
  while (text.size() < 50'000'000) text += "word [[link|label]] {{lang|ar|text}} ";
  text += ".\n";
  auto dump = dir.path() / "huge.xml";
  write_file(dump, dump_of(page_xml("Small", 1, kGood) + page_xml("Huge", 2, text) +
                           page_xml("After", 3, kGood)));
  auto r = run_citedex("parse --format text " + quote(dump));
  INFO(r.err.substr(0, 2000));
  CHECK(r.exit_code == 0);
  CHECK(contains(r.err, "3 articles from 3 pages"));
  CHECK(contains(r.out, "\nHuge\n"));
  CHECK(contains(r.out, "\nAfter\n"));
  // Two sentences per paragraph plus the long run; one reference used twice per paragraph.
  CHECK(contains(r.out, "claims    " + std::to_string(2 * paragraphs + 1) + " (" +
                            std::to_string(2 * paragraphs + 1) + " sentences, 0 infobox fields), " +
                            std::to_string(2 * paragraphs) + " footnote uses"));
}

TEST_CASE("hostile: a dump cut off mid-page", "[cli][hostile]") {
  TempDir dir;
  std::string full = dump_of(page_xml("One", 1, kGood) + page_xml("Two", 2, kGood) +
                             page_xml("Three", 3, kGood) + page_xml("Four", 4, kGood));
  auto cut = dir.path() / "cut.xml";
  write_file(cut, full.substr(0, full.find("<title>Three</title>") + 40));

  auto r = run_citedex("parse --format jsonl " + quote(cut));
  CHECK(r.exit_code == 1);  // read in part
  auto articles = parse_jsonl(r.out);
  REQUIRE(articles.size() == 2);
  CHECK(articles[0]["title"] == "One");
  CHECK(articles[1]["title"] == "Two");
  CHECK(articles[1]["references"].size() == 2);
  CHECK(
      contains(r.err, "citedex: " + cut.string() + ": warning: dump ends inside a page ('Three'"));
  CHECK(contains(r.err, "1 unreadable"));

  // Standard input, bzip2 or not, is cut the same way.
  auto piped = run_citedex("parse --format jsonl -", citedex::testing::read_file(cut));
  CHECK(piped.exit_code == 1);
  CHECK(parse_jsonl(piped.out).size() == 2);
  CHECK(contains(piped.err, "citedex: <stdin>: warning: dump ends inside a page ('Three'"));

  // Cut before the first page is complete: nothing read, the input failed.
  auto early = dir.path() / "early.xml";
  write_file(early, full.substr(0, full.find("<title>One</title>") + 30));
  auto e = run_citedex("parse --format jsonl " + quote(early));
  CHECK(e.exit_code == 3);
  CHECK(e.out.empty());
  CHECK(contains(e.err, "dump ends inside a page ('One'"));

  // With a whole file next to it, that is one failed input of two.
  auto good = dir.path() / "good.wiki";
  write_file(good, kGood);
  auto mixed = run_citedex("parse --format jsonl " + quote(early) + " " + quote(good));
  CHECK(mixed.exit_code == 1);
  CHECK(parse_jsonl(mixed.out).size() == 1);

  // The index keeps what was read and says the dump was partial.
  auto db = dir.path() / "db";
  auto idx = run_citedex("index --format jsonl --db " + quote(db) + " " + quote(cut));
  CHECK(idx.exit_code == 1);
  CHECK(parse_jsonl(idx.out).at(0)["articles"] == 2);
  CHECK(contains(idx.err, "dump ends inside a page ('Three'"));
}

TEST_CASE("hostile: a page with a bad XML entity is skipped, the others read", "[cli][hostile]") {
  TempDir dir;
  auto dump = dir.path() / "entity.xml";
  write_file(dump, dump_of(page_xml("Before", 1, kGood) +
                           page_xml("Broken", 2, "Some &bogus; entity.", true) +
                           page_xml("After", 3, kGood)));
  auto r = run_citedex("outlets --format jsonl " + quote(dump));
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "citedex: " + dump.string() +
                            ": warning: page 'Broken': bad XML (undefined entity &bogus;)"));
  // The two other pages: Reuters and SOHR twice each.
  auto rows = parse_jsonl(r.out);
  REQUIRE(rows.size() == 2);
  for (const auto& row : rows) CHECK(row["references"] == 2);

  auto parsed = run_citedex("parse --format jsonl " + quote(dump));
  CHECK(parsed.exit_code == 1);
  auto articles = parse_jsonl(parsed.out);
  REQUIRE(articles.size() == 2);
  CHECK(articles[0]["title"] == "Before");
  CHECK(articles[1]["title"] == "After");
}

TEST_CASE("hostile: a UTF-16 XML dump", "[cli][hostile]") {
  TempDir dir;
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" +
                    dump_of(page_xml("Z\xC3\xBCrich", 1, kGood) +
                            page_xml("\xD8\xAA\xD8\xAF\xD9\x85\xD8\xB1", 2, kGood));
  auto le = dir.path() / "le.xml";
  write_file(le, "\xFF\xFE" + utf16le(xml));
  auto no_bom = dir.path() / "nobom.xml";
  write_file(no_bom, utf16le(xml));
  for (const auto& path : {le, no_bom}) {
    auto r = run_citedex("parse --format jsonl " + quote(path));
    INFO(path << "\n" << r.err);
    CHECK(r.exit_code == 0);
    auto articles = parse_jsonl(r.out);
    REQUIRE(articles.size() == 2);
    CHECK(articles[0]["title"] == "Z\xC3\xBCrich");
    CHECK(articles[1]["title"] == "\xD8\xAA\xD8\xAF\xD9\x85\xD8\xB1");
    CHECK(articles[1]["references"].size() == 2);
    CHECK(articles[1]["references"][0]["outlet"] == "Reuters");
  }
}

TEST_CASE("hostile: a dump read from a named pipe, plain and bzip2", "[cli][hostile]") {
  // A pipe cannot rewind after the dump sniffing read its head (regression: such a dump,
  // e.g. `citedex parse <(bzcat dump.xml.bz2)`, was refused as "not a MediaWiki dump").
  TempDir dir;
  std::string xml = dump_of(page_xml("One", 1, kGood) + page_xml("Two", 2, kGood));
  xml += std::string(8192, '\n');  // longer than the sniffed head
  auto plain = dir.path() / "d.xml";
  write_file(plain, xml);
  auto bz2 = dir.path() / "d.xml.bz2";
  REQUIRE(std::system(("bzip2 -k " + quote(plain)).c_str()) == 0);
  for (const auto& source : {plain, bz2}) {
    auto fifo = dir.path() / "pipe";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::string bytes = citedex::testing::read_file(source);
    std::thread writer([&] {
      int fd = ::open(fifo.c_str(), O_WRONLY);
      for (size_t off = 0; fd >= 0 && off < bytes.size();) {
        ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
        if (n <= 0) break;
        off += static_cast<size_t>(n);
      }
      if (fd >= 0) ::close(fd);
    });
    auto r = run_citedex("parse --format jsonl " + quote(fifo));
    int unblock = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);  // if citedex never opened it
    writer.join();
    if (unblock >= 0) ::close(unblock);
    std::filesystem::remove(fifo);
    INFO(source << "\n" << r.err);
    CHECK(r.exit_code == 0);
    auto articles = parse_jsonl(r.out);
    REQUIRE(articles.size() == 2);
    CHECK(articles[0]["title"] == "One");
    CHECK(articles[1]["references"].size() == 2);
  }
}

TEST_CASE("hostile: index refuses a named pipe rather than hang on it", "[cli][hostile]") {
  // Regression: the index read the pipe to hash it, then blocked forever opening it again
  // (and a <(…) path, already drained, was reported as an empty file).
  TempDir dir;
  auto fifo = dir.path() / "pipe.wiki";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  std::thread writer([&] {
    int fd = ::open(fifo.c_str(), O_WRONLY);
    if (fd < 0) return;
    [[maybe_unused]] ssize_t n = ::write(fd, kGood.data(), kGood.size());
    ::close(fd);
  });
  auto good = dir.path() / "good.wiki";
  write_file(good, kGood);
  auto r = citedex::testing::run_citedex_argv(
      {"index", "--format", "jsonl", "--db", (dir.path() / "db").string(), fifo.string(),
       good.string()},
      {}, 60);
  int unblock = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);  // releases the writer
  writer.join();
  if (unblock >= 0) ::close(unblock);
  INFO(r.err);
  REQUIRE(r.exit_code != -1);  // not killed after hanging
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "citedex: " + fifo.string() + ": not a regular file"));
  auto summary = parse_jsonl(r.out).at(0);
  CHECK(summary["files"] == 1);
  CHECK(summary["failed"] == 1);
}

TEST_CASE("hostile: index says what was altered on the way in, as parse does", "[cli][hostile]") {
  // Regression: parse printed "warning: N NUL bytes removed" (and invalid UTF-8, UTF-16)
  // as docs/exit-codes.md says, index printed nothing.
  TempDir dir;
  auto nul = dir.path() / "nul.wiki";
  write_file(nul, std::string("A claim.\0 x.", 12) + kGood);
  auto dump = dir.path() / "d.xml";
  write_file(dump, dump_of(page_xml("Bad", 1, "Caf\xE9 au lait. " + kGood)));
  auto r =
      run_citedex("index --db " + quote(dir.path() / "db") + " " + quote(nul) + " " + quote(dump));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.err, "citedex: " + nul.string() + ": warning: 1 NUL bytes removed\n"));
  CHECK(contains(r.err, "citedex: " + dump.string() +
                            ": warning: 1 invalid UTF-8 sequence replaced by U+FFFD\n"));
}

TEST_CASE("progress line: forced on, off, and never when stderr is not a terminal",
          "[cli][progress]") {
  TempDir dir;
  auto dump = dir.path() / "d.xml";
  write_file(dump, dump_of(page_xml("One", 1, kGood) + page_xml("Two", 2, kGood)));
  auto quiet = run_citedex("parse --format jsonl " + quote(dump));
  CHECK(quiet.exit_code == 0);
  CHECK_FALSE(contains(quiet.err, "\r"));
  auto off = run_citedex("parse --no-progress --format jsonl " + quote(dump));
  CHECK_FALSE(contains(off.err, "\r"));
  auto on = run_citedex("parse --progress --format jsonl " + quote(dump));
  CHECK(on.exit_code == 0);
  CHECK(parse_jsonl(on.out).size() == 2);
  // Drawn at least once (the first page always draws), cleared before the summary line.
  CHECK(contains(on.err, "\r1 page  "));
  CHECK(contains(on.err, "% ETA"));
  CHECK(contains(on.err, "\r\x1b[Kcitedex: " + dump.string() + ": 2 articles from 2 pages"));
  auto index_on =
      run_citedex("index --progress --db " + quote(dir.path() / "db") + " " + quote(dump));
  CHECK(index_on.exit_code == 0);
  CHECK(contains(index_on.err, " pages/s  "));
  CHECK(index_on.err.substr(index_on.err.size() - 4) == "\r\x1b[K");
  auto stdin_on = run_citedex("outlets --progress -", citedex::testing::read_file(dump));
  CHECK(stdin_on.exit_code == 0);
  CHECK(contains(stdin_on.err, " MB read"));
  CHECK_FALSE(contains(stdin_on.err, "ETA"));
}
