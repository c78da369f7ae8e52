#include "indexer/attribution.h"

#include <catch2/catch.hpp>

#include "indexer/pipeline.h"

using citedex::find_attributions;

namespace {

const citedex::OutletTable& table() { return citedex::builtin_outlet_table(); }

std::string cue_for(const std::string& text, const std::string& outlet) {
  for (const auto& a : find_attributions(text, table()))
    if (a.outlet == outlet) return a.cue;
  return "";
}

const std::string kSohr = "Syrian Observatory for Human Rights";

}  // namespace

TEST_CASE("every cue kind attributes", "[attribution]") {
  CHECK(cue_for(
            "20 ISIL fighters were killed according to Syrian Observatory for Human Rights (SOHR).",
            kSohr) == "according to");
  CHECK(cue_for(
            "More than 80 people were reported killed according to the SOHR by the end of the day.",
            kSohr) == "according to");
  CHECK(cue_for("283+ killed (per SOHR)", kSohr) == "per");
  CHECK(cue_for("SOHR meanwhile stated ISIL had captured Assad Hospital.", kSohr) == "stated");
  CHECK(cue_for("Al-Masdar News cited local sources stating that ISIL never captured it.",
                "Al-Masdar News") == "cited");
  CHECK(cue_for("Reuters reported that the town fell.", "Reuters") == "reported");
  CHECK(cue_for("The Associated Press said the convoy was hit.", "Associated Press") == "said");
  CHECK(cue_for("TASS claimed 1,000 militants were killed.", "TASS") == "claimed");
  CHECK(cue_for("The Syrian Observatory for Human Rights (SOHR) reported it was not known whether "
                "it crashed.",
                kSohr) == "reported");
  CHECK(
      cue_for(
          "283 militants were reported killed during the offensive by the SOHR, while others died.",
          kSohr) == "reported by");
  CHECK(cue_for("The army advanced, citing Reuters sources.", "Reuters") == "citing");
}

TEST_CASE("mentions that attribute nothing do not count", "[attribution]") {
  CHECK(
      find_attributions(
          "The Syrian Observatory for Human Rights, based in Coventry, is run by one man.", table())
          .empty());
  CHECK(find_attributions("A Reuters journalist was killed near the town.", table()).empty());
  CHECK(find_attributions("The army was attacked by Reuters.", table())
            .empty());  // no reporting word
  CHECK(find_attributions("ISIL launched an attack now, and the army said it held.", table())
            .empty());
  CHECK(find_attributions("No source is named in this sentence.", table()).empty());
  // Short names match only as written: "now"/"ap" are words, not outlets.
  CHECK(find_attributions("It was reported now by the army.", table()).empty());
}

TEST_CASE("offsets are code points and several attributions are kept in order", "[attribution]") {
  auto found =
      find_attributions("Per SOHR, 12 died; Reuters said 15 and “TASS” claimed 20.", table());
  REQUIRE(found.size() == 3);
  CHECK(found[0].outlet == kSohr);
  CHECK(found[0].offset == 4);
  CHECK(found[1].outlet == "Reuters");
  CHECK(found[1].offset == 19);
  CHECK(found[2].outlet == "TASS");
  CHECK(found[2].offset == 40);  // the three-byte “ before it counts as one code point
}

TEST_CASE("the cue list is explicit and complete", "[attribution]") {
  auto cues = citedex::attribution_cues();
  auto has = [&](std::string_view w) {
    for (const auto& c : cues)
      if (c.words == w) return true;
    return false;
  };
  for (auto w : {"according to", "per", "reported", "said", "stated", "claimed", "cited", "by"})
    CHECK(has(w));
}
