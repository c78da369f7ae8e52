// Tests of the wikitext reader (indexer/reader_wikitext.h) on hand-written fixtures
// (fixtures/wikitext/) and small inline pages.
#include "indexer/reader_wikitext.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/boilerplate.h"
#include "indexer/footnotes.h"
#include "indexer/pipeline.h"
#include "indexer/sentences.h"
#include "indexer/text_util.h"

namespace citedex {
namespace {

std::string read_fixture(const std::string& relative) {
  std::ifstream in(std::string(CITEDEX_SOURCE_DIR) + "/fixtures/" + relative, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The claims the pipeline would build from the blocks: sentences of the paragraphs
// outside navigation sections, with their markers stripped into footnotes and flags.
std::vector<LinkedText> sentences_of(const RawArticle& raw) {
  std::vector<LinkedText> out;
  SegmentOptions options;
  options.line_breaks_are_boundaries = raw.hard_line_breaks;
  bool navigation = false;
  for (const auto& block : raw.blocks) {
    if (block.kind == Block::Kind::heading) {
      navigation = is_navigation_section(block.text);
      continue;
    }
    if (navigation || block.kind == Block::Kind::list_item) continue;
    for (auto span : split_sentences(block.text, options))
      out.push_back(
          strip_markers(std::string_view(block.text).substr(span.begin, span.end - span.begin)));
  }
  return out;
}

const LinkedText* sentence_starting(const std::vector<LinkedText>& sentences,
                                    std::string_view prefix) {
  for (const auto& s : sentences)
    if (s.text.rfind(prefix, 0) == 0) return &s;
  return nullptr;
}

const Reference* ref(const RawArticle& raw, const std::string& label) {
  for (const auto& r : raw.parsed_references)
    if (r.label == label) return &r;
  return nullptr;
}

bool has_flag(const Reference& r, const std::string& flag) {
  return std::find(r.flags.begin(), r.flags.end(), flag) != r.flags.end();
}

std::string infobox_value(const RawArticle& raw, const std::string& key) {
  for (const auto& f : raw.infobox)
    if (f.key == key) return f.value;
  return "<missing>";
}

bool any_warning_contains(const RawArticle& raw, std::string_view needle) {
  for (const auto& w : raw.warnings)
    if (w.find(needle) != std::string::npos) return true;
  return false;
}

std::string all_text(const RawArticle& raw) {
  std::string s;
  for (const auto& b : raw.blocks) s += b.text + "\n";
  return s;
}

using Labels = std::vector<std::string>;

}  // namespace

TEST_CASE("wikitext: headings, links, markup and dropped constructs", "[wikitext]") {
  RawArticle raw = read_wikitext(read_fixture("wikitext/constructs.wiki"), "Test offensive");
  CHECK(raw.title == "Test offensive");
  CHECK_FALSE(raw.hard_line_breaks);
  REQUIRE(raw.blocks.size() > 5);
  CHECK(raw.blocks[0].kind == Block::Kind::paragraph);  // the lead comes first

  std::map<std::string, int> levels;
  for (const auto& b : raw.blocks)
    if (b.kind == Block::Kind::heading) levels[b.text] = b.level;
  CHECK(levels["Background"] == 2);
  CHECK(levels["Sources of the siege"] == 3);
  CHECK(levels["Deep"] == 4);
  CHECK(levels.count("References") == 1);

  auto sentences = sentences_of(raw);
  const LinkedText* first = sentence_starting(sentences, "Test offensive was");
  REQUIRE(first != nullptr);
  // [[Palmyra (city)|Palmyra]] → label, [[Syria]] → target, bold/italic marks removed.
  CHECK(first->text == "Test offensive was an operation near Palmyra in Syria.");
  const std::string text = all_text(raw);
  CHECK(text.find("Oasises") != std::string::npos);  // [[Oasis]]es
  CHECK(text.find("'''") == std::string::npos);
  CHECK(text.find("''") == std::string::npos);
  CHECK(text.find("hidden comment") == std::string::npos);
  CHECK(text.find("x^2") == std::string::npos);                // <math>
  CHECK(text.find("Gallery caption") == std::string::npos);    // <gallery>
  CHECK(text.find("relative") == std::string::npos);           // <score>
  CHECK(text.find("Table cell") == std::string::npos);         // {| … |}
  CHECK(text.find("A caption") == std::string::npos);          // [[File:…]]
  CHECK(text.find("Another caption") == std::string::npos);    // [[Image:…]] nested link
  CHECK(text.find("Test pages") == std::string::npos);         // [[Category:…]]
  CHECK(text.find("Offensive de test") == std::string::npos);  // interlanguage link
  CHECK(text.find("Short description") == std::string::npos);
  // <nowiki> keeps its markup as literal text.
  CHECK(text.find("[[Not a link]] {{not a template}} stayed literal.") != std::string::npos);
  // External links: label kept, bare URLs kept.
  const LinkedText* visit = sentence_starting(sentences, "Visit");
  REQUIRE(visit != nullptr);
  CHECK(visit->text == "Visit the site or http://www.example.net/page for more.");
}

TEST_CASE("wikitext: templates that carry text", "[wikitext]") {
  RawArticle raw = read_wikitext(read_fixture("wikitext/constructs.wiki"), "T");
  auto sentences = sentences_of(raw);
  const LinkedText* convert = sentence_starting(sentences, "It covered");
  REQUIRE(convert != nullptr);
  CHECK(convert->text == "It covered 4 km of desert and 2\u20133 km of road.");
  const LinkedText* lang = sentence_starting(sentences, "Fighters reached");
  REQUIRE(lang != nullptr);
  CHECK(lang->text == "Fighters reached the Oasises near \u062A\u062F\u0645\u0631.");
  const LinkedText* misc = sentence_starting(sentences, "The Tiyas airbase");
  REQUIRE(misc != nullptr);
  CHECK(misc->text ==
        "The Tiyas airbase is T4 in official usage, an SAA site defended by Russian and Iran "
        "forces, and by Liwa Fatemiyoun.");
  CHECK(sentence_starting(sentences, "As of 2017, it was rebuilt.") != nullptr);
  CHECK(sentence_starting(sentences, "The old fort dates from c. 1200.") != nullptr);

  RawArticle inline_raw = read_wikitext(
      "{{Nowrap|a b}} {{small|c}} {{abbr|UN|United Nations}} {{sic|teh}} {{flag|Syria}} "
      "{{flagicon|Iran}}x {{ill|Name|ar|Nom}} {{as of|2017|12|5}} {{circa}} "
      "{{unknown template|with {{nested|args}}}}end {{lang-ar|عربي}} {{ndash}} "
      "{{convert|10|to|20|km}}",
      "T");
  REQUIRE(inline_raw.blocks.size() == 1);
  CHECK(inline_raw.blocks[0].text ==
        "a b c UN teh Syria x Name As of 5 December 2017 c. end \u0639\u0631\u0628\u064A \u2013 "
        "10 to 20 km");
}

TEST_CASE("wikitext: infobox fields", "[wikitext]") {
  RawArticle raw = read_wikitext(read_fixture("wikitext/constructs.wiki"), "T");
  CHECK(infobox_value(raw, "conflict") == "Test offensive");
  CHECK(infobox_value(raw, "date") == "8\u201322 December 2016[1]");  // ref → marker
  CHECK(infobox_value(raw, "place") == "Palmyra, Syria");
  CHECK(infobox_value(raw, "result") == "Partial ISIL victory; Army withdraws");
  CHECK(infobox_value(raw, "image") == "<missing>");
  REQUIRE(ref(raw, "1") != nullptr);
  CHECK(ref(raw, "1")->work == "Example Times");
  CHECK(ref(raw, "1")->date == "2016-12-23");
}

TEST_CASE("wikitext: named refs, reuse and labels in order of first use", "[wikitext]") {
  RawArticle raw = read_wikitext(read_fixture("wikitext/constructs.wiki"), "T");
  auto sentences = sentences_of(raw);
  const LinkedText* first = sentence_starting(sentences, "Test offensive was");
  REQUIRE(first != nullptr);
  CHECK(first->footnotes == Labels{"2"});  // the infobox ref took "1"
  // <ref name=later/> used before its definition further down.
  const LinkedText* convert = sentence_starting(sentences, "It covered");
  REQUIRE(convert != nullptr);
  CHECK(convert->footnotes == Labels{"3"});
  const LinkedText* visit = sentence_starting(sentences, "Visit");
  REQUIRE(visit != nullptr);
  CHECK(visit->footnotes == Labels{"3"});
  const Reference* later = ref(raw, "3");
  REQUIRE(later != nullptr);
  CHECK(later->title == "Later definition");
  CHECK(later->uses == 2);
  CHECK(has_flag(*later, "dead-link"));  // url-status=dead
  // name="intro" reuse keeps the label; the reuse is a marker at its position.
  const LinkedText* lang = sentence_starting(sentences, "Fighters reached");
  REQUIRE(lang != nullptr);
  CHECK(lang->footnotes == Labels{"2"});
  CHECK(ref(raw, "2")->uses == 3);  // two <ref> uses and {{r|intro}}
  // name = spaced and name='single'
  CHECK(ref(raw, "4")->text == "Spaced name ref.");
  CHECK(ref(raw, "5")->text == "Single-quoted name ref.");
  // {{r|intro}}{{rp|12}}: the page suffix stays on the marker.
  const LinkedText* reused = sentence_starting(sentences, "Reused via the r template.");
  REQUIRE(reused != nullptr);
  CHECK(reused->footnotes == Labels{"2"});
  // Refs in file captions and tables are numbered as on the rendered page.
  CHECK(ref(raw, "8")->text == "Caption ref.");
  CHECK(ref(raw, "9")->text == "Table ref.");
  // No label is handed out twice.
  std::map<std::string, int> seen;
  for (const auto& r : raw.parsed_references) ++seen[r.label];
  for (const auto& [label, count] : seen) CHECK(count == 1);
}

TEST_CASE("wikitext: list-defined refs", "[wikitext]") {
  RawArticle raw = read_wikitext(read_fixture("wikitext/constructs.wiki"), "T");
  auto sentences = sentences_of(raw);
  const LinkedText* listed = sentence_starting(sentences, "List-defined use.");
  REQUIRE(listed != nullptr);
  REQUIRE(listed->footnotes.size() == 1);
  const Reference* r = ref(raw, listed->footnotes[0]);
  REQUIRE(r != nullptr);
  CHECK(r->title == "List-defined article");  // from {{reflist|refs=…}}
  CHECK(r->work == "Journal of Tests");
  CHECK(r->authors == Labels{"Listed, Lee"});
  CHECK(r->date == "2015");
  const LinkedText* tagdef = sentence_starting(sentences, "Another list-defined.");
  REQUIRE(tagdef != nullptr);
  const Reference* block = ref(raw, tagdef->footnotes.at(0));
  REQUIRE(block != nullptr);  // from <references>…</references>
  CHECK(block->archive_url ==
        "http://archive.org/web/20160101000000/http://www.example.com/original");
  CHECK(block->url == "http://www.example.com/original");
}

TEST_CASE("wikitext: notes have their own label series", "[wikitext]") {
  RawArticle raw = read_wikitext(read_fixture("wikitext/constructs.wiki"), "T");
  auto sentences = sentences_of(raw);
  const LinkedText* denied = sentence_starting(sentences, "The army denied it.");
  REQUIRE(denied != nullptr);
  CHECK(denied->footnotes == Labels{"note 1"});
  CHECK(sentence_starting(sentences, "It was repeated.")->footnotes == Labels{"note 2"});
  CHECK(sentence_starting(sentences, "Observers disagreed.")->footnotes == Labels{"a"});
  CHECK(sentence_starting(sentences, "Some disagreed again.")->footnotes ==
        (Labels{"b", "upper-alpha 1"}));
  const Reference* note = ref(raw, "note 1");
  REQUIRE(note != nullptr);
  CHECK(has_flag(*note, "note"));
  // The ref inside the note is a citation numbered after the body's refs.
  REQUIRE(note->text.rfind("A group note with a citation.[", 0) == 0);
  std::string inner = note->text.substr(note->text.find('[') + 1);
  inner.pop_back();
  const Reference* inner_ref = ref(raw, inner);
  REQUIRE(inner_ref != nullptr);
  CHECK(inner_ref->text == "Ref inside a group note.");
  CHECK_FALSE(has_flag(*inner_ref, "note"));
  CHECK(ref(raw, "a")->text == "An explanatory footnote.");
  CHECK(has_flag(*ref(raw, "a"), "note"));
  CHECK_FALSE(has_flag(*ref(raw, "2"), "note"));
}

TEST_CASE("wikitext: sfn and harvnb short refs link to the bibliography", "[wikitext]") {
  RawArticle raw = read_wikitext(read_fixture("wikitext/constructs.wiki"), "T");
  auto sentences = sentences_of(raw);
  const LinkedText* agree = sentence_starting(sentences, "Historians agree.");
  const LinkedText* concur = sentence_starting(sentences, "Others concur.");
  const LinkedText* repeat = sentence_starting(sentences, "Ball repeats.");
  REQUIRE(agree != nullptr);
  REQUIRE(concur != nullptr);
  REQUIRE(repeat != nullptr);
  CHECK(agree->footnotes != concur->footnotes);  // different pages
  CHECK(agree->footnotes == repeat->footnotes);  // identical sfn: one ref
  const Reference* p5 = ref(raw, agree->footnotes.at(0));
  REQUIRE(p5 != nullptr);
  CHECK(p5->text == "Ball 2016, p. 5.");
  CHECK(p5->uses == 2);
  CHECK(has_flag(*p5, "short-ref"));
  CHECK(p5->title == "The Book of Palmyra");
  CHECK(p5->publisher == "Desert Press");
  CHECK(p5->url == "http://books.example.com/palmyra");
  CHECK(ref(raw, concur->footnotes.at(0))->text == "Ball 2016, p. 7.");
  const Reference* unmatched =
      ref(raw, sentence_starting(sentences, "An unmatched short ref.")->footnotes.at(0));
  CHECK(has_flag(*unmatched, "short-ref-unmatched"));
  CHECK(unmatched->title.empty());
  const Reference* harv = ref(raw, sentence_starting(sentences, "A harvnb ref.")->footnotes.at(0));
  REQUIRE(harv != nullptr);
  CHECK(harv->text == "Ball 2016, pp. 10\u201312");
  CHECK(harv->title == "The Book of Palmyra");
  CHECK(has_flag(*harv, "short-ref"));
}

TEST_CASE("wikitext: cleanup tags and dead links", "[wikitext]") {
  RawArticle raw = read_wikitext(read_fixture("wikitext/constructs.wiki"), "T");
  auto sentences = sentences_of(raw);
  for (std::string start : {"The castle was shelled.", "Locals fled.", "Others stayed."}) {
    const LinkedText* s = sentence_starting(sentences, start);
    REQUIRE(s != nullptr);
    CHECK(s->flags == Labels{"citation-needed"});
    CHECK(s->footnotes.empty());
  }
  // {{dead link}} inside a ref flags that ref; deadurl=yes too.
  const Reference* plain = ref(raw, "6");
  REQUIRE(plain != nullptr);
  CHECK(has_flag(*plain, "dead-link"));
  CHECK(plain->url == "http://www.example.com/story");
  const Reference* map = ref(raw, "7");
  REQUIRE(map != nullptr);
  CHECK(has_flag(*map, "dead-link"));
  CHECK(map->title == "Map | Homs");  // {{!}}
  CHECK(map->access_date == "2016-12-10");
  CHECK_FALSE(has_flag(*ref(raw, "2"), "dead-link"));
  // {{better source needed}} after a ref: a claim flag and a flag on that ref.
  const LinkedText* weak = sentence_starting(sentences, "A better source.");
  REQUIRE(weak != nullptr);
  CHECK(weak->flags == Labels{"better-source-needed"});
  CHECK(has_flag(*ref(raw, weak->footnotes.at(0)), "better-source-needed"));
  // {{dead link}} right after a ref in the body.
  RawArticle after = read_wikitext(
      "Text.<ref>{{cite web|url=http://a.example.com/x|title=X}}</ref>{{dead link|date=May 2017}} "
      "More.",
      "T");
  REQUIRE(after.parsed_references.size() == 1);
  CHECK(has_flag(after.parsed_references[0], "dead-link"));
  CHECK(after.blocks.at(0).text == "Text.[1] More.");
}

TEST_CASE("wikitext: citation templates and CS1 aliases", "[wikitext]") {
  RawArticle raw = read_wikitext(read_fixture("wikitext/constructs.wiki"), "T");
  // Nested templates inside a ref: {{lang}} in work=, {{=}} in title=.
  const Reference* siege =
      ref(raw, sentence_starting(sentences_of(raw), "The siege lasted weeks.")->footnotes.at(0));
  REQUIRE(siege != nullptr);
  CHECK(siege->title == "Siege = long");
  CHECK(siege->work == "Nested Weekly");
  CHECK(siege->authors == (Labels{"Doe, Jane", "Roe, Rick"}));
  CHECK(siege->date == "2016-03");
  CHECK(siege->date_raw == "March 2016");
  CHECK(siege->publisher == "Reuters");  // agency without publisher
  CHECK(siege->text ==
        "Doe, Jane; Roe, Rick (March 2016). \"Siege = long\". Nested Weekly. Reuters.");
  const Reference* intro = ref(raw, "2");
  CHECK(intro->work == "The Daily");  // Cite News + newspaper=
  CHECK(intro->authors == Labels{"Smith, Anna"});

  RawArticle variants = read_wikitext(
      "A.<ref>{{Cite "
      "web|title=T1|website=W1|archiveurl=https://web.archive.org/web/2016/http://x.example.com/"
      "|archivedate=2 March 2017|dead-url=yes|language=ar|publisher=P1|agency=AFP}}</ref> "
      "B.<ref>{{cite_magazine|title=T2|magazine=M2|authors=Smith, J.; Jones, K.}}</ref> "
      "C.<ref>{{citation|title=T3|periodical=Per3|institution=Inst3|year=2001}}</ref> "
      "D.<ref>{{cite press release|title=T4|url=http://www.example.com/pr}}</ref>",
      "T");
  REQUIRE(variants.parsed_references.size() == 4);
  const Reference& a = variants.parsed_references[0];
  CHECK(a.title == "T1");
  CHECK(a.work == "W1");
  CHECK(a.publisher == "P1");  // a publisher of its own wins over the agency
  CHECK(a.archive_url == "https://web.archive.org/web/2016/http://x.example.com/");
  CHECK(a.archive_date == "2017-03-02");
  CHECK(a.language == "Arabic");
  CHECK(has_flag(a, "dead-link"));
  CHECK(a.text.find("AFP") != std::string::npos);
  const Reference& b = variants.parsed_references[1];
  CHECK(b.work == "M2");
  CHECK(b.authors == Labels{"Smith, J.; Jones, K."});
  const Reference& c = variants.parsed_references[2];
  CHECK(c.work == "Per3");
  CHECK(c.publisher == "Inst3");
  CHECK(c.date == "2001");
  CHECK(variants.parsed_references[3].url == "http://www.example.com/pr");
}

TEST_CASE("wikitext: the 003 passage reads as the rendered copy", "[wikitext][seed]") {
  // Expected: the seed's rendered paragraphs run through the same sentence and marker
  // stages. The excerpt numbers its refs 1..n in order of first use, so seed labels are
  // renumbered the same way (first seed label seen → "1", …); a reused seed label (36)
  // must map to one excerpt label.
  std::string seed = read_fixture("seeds/003_181288a9616d42e9.txt");
  std::vector<std::string> paragraphs;
  for (std::string_view line : split_lines(seed)) {
    if (line.rfind("ISIL captured the ancient city", 0) == 0 ||
        line.rfind("The SAA counter-attacked on 9 December", 0) == 0 ||
        line.rfind("On 10 December, Army reinforcements", 0) == 0)
      paragraphs.emplace_back(line);
  }
  REQUIRE(paragraphs.size() == 3);
  std::vector<LinkedText> expected;
  std::map<std::string, std::string> renumber;
  for (const auto& p : paragraphs) {
    for (auto span : split_sentences(p)) {
      LinkedText linked =
          strip_markers(std::string_view(p).substr(span.begin, span.end - span.begin));
      for (auto& label : linked.footnotes) {
        auto it = renumber.emplace(label, std::to_string(renumber.size() + 1)).first;
        label = it->second;
      }
      expected.push_back(std::move(linked));
    }
  }
  RawArticle raw = read_wikitext(read_fixture("wikitext/palmyra_003_excerpt.wiki"),
                                 "Palmyra offensive (December 2016)");
  auto actual = sentences_of(raw);
  REQUIRE(actual.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("sentence " << i);
    CHECK(actual[i].text == expected[i].text);
    CHECK(actual[i].footnotes == expected[i].footnotes);
    CHECK(actual[i].flags == expected[i].flags);
  }
  CHECK(renumber["42"] == "1");
  CHECK(renumber["48"] == "7");
  CHECK(raw.parsed_references.size() == renumber.size());

  const Reference* masdar = ref(raw, renumber["42"]);
  REQUIRE(masdar != nullptr);
  CHECK(masdar->work == "Al-Masdar News");
  CHECK(masdar->authors == Labels{"Leith Fadel"});
  CHECK(masdar->date == "2015-05-20");
  CHECK(masdar->access_date == "2015-05-22");
  CHECK(masdar->title == "Official: Syrian Armed Forces Withdraw from Ancient City of Palmyra");
  // The rendered text matches the seed's reference entry 42.
  CHECK(masdar->text ==
        "Leith Fadel (20 May 2015). \"Official: Syrian Armed Forces Withdraw from Ancient City "
        "of Palmyra\". Al-Masdar News. Retrieved 22 May 2015.");
  const Reference* sohr = ref(raw, renumber["58"]);
  REQUIRE(sohr != nullptr);
  CHECK(sohr->work.empty());
  CHECK(sohr->url == "http://www.syriahr.com/en/?p=56789");
  const Reference* reuters = ref(raw, renumber["59"]);
  REQUIRE(reuters != nullptr);
  CHECK(reuters->publisher == "Reuters");
  CHECK(reuters->work.empty());
  const Reference* reused = ref(raw, renumber["36"]);
  REQUIRE(reused != nullptr);
  CHECK(reused->uses == 2);
  CHECK(reused->authors == Labels{"Yakovlev, Ivan"});
  const Reference* ara = ref(raw, renumber["47"]);
  REQUIRE(ara != nullptr);
  CHECK(ara->archive_url.rfind("https://web.archive.org/", 0) == 0);
  CHECK(ara->archive_date == "2016-12-13");
  const Reference* plain = ref(raw, renumber["62"]);
  REQUIRE(plain != nullptr);
  CHECK(plain->text == "The Latest: IS says it shot down Syrian jet near Palmyra");
  CHECK(plain->url == "http://www.dailystar.com.lb/News/Middle-East/2016/Dec-10/the-latest.ashx");
}

TEST_CASE("wikitext: malformed input warns and reads on", "[wikitext]") {
  RawArticle braces = read_wikitext("Before {{cite web|title=x\nAfter the break.", "T");
  CHECK_FALSE(braces.warnings.empty());
  CHECK(all_text(braces).find("After the break.") != std::string::npos);
  CHECK(all_text(braces).find("cite web") == std::string::npos);

  RawArticle links = read_wikitext("Start [[Palmyra|the city\n\nNext paragraph.", "T");
  CHECK(any_warning_contains(links, "[["));
  CHECK(all_text(links).find("Next paragraph.") != std::string::npos);

  RawArticle refs = read_wikitext("Claim.<ref>never closed\n\nNext paragraph.", "T");
  CHECK(any_warning_contains(refs, "<ref>"));
  CHECK(all_text(refs).find("Next paragraph.") != std::string::npos);
  CHECK(refs.parsed_references.empty());

  RawArticle nested = read_wikitext("A.<ref>one <ref>two</ref> B.", "T");
  CHECK(any_warning_contains(nested, "<ref>"));

  RawArticle undefined = read_wikitext("A.<ref name=ghost/>", "T");
  REQUIRE(undefined.parsed_references.size() == 1);
  CHECK(has_flag(undefined.parsed_references[0], "empty"));
  CHECK(any_warning_contains(undefined, "ghost"));

  RawArticle comment = read_wikitext("Kept. <!-- never closed", "T");
  CHECK(all_text(comment) == "Kept.\n");
  CHECK_FALSE(comment.warnings.empty());

  RawArticle closers = read_wikitext("Text }} and ]] stay.</ref>", "T");
  CHECK(closers.blocks.at(0).text == "Text }} and ]] stay.");
}

TEST_CASE("wikitext: 10,000-deep nesting completes quickly", "[wikitext]") {
  const int depth = 10000;
  std::string dropped, carried, links, open_only;
  for (int i = 0; i < depth; ++i) dropped += "{{x|";
  dropped += "core";
  for (int i = 0; i < depth; ++i) dropped += "}}";
  for (int i = 0; i < depth; ++i) carried += "{{nowrap|";
  carried += "core";
  for (int i = 0; i < depth; ++i) carried += "}}";
  for (int i = 0; i < depth; ++i) links += "[[a|";
  links += "core";
  for (int i = 0; i < depth; ++i) links += "]]";
  for (int i = 0; i < depth; ++i) open_only += "{{x|";

  auto start = std::chrono::steady_clock::now();
  RawArticle a = read_wikitext("Lead " + dropped + " end.", "T");
  RawArticle b = read_wikitext("Lead " + carried + " end.", "T");
  RawArticle c = read_wikitext("Lead " + links + " end.", "T");
  RawArticle d = read_wikitext("Lead " + open_only + " end.\n\nNext.", "T");
  RawArticle e = read_wikitext("A.<ref>" + carried + "</ref>", "T");
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 2000);
  CHECK(a.blocks.at(0).text == "Lead end.");
  CHECK(any_warning_contains(b, "nested deeper"));
  CHECK(b.blocks.at(0).text.rfind("Lead", 0) == 0);
  CHECK(any_warning_contains(c, "nested deeper"));
  CHECK_FALSE(d.warnings.empty());
  CHECK(all_text(d).find("Next.") != std::string::npos);
  CHECK(e.parsed_references.size() == 1);
}

TEST_CASE("wikitext: lists and navigation sections", "[wikitext]") {
  RawArticle raw = read_wikitext(read_fixture("wikitext/constructs.wiki"), "T");
  bool in_lists = false, in_see_also = false;
  int list_paragraphs = 0, nav_items = 0;
  for (const auto& b : raw.blocks) {
    if (b.kind == Block::Kind::heading) {
      in_lists = b.text == "Lists";
      in_see_also = b.text == "See also";
      continue;
    }
    if (in_lists && b.kind == Block::Kind::paragraph) ++list_paragraphs;
    if (in_see_also && b.kind == Block::Kind::list_item) ++nav_items;
  }
  CHECK(list_paragraphs == 3);
  CHECK(nav_items == 1);
  auto sentences = sentences_of(raw);
  const LinkedText* item = sentence_starting(sentences, "Second list item.");
  REQUIRE(item != nullptr);
  CHECK(item->footnotes.size() == 1);
  CHECK(sentence_starting(sentences, "First list item with label.") != nullptr);
  CHECK(sentence_starting(sentences, "Siege of Palmyra") == nullptr);
  CHECK(sentence_starting(sentences, "Official site") == nullptr);
}

}  // namespace citedex

TEST_CASE("wikitext: brackets written in the page are text, not footnotes", "[wikitext]") {
  // Found by the read_wikitext fuzzer: "[x]" in the source became footnote "x", and
  // "O[e[sis]]es" lost "[sis]" as a footnote, which joined "[e]" into a new marker.
  std::string page =
      "'''T''' is a test.\n\nFighters reached hat O[e[sis]]es near here.<ref>A</ref> Next [x] "
      "one.<ref>B</ref> Then [sic] stays.{{citation needed|date=May 2020}}\n\n== References "
      "==\n<references/>\n";
  citedex::ParseOptions options;
  options.shape = "wikitext";
  options.title = "T";
  citedex::Article a = citedex::parse_bytes(page, "t.wiki", options);
  std::map<std::string, std::vector<std::string>> footnotes, flags;
  for (const auto& c : a.claims) {
    footnotes[c.text] = c.footnotes;
    flags[c.text] = c.flags;
  }
  CHECK(footnotes["Fighters reached hat O[e[sis]]es near here."] == std::vector<std::string>{"1"});
  CHECK(footnotes["Next [x] one."] == std::vector<std::string>{"2"});
  CHECK(flags["Then [sic] stays."] == std::vector<std::string>{"citation-needed"});
}
