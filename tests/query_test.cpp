#include "search/query.h"

#include <xapian.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "indexer/outlet_table.h"
#include "indexer/schema.h"

namespace citedex {
namespace {

using Names = std::vector<std::string>;

struct Source {
  std::string outlet;  // canonical name
  std::string date;    // ISO, possibly partial ("2017", "2015-06")
};

struct Doc {
  std::string id, type, text, section, article, file;
  std::vector<Source> sources;
  Names extra;  // further boolean terms, written out in full
};

// Adds the terms a source contributes, the way the index writer does.
void add_source(Xapian::Document& doc, const Source& s) {
  std::string key = term_key(s.outlet);
  doc.add_boolean_term("XO" + key);
  std::string y = s.date.substr(0, 4);
  doc.add_boolean_term("XY" + y);
  doc.add_boolean_term("XOY" + key + "|" + y);
  if (s.date.size() >= 7) {
    std::string ym = y + s.date.substr(5, 2);
    doc.add_boolean_term("XM" + ym);
    doc.add_boolean_term("XOM" + key + "|" + ym);
    if (s.date.size() == 10) {
      std::string ymd = ym + s.date.substr(8, 2);
      doc.add_boolean_term("XD" + ymd);
      doc.add_boolean_term("XOD" + key + "|" + ymd);
    }
  }
}

const std::string kPalmyra = "Palmyra offensive (December 2016)";

std::vector<Doc> fixture_docs() {
  return {
      {"c1",
       "claim",
       "Government forces withdrew to the Tiyas airbase after heavy shelling",
       "Background",
       kPalmyra,
       "/corpus/a.txt",
       {{"Reuters", "2016-12-09"}},
       {"XNreuters", "XCyes", "XLenglish", "XK00ab12cd34ef5678"}},
      {"c2",
       "claim",
       "ISIL fighters recaptured Palmyra from the army",
       "Offensive",
       kPalmyra,
       "/corpus/a.txt",
       {{"Reuters", "2016-12-20"}, {"Al-Masdar News", "2016-12-09"}},
       {"XCyes", "XLarabic", "XLenglish", "XAal-masdar-news"}},
      {"c3",
       "claim",
       "Russian airstrikes hit the city of Palmyra",
       "Offensive",
       kPalmyra,
       "/corpus/a.txt",
       {},
       {"XCno", "XFcitation-needed"}},
      {"c4",
       "claim",
       "The airbases near Homs were evacuated",
       "Aftermath",
       "Battle of Homs",
       "/corpus/b.txt",
       {{"Syrian Observatory for Human Rights", "2017-01-01"}},
       {"XCyes", "XFwhen"}},
      {"c5",
       "claim",
       "The army advanced toward the airbase",
       "Background",
       kPalmyra,
       "/corpus/a.txt",
       {{"Al-Masdar News", "2016-11-30"}},
       {"XCyes", "XNal-masdar-news", "XLarabic"}},
      {"c6",
       "claim",
       "Fighting continued in the desert",
       "Aftermath",
       "Battle of Homs",
       "/corpus/b.txt",
       {{"Reuters", "2017"}, {"BBC", "2015-06"}},
       {"XCyes"}},
      {"r1",
       "reference",
       "Syrian army retakes Palmyra",
       "",
       kPalmyra,
       "/corpus/a.txt",
       {{"Reuters", "2015-03-27"}},
       {"XLenglish"}},
      {"a1", "article", kPalmyra, "", kPalmyra, "/corpus/a.txt", {}, {}},
  };
}

// The non-deprecated spelling of Xapian::InMemory::open().
Xapian::WritableDatabase in_memory_db() {
  return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
}

Xapian::WritableDatabase make_db() {
  Xapian::WritableDatabase db = in_memory_db();
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("english"));
  for (const Doc& d : fixture_docs()) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(d.text, 1, std::string(words_prefix(d.type)));  // as index_documents
    if (!d.section.empty()) tg.index_text(d.section, 1, "XS");
    doc.add_boolean_term("XT" + d.type);
    doc.add_boolean_term("XR" + term_key(d.article));
    doc.add_boolean_term("XP" + d.file);
    for (const Source& s : d.sources) add_source(doc, s);
    for (const std::string& t : d.extra) doc.add_boolean_term(t);
    doc.set_data(d.id);
    db.add_document(doc);
  }
  db.commit();
  return db;
}

