// The streaming MediaWiki dump reader (dump_reader.h) on the two real fixtures and on
// hand-written dumps: history, old schemas, truncation, bad XML, UTF-16, bombs.
#include "indexer/dump_reader.h"

#include <bzlib.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace citedex;

namespace {

const char* const kEnwiki =
    CITEDEX_SOURCE_DIR "/fixtures/dumps/enwiki-pages-articles-sample.xml.bz2";
const char* const kBulk = CITEDEX_SOURCE_DIR "/fixtures/dumps/bulk_dump_sample.xml.bz2";

DumpOptions options_for(std::vector<int> namespaces, bool skip_redirects = true) {
  DumpOptions options;
  options.namespaces = std::move(namespaces);
  options.skip_redirects = skip_redirects;
  return options;
}

std::vector<DumpPage> read_all(DumpReader& reader) {
  std::vector<DumpPage> out;
  while (auto page = reader.next()) out.push_back(std::move(*page));
  return out;
}

bool has_warning(const DumpStats& stats, const std::string& part) {
  for (const auto& w : stats.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

const char* const kHeader =
    "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.10/\" version=\"0.10\">\n"
    "  <siteinfo>\n    <sitename>Test</sitename>\n    <namespaces>\n"
    "      <namespace key=\"0\" case=\"first-letter\" />\n"
    "      <namespace key=\"1\" case=\"first-letter\">Talk</namespace>\n"
    "      <namespace key=\"10\" case=\"first-letter\">Template</namespace>\n"
    "    </namespaces>\n  </siteinfo>\n";

std::string page_xml(const std::string& title, int id, const std::string& text, int ns = 0) {
  return "  <page>\n    <title>" + title + "</title>\n    <ns>" + std::to_string(ns) +
         "</ns>\n    <id>" + std::to_string(id) + "</id>\n    <revision>\n      <id>" +
         std::to_string(id * 10) +
         "</id>\n      <timestamp>2020-01-02T03:04:05Z</timestamp>\n      <text "
         "xml:space=\"preserve\">" +
         text + "</text>\n    </revision>\n  </page>\n";
}

std::string dump_of(const std::string& pages) {
  return std::string(kHeader) + pages + "</mediawiki>\n";
}

std::string bz2_compress(const std::string& data, int block_size_100k = 9) {
  std::string out(data.size() + data.size() / 100 + 600, '\0');
  unsigned int out_len = static_cast<unsigned int>(out.size());
  int rc = BZ2_bzBuffToBuffCompress(out.data(), &out_len, const_cast<char*>(data.data()),
                                    static_cast<unsigned int>(data.size()), block_size_100k, 0, 0);
  REQUIRE(rc == BZ_OK);
  out.resize(out_len);
  return out;
}

std::string convert(const std::string& utf8, const char* to) {
  std::string out(utf8.size() * 4 + 16, '\0');
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = ucnv_convert(to, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &err);
  REQUIRE(U_SUCCESS(err));
  out.resize(static_cast<size_t>(n));
  return out;
}

// Text different enough from page to page that bzip2 needs several blocks.
std::string varied_text(int i) {
  std::string text;
  unsigned x = static_cast<unsigned>(i) * 2654435761u + 1;
  for (int w = 0; w < 200; ++w) {
    x = x * 1103515245u + 12345u;
    text += "w" + std::to_string(x % 100000) + " ";
  }
  return text;
}

}  // namespace

TEST_CASE("dump: enwiki fixture, redirect skipped", "[dump]") {
  std::ifstream file(kEnwiki, std::ios::binary);
  REQUIRE(file);
  DumpReader reader(file, true);
  auto pages = read_all(reader);
  REQUIRE(pages.size() == 2);
  CHECK(pages[0].title == "Computer accessibility");
  CHECK(pages[0].ns == 0);
  CHECK(pages[0].page_id == 411964);
  CHECK(pages[0].revision_id == 627945420);
  CHECK(pages[0].timestamp == "2014-10-02T12:29:43Z");
  CHECK(starts_with(pages[0].text, "{{multiple issues|\n{{cleanup|reason=confusingly laid out…"));
  CHECK_FALSE(pages[0].redirect);
  // &quot; in the dump is decoded.
  CHECK(pages[0].text.find("a \"special needs assessment\"") != std::string::npos);
  CHECK(pages[1].title == "Accessibility");
  CHECK(pages[1].page_id == 302109);
  CHECK(pages[1].revision_id == 626601064);
  CHECK(pages[1].timestamp == "2014-09-22T10:39:41Z");
  CHECK(starts_with(pages[1].text, "{{About||the related design concept |Universal design"));

  const DumpStats& stats = reader.stats();
  CHECK(stats.pages_seen == 3);
  CHECK(stats.pages_returned == 2);
  CHECK(stats.redirects_skipped == 1);
  CHECK(stats.other_namespace_skipped == 0);
  CHECK(stats.bytes_read == 82552);  // bzcat | wc -c
  CHECK(stats.warnings.empty());

  const auto& names = reader.namespaces();
  CHECK(names.size() == 31);
  CHECK(std::find(names.begin(), names.end(), std::pair<int, std::string>{1, "Talk"}) !=
        names.end());
  CHECK(std::find(names.begin(), names.end(), std::pair<int, std::string>{2600, "Topic"}) !=
        names.end());
  CHECK(std::find(names.begin(), names.end(), std::pair<int, std::string>{0, ""}) != names.end());
}

TEST_CASE("dump: enwiki fixture with redirects kept", "[dump]") {
  std::ifstream file(kEnwiki, std::ios::binary);
  DumpReader reader(file, true, options_for({0}, false));
  auto pages = read_all(reader);
  REQUIRE(pages.size() == 3);
  CHECK(pages[0].title == "AccessibleComputing");
  CHECK(pages[0].redirect);
  CHECK(pages[0].page_id == 10);
  CHECK(starts_with(pages[0].text, "#REDIRECT [[Computer accessibility]]"));
  CHECK_FALSE(pages[1].redirect);
  CHECK(reader.stats().redirects_skipped == 0);
}

TEST_CASE("dump: bulk fixture, only the main namespace by default", "[dump]") {
  std::ifstream file(kBulk, std::ios::binary);
  DumpReader reader(file, true);
  auto pages = read_all(reader);
  REQUIRE(pages.size() == 3);
  CHECK(pages[0].title == "Vagococcus silagei");
  CHECK(pages[0].page_id == 66975912);
  CHECK(pages[0].revision_id == 1015580328);
  CHECK(pages[0].timestamp == "2021-04-02T08:27:56Z");
  CHECK(starts_with(pages[0].text, "{{Short description|Bacterium}}\n{{Italic title}}"));
  CHECK(pages[1].title == "13th Division (Yugoslav Partisans)");
  CHECK(pages[1].timestamp == "2021-03-20T18:27:39Z");
  CHECK(starts_with(pages[1].text, "{{Infobox military unit"));
  CHECK(pages[2].title == "Phyllodistomum");
  CHECK(pages[2].page_id == 66975915);
  for (const auto& p : pages) CHECK(p.ns == 0);
  CHECK(reader.stats().pages_seen == 9);
  CHECK(reader.stats().other_namespace_skipped == 6);
  CHECK(reader.stats().bytes_read == 19937);
  CHECK(reader.stats().warnings.empty());
  CHECK(reader.namespaces().size() == 30);
}

TEST_CASE("dump: bulk fixture, Talk namespace", "[dump]") {
  std::ifstream file(kBulk, std::ios::binary);
  DumpReader reader(file, true, options_for({1}));
  auto pages = read_all(reader);
  REQUIRE(pages.size() == 4);
  CHECK(pages[0].title == "Talk:Franz Xaver Jungwirth");
  CHECK(pages[0].ns == 1);
  CHECK(pages[0].revision_id == 1036245967);
  // &amp; decoded to &.
  CHECK(starts_with(pages[0].text,
                    "{{WikiProject Biography|class=Start|living=no|listas=Jungwirth, Franz "
                    "Xaver|a&e-work-group=yes"));
  CHECK(pages[1].title == "Talk:List of earthquakes in Portugal");
  CHECK(pages[2].title == "Talk:David A. Harris Jr.");
  CHECK(pages[3].title == "Talk:Vagococcus silagei");
  CHECK(reader.stats().other_namespace_skipped == 5);
}

TEST_CASE("dump: uncompressed XML from a string", "[dump]") {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
      dump_of(page_xml("Alpha", 1, "Alpha text &lt;ref&gt;x&lt;/ref&gt;") +
              page_xml("Beta", 2, "#redirect [[Alpha]]") +
              page_xml("Template:Box", 3, "{{{1}}}", 10) + page_xml("Gamma", 4, "  Gamma text"));
  std::istringstream in(xml);
  DumpReader reader(in, false);
  auto pages = read_all(reader);
  REQUIRE(pages.size() == 2);
  CHECK(pages[0].title == "Alpha");
  CHECK(pages[0].text == "Alpha text <ref>x</ref>");
  CHECK(pages[0].revision_id == 10);
  CHECK(pages[1].title == "Gamma");
  CHECK(pages[1].text == "  Gamma text");
  CHECK(reader.stats().redirects_skipped == 1);  // "#redirect" in the text, lower case
  CHECK(reader.stats().other_namespace_skipped == 1);
  CHECK(reader.stats().bytes_read == xml.size());
  CHECK(reader.stats().warnings.empty());
  CHECK_FALSE(reader.next().has_value());  // stays at the end
}

TEST_CASE("dump: a title that is not UTF-8 is repaired and named in a warning", "[dump]") {
  // Found by the dump_page fuzzer: pugixml passes the bytes through, and the title went
  // into the output as it was.
  std::string xml = dump_of(page_xml("13t\xFF\xFEh Division", 1, "Some text.") +
                            page_xml("Cut \xE2\x80", 2, "More text."));
  std::istringstream in(xml);
  DumpReader reader(in, false);
  auto pages = read_all(reader);
  REQUIRE(pages.size() == 2);
  CHECK(pages[0].title == "13t\uFFFD\uFFFDh Division");
  CHECK(pages[1].title == "Cut \uFFFD");
  CHECK(pages[0].text == "Some text.");
  REQUIRE(reader.stats().warnings.size() == 2);
  CHECK(reader.stats().warnings[0] ==
        "page '13t\uFFFD\uFFFDh Division': title is not valid UTF-8 (2 byte sequences "
        "replaced by U+FFFD)");
  CHECK(reader.stats().warnings[1].find("(1 byte sequence replaced") != std::string::npos);

  // The revision timestamp goes into the metadata too (found by the dump_page fuzzer).
  std::string bad_time = dump_of(page_xml("Good", 3, "Text."));
  bad_time.replace(bad_time.find("2020-01-02"), 10, "2020-\xC3\x28-02");
  std::istringstream in2(bad_time);
  DumpReader reader2(in2, false);
  auto pages2 = read_all(reader2);
  REQUIRE(pages2.size() == 1);
  CHECK(pages2[0].timestamp == "2020-\uFFFD(-02T03:04:05Z");
  REQUIRE(reader2.stats().warnings.size() == 1);
  CHECK(reader2.stats().warnings[0] ==
        "page 'Good': revision timestamp is not valid UTF-8 (replaced by U+FFFD)");
}

TEST_CASE("dump: a bad-XML warning quoting bytes that are not UTF-8 is still UTF-8", "[dump]") {
  // Found by the dump_page fuzzer: "undefined entity &g\xFFt;" quoted the raw byte.
  std::string xml =
      dump_of(page_xml("Vagococcus", 1, "a &g\xFFt; b") + page_xml("Good", 2, "Good text."));
  std::istringstream in(xml);
  DumpReader reader(in, false);
  auto pages = read_all(reader);
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].title == "Good");
  REQUIRE(reader.stats().warnings.size() == 1);
  CHECK(reader.stats().warnings[0] == "page 'Vagococcus': bad XML (undefined entity &g\uFFFDt;)");
}

