// Acceptance tests of the index issue: the real binary indexing fixtures/seeds into a
// temporary index, then searching it.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <thread>

#include "indexer/index_writer.h"
#include "indexer/record.h"
#include "indexer/schema.h"
#include "tests/test_support.h"

using citedex::testing::fixture;
using citedex::testing::parse_jsonl;
using citedex::testing::quote;
using citedex::testing::read_file;
using citedex::testing::run_citedex;
using citedex::testing::TempDir;
using citedex::testing::write_file;

namespace {

struct Indexed {
  TempDir dir;
  std::string db() const { return quote(dir.path() / "db"); }
  Indexed() {
    auto r = run_citedex("index --db " + db() + " " + quote(fixture("seeds")));
    REQUIRE(r.exit_code == 0);
  }
};

std::vector<nlohmann::json> hits(const std::string& out) {
  std::vector<nlohmann::json> h;
  for (auto& r : parse_jsonl(out))
    if (r["record"] == "hit") h.push_back(r);
  return h;
}

nlohmann::json summary(const std::string& out) { return parse_jsonl(out).at(0); }

bool has_source_dated(const nlohmann::json& claim, const std::string& outlet,
                      const std::string& from, const std::string& to) {
  for (const auto& f : claim["footnotes"]) {
    std::string date = f.value("date", "");
    if (f.value("outlet", "") == outlet && date.size() == 10 && date >= from && date <= to)
      return true;
  }
  return false;
}

}  // namespace

TEST_CASE("keyword search finds claims of both Palmyra articles", "[index][search]") {
  Indexed ix;
  auto r = run_citedex("search --db " + ix.db() + " --format jsonl --limit 200 airbase");
  REQUIRE(r.exit_code == 0);
  std::set<std::string> articles;
  for (auto& h : hits(r.out)) {
    CHECK(h["type"] == "claim");
    articles.insert(h["article"]);
  }
  CHECK(articles.count("Palmyra offensive (December 2016)"));
  CHECK(articles.count("Palmyra offensive (2017)"));
  auto phrase =
      run_citedex("search --db " + ix.db() + " --format jsonl --limit 100 '\"Tiyas airbase\"'");
  REQUIRE(phrase.exit_code == 0);
  for (auto& h : hits(phrase.out))
    CHECK(std::regex_search(h["text"].get<std::string>(), std::regex("Tiyas [Aa]irbase")));
  CHECK_FALSE(hits(phrase.out).empty());
}

TEST_CASE("facets by article equal the per-article counts of claims --outlet", "[index][facets]") {
  Indexed ix;
  auto s = run_citedex("search --db " + ix.db() +
                       " --format jsonl --facets article 'outlet:\"al-Masdar News\"'");
  REQUIRE(s.exit_code == 0);
  std::map<std::string, size_t> facet;
  for (auto& r : parse_jsonl(s.out))
    if (r["record"] == "facet")
      for (auto& c : r["counts"]) facet[c["value"]] = c["count"];
  auto c = run_citedex("claims --db " + ix.db() + " --format jsonl --outlet AMN");
  REQUIRE(c.exit_code == 0);
  std::map<std::string, size_t> grouped;
  std::set<std::string> sources;
  for (auto& g : parse_jsonl(c.out)) {
    grouped[g["article"]] += g["count"].get<size_t>();
    CHECK(sources.insert(g["source"]).second);  // one group per copy
    CHECK(g["count"] == g["claims"].size());
  }
  CHECK_FALSE(facet.empty());
  CHECK(facet == grouped);
  CHECK(facet["Palmyra offensive (December 2016)"] > 40);
  // 001's five infobox lines citing its al-Masdar references 1, 21, 22 and 23.
  CHECK(facet["Palmyra offensive (2017)"] == 5);
  // Text closes with the total; an outlet cited nowhere says so.
  size_t total = 0;
  for (auto& [article, n] : grouped) total += n;
  auto text = run_citedex("claims --db " + ix.db() + " --outlet AMN");
  CHECK(text.out.ends_with("\n" + std::to_string(total) + " claims sourced to Al-Masdar News, in " +
                           std::to_string(sources.size()) + " article copies\n"));
  auto none = run_citedex("claims --db " + ix.db() + " --outlet 'New York Times' --only");
  CHECK(none.exit_code == 0);
  CHECK(none.out == "no claims sourced to The New York Times alone\n");
  auto none_json = run_citedex("claims --db " + ix.db() + " --format json --outlet NYT");
  CHECK(nlohmann::json::parse(none_json.out) == nlohmann::json::array());
}