struct Fixture {
  Xapian::WritableDatabase db = make_db();
  OutletTable outlets = OutletTable::builtin();

  // The ids of the documents `q` matches, sorted.
  Names run(const std::string& q) const {
    ParsedQuery parsed = parse_query(q, db, outlets);
    Xapian::Enquire enquire(db);
    enquire.set_query(*parsed.query);
    Names ids;
    Xapian::MSet mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it)
      ids.push_back(it.get_document().get_data());
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  // The distinct terms of the parsed query, sorted.
  Names terms(const std::string& q) const {
    ParsedQuery parsed = parse_query(q, db, outlets);
    return Names(parsed.query->get_terms_begin(), parsed.query->get_terms_end());
  }

  std::string error(const std::string& q) const {
    try {
      parse_query(q, db, outlets);
    } catch (const QueryError& e) {
      return e.what();
    }
    return "(no error)";
  }
};

const Names kAll{"a1", "c1", "c2", "c3", "c4", "c5", "c6", "r1"};

}  // namespace

TEST_CASE("free text: words, stemming, phrases, wildcards", "[query]") {
  Fixture f;
  CHECK(f.run("airbase") == Names{"c1", "c4", "c5"});
  CHECK(f.run("airbases") == Names{"c1", "c4", "c5"});
  CHECK(f.run("AIRBASE") == Names{"c1", "c5"});  // capitalized words are not stemmed (STEM_SOME)
  CHECK(f.run("\"Tiyas airbase\"") == Names{"c1"});
  CHECK(f.run("\"airbase Tiyas\"").empty());
  CHECK(f.run("\"the army\"") == Names{"c2", "c5"});
  CHECK(f.run("airstr*") == Names{"c3"});
  CHECK(f.run("text:homs") == Names{"c4"});
  CHECK(f.run("unheardofword").empty());
}

TEST_CASE("boolean operators and parentheses", "[query]") {
  Fixture f;
  CHECK(f.run("palmyra army") == Names{"c2", "r1"});
  CHECK(f.run("palmyra AND army") == Names{"c2", "r1"});
  CHECK(f.run("palmyra OR homs") == Names{"a1", "c2", "c3", "c4", "r1"});
  CHECK(f.run("palmyra or homs") == Names{"a1", "c2", "c3", "c4", "r1"});
  CHECK(f.run("palmyra NOT army") == Names{"a1", "c3"});
  CHECK(f.run("palmyra and not army") == Names{"a1", "c3"});
  CHECK(f.run("palmyra -army") == Names{"a1", "c3"});
  CHECK(f.run("(palmyra OR homs) AND airstrikes") == Names{"c3"});
  CHECK(f.run("(palmyra OR homs) (army OR evacuated)") == Names{"c2", "c4", "r1"});
  CHECK(f.run("NOT palmyra") == Names{"c1", "c4", "c5", "c6"});
  // A query starting with excluded terms only: Xapian would drop the '-' and read a
  // later NOT as a word.
  CHECK(f.run("-palmyra NOT army") == Names{"c1", "c4", "c6"});
  CHECK(f.run("-palmyra -homs AND army") == Names{"c5"});
}

TEST_CASE("empty query matches everything", "[query]") {
  Fixture f;
  CHECK(f.run("") == kAll);
  CHECK(f.run("   ") == kAll);
  ParsedQuery p = parse_query("  ", f.db, f.outlets);
  CHECK(p.description == Xapian::Query(Xapian::Query::MatchAll).get_description());
}