TEST_CASE("dump: history dump, the last revision wins", "[dump]") {
  std::string xml = dump_of(
      "  <page>\n    <title>History</title>\n    <ns>0</ns>\n    <id>7</id>\n"
      "    <revision><id>100</id><timestamp>2001-01-01T00:00:00Z</timestamp>"
      "<text xml:space=\"preserve\">first</text></revision>\n"
      "    <revision><id>101</id><timestamp>2002-01-01T00:00:00Z</timestamp>"
      "<text xml:space=\"preserve\">second</text></revision>\n"
      "    <revision><id>102</id><timestamp>2003-01-01T00:00:00Z</timestamp>"
      "<contributor><id>5</id></contributor>"
      "<text xml:space=\"preserve\">third</text></revision>\n  </page>\n");
  std::istringstream in(xml);
  DumpReader reader(in, false);
  auto pages = read_all(reader);
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].page_id == 7);
  CHECK(pages[0].revision_id == 102);
  CHECK(pages[0].timestamp == "2003-01-01T00:00:00Z");
  CHECK(pages[0].text == "third");
}

TEST_CASE("dump: schema 0.3 without <ns>, namespace from the title", "[dump]") {
  auto old_page = [](const std::string& title, int id) {
    return "  <page>\n    <title>" + title + "</title>\n    <id>" + std::to_string(id) +
           "</id>\n    <revision><id>" + std::to_string(id + 1) +
           "</id><timestamp>2005-05-05T05:05:05Z</timestamp><text>Body of " + title +
           "</text></revision>\n  </page>\n";
  };
  std::string xml =
      "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.3/\" version=\"0.3\">\n"
      "  <siteinfo><namespaces><namespace key=\"0\" /><namespace key=\"1\">Talk</namespace>"
      "<namespace key=\"3\">User talk</namespace><namespace key=\"10\">Template</namespace>"
      "</namespaces></siteinfo>\n" +
      old_page("Foo", 1) + old_page("Talk:Foo", 3) + old_page("User_talk:Someone", 5) +
      old_page("template:Bar", 7) + old_page("Notanamespace:Baz", 9) + "</mediawiki>\n";
  std::istringstream in(xml);
  DumpReader reader(in, false, options_for({}));  // empty list: every namespace
  auto pages = read_all(reader);
  REQUIRE(pages.size() == 5);
  CHECK(pages[0].ns == 0);
  CHECK(pages[1].ns == 1);
  CHECK(pages[2].ns == 3);
  CHECK(pages[3].ns == 10);
  CHECK(pages[4].ns == 0);
  CHECK(pages[4].title == "Notanamespace:Baz");
  CHECK(pages[1].text == "Body of Talk:Foo");
  CHECK(pages[1].revision_id == 4);
}

