// The facet row (slot 8) round-trips every facet value, empty ones included.
#include "indexer/schema.h"

#include <catch2/catch.hpp>

using namespace citedex;

TEST_CASE("facet rows keep each facet's value in its place", "[schema]") {
  std::array<std::string, kFacets.size()> values{"Reuters\x1fSANA", "Palmyra", "", "2016", "claim"};
  std::string row = facet_row(values);
  for (size_t i = 0; i < kFacets.size(); ++i) CHECK(facet_of_row(row, i) == values[i]);
  CHECK(facet_of_row(row, kFacets.size()) == "");
  CHECK(facet_of_row("", 0) == "");
  CHECK(facet_of_row("", 3) == "");
  CHECK(split_value_set(facet_of_row(row, 0)) == std::vector<std::string>{"Reuters", "SANA"});
}