TEST_CASE("outlet, only and attributed resolve names and aliases", "[query]") {
  Fixture f;
  CHECK(f.run("outlet:AMN") == Names{"c2", "c5"});
  CHECK(f.run("outlet:\"al-Masdar News\"") == Names{"c2", "c5"});
  CHECK(f.run("outlet:\"Al-Masdar News\"") == Names{"c2", "c5"});
  CHECK(f.terms("outlet:AMN") == Names{"XOal-masdar-news"});
  CHECK(f.run("outlet:Reuters") == Names{"c1", "c2", "c6", "r1"});
  CHECK(f.run("outlet:Reuters outlet:AMN") == Names{"c2"});  // both cited
  CHECK(f.run("outlet:SOHR OR outlet:AMN") == Names{"c2", "c4", "c5"});
  CHECK(f.run("only:Reuters") == Names{"c1"});
  CHECK(f.run("sole:AMN") == Names{"c5"});
  CHECK(f.run("attributed:AMN") == Names{"c2"});
  CHECK(f.run("army outlet:AMN") == Names{"c2", "c5"});
  CHECK(f.run("palmyra NOT outlet:Reuters") == Names{"a1", "c3"});

  CHECK_THROWS_AS(f.run("outlet:Reuterz"), QueryError);
  CHECK(f.error("outlet:Reuterz") == "unknown outlet 'Reuterz' in outlet:Reuterz");
  CHECK(f.error("only:Nobody") == "unknown outlet 'Nobody' in only:Nobody");
  CHECK_THROWS_AS(f.run("army OR attributed:\"No Such Outlet\""), QueryError);
  // Field names are case-insensitive: this is outlet:, not free text.
  CHECK(f.error("Outlet:Reuterz") == "unknown outlet 'Reuterz' in outlet:Reuterz");
  // Paired with a date, each clause still reports a bad value as it does alone.
  CHECK(f.error("outlet:Reuterz date:2016") == f.error("outlet:Reuterz"));
  CHECK(f.error("outlet:AMN year:abc") == f.error("year:abc"));
  CHECK(f.error("outlet:AMN date:2016-13-45") == f.error("date:2016-13-45"));
}

TEST_CASE("date ranges select the documents with a source in range", "[query]") {
  Fixture f;
  CHECK(f.run("date:2016-12-09") == Names{"c1", "c2"});
  CHECK(f.run("date:2016-12-08..2016-12-11") == Names{"c1", "c2"});
  CHECK(f.run("date:2016-12-10..2016-12-19").empty());
  CHECK(f.run("date:2016-12") == Names{"c1", "c2"});
  CHECK(f.run("date:2016") == Names{"c1", "c2", "c5"});
  CHECK(f.run("date:2017") == Names{"c4", "c6"});
  CHECK(f.run("date:2016-11-30..2017-01-01") == Names{"c1", "c2", "c4", "c5"});
  CHECK(f.run("date:2015-06..2016-11") == Names{"c5", "c6"});  // partial bounds
  CHECK(f.run("date:2016-12-10..") == Names{"c2", "c4", "c6"});
  CHECK(f.run("date:2016..") == Names{"c1", "c2", "c4", "c5", "c6"});
  CHECK(f.run("date:..2015") == Names{"c6", "r1"});
  CHECK(f.run("date:..2016-11") == Names{"c5", "c6", "r1"});
  CHECK(f.run("date:2030..").empty());
  CHECK(f.run("date:..1999").empty());
  CHECK(f.run("date:2016-02-29").empty());  // a leap day is valid, just unmatched
  CHECK(f.run("date:\"9 December 2016\"") == Names{"c1", "c2"});
  CHECK(f.run("date:2016 date:2017").empty());  // both must hold
  CHECK(f.run("date:2015 date:2017") == Names{"c6"});
  CHECK(f.run("date:2016-12 OR date:2015-03") == Names{"c1", "c2", "r1"});
}