TEST_CASE("dump: cut off mid-page", "[dump]") {
  std::string full = dump_of(page_xml("One", 1, "first") + page_xml("Two", 2, "second") +
                             page_xml("Three", 3, "third"));
  std::string cut = full.substr(0, full.find("third") - 10);
  std::istringstream in(cut);
  DumpReader reader(in, false);
  auto pages = read_all(reader);
  REQUIRE(pages.size() == 2);
  CHECK(pages[1].title == "Two");
  CHECK(has_warning(reader.stats(), "dump ends inside a page ('Three'"));
  CHECK(reader.stats().pages_seen == 2);
}

TEST_CASE("dump: cut off between pages", "[dump]") {
  std::string full = dump_of(page_xml("One", 1, "first") + page_xml("Two", 2, "second"));
  std::istringstream in(full.substr(0, full.find("</mediawiki>")));
  DumpReader reader(in, false);
  CHECK(read_all(reader).size() == 2);
  CHECK(has_warning(reader.stats(), "without </mediawiki>"));
}

TEST_CASE("dump: truncated and corrupt bz2", "[dump][bz2]") {
  std::string pages;
  const int n = 400;
  for (int i = 0; i < n; ++i) pages += page_xml("Page " + std::to_string(i), i + 1, varied_text(i));
  std::string xml = dump_of(pages);
  std::string compressed = bz2_compress(xml, 1);  // 100 KB blocks: several of them

  SECTION("whole") {
    std::istringstream in(compressed);
    DumpReader reader(in, true);
    CHECK(read_all(reader).size() == n);
    CHECK(reader.stats().warnings.empty());
    CHECK(reader.stats().bytes_read == xml.size());
  }
  SECTION("truncated") {
    std::istringstream in(compressed.substr(0, compressed.size() * 2 / 3));
    DumpReader reader(in, true);
    std::vector<DumpPage> got;
    REQUIRE_NOTHROW(got = read_all(reader));
    CHECK(got.size() > 0);
    CHECK(got.size() < static_cast<size_t>(n));
    CHECK(got.back().title == "Page " + std::to_string(got.size() - 1));
    CHECK(has_warning(reader.stats(), "bz2 stream ends early"));
    CHECK(has_warning(reader.stats(), "dump ends inside a page"));
  }
  SECTION("corrupt") {
    std::string bad = compressed;
    for (size_t i = bad.size() / 2; i < bad.size() / 2 + 64; ++i)
      bad[i] = static_cast<char>(~bad[i]);
    std::istringstream in(bad);
    DumpReader reader(in, true);
    std::vector<DumpPage> got;
    REQUIRE_NOTHROW(got = read_all(reader));
    CHECK(got.size() < static_cast<size_t>(n));
    CHECK(has_warning(reader.stats(), "bz2 data corrupt"));
  }
  SECTION("multistream: concatenated bz2 streams") {
    size_t split = xml.find("<page>", xml.size() / 2);
    std::string multi = bz2_compress(xml.substr(0, split)) + bz2_compress(xml.substr(split));
    std::istringstream in(multi);
    DumpReader reader(in, true);
    CHECK(read_all(reader).size() == n);
    CHECK(reader.stats().warnings.empty());
  }
}

