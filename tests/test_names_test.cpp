// ctest runs each Catch test case by name (catch_discover_tests). CMake reads the
// discovered names as one list, in which square brackets group: an unmatched "[[" in
// one name merged every later test into a single ctest test. Brackets in names must
// be balanced. A ';' separates list items: a name holding one became two ctest tests
// matching nothing, and the test case silently never ran under ctest. ctest passes the
// name as an argument: one starting with '-' is read as an option, and the test fails.
#include <catch2/catch.hpp>
#include <string>

TEST_CASE("test case names hold only balanced square brackets", "[tests]") {
  const auto& tests = Catch::getRegistryHub().getTestCaseRegistry().getAllTests();
  CHECK(tests.size() > 100);
  for (const auto& test : tests) {
    int depth = 0;
    bool balanced = true;
    for (char c : test.name) {
      if (c == '[') ++depth;
      if (c == ']' && --depth < 0) balanced = false;
    }
    INFO(test.name);
    CHECK((balanced && depth == 0));
    CHECK(test.name.find(';') == std::string::npos);
    CHECK_FALSE(test.name.starts_with("-"));
  }
}