TEST_CASE("outlet and date together mean a source of that outlet dated in the window",
          "[index][date]") {
  Indexed ix;
  auto r = run_citedex("search --db " + ix.db() +
                       " --format jsonl --limit 100 'outlet:Reuters date:2016-12-08..2016-12-11'");
  REQUIRE(r.exit_code == 0);
  auto found = hits(r.out);
  REQUIRE_FALSE(found.empty());
  for (auto& h : found) {
    INFO(h["text"]);
    CHECK(has_source_dated(h, "Reuters", "2016-12-08", "2016-12-11"));
  }
  auto all = run_citedex("search --db " + ix.db() + " --format jsonl --limit 500 outlet:Reuters");
  size_t expected = 0;
  for (auto& h : hits(all.out))
    expected += has_source_dated(h, "Reuters", "2016-12-08", "2016-12-11");
  CHECK(found.size() == expected);
  // The pair is matched as one per-source condition, also with the implicit claim scope.
  auto explained = run_citedex("search --db " + ix.db() +
                               " --explain --limit 0 'outlet:Reuters date:2016-12-08..2016-12-11'");
  CHECK(explained.out.find("XODreuters|20161208") != std::string::npos);
  CHECK(explained.out.find("XTclaim") != std::string::npos);
  // A clause that excludes nothing, or parentheses around the query, change nothing:
  // still one al-Masdar source dated that day (the NOT form found 10 hits instead of 8).
  for (const char* q : {"outlet:AMN date:2016-12-11", "outlet:AMN date:2016-12-11 NOT zzzzqq",
                        "(outlet:AMN date:2016-12-11)", "outlet:AMN -zzzzqq date:2016-12-11"}) {
    auto same = run_citedex("search --db " + ix.db() + " --format jsonl --limit 100 " + quote(q));
    INFO(q);
    REQUIRE(same.exit_code == 0);
    CHECK(hits(same.out).size() == 8);
    for (auto& h : hits(same.out))
      CHECK(has_source_dated(h, "Al-Masdar News", "2016-12-11", "2016-12-11"));
  }
}

TEST_CASE("identical claims of two copies collapse into one hit with also-in", "[index][copies]") {
  Indexed ix;
  auto r = run_citedex(
      "search --db " + ix.db() +
      " --format jsonl --limit 50 '\"unsuccessful ISIL attack on the Tiyas T-4 Airbase\"'");
  REQUIRE(r.exit_code == 0);
  auto found = hits(r.out);
  REQUIRE(found.size() == 1);
  CHECK(summary(r.out)["total"] == 1);
  std::string source = found[0]["source"];
  REQUIRE(found[0]["also_in"].size() == 1);
  std::string other = found[0]["also_in"][0];
  CHECK(((source.find("003_") != std::string::npos && other.find("002_") != std::string::npos) ||
         (source.find("002_") != std::string::npos && other.find("003_") != std::string::npos)));
  auto text = run_citedex("search --db " + ix.db() +
                          " '\"unsuccessful ISIL attack on the Tiyas T-4 Airbase\"'");
  CHECK(text.out.find("also in: ") != std::string::npos);
  CHECK(text.out.find("[5] The New Arab — \"Islamic State recaptures Palmyra after Syria army "
                      "withdrawal\" (2016-12-11)") != std::string::npos);
}

TEST_CASE("attributed: finds in-text attributions of 004 and 000", "[index][attribution]") {
  Indexed ix;
  auto r = run_citedex("search --db " + ix.db() + " --format jsonl --limit 50 attributed:SOHR");
  REQUIRE(r.exit_code == 0);
  std::set<std::string> sources;
  for (auto& h : hits(r.out)) sources.insert(h["source"]);
  bool has000 = false, has004 = false;
  for (auto& s : sources) {
    has000 |= s.find("000_") != std::string::npos;
    has004 |= s.find("004_") != std::string::npos;
  }
  CHECK(has000);
  CHECK(has004);
}