TEST_CASE("dump: a page with an undefined entity is skipped, the others read", "[dump]") {
  std::string xml = dump_of(page_xml("Before", 1, "ok") + page_xml("Broken", 2, "x &foo; y") +
                            page_xml("Mismatched", 3, "<b>no close") +
                            page_xml("After", 4, "fine &amp; &#233; &#xE9;"));
  std::istringstream in(xml);
  DumpReader reader(in, false);
  std::vector<DumpPage> pages;
  REQUIRE_NOTHROW(pages = read_all(reader));
  REQUIRE(pages.size() == 2);
  CHECK(pages[0].title == "Before");
  CHECK(pages[1].title == "After");
  CHECK(pages[1].text == "fine & \xC3\xA9 \xC3\xA9");
  CHECK(has_warning(reader.stats(), "page 'Broken': bad XML (undefined entity &foo;)"));
  CHECK(has_warning(reader.stats(), "page 'Mismatched': bad XML ("));
  CHECK(reader.stats().pages_seen == 4);
  CHECK(reader.stats().warnings.size() == 2);
}

TEST_CASE("dump: UTF-16 input", "[dump][utf16]") {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" +
      dump_of(page_xml("Z\xC3\xBCrich", 1, "\xE6\x97\xA5\xE6\x9C\xAC and \xF0\x9F\x98\x80") +
              page_xml("Talk:Z\xC3\xBCrich", 2, "talk", 1));
  SECTION("little-endian with BOM") {
    std::string utf16 = "\xFF\xFE" + convert(xml, "UTF-16LE");
    REQUIRE(utf16.size() > xml.size());
    std::istringstream in(utf16);
    DumpReader reader(in, false);
    auto pages = read_all(reader);
    REQUIRE(pages.size() == 1);
    CHECK(pages[0].title == "Z\xC3\xBCrich");
    CHECK(pages[0].text == "\xE6\x97\xA5\xE6\x9C\xAC and \xF0\x9F\x98\x80");
    CHECK(reader.namespaces().size() == 3);
    CHECK(reader.stats().bytes_read == utf16.size());
    CHECK(reader.stats().warnings.empty());
  }
  SECTION("big-endian without BOM, bzip2-compressed") {
    std::string compressed = bz2_compress(convert(xml, "UTF-16BE"));
    std::istringstream in(compressed);
    DumpReader reader(in, true, options_for({1}));
    auto pages = read_all(reader);
    REQUIRE(pages.size() == 1);
    CHECK(pages[0].title == "Talk:Z\xC3\xBCrich");
  }
}