TEST_CASE("date ranges expand into the fewest terms", "[query]") {
  Fixture f;
  CHECK(f.terms("date:2016-01-01..2017-12-31") == Names{"XY2016", "XY2017"});
  CHECK(f.terms("date:2016-12-08..2016-12-11") ==
        Names{"XD20161208", "XD20161209", "XD20161210", "XD20161211"});
  CHECK(f.terms("date:2016-11-30..2017-01-01") == Names{"XD20161130", "XD20170101", "XM201612"});
  CHECK(f.terms("date:2016-12") == Names{"XM201612"});
  CHECK(f.terms("date:2016-02-01..2016-02-29") == Names{"XM201602"});  // leap year
  CHECK(f.terms("date:2015-02-01..2015-02-28") == Names{"XM201502"});
  CHECK(f.terms("date:2016-12..2017-01") == Names{"XM201612", "XM201701"});
  CHECK(f.terms("date:2015..2017") == Names{"XY2015", "XY2016", "XY2017"});
  // Open ends clamp to the indexed years, 2015–2017.
  CHECK(f.terms("date:2016..") == Names{"XY2016", "XY2017"});
  CHECK(f.terms("date:..2015-02") == Names{"XM201501", "XM201502"});
  CHECK(f.terms("date:2016-12-31..") == Names{"XD20161231", "XY2017"});
  CHECK(f.terms("date:2015-11-15..2016-01-31").size() == 16 + 1 + 1);  // 16 days, Dec, Jan
  // Any bound beyond the indexed years clamps to them: a range a millennium wide is three
  // terms, not a thousand (found by the query fuzzer).
  CHECK(f.terms("date:1008..") == Names{"XY2015", "XY2016", "XY2017"});
  CHECK(f.terms("date:1000..2999") == Names{"XY2015", "XY2016", "XY2017"});
  CHECK(f.terms("date:1000-03-04..2015-01") == Names{"XM201501"});
  CHECK(f.terms("date:2018..2999").empty());
}

TEST_CASE("an empty index matches nothing for open date ranges", "[query]") {
  Xapian::WritableDatabase empty = in_memory_db();
  OutletTable outlets = OutletTable::builtin();
  ParsedQuery open = parse_query("date:2016..", empty, outlets);
  CHECK(open.query->get_terms_begin() == open.query->get_terms_end());
  Xapian::Enquire enquire(empty);
  enquire.set_query(*open.query);
  CHECK(enquire.get_mset(0, 10).empty());
  // A closed range too: no date term lies outside the indexed years.
  ParsedQuery closed = parse_query("date:2016", empty, outlets);
  CHECK(closed.query->get_terms_begin() == closed.query->get_terms_end());
}