TEST_CASE("field filters, sorting, paging and formats", "[index][search]") {
  Indexed ix;
  auto cn = run_citedex("search --db " + ix.db() + " --format jsonl flag:citation-needed");
  REQUIRE(cn.exit_code == 0);
  for (auto& h : hits(cn.out))
    CHECK(h["flags"].dump().find("citation-needed") != std::string::npos);
  CHECK_FALSE(hits(cn.out).empty());
  auto refs = run_citedex("search --db " + ix.db() +
                          " --format jsonl --limit 300 'type:reference lang:arabic'");
  for (auto& h : hits(refs.out)) CHECK(h["language"] == "Arabic");
  CHECK(hits(refs.out).size() >= 4);
  auto uncited =
      run_citedex("search --db " + ix.db() +
                  " --format jsonl --limit 500 'cited:no article:\"Palmyra offensive (2017)\"'");
  CHECK(hits(uncited.out).size() > 50);
  CHECK(summary(uncited.out)["total_exact"] == true);  // the whole result was ranked
  CHECK(summary(uncited.out)["total"] == hits(uncited.out).size());
  auto first =
      run_citedex("search --db " + ix.db() +
                  " --format jsonl --limit 1 'cited:no article:\"Palmyra offensive (2017)\"'");
  CHECK(summary(first.out)["total_min"].get<size_t>() <= hits(uncited.out).size());
  CHECK(summary(first.out)["total_max"].get<size_t>() >= hits(uncited.out).size());
  auto sec = run_citedex("search --db " + ix.db() + " --format jsonl --limit 100 'section:losses'");
  for (auto& h : hits(sec.out)) CHECK(h["section"] == "Losses");
  auto page1 =
      run_citedex("search --db " + ix.db() + " --format jsonl --limit 5 --sort date palmyra");
  auto page2 = run_citedex("search --db " + ix.db() +
                           " --format jsonl --limit 5 --offset 5 --sort date palmyra");
  REQUIRE(hits(page1.out).size() == 5);
  CHECK(hits(page2.out).at(0)["rank"] == 6);
  CHECK(hits(page1.out)[0]["text"] != hits(page2.out)[0]["text"]);
  // --sort date: oldest cited source first, undated claims after every dated one.
  auto by_date =
      run_citedex("search --db " + ix.db() + " --format jsonl --limit 5000 --sort date palmyra");
  std::vector<std::string> earliest;  // each hit's earliest source date, "~" when none
  for (auto& h : hits(by_date.out)) {
    std::string e = "~";
    for (const auto& f : h["footnotes"]) {
      std::string d = f.value("date", "");
      if (!d.empty() && d < e) e = d;
    }
    earliest.push_back(e);
  }
  REQUIRE(earliest.size() == summary(by_date.out)["total"].get<size_t>());
  CHECK(earliest.front() != "~");
  CHECK(earliest.back() == "~");
  CHECK(std::is_sorted(earliest.begin(), earliest.end()));
  auto piped = run_citedex("search --db " + ix.db() + " --limit 3 airbase");
  CHECK(piped.out.find("\x1b[") == std::string::npos);  // no colour when not on a terminal
  auto csv = run_citedex("search --db " + ix.db() + " --format csv --limit 2 airbase");
  CHECK(csv.out.rfind("record,rank,type,article,section,text,source,also_in,", 0) == 0);
  auto json = run_citedex("search --db " + ix.db() + " --format json --explain airbase");
  auto doc = nlohmann::json::parse(json.out);
  CHECK(doc[0]["record"] == "summary");
  CHECK(doc[0]["version"] == 1);
  CHECK(doc[0]["parsed"].get<std::string>().find("airbas") != std::string::npos);
}

