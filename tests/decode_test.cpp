#include "indexer/decode.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

using citedex::decode_text;
using citedex::NotTextError;
using namespace std::string_literals;

namespace {

// Serialises UTF-16 code units in the requested byte order, optionally with a BOM.
std::string utf16_bytes(const std::u16string& units, bool little_endian, bool bom) {
  std::string out;
  auto put = [&](char16_t u) {
    const char hi = static_cast<char>(u >> 8);
    const char lo = static_cast<char>(u & 0xFF);
    out += little_endian ? std::string{lo, hi} : std::string{hi, lo};
  };
  if (bom) put(u'\uFEFF');
  for (char16_t u : units) put(u);
  return out;
}

std::string not_text_reason(const std::string& bytes) {
  try {
    decode_text(bytes);
  } catch (const NotTextError& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace

TEST_CASE("decode_text: empty input is empty UTF-8 text", "[decode]") {
  citedex::DecodedText d;
  REQUIRE_NOTHROW(d = decode_text(""));
  CHECK(d.text.empty());
  CHECK(d.encoding == "utf-8");
  CHECK(d.invalid_sequences == 0);
  CHECK(d.nul_bytes == 0);
}

TEST_CASE("decode_text: valid UTF-8 passes through unchanged", "[decode]") {
  const std::string text = "title: Café – NESTLÉ® 3×4 🇷🇺 Russia المصدر نيوز 東京\n";
  const auto d = decode_text(text);
  CHECK(d.text == text);
  CHECK(d.encoding == "utf-8");
  CHECK(d.invalid_sequences == 0);
}

TEST_CASE("decode_text: a UTF-8 BOM is stripped", "[decode]") {
  CHECK(decode_text("\xEF\xBB\xBFhello").text == "hello");
  CHECK(decode_text("\xEF\xBB\xBF").text.empty());
  // Only a leading BOM is a BOM; a later U+FEFF is content.
  CHECK(decode_text("a\xEF\xBB\xBF").text == "a\xEF\xBB\xBF");
}

TEST_CASE("decode_text: each invalid UTF-8 sequence becomes one U+FFFD", "[decode]") {
  const std::string seed = "Deir ez-Zor offensive (January–February 2017)";
  const std::string spliced = seed.substr(0, 10) + "\xFF\xFE\xC3" + seed.substr(10);
  const auto d = decode_text(spliced);
  CHECK(d.encoding == "utf-8");
  CHECK(d.text == seed.substr(0, 10) + "\uFFFD\uFFFD\uFFFD" + seed.substr(10));
  CHECK(d.invalid_sequences == 3);

  // A truncated 3-byte sequence is one maximal ill-formed subpart, hence one U+FFFD.
  const auto truncated = decode_text("a\xE2\x80z");
  CHECK(truncated.text == "a\uFFFDz");
  CHECK(truncated.invalid_sequences == 1);

  // Overlong forms and encoded surrogates are rejected byte by byte.
  CHECK(decode_text("<\xC0\xAF>").text == "<\uFFFD\uFFFD>");
  CHECK(decode_text("<\xED\xA0\x80>").invalid_sequences == 3);
  // A lone continuation byte at the very end.
  CHECK(decode_text("end\x80").text == "end\uFFFD");
}

TEST_CASE("decode_text: line endings become LF", "[decode]") {
  CHECK(decode_text("a\r\nb\r\n").text == "a\nb\n");
  CHECK(decode_text("a\rb\rc").text == "a\nb\nc");
  CHECK(decode_text("a\r\r\nb").text == "a\n\nb");
  CHECK(decode_text("a\n\rb").text == "a\n\nb");
  CHECK(decode_text("trailing\r").text == "trailing\n");
  CHECK(decode_text("é\r\n–\r").text == "é\n–\n");
}

TEST_CASE("decode_text: NUL bytes in text are removed and counted", "[decode]") {
  const auto d = decode_text("The Deir\0 ez-\0Zor offensive (January–February 2017)\0"s);
  CHECK(d.text == "The Deir ez-Zor offensive (January–February 2017)");
  CHECK(d.nul_bytes == 3);
  CHECK(d.invalid_sequences == 0);
  // A NUL between CR and LF does not split the line break in two.
  CHECK(decode_text("first line\r\0\nsecond line"s).text == "first line\nsecond line");
}

TEST_CASE("decode_text: UTF-16 with a BOM", "[decode]") {
  const std::u16string units = u"Jam’eyyat\r\n🇷🇺 Russia المصدر";
  const std::string expected = "Jam’eyyat\n🇷🇺 Russia المصدر";

  const auto le = decode_text(utf16_bytes(units, true, true));
  CHECK(le.encoding == "utf-16le");
  CHECK(le.text == expected);
  CHECK(le.invalid_sequences == 0);

  const auto be = decode_text(utf16_bytes(units, false, true));
  CHECK(be.encoding == "utf-16be");
  CHECK(be.text == expected);

  // Non-Latin text has no zero bytes to sniff, so only the BOM can tell.
  const auto arabic = decode_text(utf16_bytes(u"المصدر", true, true));
  CHECK(arabic.encoding == "utf-16le");
  CHECK(arabic.text == "المصدر");
}

TEST_CASE("decode_text: UTF-16 without a BOM is recognised by its zero bytes", "[decode]") {
  const std::u16string units = u"The Deir ez-Zor offensive (January–February 2017)\r\n";
  const std::string expected = "The Deir ez-Zor offensive (January–February 2017)\n";

  const auto le = decode_text(utf16_bytes(units, true, false));
  CHECK(le.encoding == "utf-16le");
  CHECK(le.text == expected);

  const auto be = decode_text(utf16_bytes(units, false, false));
  CHECK(be.encoding == "utf-16be");
  CHECK(be.text == expected);
}

TEST_CASE("decode_text: malformed UTF-16 yields counted U+FFFD", "[decode]") {
  // An unpaired high surrogate followed by a letter.
  const std::u16string lone = {u'a', u'\xD83C', u'b'};
  const auto d = decode_text(utf16_bytes(lone, true, true));
  CHECK(d.text == "a\uFFFDb");
  CHECK(d.invalid_sequences == 1);

  // An odd trailing byte cannot be a code unit.
  const auto odd = decode_text(utf16_bytes(u"abc", true, true) + "x");
  CHECK(odd.text == "abc\uFFFD");
  CHECK(odd.invalid_sequences == 1);
}

TEST_CASE("decode_text: long UTF-16 survives ICU's buffer boundaries", "[decode]") {
  // Surrogate pairs at every second position make some pair straddle a buffer refill.
  std::u16string units;
  std::string expected;
  for (int i = 0; i < 20000; ++i) {
    units += u"a😀";
    expected += "a😀";
  }
  const auto d = decode_text(utf16_bytes(units, false, true));
  CHECK(d.invalid_sequences == 0);
  CHECK(d.text == expected);
}

TEST_CASE("decode_text: known binary formats are rejected by magic number", "[decode]") {
  CHECK(not_text_reason("\xFF\xD8\xFF\xE0\0\x10JFIF\0"s) == "looks like a JPEG image");
  CHECK(not_text_reason("\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s) == "looks like a PNG image");
  CHECK(not_text_reason("GIF89a\x01\0\x01\0"s) == "looks like a GIF image");
  CHECK(not_text_reason("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n") == "looks like a PDF document");
  CHECK(not_text_reason("PK\x03\x04\x14\0\0\0"s) == "looks like a ZIP archive");
  CHECK(not_text_reason("\x1F\x8B\x08\0\0\0\0\0"s) == "looks like gzip-compressed data");
  CHECK(not_text_reason("BZh91AY&SY") == "looks like bzip2-compressed data");
  CHECK(not_text_reason("\x7F"
                        "ELF\x02\x01\x01\0"s) == "looks like an ELF executable");
  // Text that merely starts like a signature is still text.
  CHECK(decode_text("BZh9 is a model number.").text == "BZh9 is a model number.");
  CHECK(decode_text("PK-1 was a rocket.").text == "PK-1 was a rocket.");
}

TEST_CASE("decode_text: a high share of control bytes means binary", "[decode]") {
  // 35 control bytes out of 100.
  std::string bytes(65, 'x');
  bytes += std::string(35, '\x01');
  CHECK(not_text_reason(bytes) == "binary data: 35% control bytes");

  // Only the first 8 KiB are sniffed: junk further down is decoded as text.
  std::string late = std::string(8192, 'a') + std::string(4000, '\x02');
  CHECK_NOTHROW(decode_text(late));

  // A stray ESC or two in an article is not enough.
  std::string stray = std::string(200, 'a') + "\x1B\x1B";
  CHECK_NOTHROW(decode_text(stray));

  // Tabs, LF, CR and FF are ordinary text.
  CHECK(decode_text("\t\t\f\n\r\n\t").text == "\t\t\f\n\n\t");

  // Mostly NUL input is not "text with a few NULs".
  CHECK_THROWS_AS(decode_text(std::string(100, '\0')), NotTextError);
}

TEST_CASE("decode_text: UTF-32 is not mistaken for text", "[decode]") {
  std::string utf32le = "\xFF\xFE\0\0"s;
  for (char c : std::string("hello world")) utf32le += std::string{c, 0, 0, 0};
  CHECK_THROWS_AS(decode_text(utf32le), NotTextError);
}

TEST_CASE("decode_text: time is linear in the input size", "[decode]") {
  // 8 MiB of mixed content with CRs and invalid bytes; a quadratic pass would take minutes.
  std::string chunk = "Januaryâ€“February\r\n\xFF المصدر ";
  std::string big;
  while (big.size() < (8u << 20)) big += chunk;
  const auto start = std::chrono::steady_clock::now();
  const auto d = decode_text(big);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(d.invalid_sequences == big.size() / chunk.size());
  CHECK(elapsed < std::chrono::seconds(5));
}
