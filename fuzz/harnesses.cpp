#include <algorithm>
#include <array>

#include "fuzz/harness.h"

namespace citedex::fuzz {

namespace {

constexpr std::array kHarnesses{
    Harness{"shape", fuzz_shape, warm_up_pipeline},
    Harness{"read_wikitext_like", fuzz_read_wikitext_like, warm_up_pipeline},
    Harness{"read_flattened", fuzz_read_flattened, warm_up_pipeline},
    Harness{"read_markdown", fuzz_read_markdown, warm_up_pipeline},
    Harness{"read_plain_text", fuzz_read_plain_text, warm_up_pipeline},
    Harness{"read_wikitext", fuzz_read_wikitext, warm_up_pipeline},
    Harness{"dump_page", fuzz_dump_page, warm_up_pipeline},
    Harness{"reference_lines", fuzz_reference_lines, warm_up_nothing},
    Harness{"mojibake", fuzz_mojibake, warm_up_nothing},
    Harness{"sentences", fuzz_sentences, warm_up_nothing},
    Harness{"query", fuzz_query, warm_up_query},
    Harness{"urls", fuzz_urls, warm_up_nothing},
    Harness{"http_head", fuzz_http_head, warm_up_nothing},
};

}  // namespace

std::span<const Harness> harnesses() { return kHarnesses; }

const Harness* find_harness(std::string_view name) {
  auto it = std::find_if(kHarnesses.begin(), kHarnesses.end(),
                         [&](const Harness& h) { return h.name == name; });
  return it == kHarnesses.end() ? nullptr : &*it;
}

void warm_up_nothing() {}

}  // namespace citedex::fuzz