TEST_CASE("index errors: missing index, malformed query, unknown outlet, locked, schema",
          "[index][errors]") {
  Indexed ix;
  TempDir other;
  auto missing = run_citedex("search --db " + quote(other.path() / "none") + " airbase");
  CHECK(missing.exit_code == 6);
  CHECK(missing.err.find("create one with `citedex index") != std::string::npos);
  auto bad = run_citedex("search --db " + ix.db() + " 'date:2016-13-01'");
  CHECK(bad.exit_code == 7);
  CHECK(bad.err.find("2016-13-01") != std::string::npos);
  auto unknown = run_citedex("search --db " + ix.db() + " outlet:Reuterz");
  CHECK(unknown.exit_code == 7);
  CHECK(unknown.err.find("Reuterz") != std::string::npos);
  auto field = run_citedex("search --db " + ix.db() + " 'outlt:AMN'");
  CHECK(field.exit_code == 7);
  CHECK(field.err.find("unknown field \"outlt\" in query (did you mean outlet:?") !=
        std::string::npos);
  CHECK(field.out.empty());
  auto empty_value = run_citedex("search --db " + ix.db() + " 'palmyra outlet:'");
  CHECK(empty_value.exit_code == 7);
  CHECK(empty_value.err.find("outlet: needs a value") != std::string::npos);
  auto facet = run_citedex("search --db " + ix.db() + " --facets colour airbase");
  CHECK(facet.exit_code == 7);
  auto sort = run_citedex("search --db " + ix.db() + " --sort bogus airbase");
  CHECK(sort.exit_code == 7);
  CHECK(sort.err == "citedex: unknown sort 'bogus' (sorts: relevance, date, article)\n");
  {
    Xapian::WritableDatabase holder((ix.dir.path() / "db").string(), Xapian::DB_OPEN);
    auto locked = run_citedex("index --db " + ix.db() + " " + quote(fixture("seeds")));
    CHECK(locked.exit_code == 5);
    CHECK(locked.err.find("locked by another citedex process") != std::string::npos);
    // Readers are not blocked by a writer.
    CHECK(run_citedex("search --db " + ix.db() + " airbase").exit_code == 0);
    holder.set_metadata(std::string(citedex::kMetaSchemaVersion), "0");
    holder.commit();
  }
  auto old = run_citedex("search --db " + ix.db() + " airbase");
  CHECK(old.exit_code == 6);
  CHECK(old.err.find("rebuild with `citedex index --rebuild`") != std::string::npos);
  auto rebuilt = run_citedex("index --rebuild --db " + ix.db() + " " + quote(fixture("seeds")));
  CHECK(rebuilt.exit_code == 0);
  CHECK(run_citedex("search --db " + ix.db() + " airbase").exit_code == 0);
}

TEST_CASE("incremental indexing: unchanged skipped, changed replaced, pruned, same counts twice",
          "[index][incremental]") {
  TempDir dir;
  auto corpus = dir.path() / "corpus";
  for (const char* seed : {"000_94f44c9d361cf4c1.txt", "003_181288a9616d42e9.txt"})
    write_file(corpus / seed, read_file(fixture(std::string("seeds/") + seed)));
  std::string db = quote(dir.path() / "db");
  auto first =
      parse_jsonl(run_citedex("index --format jsonl --db " + db + " " + quote(corpus)).out).at(0);
  CHECK(first["indexed"] == 2);
  auto second =
      parse_jsonl(run_citedex("index --format jsonl --db " + db + " " + quote(corpus)).out).at(0);
  CHECK(second["indexed"] == 0);
  CHECK(second["unchanged"] == 2);
  CHECK(second["claims"] == first["claims"]);
  CHECK(second["references"] == first["references"]);

  std::string changed = read_file(corpus / "000_94f44c9d361cf4c1.txt");
  std::string end_of_aftermath = "came under the control of the Syrian government.";
  changed.replace(changed.find(end_of_aftermath), end_of_aftermath.size(),
                  end_of_aftermath + " A new closing sentence about Tiyas.");
  write_file(corpus / "000_94f44c9d361cf4c1.txt", changed);
  auto third =
      parse_jsonl(run_citedex("index --format jsonl --db " + db + " " + quote(corpus)).out).at(0);
  CHECK(third["indexed"] == 1);
  CHECK(third["claims"] == first["claims"].get<int>() + 1);
  auto found = run_citedex("search --db " + db + " --format jsonl '\"new closing sentence\"'");
  CHECK(summary(found.out)["total"] == 1);

  std::filesystem::remove(corpus / "003_181288a9616d42e9.txt");
  auto pruned =
      parse_jsonl(run_citedex("index --prune --format jsonl --db " + db + " " + quote(corpus)).out)
          .at(0);
  CHECK(pruned["pruned"] == 1);
  CHECK(pruned["files"] == 1);
  CHECK(pruned["references"] == 0);

  // CSV carries the same twelve members as jsonl.
  auto csv = run_citedex("index --format csv --db " + db + " " + quote(corpus));
  CHECK(csv.out.rfind(
            "db,indexed,unchanged,failed,pruned,added_claims,added_references,added_articles,"
            "files,claims,references,articles\n",
            0) == 0);
}