TEST_CASE("dump: 10,000 tiny pages streamed", "[dump]") {
  std::string pages;
  for (int i = 0; i < 10000; ++i)
    pages += "<page><title>P" + std::to_string(i) + "</title><ns>0</ns><id>" +
             std::to_string(i + 1) + "</id><revision><id>1</id><text>t</text></revision></page>";
  std::istringstream in(dump_of(pages));
  DumpReader reader(in, false);
  size_t count = 0;
  uint64_t last_id = 0;
  while (auto page = reader.next()) {
    ++count;
    last_id = page->page_id;
  }
  CHECK(count == 10000);
  CHECK(last_id == 10000);
  CHECK(reader.stats().pages_seen == 10000);
  CHECK(reader.stats().warnings.empty());
}

TEST_CASE("dump: an XML bomb in the DOCTYPE is not expanded", "[dump]") {
  std::string doctype = "<?xml version=\"1.0\"?>\n<!DOCTYPE mediawiki [\n <!ENTITY lol \"lol\">\n";
  doctype += " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i) {
    std::string prev = "&lol" + std::to_string(i - 1) + ";";
    std::string value;
    for (int k = 0; k < 10; ++k) value += prev;
    doctype += " <!ENTITY lol" + std::to_string(i) + " \"" + value + "\">\n";
  }
  doctype += " <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n <!ENTITY % param \"x\">\n]>\n";
  std::string xml =
      doctype +
      dump_of(page_xml("Bomb", 1, "boom &lol9; boom") + page_xml("Secret", 2, "read &xxe; here") +
              page_xml("Quiet", 3, "nothing here") + page_xml("Typo", 4, "an &undeclared; one"));
  CHECK(looks_like_dump(xml));
  std::istringstream in(xml);
  std::vector<DumpPage> pages;
  std::unique_ptr<DumpReader> reader;
  REQUIRE_NOTHROW(reader = std::make_unique<DumpReader>(in, false));
  REQUIRE_NOTHROW(pages = read_all(*reader));
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].title == "Quiet");
  CHECK(pages[0].text.find("lollol") == std::string::npos);
  // Declared entities are named as refused, not as undefined.
  CHECK(has_warning(reader->stats(),
                    "page 'Bomb': bad XML (entity &lol9; is declared in the "
                    "DTD: DTD entities are not expanded)"));
  CHECK(has_warning(reader->stats(),
                    "page 'Secret': bad XML (entity &xxe; is declared in the "
                    "DTD: DTD entities are not expanded)"));
  CHECK(has_warning(reader->stats(), "page 'Typo': bad XML (undefined entity &undeclared;)"));
  CHECK(reader->stats().pages_failed == 3);
  CHECK(reader->stats().bytes_read == xml.size());
}

