// The libFuzzer entry points of one harness, chosen at compile time by
// CITEDEX_FUZZ_HARNESS (its name in harnesses.cpp).
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz/harness.h"
#include "fuzz/properties.h"

namespace {

const citedex::fuzz::Harness* g_harness = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_harness = citedex::fuzz::find_harness(CITEDEX_FUZZ_HARNESS);
  if (!g_harness) {
    std::fprintf(stderr, "citedex fuzz: no harness '%s'\n", CITEDEX_FUZZ_HARNESS);
    std::exit(2);
  }
  citedex::fuzz::enable_time_checks(false);
  g_harness->warm_up();
  citedex::fuzz::enable_time_checks(true);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  g_harness->run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
