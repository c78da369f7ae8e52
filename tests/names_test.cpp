#include "indexer/names.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "indexer/text_util.h"

using namespace citedex;

TEST_CASE("case and spacing", "[names]") {
  CHECK(normalize_name("Rudaw") == "rudaw");
  CHECK(normalize_name("AL-MASDAR NEWS") == "al masdar news");
  CHECK(normalize_name("  Fars\tNews \n Agency ") == "fars news agency");
  CHECK(normalize_name("ТАСС") == "тасс");
  CHECK(normalize_name("ТАСС") == normalize_name("тасс"));
  CHECK(normalize_name("Ελληνικά") == "ελληνικα");
  CHECK(normalize_name("Die Straße") == "die strasse");
  CHECK(normalize_name("ＮＨＫ") == "nhk");
  CHECK(normalize_name("Reuters\u00A0News") == "reuters news");
}

TEST_CASE("diacritics are removed", "[names]") {
  CHECK(normalize_name("Sāna") == "sana");
  CHECK(normalize_name("Sāna") == normalize_name("Sana"));
  CHECK(normalize_name("Le Monde Diplomatique") == normalize_name("Le Monde Diplomatique"));
  CHECK(normalize_name("Hürriyet") == "hurriyet");
  CHECK(normalize_name("Télérama") == "telerama");
  CHECK(normalize_name("Agência Brasil") == "agencia brasil");
  CHECK(normalize_name("Sa\u0304na") == "sana");  // already decomposed
  CHECK(normalize_name("İstanbul") == "istanbul");
  CHECK(normalize_name("조선일보") == "조선일보");  // Hangul recomposed after NFD
}

TEST_CASE("leading article", "[names]") {
  CHECK(normalize_name("The Telegraph") == "telegraph");
  CHECK(normalize_name("THE TELEGRAPH") == "telegraph");
  CHECK(normalize_name("telegraph") == "telegraph");
  CHECK(normalize_name("The  Telegraph") == "telegraph");
  CHECK(normalize_name("\"The\" Telegraph") == "telegraph");
  CHECK(normalize_name("The") == "the");
  CHECK(normalize_name("Theatre Times") == "theatre times");
  CHECK(normalize_name("Daily The Times") == "daily the times");
  CHECK(normalize_name("The The Times") == "times");
}

TEST_CASE("punctuation and dash variants", "[names]") {
  const std::string expected = "al masdar news";
  for (const char* s : {"Al-Masdar News", "al Masdar News", "Al–Masdar  News", "Al‐Masdar News",
                        "Al‑Masdar News", "Al‒Masdar News", "Al—Masdar News", "Al―Masdar News",
                        "Al−Masdar News", "(Al-Masdar News)", "“Al-Masdar News”"}) {
    INFO(s);
    CHECK(normalize_name(s) == expected);
  }
  CHECK(normalize_name("Zaman al-Wasl") == normalize_name("Zaman al Wasl"));
  CHECK(normalize_name("Agence France-Presse") == normalize_name("Agence France Presse"));
  CHECK(normalize_name("Fars News Agency.") == normalize_name("Fars News Agency"));
  CHECK(normalize_name("Fars News Agency.") == "fars news agency");
  CHECK(normalize_name("Syria’s News; Today: [Live] {x} | a/b · c • d!?") ==
        "syria s news today live x a b c d");
  CHECK(normalize_name("Syria's News") == normalize_name("Syria’s News"));
  CHECK(normalize_name("C++ Weekly") == "c++ weekly");
}

TEST_CASE("ampersand becomes and", "[names]") {
  CHECK(normalize_name("Johnson & Johnson") == "johnson and johnson");
  CHECK(normalize_name("Johnson & Johnson") == normalize_name("Johnson and Johnson"));
  CHECK(normalize_name("AT&T") == "at and t");
  CHECK(normalize_name("Ｆ＆Ｂ") == "f and b");  // full-width ampersand via ICU
  CHECK(normalize_name("&") == "and");
}

