// Stage 1 of the pipeline: raw bytes → valid UTF-8.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace citedex {

// Thrown when the bytes are not text at all (an image, an archive, an executable).
class NotTextError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DecodedText {
  std::string text;              // valid UTF-8, no BOM, \r\n and lone \r turned into \n
  std::string encoding;          // "utf-8", "utf-16le", "utf-16be"
  size_t invalid_sequences = 0;  // byte sequences replaced by U+FFFD
  size_t nul_bytes = 0;          // NUL bytes removed from otherwise textual input
};

// Decodes `bytes`. UTF-16 is recognised by its BOM, or without one by the pattern of
// zero bytes; everything else is read as UTF-8 where each invalid sequence becomes
// one U+FFFD. Throws NotTextError when the input looks binary (known magic numbers
// such as JPEG/PNG/PDF/ZIP/gzip/ELF, or a high share of control bytes).
// Empty input decodes to empty text (the caller decides whether that is an error).
DecodedText decode_text(std::string_view bytes);

}  // namespace citedex
