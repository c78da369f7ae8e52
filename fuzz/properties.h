// What the harnesses assert, shared by all of them. A violated property prints one line
// naming it (and the offending text, escaped) and aborts, which libFuzzer reports as a
// crash with the input attached and which fails the replay test.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "indexer/article.h"

namespace citedex::fuzz {

[[noreturn]] void fuzz_fail(std::string_view property, std::string_view detail = "");

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view s);
void check_utf8(std::string_view what, std::string_view s);

// `bytes` as the pipeline sees them after its first stage (decode_text: valid UTF-8,
// LF line ends), or nullopt when the decoder rejects them as binary.
std::optional<std::string> as_text(std::string_view bytes);

// The article properties: every string valid UTF-8; no claim text holds a footnote marker
// or flag marker (footnotes.h marker_length_at) that was in the text the footnote stage
// was given; every footnote label of a claim resolves to a reference of the article or is
// listed in the claim's `unresolved` and reported in a warning.
// Narrowed: removing a marker nested in other brackets can join the text around it into a
// new one ("[e[5]]" → "[e]"), which is text left by the copy, not a marker the pipeline
// missed. So a marker found in a claim fails only if it occurs in `marker_source()` —
// called only then — which returns the text the footnote stage saw (the reader's blocks
// and infobox values), or the input itself where that is not at hand (dump pages).
void check_article(const Article& article, const std::function<std::string()>& marker_source);

// Linear time: runs `f` and measures the CPU time of the calling thread (not wall time:
// the fuzzers share the machine). When processing `bytes` input bytes took longer than
// kFixed + bytes × kPerByte, `f` runs twice more and the property fails only if the
// fastest of the three runs is still over the limit, so that a burst of load on a shared
// machine is not reported as a super-linear path. The constants are generous (about 10×
// the sanitized build's slowest stage); libFuzzer's -timeout is the backstop.
inline constexpr std::chrono::milliseconds kFixed{250};
inline constexpr std::chrono::microseconds kPerByte{25};
void timed(std::string_view what, size_t bytes, const std::function<void()>& f);

// Off while harnesses warm up (first use of ICU data, the outlet table).
void enable_time_checks(bool on);

// printf-style escape of `s` for messages, cut to a readable length.
std::string escaped(std::string_view s, size_t max = 300);

}  // namespace citedex::fuzz