TEST_CASE("Arabic variants", "[names]") {
  CHECK(normalize_name("المَصدر نيوز") == normalize_name("المصدر نيوز"));
  CHECK(normalize_name("المصدر نيوز") == "المصدر نيوز");  // the article ال is kept
  CHECK(normalize_name("أخبار") == "اخبار");
  CHECK(normalize_name("إعلام") == "اعلام");
  CHECK(normalize_name("آفاق") == "افاق");
  CHECK(normalize_name("ٱلجزيرة") == normalize_name("الجزيره"));
  CHECK(normalize_name("الجزيرة") == "الجزيره");
  CHECK(normalize_name("مصطفى") == "مصطفي");
  CHECK(normalize_name("عـــربي") == "عربي");  // tatweel
  CHECK(normalize_name("قَنَاةُ الْعَرَبِيَّةِ") == normalize_name("قناة العربية"));
  CHECK(normalize_name("فارس، اليوم") == "فارس اليوم");  // Arabic comma
  CHECK(normalize_name("٢٠١٦") == "2016");
  CHECK(normalize_name("ﺍﻟﻌﺮﺑﻴﺔ") == normalize_name("العربية"));  // presentation forms
}

TEST_CASE("empty and separator-only input", "[names]") {
  CHECK(normalize_name("") == "");
  CHECK(normalize_name("   ") == "");
  CHECK(normalize_name(" - . ") == "");
  CHECK(normalize_name("“ ”") == "");
  CHECK(name_tokens("").empty());
}

TEST_CASE("idempotence", "[names]") {
  for (const char* s : {"The Telegraph", "Al–Masdar  News", "AT&T", "Sāna", "Ελληνικά", "ТАСС",
                        "المَصدر نيوز", "قَنَاةُ الْعَرَبِيَّةِ", "The The Times", "Die Straße", "İstanbul",
                        "조선일보", "ＮＨＫ", "ﬁnance", "x\xff\xfey", "Ǆ Ligature", "K Kelvin"}) {
    INFO(s);
    std::string once = normalize_name(s);
    CHECK(normalize_name(once) == once);
  }
}

TEST_CASE("ASCII fast path agrees with the ICU path", "[names]") {
  for (const char* s : {"The Telegraph", "AL-MASDAR NEWS", "Fars News Agency.", "AT&T",
                        "  x\t\ny  ", "C++ (Weekly) [x] {y} | a/b\\c_d`e", "the the", "The",
                        "@#$%*=<>^~+", "Agence France-Presse", "\x01\x7f ctl", ""}) {
    INFO(s);
    CHECK(normalize_name(s) == normalize_name_unicode(s));
  }
  // Every printable ASCII character, alone and between letters.
  for (char c = 0x20; c < 0x7F; ++c) {
    std::string s = std::string("Ab") + c + "Cd";
    INFO(s);
    CHECK(normalize_name(s) == normalize_name_unicode(s));
  }
}

TEST_CASE("name_tokens", "[names]") {
  CHECK(name_tokens("al masdar news") == std::vector<std::string>{"al", "masdar", "news"});
  CHECK(name_tokens("rudaw") == std::vector<std::string>{"rudaw"});
  CHECK(name_tokens(" a  b ") == std::vector<std::string>{"a", "b"});
  CHECK(name_tokens(normalize_name("The Al-Masdar News")) ==
        std::vector<std::string>{"al", "masdar", "news"});
}

