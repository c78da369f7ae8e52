// citedex_fuzz_replay HARNESS PATH...: runs one harness on every file under the PATHs
// (files, or directories read recursively; missing paths are skipped), as the fuzzer
// would, in the ordinary build. ctest runs it on each harness's seeds and on its
// regression inputs (fixtures/fuzz-regressions/HARNESS). A violated property aborts.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/harness.h"
#include "fuzz/properties.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: citedex_fuzz_replay HARNESS PATH...\n");
    return 2;
  }
  const citedex::fuzz::Harness* harness = citedex::fuzz::find_harness(argv[1]);
  if (!harness) {
    std::fprintf(stderr, "citedex_fuzz_replay: no harness '%s'\n", argv[1]);
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    fs::path p = argv[i];
    if (fs::is_regular_file(p)) {
      files.push_back(p);
    } else if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::fprintf(stderr, "citedex_fuzz_replay: no input for '%s'\n", argv[1]);
    return 1;
  }
  citedex::fuzz::enable_time_checks(false);
  harness->warm_up();
  // CITEDEX_FUZZ_NO_TIME_CHECKS=1: under valgrind every input is slow (docs/fuzzing.md).
  const char* no_time = std::getenv("CITEDEX_FUZZ_NO_TIME_CHECKS");
  citedex::fuzz::enable_time_checks(!(no_time && std::string_view(no_time) == "1"));
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "%s: %s (%zu bytes)\n", argv[1], f.c_str(), bytes.size());
    harness->run(bytes);
  }
  std::printf("%s: %zu inputs replayed, every property held\n", argv[1], files.size());
  return 0;
}