TEST_CASE("a killed index run leaves an index that opens, and a rerun completes it",
          "[index][kill]") {
  TempDir dir;
  auto corpus = dir.path() / "corpus";
  std::vector<std::string> seeds{"000_94f44c9d361cf4c1.txt", "001_7ba5000a254c49cc.txt",
                                 "002_e8978a0c9fffe3dd.txt", "003_181288a9616d42e9.txt",
                                 "004_e8a361f7f028ea89.txt"};
  for (int copy = 0; copy < 60; ++copy)
    for (const auto& s : seeds)
      write_file(corpus / ("c" + std::to_string(copy)) / s, read_file(fixture("seeds/" + s)));
  auto clean_db = (dir.path() / "clean").string();
  auto start = std::chrono::steady_clock::now();
  REQUIRE(run_citedex("index --db " + quote(clean_db) + " " + quote(corpus)).exit_code == 0);
  auto clean_time = std::chrono::steady_clock::now() - start;
  auto clean = citedex::count_index(clean_db);

  auto killed_db = (dir.path() / "killed").string();
  for (double fraction : {0.2, 0.5}) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      int null = ::open("/dev/null", O_WRONLY);
      dup2(null, 1);
      dup2(null, 2);
      execl(CITEDEX_BINARY, CITEDEX_BINARY, "index", "--db", killed_db.c_str(), corpus.c_str(),
            nullptr);
      _exit(127);
    }
    std::this_thread::sleep_for(
        std::chrono::duration_cast<std::chrono::milliseconds>(clean_time * fraction));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    // Whatever was committed opens, and holds whole files only.
    auto partial = citedex::count_index(killed_db);
    CHECK(partial.files <= clean.files);
    CHECK(partial.articles == partial.files);
  }
  REQUIRE(run_citedex("index --db " + quote(killed_db) + " " + quote(corpus)).exit_code == 0);
  auto resumed = citedex::count_index(killed_db);
  CHECK(resumed.files == clean.files);
  CHECK(resumed.articles == clean.articles);
  CHECK(resumed.claims == clean.claims);
  CHECK(resumed.references == clean.references);
  CHECK(resumed.documents == clean.documents);
}

TEST_CASE("fields, stats, show and outlets read the index", "[index][commands]") {
  Indexed ix;
  auto fields = run_citedex("fields --format jsonl");
  REQUIRE(fields.exit_code == 0);
  std::string schema_doc = read_file(citedex::testing::source_dir() / "docs/schema.md");
  for (auto& f : parse_jsonl(fields.out)) {
    INFO(f["name"]);
    CHECK(schema_doc.find("| `" + f["name"].get<std::string>() + "` |") != std::string::npos);
    if (!f["prefix"].get<std::string>().empty())
      CHECK(schema_doc.find("`" + f["prefix"].get<std::string>() + "`") != std::string::npos);
  }
  // The text listing and the help name the aliases too.
  auto fields_text = run_citedex("fields");
  CHECK(fields_text.out.find("(sole-sourced); also sole:") != std::string::npos);
  CHECK(fields_text.out.find("; also language:") != std::string::npos);
  CHECK(run_citedex("search --help").out.find("; also path:") != std::string::npos);
  auto stats = parse_jsonl(run_citedex("stats --format jsonl --db " + ix.db()).out).at(0);
  CHECK(stats["files"] == 5);
  CHECK(stats["claims"] == 442);
  CHECK(stats["references"] == 238);
  CHECK(stats["schema_version"] == std::to_string(citedex::kSchemaVersion));
  auto show = run_citedex("show --db " + ix.db() + " 'Palmyra offensive (December 2016)'");
  REQUIRE(show.exit_code == 0);
  CHECK(show.out.find("The Palmyra offensive in December 2016 was a military operation") !=
        std::string::npos);
  CHECK(show.out.find("[5][35]") != std::string::npos);
  CHECK(show.out.find("== References ==") != std::string::npos);
  auto by_words = run_citedex("show --db " + ix.db() + " --format jsonl deir ez-zor");
  CHECK(by_words.exit_code == 0);
  CHECK(parse_jsonl(by_words.out).size() == 1);
  auto ambiguous = run_citedex("show --db " + ix.db() + " palmyra");
  CHECK(ambiguous.exit_code == 7);
  CHECK(ambiguous.err.find("several articles") != std::string::npos);
  // Boolean words in a title are words: no syntax error, never "no usable index" (6).
  for (const char* title : {"Palmyra AND", "NOT", "Offensive XOR", "(Palmyra OR Homs"}) {
    auto words = run_citedex("show --db " + ix.db() + " " + quote(title));
    INFO(title);
    CHECK(words.exit_code == 7);
    CHECK(words.err.find("no article titled") != std::string::npos);
  }
  auto outlets = run_citedex("outlets --format jsonl --db " + ix.db());
  REQUIRE(outlets.exit_code == 0);
  std::map<std::string, nlohmann::json> rows;
  for (auto& r : parse_jsonl(outlets.out)) rows[r["outlet"]] = r;
  CHECK(rows["Al-Masdar News"]["references"] == 61);
  CHECK(rows["Syrian Observatory for Human Rights"]["attributions"].get<int>() >= 6);
  CHECK(rows.count("(unknown)"));
}

