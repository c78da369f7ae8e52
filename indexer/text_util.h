// Small UTF-8 text helpers shared by the pipeline stages. All functions take and
// return valid UTF-8 (the decode stage guarantees it) and never throw.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace citedex {

// Decodes the code point at `pos` and advances `pos` past it. Invalid bytes
// yield U+FFFD and advance by one byte.
char32_t next_code_point(std::string_view s, size_t& pos);
// Decodes the code point that ends at `pos` (exclusive) and moves `pos` to its start.
char32_t prev_code_point(std::string_view s, size_t& pos);
void append_utf8(std::string& out, char32_t cp);

// Unicode whitespace (including NBSP and the other Zs characters).
bool is_space(char32_t cp);

std::string_view trim(std::string_view s);
// Trims, and collapses every run of whitespace (any Unicode space, tab, newline) into one ASCII
// space.
std::string collapse_spaces(std::string_view s);
// The pieces of `s` between `sep` characters, empty pieces included ("a,,b" → a, "", b;
// "" → one empty piece).
std::vector<std::string_view> split(std::string_view s, char sep);
std::vector<std::string_view> split_lines(std::string_view s);  // on \n; a trailing \r is dropped
bool starts_with_icase(std::string_view s, std::string_view prefix);  // ASCII case folding
std::string ascii_lower(std::string_view s);
bool all_digits(std::string_view s);  // non-empty, ASCII 0-9 only
size_t count_words(std::string_view s);

// 64-bit FNV-1a: a fast, stable hash (the same on every machine and run) for content
// fingerprints and keys, not for security. Chainable: hashing "ab" equals hashing "b"
// with the hash of "a" as `h`, so streamed input hashes chunk by chunk.
inline constexpr uint64_t kFnv1a64Offset = 1469598103934665603ull;
uint64_t fnv1a64(std::string_view s, uint64_t h = kFnv1a64Offset);

}  // namespace citedex
