#include "cli/printer.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <stdexcept>

using namespace citedex::cli;

namespace {

void render_title(std::ostream& out, const Json& v) { out << "* " << v.value("title", "") << "\n"; }

}  // namespace

TEST_CASE("parse_output_format", "[printer]") {
  CHECK(parse_output_format("text") == OutputFormat::text);
  CHECK(parse_output_format("json") == OutputFormat::json);
  CHECK(parse_output_format("jsonl") == OutputFormat::jsonl);
  CHECK(parse_output_format("csv") == OutputFormat::csv);
  CHECK_THROWS_AS(parse_output_format("JSON"), std::invalid_argument);
  CHECK_THROWS_WITH(parse_output_format("xml"), "unknown output format 'xml'");
}

TEST_CASE("text printer renders each record", "[printer]") {
  std::ostringstream out;
  auto p = make_printer(OutputFormat::text, out, render_title);
  p->record({{"title", "A"}});
  p->record({{"title", "B"}});
  p->finish();
  CHECK(out.str() == "* A\n* B\n");
}

TEST_CASE("json printer writes one array at finish", "[printer]") {
  std::ostringstream out;
  auto p = make_printer(OutputFormat::json, out, render_title);
  p->record({{"title", "A"}, {"n", 1}});
  CHECK(out.str().empty());
  p->finish();
  CHECK(out.str() == "[\n  {\n    \"title\": \"A\",\n    \"n\": 1\n  }\n]\n");
  std::ostringstream none;
  auto q = make_printer(OutputFormat::json, none, render_title);
  q->finish();
  CHECK(none.str() == "[]\n");
}

TEST_CASE("jsonl printer writes one compact object per line", "[printer]") {
  std::ostringstream out;
  auto p = make_printer(OutputFormat::jsonl, out, render_title);
  p->record({{"title", "A"}, {"tags", {"x", "y"}}});
  p->record({{"title", "B"}});
  p->finish();
  CHECK(out.str() == "{\"title\":\"A\",\"tags\":[\"x\",\"y\"]}\n{\"title\":\"B\"}\n");
}

TEST_CASE("printers never die on invalid UTF-8", "[printer]") {
  Json bad = {{"title", std::string("bad \xff byte")}, {"nested", {{"k", std::string("\xfe")}}}};
  for (auto format : {OutputFormat::json, OutputFormat::jsonl, OutputFormat::csv}) {
    std::ostringstream out;
    auto p = make_printer(format, out, render_title, {"title", "nested"});
    CHECK_NOTHROW(p->record(bad));
    CHECK_NOTHROW(p->finish());
    CHECK(out.str().find("bad ") != std::string::npos);
  }
}

TEST_CASE("csv printer: header, columns, joining and quoting", "[printer]") {
  std::ostringstream out;
  auto p =
      make_printer(OutputFormat::csv, out, render_title, {"title", "tags", "n", "obj", "gone"});
  CHECK(out.str() == "title,tags,n,obj,gone\n");
  p->record({{"title", "Plain"},
             {"tags", {"a", "b", 3}},
             {"n", 42},
             {"obj", {{"k", "v"}}},
             {"extra", "ignored"}});
  p->record({{"title", "Says \"hi\", twice"}, {"tags", Json::array()}, {"n", nullptr}});
  p->record({{"title", "two\nlines"}});
  p->finish();
  CHECK(out.str() ==
        "title,tags,n,obj,gone\n"
        "Plain,a; b; 3,42,\"{\"\"k\"\":\"\"v\"\"}\",\n"
        "\"Says \"\"hi\"\", twice\",,,,\n"
        "\"two\nlines\",,,,\n");
}

TEST_CASE("csv printer quotes header cells that need it", "[printer]") {
  std::ostringstream out;
  auto p = make_printer(OutputFormat::csv, out, render_title, {"a,b", "c"});
  p->finish();
  CHECK(out.str() == "\"a,b\",c\n");
}

TEST_CASE("csv printer: a record's array of objects prints one row per element", "[printer]") {
  std::ostringstream out;
  auto p = make_printer(OutputFormat::csv, out, render_title, {"record", "facet", "value", "count"},
                        "counts");
  p->record({{"record", "facet"},
             {"facet", "outlet"},
             {"counts", {{{"value", "SOHR"}, {"count", 3}}, {{"value", "AMN"}, {"count", 1}}}}});
  p->record({{"record", "facet"}, {"facet", "year"}, {"counts", Json::array()}});
  p->record({{"record", "summary"}, {"count", 7}});
  p->finish();
  CHECK(out.str() ==
        "record,facet,value,count\n"
        "facet,outlet,SOHR,3\n"
        "facet,outlet,AMN,1\n"
        "facet,year,,\n"
        "summary,,,7\n");
}
