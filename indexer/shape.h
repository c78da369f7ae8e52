// Stage 3 of the pipeline: which shape of copy a text is. Each shape has one reader
// (reader.h); adding a shape means adding a row to the table and a reader.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace citedex {

struct ShapeInfo {
  std::string_view name;
  std::string_view description;
};

// Every shape citedex reads, in detection priority order.
std::span<const ShapeInfo> shapes();
bool is_known_shape(std::string_view name);

struct ShapeGuess {
  std::string shape;
  std::string reason;  // one phrase: what gave the shape away
};

// Decides the shape of decoded, repaired text. Always answers (falls back to
// "plain-text", the most permissive reader).
ShapeGuess detect_shape(std::string_view text);

}  // namespace citedex
