#include "indexer/mojibake.h"

#include <catch2/catch.hpp>
#include <string>

#include "indexer/text_util.h"

using citedex::repair_mojibake;

namespace {

// Simulates the damage: reads UTF-8 bytes as Windows-1252 and writes the result as
// UTF-8. The five bytes Windows-1252 leaves undefined become C1 controls, as most tools
// do.
std::string mojibake(const std::string& utf8) {
  static constexpr char32_t kHigh[32] = {
      U'€', 0x81, U'‚', U'ƒ', U'„', U'…', U'†', U'‡', U'ˆ', U'‰', U'Š',
      U'‹', U'Œ', 0x8D, U'Ž', 0x8F, 0x90, U'‘', U'’', U'“', U'”', U'•',
      U'–', U'—', U'˜', U'™', U'š', U'›', U'œ', 0x9D, U'ž', U'Ÿ',
  };
  std::string out;
  for (char c : utf8) {
    const auto b = static_cast<unsigned char>(c);
    citedex::append_utf8(out, b >= 0x80 && b < 0xA0 ? kHigh[b - 0x80] : char32_t{b});
  }
  return out;
}

}  // namespace

// Repairs are counted once per repaired run (a maximal stretch of non-ASCII characters
// that all map to Windows-1252 bytes) per pass, so double damage costs two repairs.

TEST_CASE("repair_mojibake: the broken lines of seed 004", "[mojibake]") {
  const std::string broken =
      "subject: Deir ez-Zor offensive (Januaryâ€“February 2017)\n"
      "    ðŸ‡·ðŸ‡º Russia\n"
      "  - 14 January â€“ 14 February 2017\n"
      "ISIL also advanced along the Jamâ€™eyyat al-Rowwad and captured\n";
  const auto r = repair_mojibake(broken);
  CHECK(r.text ==
        "subject: Deir ez-Zor offensive (January–February 2017)\n"
        "    🇷🇺 Russia\n"
        "  - 14 January – 14 February 2017\n"
        "ISIL also advanced along the Jam’eyyat al-Rowwad and captured\n");
  CHECK(r.repairs == 4);
  CHECK(r.text.find("â€") == std::string::npos);
  CHECK(r.text.find("ðŸ") == std::string::npos);
}

TEST_CASE("repair_mojibake: single broken characters", "[mojibake]") {
  CHECK(repair_mojibake("cafÃ©").text == "café");
  CHECK(repair_mojibake("3Ã—4").text == "3×4");
  CHECK(repair_mojibake("Â£5").text == "£5");
  CHECK(repair_mojibake("a\xC3\x82\xC2\xA0"
                        "b")
            .text ==
        "a\xC2\xA0"
        "b");                                                        // "Â" + NBSP
  CHECK(repair_mojibake("â€œquotedâ€\xC2\x9D").text == "“quoted”");  // 0x9D kept as U+009D
  CHECK(repair_mojibake("Januaryâ€“February").repairs == 1);
}

TEST_CASE("repair_mojibake: whole words in other scripts", "[mojibake]") {
  for (const std::string word :
       {"Wrocław", "Łódź", "Москва", "Москве", "Αθήνα", "שלום", "المصدر نيوز", "東京", "Ελληνικά",
        "naïve café", "Zürich", "Ștefan", "🇷🇺"}) {
    INFO(word);
    CHECK(repair_mojibake(mojibake(word)).text == word);
  }
}

TEST_CASE("repair_mojibake: known limitation, isolated one-letter words", "[mojibake]") {
  // A lone 2-byte sequence with a lead other than "Â"/"Ã", between spaces, looks just
  // like correct "É®", so it is left alone; the rest of the sentence is still repaired.
  CHECK(repair_mojibake(mojibake("в Москве")).text == "Ð² Москве");
}

TEST_CASE("repair_mojibake: correct text is never touched", "[mojibake]") {
  for (const std::string text : {"",
                                 "plain ASCII text",
                                 "NESTLÉ®",
                                 "NESTLÉ® products",
                                 "3×4",
                                 "é",
                                 "café",
                                 "Ã ",
                                 "SÃO PAULO",
                                 "Ã",
                                 "„Fuß“",
                                 "«CAFÉ»",
                                 "CAFÉ™",
                                 "€100 – £90",
                                 "Jam’eyyat",
                                 "Ü“ und Ö”",
                                 "المصدر نيوز",
                                 "Москва",
                                 "Ελληνικά",
                                 "東京",
                                 "🇷🇺 Russia",
                                 "Â€",
                                 "½ ¼ ¾ ° ±",
                                 "ÀÉÎÕÜ",
                                 "§ 5 ¶ 2",
                                 "ÖSTERREICH®",
                                 "naïve",
                                 "Łódź"}) {
    INFO(text);
    const auto r = repair_mojibake(text);
    CHECK(r.text == text);
    CHECK(r.repairs == 0);
  }
}

TEST_CASE("repair_mojibake: a correct dash next to a broken one", "[mojibake]") {
  const auto r = repair_mojibake("a – b â€“ c");
  CHECK(r.text == "a – b – c");
  CHECK(r.repairs == 1);
  // Correct punctuation inside the same run as the damage stays as it is.
  CHECK(repair_mojibake("“â€“”").text == "“–”");
}

TEST_CASE("repair_mojibake: repeated damage is undone pass by pass", "[mojibake]") {
  const auto twice = repair_mojibake("Ã¢â‚¬â€œ");
  CHECK(twice.text == "–");
  CHECK(twice.repairs == 2);
  CHECK(mojibake(mojibake("–")) == "Ã¢â‚¬â€œ");

  const std::string word = "Jam’eyyat – café";
  CHECK(repair_mojibake(mojibake(mojibake(mojibake(word)))).text == word);
  // The number of passes is bounded, so pathological depth is only partly undone.
  const std::string deep = mojibake(mojibake(mojibake(mojibake(mojibake("–")))));
  CHECK(repair_mojibake(deep).text != "–");
  CHECK(repair_mojibake(deep).text.size() < deep.size());
}

TEST_CASE("repair_mojibake: Latin-1 damage with C1 controls", "[mojibake]") {
  // Decoding as Latin-1 rather than Windows-1252 leaves C1 controls instead of "€“".
  CHECK(repair_mojibake("a\xC3\xA2\xC2\x80\xC2\x93"
                        "b")
            .text == "a–b");
}

TEST_CASE("repair_mojibake: idempotent", "[mojibake]") {
  for (const std::string text :
       {"Januaryâ€“February", "Ã¢â‚¬â€œ", "NESTLÉ®", "a – b â€“ c", "ðŸ‡·ðŸ‡º Russia", "Łódź",
        "cafÃ©", "Ð² ÐœÐ¾Ñ\xC2\x81ÐºÐ²Ðµ", ""}) {
    INFO(text);
    const auto once = repair_mojibake(text);
    const auto again = repair_mojibake(once.text);
    CHECK(again.text == once.text);
    CHECK(again.repairs == 0);
  }
}