TEST_CASE("outlet and date at the top level pair up on one source", "[query]") {
  Fixture f;
  // c2 cites Reuters (2016-12-20) and AMN (2016-12-09): no Reuters source in
  // the window.
  CHECK(f.run("outlet:Reuters date:2016-12-08..2016-12-11") == Names{"c1"});
  CHECK(f.run("date:2016-12-08..2016-12-11 outlet:Reuters") == Names{"c1"});
  CHECK(f.run("outlet:Reuters AND date:2016-12-08..2016-12-11") == Names{"c1"});
  // Parentheses that change nothing, '+', and clauses that exclude keep the pairing
  // (any of them used to make two independent filters: more hits for a narrower query).
  CHECK(f.run("(outlet:Reuters) date:2016-12-08..2016-12-11") == Names{"c1"});
  CHECK(f.run("(outlet:Reuters date:2016-12-08..2016-12-11)") == Names{"c1"});
  CHECK(f.run("((outlet:Reuters AND date:2016-12-08..2016-12-11))") == Names{"c1"});
  CHECK(f.run("palmyra (outlet:Reuters date:2016-12)") == Names{"c2"});
  CHECK(f.run("army (outlet:Reuters date:2016-12-08..2016-12-11)").empty());
  CHECK(f.run("outlet:Reuters date:2016-12-08..2016-12-11 NOT zzzzqq") == Names{"c1"});
  CHECK(f.run("outlet:Reuters date:2016-12-08..2016-12-11 -zzzzqq") == Names{"c1"});
  CHECK(f.run("outlet:Reuters AND NOT zzzzqq AND date:2016-12-08..2016-12-11") == Names{"c1"});
  CHECK(f.run("-zzzzqq outlet:Reuters date:2016-12-08..2016-12-11") == Names{"c1"});
  CHECK(f.run("+outlet:Reuters +date:2016-12-08..2016-12-11") == Names{"c1"});
  CHECK(f.run("outlet:Reuters date:2016-12 NOT palmyra") == Names{"c1"});
  // year: pairs like the date: of a year.
  CHECK(f.run("outlet:Reuters year:2015") == Names{"r1"});
  CHECK(f.run("outlet:Reuters date:2015") == Names{"r1"});
  CHECK_THROWS_WITH(f.run("outlet:Reuters year:16"), Catch::Contains("year:16"));
  // Under OR, or after NOT, they are independent filters.
  CHECK(f.run("(outlet:Reuters date:2016-12-08..2016-12-11) OR homs") == Names{"c1", "c2", "c4"});
  CHECK(f.run("palmyra NOT outlet:Reuters date:2016-12-08..2016-12-11") == Names{"a1", "c3", "r1"});
  CHECK(f.run("outlet:AMN date:2016-12") == Names{"c2"});
  CHECK(f.run("outlet:\"al-Masdar News\" date:2016") == Names{"c2", "c5"});
  CHECK(f.run("outlet:Reuters date:2017..") == Names{"c6"});
  CHECK(f.run("outlet:Reuters date:..2016-12-09") == Names{"c1", "r1"});
  CHECK(f.run("palmyra outlet:Reuters date:2016-12") == Names{"c2"});
  CHECK(f.run("airbase AND outlet:Reuters AND date:2016-12") == Names{"c1"});
  CHECK(f.run("outlet:SOHR date:2016").empty());
  CHECK(f.terms("outlet:AMN date:2016-11-30..2017-01-01") == Names{"XODal-masdar-news|20161130",
                                                                   "XODal-masdar-news|20170101",
                                                                   "XOMal-masdar-news|201612"});
  CHECK(f.terms("outlet:Reuters date:2016..") == Names{"XOYreuters|2016", "XOYreuters|2017"});
  // Two outlets: no pairing, three independent filters.
  CHECK(f.run("outlet:Reuters outlet:AMN date:2016-12-09") == Names{"c2"});
  CHECK_THROWS_AS(f.run("outlet:Reuterz date:2016"), QueryError);
  CHECK_THROWS_AS(f.run("outlet:Reuters date:2016-13"), QueryError);
}

TEST_CASE("boolean filters", "[query]") {
  Fixture f;
  CHECK(f.run("cited:no") == Names{"c3"});
  CHECK(f.run("cited:yes") == Names{"c1", "c2", "c4", "c5", "c6"});
  CHECK(f.run("flag:citation-needed") == Names{"c3"});
  CHECK(f.run("flag:when") == Names{"c4"});
  CHECK(f.run("lang:Arabic") == Names{"c2", "c5"});
  CHECK(f.run("language:english") == Names{"c1", "c2", "r1"});
  CHECK(f.run("type:reference") == Names{"r1"});
  CHECK(f.run("type:article") == Names{"a1"});
  CHECK(f.run("type:claim").size() == 6);
  CHECK(f.run("type:reference type:article") == Names{"a1", "r1"});  // one type each: OR
  CHECK(f.run("palmyra type:claim") == Names{"c2", "c3"});
  CHECK(f.run("year:2015") == Names{"c6", "r1"});
  CHECK(f.run("year:2016") == Names{"c1", "c2", "c5"});
  CHECK(f.run("article:\"palmyra offensive (December 2016)\"") ==
        Names{"a1", "c1", "c2", "c3", "c5", "r1"});
  CHECK(f.run("article:\"Battle of Homs\"") == Names{"c4", "c6"});
  CHECK(f.run("file:/corpus/b.txt") == Names{"c4", "c6"});
  CHECK(f.run("path:/corpus/./b.txt") == Names{"c4", "c6"});
  CHECK(f.run("copy:00AB12CD34EF5678") == Names{"c1"});
  CHECK(f.run("section:background") == Names{"c1", "c5"});
  CHECK(f.run("section:offensive palmyra") == Names{"c2", "c3"});
  CHECK(f.run("-type:claim") == Names{"a1", "r1"});  // Xapian alone would drop the '-'
  CHECK(f.run("-type:claim -retakes") == Names{"a1"});
  CHECK(f.run("-palmyra -airbase") == Names{"c6"});
}