TEST_CASE("every document keeps its record in slot 10 and no document data", "[index]") {
  Indexed ix;
  Xapian::Database db((ix.dir.path() / "db").string());
  std::map<std::string, size_t> types;
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    Xapian::Document doc = db.get_document(*p);
    INFO("document " << *p);
    CHECK(doc.get_data().empty());
    auto record = citedex::read_record(doc);
    REQUIRE(record.is_object());
    CHECK(record["type"] == doc.get_value(citedex::kSlotType));
    ++types[record["type"]];
  }
  CHECK(types["claim"] > 0);
  CHECK(types["reference"] > 0);
  CHECK(types["article"] > 0);
}

TEST_CASE("Python's xapian bindings run the documented query", "[index][interop]") {
  REQUIRE(std::filesystem::exists("/usr/bin/python3"));  // python3-xapian: scripts/setup
  Indexed ix;
  std::string doc = read_file(citedex::testing::source_dir() / "docs/schema.md");
  size_t start = doc.find("```python\n");
  REQUIRE(start != std::string::npos);
  start += 10;
  std::string code = doc.substr(start, doc.find("```", start) - start);
  size_t at = code.find("\"citedex.db\"");
  REQUIRE(at != std::string::npos);
  code.replace(at, 12, "\"" + (ix.dir.path() / "db").string() + "\"");
  write_file(ix.dir.path() / "q.py", code);
  std::string cmd = "/usr/bin/python3 " + quote(ix.dir.path() / "q.py") + " > " +
                    quote(ix.dir.path() / "out") + " 2>&1";
  int rc = std::system(cmd.c_str());
  std::string out = read_file(ix.dir.path() / "out");
  INFO(out);
  REQUIRE(rc == 0);
  auto lines = parse_jsonl(out);
  REQUIRE_FALSE(lines.empty());
  for (auto& l : lines) {
    CHECK(l["type"] == "claim");
    CHECK(l.dump().find("Al-Masdar News") != std::string::npos);
  }
}

