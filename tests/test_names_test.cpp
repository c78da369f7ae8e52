// ctest runs each Catch test case by name (catch_discover_tests). CMake reads the
// discovered names as a list, where "[" and "]" group and one unmatched "[[" merges
// every later test into a single test: names must hold neither.
#include <catch2/catch.hpp>
#include <string>

TEST_CASE("test case names hold no square brackets", "[tests]") {
  const auto& tests = Catch::getRegistryHub().getTestCaseRegistry().getAllTests();
  CHECK(tests.size() > 100);
  for (const auto& test : tests) {
    INFO(test.name);
    CHECK(test.name.find_first_of("[]") == std::string::npos);
  }
}