TEST_CASE("dump: not a dump throws at construction", "[dump]") {
  std::istringstream plain("Hello, this is not XML at all.\n");
  CHECK_THROWS_AS(DumpReader(plain, false), std::runtime_error);
  std::istringstream html("<!DOCTYPE html><html><body>page</body></html>");
  CHECK_THROWS_AS(DumpReader(html, false), std::runtime_error);
  std::istringstream empty("");
  CHECK_THROWS_AS(DumpReader(empty, false), std::runtime_error);
  std::istringstream not_bz2(dump_of(page_xml("A", 1, "a")));
  CHECK_THROWS_AS(DumpReader(not_bz2, true), std::runtime_error);
  std::istringstream bz2_text(bz2_compress("just some text, compressed"));
  CHECK_THROWS_AS(DumpReader(bz2_text, true), std::runtime_error);
  // The root must come within the first 64 KiB.
  std::istringstream late(std::string(70 * 1024, ' ') + dump_of(""));
  CHECK_THROWS_AS(DumpReader(late, false), std::runtime_error);
}

TEST_CASE("looks_like_dump", "[dump]") {
  CHECK(looks_like_dump("<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.10/\">"));
  CHECK(looks_like_dump("\xEF\xBB\xBF  <?xml version=\"1.0\"?>\n<!-- a comment -->\n<mediawiki>"));
  CHECK(looks_like_dump(std::string("BZh9\x31\x41\x59\x26\x53\x59rest", 14)));
  CHECK_FALSE(looks_like_dump(std::string("BZh0\x31\x41\x59\x26\x53\x59", 10)));
  CHECK_FALSE(looks_like_dump(std::string("BZh9\x17\x72\x45\x38\x50\x90", 10)));  // empty bz2
  CHECK_FALSE(looks_like_dump("<html><body>"));
  CHECK_FALSE(looks_like_dump("<mediawikiX>"));
  CHECK_FALSE(looks_like_dump(""));
  CHECK_FALSE(looks_like_dump("plain text"));
  CHECK(looks_like_dump("\xFF\xFE" + convert("<mediawiki version=\"0.10\">", "UTF-16LE")));
  CHECK(looks_like_dump(convert("<?xml version=\"1.0\"?><mediawiki>", "UTF-16BE")));
  std::string real;
  std::ifstream file(kEnwiki, std::ios::binary);
  real.resize(64);
  file.read(real.data(), 64);
  CHECK(looks_like_dump(real));
}