TEST_CASE("claims --only keeps sole-sourced claims, --with-attributions adds in-text ones",
          "[index][claims]") {
  Indexed ix;
  auto only = run_citedex("claims --db " + ix.db() + " --format jsonl --outlet SOHR --only");
  REQUIRE(only.exit_code == 0);
  size_t sole = 0;
  for (auto& g : parse_jsonl(only.out))
    for (auto& c : g["claims"]) {
      ++sole;
      REQUIRE_FALSE(c["footnotes"].empty());
      for (auto& f : c["footnotes"]) CHECK(f["outlet"] == "Syrian Observatory for Human Rights");
    }
  CHECK(sole == 2);  // "182 killed (per SOHR)" [39][40], in 002 and in 003

  auto cited = run_citedex("claims --db " + ix.db() + " --format jsonl --outlet SOHR");
  auto with =
      run_citedex("claims --db " + ix.db() + " --format jsonl --outlet SOHR --with-attributions");
  REQUIRE(with.exit_code == 0);
  auto count = [](const std::string& out, const std::string& needle) {
    size_t n = 0, all = 0;
    for (auto& g : parse_jsonl(out)) {
      all += g["count"].get<size_t>();
      if (g["source"].get<std::string>().find(needle) != std::string::npos)
        n += g["count"].get<size_t>();
    }
    return std::pair{n, all};
  };
  CHECK(count(cited.out, "004_").first == 0);  // 004 has no footnotes
  CHECK(count(with.out, "004_").first >= 3);   // but names SOHR in its text
  CHECK(count(with.out, "000_").first >= 2);
  CHECK(count(with.out, "").second > count(cited.out, "").second);
  // The text closing line names what was asked.
  const std::string sohr = "Syrian Observatory for Human Rights";
  auto last_line = [&](const std::string& flags) {
    auto out = run_citedex("claims --db " + ix.db() + " --outlet SOHR " + flags).out;
    auto end = out.find_last_not_of('\n');
    return out.substr(out.rfind('\n', end) + 1, end - out.rfind('\n', end));
  };
  CHECK(last_line("--only") == "2 claims sourced to " + sohr + " alone, in 2 article copies");
  CHECK(last_line("--with-attributions") ==
        std::to_string(count(with.out, "").second) + " claims sourced to or naming " + sohr +
            ", in " + std::to_string(parse_jsonl(with.out).size()) + " article copies");
  CHECK(last_line("--only --with-attributions")
            .find(" claims sourced to " + sohr + " alone or naming it, in ") != std::string::npos);
}

TEST_CASE("a new index is created with 64 KiB blocks", "[index][storage]") {
  // docs/schema.md, Storage: facet counting reads a value of every match, and Xapian's
  // largest blocks make that eight times fewer reads. xapian-check prints each table's
  // block size.
  Indexed idx;
  std::string command = "xapian-check " + idx.db() + " 2>&1";
  std::string report;
  {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe);
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, pipe.get())) > 0;) report.append(buf, n);
  }
  INFO(report);
  std::regex block(R"(blocksize=(\w+))");
  size_t tables = 0;
  for (std::sregex_iterator it(report.begin(), report.end(), block), end; it != end; ++it) {
    CHECK((*it)[1] == "64K");
    ++tables;
  }
  CHECK(tables >= 3);  // docdata, postlist, position, termlist (empty tables are not listed)
}

TEST_CASE(
    "huge or far --limit and --offset keep the total, and an offset past the end shows no hit",
    "[index][search][paging]") {
  Indexed ix;
  auto all = run_citedex("search --db " + ix.db() + " --format jsonl --limit 100000 airbase");
  REQUIRE(all.exit_code == 0);
  const size_t total = summary(all.out)["total"];
  CHECK(hits(all.out).size() == total);
  CHECK(total > 10);
  // Each of these used to wrap around Xapian's 32-bit document counts.
  for (const char* paging : {"--limit 4294967295", "--limit 4294967296", "--limit 2147483648",
                             "--limit 2147483644", "--limit 18446744073709551615",
                             "--offset 18446744073709551615 --limit 18446744073709551615"}) {
    auto r = run_citedex("search --db " + ix.db() + " --format jsonl " + paging + " airbase");
    CAPTURE(paging);
    REQUIRE(r.exit_code == 0);
    CHECK(summary(r.out)["total"] == total);
    CHECK(summary(r.out)["total_exact"] == true);
    CHECK(hits(r.out).size() == (std::string(paging).starts_with("--offset") ? 0 : total));
  }
  auto past = run_citedex("search --db " + ix.db() +
                          " --format jsonl --offset 4294967290 --limit 10 airbase");
  CHECK(summary(past.out)["total"] == total);
  CHECK(hits(past.out).empty());
  auto last = run_citedex("search --db " + ix.db() + " --format jsonl --offset " +
                          std::to_string(total - 1) + " --limit 4294967295 airbase");
  REQUIRE(hits(last.out).size() == 1);
  CHECK(hits(last.out)[0]["rank"] == total);
}