TEST_CASE("the Arabic fast path agrees with the ICU path", "[names]") {
  // Real titles from the seed copies, plus harakat, tatweel, hamza forms, Arabic-Indic
  // digits and punctuation.
  const char* samples[] = {
      "قوات النظام تتقدم نحو الحقول النفطية في شرق حمص في اليوم السادس من تقدمها بعد أسابيع من "
      "الفشل في استعادة ما خسرته لصالح تنظيم “الدولة الإسلامية”",
      "بالصور: حامية مطار التيفور.. واخر التطورات في تدمر",
      "تنظيم \"الدولة الإسلامية\" يستعيد ضاحية العامرية بأطراف مدينة تدمر ويكبِّد النظام أكثر من 120 "
      "قتيل وعشرات الجرحى",
      "ماذا يحدث الآن في مطار التيفور..؟",
      "المَصدر نيوز",
      "المصـــدر نيوز",
      "أإآٱ ؤ ئ ى ة ی ک ۀ ۂ ۓ",
      "٢٠١٦ ۲۰۱۷ ، ؛ ؟ ٪",
      "Amn - Al-Masdar News | المصدر نيوز",
  };
  for (const char* s : samples) {
    INFO(s);
    CHECK(citedex::normalize_name(s) == citedex::normalize_name_unicode(s));
  }
}

TEST_CASE("every code point of the Arabic block agrees with the ICU path", "[names]") {
  for (char32_t c = 0x0600; c <= 0x06FF; ++c) {
    std::string s = "\xD8\xA8";  // ب
    citedex::append_utf8(s, c);
    s += " \xD8\xA8";
    INFO("U+" << std::hex << static_cast<uint32_t>(c));
    CHECK(citedex::normalize_name(s) == citedex::normalize_name_unicode(s));
    std::string n = citedex::normalize_name_unicode(s);
    std::erase(n, ' ');
    CHECK(citedex::normalized_name_key(s) == citedex::fnv1a64(n.substr(0, citedex::kNameKeyBytes)));
  }
}

TEST_CASE("normalized_name_key agrees with normalize_name", "[names]") {
  auto expected = [](std::string_view title) {
    std::string n = citedex::normalize_name(title);
    std::erase(n, ' ');
    return citedex::fnv1a64(n.substr(0, citedex::kNameKeyBytes));
  };
  const std::vector<std::string> titles = {
      "ISIS fully retakes Palmyra",
      "  ISIS   fully-retakes: Palmyra!! ",
      "The Guardian",
      "the the",
      "The",
      "THE THE Syrian army",
      "Theodore reports",
      "Tom & Jerry",
      "Tom&Jerry",
      "A+B = C #1 @ 50%",
      "tab\tand\x01control",
      "",
      "...",
      "“Islamic State” shells Deir ez-Zor — SOHR",
      "Ça va à Raqqa",
      "المرصد السوري لحقوق الإنسان",
      "Ｆｕｌｌｗｉｄｔｈ title",
      "تنظيم \"الدولة الإسلامية\" يستعيد ضاحية العامرية ويكبِّد النظام",
      "ماذا يحدث الآن في مطار التيفور..؟",
      "المصـــدر نيوز",
      "أإآٱ ؤ ئ ى ة ی ک ۀ ۂ ۓ ٵ",
      "The ٢٠١٦ ۲۰۱۷ ، ؛ ؟ ٪",
      "the المصدر",
      "The the the Syrian Observatory for Human Rights reports heavy clashes near Palmyra",
      "the the the the the the the the the the the the x",
      "Abcdefghijklmnopqrstuvwxyz0123456789 & more words after the thirty-second letter",
      "المرصد السوري لحقوق الإنسان المرصد السوري لحقوق الإنسان المرصد",
  };
  for (const auto& t : titles) {
    INFO(t);
    CHECK(citedex::normalized_name_key(t) == expected(t));
  }
  // Same normalized title, same key; different titles, different keys.
  CHECK(citedex::normalized_name_key("ISIS Fully Retakes Palmyra.") ==
        citedex::normalized_name_key("isis fully retakes palmyra"));
  CHECK(citedex::normalized_name_key("The Palmyra offensive") ==
        citedex::normalized_name_key("Palmyra offensive"));
  CHECK(citedex::normalized_name_key("Palmyra offensive") !=
        citedex::normalized_name_key("Palmyra offensive (2016)"));
}