TEST_CASE("dump: pages across 1 MiB chunk boundaries and one huge page", "[dump]") {
  // ~3.5 MiB: page and tag boundaries fall at every offset relative to the chunks,
  // and the huge page spans several chunks.
  std::string pages;
  int n = 0;
  for (; pages.size() < 3 * 1024 * 1024; ++n) {
    if (n == 700) {
      pages += page_xml("Huge", n + 1, std::string(1500 * 1024, 'h') + "&amp;end");
      continue;
    }
    pages += page_xml("P" + std::to_string(n), n + 1,
                      std::string(static_cast<size_t>(n % 997), 'x') + "\xC3\xA9");
  }
  std::string xml = dump_of(pages);
  auto check = [&](std::istream& in, bool bz2) {
    DumpReader reader(in, bz2);
    int count = 0;
    bool huge_ok = false, all_end_ok = true;
    while (auto page = reader.next()) {
      if (page->title == "Huge")
        huge_ok = page->text.size() == 1500 * 1024 + 4 &&
                  page->text.substr(page->text.size() - 4) == "&end";
      else if (page->title != "P" + std::to_string(count) ||
               page->text.size() != static_cast<size_t>(count % 997) + 2 ||
               page->text.substr(page->text.size() - 2) != "\xC3\xA9")
        all_end_ok = false;
      ++count;
    }
    CHECK(count == n);
    CHECK(huge_ok);
    CHECK(all_end_ok);
    CHECK(reader.stats().warnings.empty());
  };
  SECTION("UTF-8") {
    std::istringstream in(xml);
    check(in, false);
  }
  SECTION("UTF-16LE with BOM, split at an odd byte by two bzip2 streams") {
    std::string utf16 = "\xFF\xFE" + convert(xml, "UTF-16LE");
    size_t odd = utf16.size() / 2 | 1;
    std::istringstream in(bz2_compress(utf16.substr(0, odd)) + bz2_compress(utf16.substr(odd)));
    check(in, true);
  }
  SECTION("bzip2") {
    std::istringstream in(bz2_compress(xml));
    check(in, true);
  }
}