TEST_CASE("the total is exact when every match is counted, else within exact bounds",
          "[index][search][total]") {
  Indexed ix;
  // References never fold: with --facets every match is counted, so the total is exact.
  auto refs = run_citedex("search --db " + ix.db() +
                          " --format jsonl --limit 3 --facets type 'type:reference outlet:AMN'");
  REQUIRE(refs.exit_code == 0);
  auto records = parse_jsonl(refs.out);
  REQUIRE(records.back()["record"] == "facet");
  REQUIRE(records.back()["counts"].size() == 1);
  const size_t references = records.back()["counts"][0]["count"];
  CHECK(references > 3);
  CHECK(summary(refs.out)["total"] == references);
  CHECK(summary(refs.out)["total_exact"] == true);
  CHECK(summary(refs.out)["total_max"] == references);
  // Without facets only the page is ranked: an estimate, between bounds that hold.
  auto within = [](const nlohmann::json& s, size_t truth) {
    CHECK(s["total_min"].get<size_t>() <= truth);
    CHECK(s["total_max"].get<size_t>() >= truth);
    CHECK(s["total"].get<size_t>() >= s["total_min"].get<size_t>());
    CHECK(s["total"].get<size_t>() <= s["total_max"].get<size_t>());
    CHECK(s["total_exact"] == (s["total_min"] == s["total_max"]));
    if (s["total_exact"] == true) CHECK(s["total"] == truth);
  };
  within(summary(run_citedex("search --db " + ix.db() +
                             " --format jsonl --limit 3 'type:reference outlet:AMN'")
                     .out),
         references);

  // Claims fold: every bound holds the total of a page holding every hit.
  auto every = run_citedex("search --db " + ix.db() + " --format jsonl --limit 100000 outlet:AMN");
  CHECK(summary(every.out)["total_exact"] == true);
  const size_t folded = hits(every.out).size();
  CHECK(summary(every.out)["total"] == folded);
  auto claims =
      run_citedex("search --db " + ix.db() + " --format jsonl --facets type --limit 3 outlet:AMN");
  const size_t matches = parse_jsonl(claims.out).back()["counts"][0]["count"];
  CHECK(folded < matches);                             // copies folded
  CHECK(summary(claims.out)["total_max"] == matches);  // counted with the facets: exact
  within(summary(claims.out), folded);
  within(
      summary(run_citedex("search --db " + ix.db() + " --format jsonl --limit 3 outlet:AMN").out),
      folded);
  auto text = run_citedex("search --db " + ix.db() + " --limit 3 --facets type outlet:AMN");
  CHECK(text.out.find(" hits") != std::string::npos);
}

TEST_CASE("search --format csv carries the summary and every facet count", "[index][search][csv]") {
  Indexed ix;
  auto json = run_citedex("search --db " + ix.db() +
                          " --format jsonl --limit 1 --facets "
                          "type,year airbase");
  auto csv = run_citedex("search --db " + ix.db() +
                         " --format csv --limit 1 --facets "
                         "type,year airbase");
  REQUIRE(csv.exit_code == 0);
  auto records = parse_jsonl(json.out);
  const std::string header =
      "record,rank,type,article,section,text,source,also_in,facet,value,count,query,total,"
      "total_exact,total_min,total_max,offset,limit\n";
  REQUIRE(csv.out.rfind(header, 0) == 0);
  const auto& sum = records[0];
  CHECK(csv.out.find("\nsummary,,,,,,,,,,,airbase," + std::to_string(sum["total"].get<size_t>()) +
                     "," + (sum["total_exact"] == true ? "true" : "false") + "," +
                     std::to_string(sum["total_min"].get<size_t>()) + "," +
                     std::to_string(sum["total_max"].get<size_t>()) + ",0,1\n") !=
        std::string::npos);
  size_t facet_rows = 0;
  for (const auto& r : records)
    if (r["record"] == "facet")
      for (const auto& c : r["counts"]) {
        ++facet_rows;
        std::string row = "\nfacet,,,,,,,," + r["facet"].get<std::string>() + "," +
                          c["value"].get<std::string>() + "," +
                          std::to_string(c["count"].get<size_t>()) + ",,,,,,,\n";
        CAPTURE(row);
        CHECK(csv.out.find(row) != std::string::npos);
      }
  CHECK(facet_rows > 2);
  CHECK(static_cast<size_t>(std::count(csv.out.begin(), csv.out.end(), '\n')) ==
        1 + 1 + 1 + facet_rows);  // header, summary, one hit, the facet rows
}
