// Rules of the code's layout that a reader of one file cannot see, checked over the
// product's sources.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// "file:line: text" of every line of the product's sources (indexer, search, cli, audit,
// fetcher) matching `pattern`, but for the files in `allowed`.
std::vector<std::string> lines_matching(const std::regex& pattern,
                                        const std::vector<std::string>& allowed) {
  const fs::path root(CITEDEX_SOURCE_DIR);
  std::vector<std::string> found;
  for (const char* dir : {"indexer", "search", "cli", "audit", "fetcher"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
      const std::string name = entry.path().lexically_relative(root).string();
      if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
      std::ifstream in(entry.path());
      int number = 0;
      for (std::string line; std::getline(in, line);) {
        ++number;
        if (std::regex_search(line, pattern))
          found.push_back(name + ":" + std::to_string(number) + ": " + line);
      }
    }
  }
  return found;
}

}  // namespace

TEST_CASE("every reader opens the index through read_index", "[layering]") {
  // A reader that opened its own Xapian::Database would skip read_index's retry when a
  // writer commits under it (tests/readers_under_writer_test.cpp cannot see such a
  // reader: it would read the newest commit and pass). References to a database are
  // fine; Xapian's other ways to open one (a stub, a remote) are not.
  const std::regex opens(R"(Xapian::(Database\b(?!\s*&)|Auto::|Remote::))");
  REQUIRE_FALSE(lines_matching(opens, {}).empty());  // index_db's opening is seen
  CHECK(lines_matching(opens, {"indexer/index_db.h", "indexer/index_db.cpp"}) ==
        std::vector<std::string>{});
}
