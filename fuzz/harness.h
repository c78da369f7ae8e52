// The fuzz harnesses: one per entry point that takes outside bytes. Each harness feeds
// its input to the product code and checks the properties stated in docs/fuzzing.md,
// aborting (fuzz_fail) on a violation so libFuzzer reports it. The same bodies are linked
// into the libFuzzer binaries (CITEDEX_FUZZ=ON, clang) and into citedex_fuzz_replay, which
// replays seeds and regression inputs under ctest in the ordinary build.
#pragma once

#include <span>
#include <string_view>

namespace citedex::fuzz {

struct Harness {
  std::string_view name;
  void (*run)(std::string_view input);
  // Builds the harness's shared state (databases, tables) before the first input, so
  // that its cost is not charged to the first input's time check.
  void (*warm_up)();
};

// Every harness, by name.
std::span<const Harness> harnesses();
const Harness* find_harness(std::string_view name);

// The harness bodies (one file per family: fuzz_readers.cpp, fuzz_text.cpp,
// fuzz_query.cpp, fuzz_urls.cpp, fuzz_http.cpp).
void fuzz_shape(std::string_view input);
void fuzz_read_wikitext_like(std::string_view input);
void fuzz_read_flattened(std::string_view input);
void fuzz_read_markdown(std::string_view input);
void fuzz_read_plain_text(std::string_view input);
void fuzz_read_wikitext(std::string_view input);
void fuzz_dump_page(std::string_view input);
void fuzz_reference_lines(std::string_view input);
void fuzz_mojibake(std::string_view input);
void fuzz_sentences(std::string_view input);
void fuzz_query(std::string_view input);
void fuzz_urls(std::string_view input);
void fuzz_http_head(std::string_view input);
void warm_up_pipeline();
void warm_up_query();
void warm_up_nothing();

}  // namespace citedex::fuzz