TEST_CASE("dump: bytes consumed, failed pages and the per-page callback", "[dump]") {
  std::string pages;
  const int n = 300;
  // Pages over 3 MiB: the reader decompresses in 1 MiB steps, so the compressed bytes
  // consumed grow in several steps.
  for (int i = 0; i < n; ++i)
    pages += page_xml("Page " + std::to_string(i), i + 1,
                      varied_text(i) + std::string(10000 + i, 'a' + i % 26));
  std::string xml = dump_of(pages + page_xml("Bad", n + 1, "x &nope; y"));
  REQUIRE(xml.size() > 3 * 1024 * 1024);
  std::string compressed = bz2_compress(xml, 1);
  std::vector<uint64_t> input, decoded;
  DumpOptions options;
  options.on_page = [&](const DumpStats& s) {
    input.push_back(s.input_bytes);
    decoded.push_back(s.bytes_read);
  };
  std::istringstream in(compressed);
  DumpReader reader(in, true, options);
  CHECK(read_all(reader).size() == static_cast<size_t>(n));
  // One call per page seen, the bad one included; both counts only grow.
  REQUIRE(input.size() == static_cast<size_t>(n + 1));
  CHECK(std::is_sorted(input.begin(), input.end()));
  CHECK(std::is_sorted(decoded.begin(), decoded.end()));
  CHECK(input.front() < input.back());
  CHECK(reader.stats().input_bytes == compressed.size());
  CHECK(reader.stats().bytes_read == xml.size());
  CHECK(reader.stats().pages_failed == 1);
  CHECK_FALSE(reader.stats().truncated);

  std::istringstream cut(xml.substr(0, xml.size() / 2));
  DumpReader partial(cut, false);
  read_all(partial);
  CHECK(partial.stats().truncated);
  CHECK(partial.stats().pages_failed == 1);
  CHECK(partial.stats().input_bytes == xml.size() / 2);
}

// Found by the dump_page fuzzer (fixtures/fuzz-regressions/dump_page/broken-title-tag-in-
// warning): with its </title> damaged, the warning quoted 200 raw bytes of the page — line
// breaks, tags, a byte that is not UTF-8. A long title was also cut inside a character.
TEST_CASE("dump: a bad page's warning quotes its title as one line of UTF-8", "[dump]") {
  std::string broken =
      "<page>\n    <title>Phyllodistomum</ti\x8cle>\n    <ns>0</ns>\n    <id>7</id>"
      "\n    <revision><id>8</id><text>x</text></revision>\n  </page>\n";
  std::string long_title(199, 'a');
  long_title += "\xC3\xA9 &foo;";  // "é" straddles byte 200
  std::string xml = dump_of(broken + page_xml(long_title, 2, "y") + page_xml("After", 3, "ok"));
  std::istringstream in(xml);
  DumpReader reader(in, false);
  std::vector<DumpPage> pages = read_all(reader);
  REQUIRE(pages.size() == 1);
  CHECK(has_warning(reader.stats(), "page 'Phyllodistomum': bad XML ("));
  CHECK(has_warning(reader.stats(), "page '" + std::string(199, 'a') + "\xEF\xBF\xBD': bad XML ("));
  for (const auto& w : reader.stats().warnings) {
    CHECK(w.find('\n') == std::string::npos);
    CHECK(w.find('\x8c') == std::string::npos);
  }
}