TEST_CASE("malformed queries throw QueryError", "[query]") {
  Fixture f;
  CHECK_THROWS_AS(f.run("(palmyra OR homs"), QueryError);
  CHECK(f.error("(palmyra OR homs").find("unmatched '('") != std::string::npos);
  CHECK_THROWS_AS(f.run("palmyra)"), QueryError);
  CHECK_THROWS_AS(f.run("\"tiyas airbase"), QueryError);
  CHECK(f.error("\"tiyas airbase").find("unmatched '\"'") != std::string::npos);
  CHECK_NOTHROW(f.run("\"quoted (paren\""));  // parentheses inside quotes are text
  // Syntax errors Xapian reports come back as QueryError too.
  CHECK(f.error("palmyra AND").starts_with("syntax error in query: "));
  // Xapian leaks a node on this one (fuzz/lsan-suppressions.txt); citedex still refuses it.
  CHECK(f.error("or +d adj y a").starts_with("syntax error in query: "));
  CHECK(f.error("or +d adj y:a").starts_with("unknown field \"y\""));  // checked first
  CHECK_THROWS_AS(f.run("palmyra OR"), QueryError);

  CHECK(f.error("date:2016-13").find("month 13") != std::string::npos);
  CHECK(f.error("date:2016-13..").find("'2016-13..'") != std::string::npos);
  CHECK(f.error("date:2016-02-30").find("2016-02-30") != std::string::npos);
  CHECK_THROWS_AS(f.run("date:2015-02-29"), QueryError);
  CHECK(f.error("date:yesterday").find("'yesterday'") != std::string::npos);
  CHECK(f.error("date:2017..2016").find("start after end") != std::string::npos);
  CHECK_THROWS_AS(f.run("date:2016-12-11..2016-12-08"), QueryError);
  CHECK_THROWS_AS(f.run("date:.."), QueryError);
  CHECK_THROWS_AS(f.run("date:2016..2017..2018"), QueryError);

  CHECK(f.error("type:bogus").find("'bogus'") != std::string::npos);
  CHECK_THROWS_AS(f.run("cited:maybe"), QueryError);
  CHECK_THROWS_AS(f.run("year:16"), QueryError);
  CHECK_THROWS_AS(f.run("year:20l6"), QueryError);

  // Unknown fields and fields without a value (Xapian read them as words: no hits).
  CHECK(f.error("foo:bar").starts_with("unknown field \"foo\" in query (see citedex fields"));
  CHECK(f.error("outlt:AMN")
            .starts_with(
                "unknown field \"outlt\" in query (did you mean outlet:? see citedex fields"));
  CHECK(f.error("palmyra (-Outlt:AMN OR homs)").find("\"Outlt\"") != std::string::npos);
  CHECK(f.error("outlet:") == "outlet: needs a value");
  CHECK(f.error("date: 2016") == "date: needs a value");
  CHECK(f.error("palmyra (OUTLET:)") == "outlet: needs a value");
}

TEST_CASE("field names are case-insensitive, other colons are text", "[query]") {
  Fixture f;
  CHECK(f.run("OUTLET:AMN") == Names{"c2", "c5"});
  CHECK(f.run("Type:reference") == Names{"r1"});
  CHECK(f.run("palmyra -TYPE:claim") == Names{"a1", "r1"});
  CHECK(f.run("Outlet:Reuters Date:2016-12-08..2016-12-11") == Names{"c1"});
  CHECK_NOTHROW(f.run("12:30"));
  CHECK_NOTHROW(f.run("http://example.com/palmyra"));
  CHECK(f.run("Note: palmyra").empty());             // "note" is a word, the colon a separator
  CHECK(f.run("\"tiyas:airbase\"") == Names{"c1"});  // quoted: a phrase, not a field
  CHECK(f.run("\"foo:bar\"").empty());
}

TEST_CASE("each type's words are searched under its own prefix", "[query]") {
  Fixture f;
  auto run_as = [&](const std::string& q, std::string_view default_type) {
    ParsedQuery parsed = parse_query(q, f.db, f.outlets, default_type);
    Xapian::Enquire enquire(f.db);
    enquire.set_query(*parsed.query);
    Names ids;
    Xapian::MSet mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it)
      ids.push_back(it.get_document().get_data());
    std::sort(ids.begin(), ids.end());
    return std::make_pair(ids, parsed.description);
  };
  // No type named: the default type's words; every type's without a default.
  CHECK(run_as("palmyra army", "claim").first == Names{"c2"});
  CHECK(run_as("palmyra army", "").first == Names{"c2", "r1"});
  CHECK(run_as("palmyra", "").first == Names{"a1", "c2", "c3", "r1"});
  // A lone type: clause picks the words searched, whatever the default.
  CHECK(run_as("type:reference palmyra", "claim").first == Names{"r1"});
  CHECK(run_as("palmyra type:article", "claim").first == Names{"a1"});
  CHECK(run_as("type:claim palmyra", "").first == Names{"c2", "c3"});
  CHECK(run_as("type:reference", "claim").first == Names{"r1"});
  // Several clauses or a compound query: every type's words, the clauses as written.
  CHECK(run_as("palmyra -type:claim", "claim").first == Names{"a1", "r1"});
  CHECK(run_as("palmyra (type:claim OR type:article)", "claim").first == Names{"a1", "c2", "c3"});
  // A type: clause under OR or NOT filters as written (it used to be cut out of the
  // text, leaving "palmyra OR": a syntax error).
  CHECK(run_as("palmyra OR type:article", "claim").first == Names{"a1", "c2", "c3", "r1"});
  CHECK(run_as("NOT type:claim", "claim").first == Names{"a1", "r1"});
  CHECK(run_as("palmyra NOT type:reference", "claim").first == Names{"a1", "c2", "c3"});
  CHECK(run_as("palmyra AND NOT type:claim", "").first == Names{"a1", "r1"});
  CHECK(run_as("type:article OR outlet:AMN", "claim").first == Names{"a1", "c2", "c5"});
  CHECK(run_as("type:reference OR (army -palmyra)", "").first == Names{"c5", "r1"});
  // A required type: clause joined by AND, or in parentheses around the whole query, is
  // still lifted out, and its AND with it.
  CHECK(run_as("palmyra AND type:article", "claim").first == Names{"a1"});
  CHECK(run_as("type:article AND palmyra", "claim").first == Names{"a1"});
  CHECK(run_as("type:claim AND NOT army", "").first == Names{"c1", "c3", "c4", "c6"});
  CHECK(run_as("(type:reference palmyra)", "claim").first == Names{"r1"});
  CHECK(run_as("type:claim -army NOT palmyra", "").first == Names{"c1", "c4", "c6"});
  CHECK(run_as("(type:reference palmyra)", "claim").second.find("XTreference") ==
        std::string::npos);
  // The type filter is left out only when every match must hold a word of the type.
  CHECK(run_as("airbase", "claim").second.find("XTclaim") == std::string::npos);
  CHECK(run_as("airbase type:claim", "").second.find("XTclaim") == std::string::npos);
  CHECK(run_as("outlet:AMN", "claim").second.find("XTclaim") != std::string::npos);
  CHECK(run_as("outlet:AMN", "claim").first == Names{"c2", "c5"});
  CHECK(run_as("airbase OR outlet:AMN", "claim").second.find("XTclaim") != std::string::npos);
  CHECK(run_as("NOT palmyra", "claim").first == Names{"c1", "c4", "c5", "c6"});
  // Every type: each type's branch drops its filter the same way (its words are its own).
  CHECK(run_as("palmyra army", "").second.find("XT") == std::string::npos);
  CHECK(run_as("palmyra OR outlet:AMN", "").second.find("XTclaim") != std::string::npos);
  CHECK(run_as("palmyra OR outlet:AMN", "").first == Names{"a1", "c2", "c3", "c5", "r1"});
  // text: is the default field, so it follows the type too.
  CHECK(run_as("type:reference text:palmyra", "").first == Names{"r1"});
  // A bad type is still reported with the clause.
  CHECK_THROWS_WITH(parse_query("type:claims palmyra", f.db, f.outlets, "claim"),
                    Catch::Contains("type:claims"));
}

}  // namespace citedex
