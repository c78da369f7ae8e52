#include "indexer/decode.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>

#include "indexer/text_util.h"

namespace citedex {
namespace {

// Binary detection only looks at the head of the input so that it stays cheap on large
// files; 8 KiB is what `file`/git use for the same decision.
constexpr size_t kSniffBytes = 8192;
// Share of control bytes above which the input is treated as binary. Real text has
// almost none; a few stray NULs or ESCs must not reject an otherwise good article.
constexpr double kMaxControlShare = 0.10;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// Returns a reason when `bytes` starts with the signature of a well-known binary format.
const char* binary_signature(std::string_view b) {
  using namespace std::string_view_literals;
  if (starts_with(b, "\xFF\xD8\xFF"sv)) return "looks like a JPEG image";
  if (starts_with(b, "\x89PNG\r\n\x1A\n"sv)) return "looks like a PNG image";
  if (starts_with(b, "GIF87a"sv) || starts_with(b, "GIF89a"sv)) return "looks like a GIF image";
  if (starts_with(b, "%PDF-"sv)) return "looks like a PDF document";
  if (starts_with(b, "PK\x03\x04"sv) || starts_with(b, "PK\x05\x06"sv) ||
      starts_with(b, "PK\x07\x08"sv)) {
    return "looks like a ZIP archive";
  }
  if (starts_with(b, "\x1F\x8B"sv)) return "looks like gzip-compressed data";
  // "BZh" plus a block-size digit could open a real sentence, so also require the
  // block magic (pi for a data block, sqrt(pi) for the end-of-stream marker).
  if (b.size() >= 7 && starts_with(b, "BZh"sv) && b[3] >= '1' && b[3] <= '9' &&
      (b.substr(4, 3) == "\x31\x41\x59"sv || b.substr(4, 3) == "\x17\x72\x45"sv)) {
    return "looks like bzip2-compressed data";
  }
  if (starts_with(b,
                  "\x7F"
                  "ELF"sv))
    return "looks like an ELF executable";
  return nullptr;
}

// Tab, LF, CR and FF occur in ordinary text; every other C0 byte and DEL does not.
bool is_control(uint32_t c) {
  if (c == '\t' || c == '\n' || c == '\r' || c == '\f') return false;
  return c < 0x20 || c == 0x7F;
}

[[noreturn]] void throw_control_share(size_t controls, size_t total) {
  const auto percent = static_cast<unsigned>((controls * 100 + total / 2) / total);
  throw NotTextError("binary data: " + std::to_string(percent) + "% control bytes");
}

void check_control_share(size_t controls, size_t total) {
  if (total > 0 && static_cast<double>(controls) > kMaxControlShare * static_cast<double>(total)) {
    throw_control_share(controls, total);
  }
}

// Guesses UTF-16 without a BOM. Mostly-ASCII UTF-16 has a zero in every other byte,
// always on the same side; UTF-8 text has (almost) no zeros at all. Returns "" when the
// input does not look like UTF-16.
std::string_view sniff_utf16(std::string_view bytes) {
  const size_t n = std::min(bytes.size(), kSniffBytes) & ~size_t{1};
  const size_t pairs = n / 2;
  if (pairs < 2) return {};
  size_t zero_even = 0;
  size_t zero_odd = 0;
  for (size_t i = 0; i < n; i += 2) {
    zero_even += bytes[i] == '\0';
    zero_odd += bytes[i + 1] == '\0';
  }
  // At least 30% of the units must be Latin-1 (mixed-script text still has spaces and
  // digits), and the other side must be nearly free of zeros.
  auto one_sided = [pairs](size_t zeros, size_t other) {
    return zeros * 10 >= pairs * 3 && other * 20 <= pairs && other * 4 < zeros;
  };
  if (one_sided(zero_odd, zero_even)) return "utf-16le";
  if (one_sided(zero_even, zero_odd)) return "utf-16be";
  return {};
}

// Appends code points to the output while turning CRLF and lone CR into LF and dropping
// NULs, so every decoder path shares the same normalisation.
class TextSink {
 public:
  explicit TextSink(DecodedText& out) : out_(out) {}

  void put_ascii(char c) {
    if (c == '\0') {
      // Dropped without resolving a pending CR, so "\r\0\n" is still one line break.
      ++out_.nul_bytes;
      return;
    }
    if (pending_cr_) {
      out_.text.push_back('\n');
      pending_cr_ = false;
      if (c == '\n') return;
    }
    if (c == '\r') {
      pending_cr_ = true;
      return;
    }
    out_.text.push_back(c);
  }

  void put_bytes(std::string_view utf8) {  // one complete non-ASCII sequence
    flush_cr();
    out_.text.append(utf8);
  }

  void put(char32_t cp) {
    if (cp < 0x80) {
      put_ascii(static_cast<char>(cp));
    } else {
      flush_cr();
      append_utf8(out_.text, cp);
    }
  }

  void invalid() {
    ++out_.invalid_sequences;
    put(U'\uFFFD');
  }

  void finish() { flush_cr(); }

 private:
  void flush_cr() {
    if (pending_cr_) out_.text.push_back('\n');
    pending_cr_ = false;
  }

  DecodedText& out_;
  bool pending_cr_ = false;
};

void decode_utf8(std::string_view bytes, DecodedText& out) {
  out.encoding = "utf-8";
  out.text.reserve(bytes.size());
  TextSink sink(out);
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      sink.put_ascii(static_cast<char>(p[i++]));
      continue;
    }
    const size_t start = i;
    UChar32 c;
    // U8_NEXT consumes the maximal ill-formed subpart, which is exactly the Unicode
    // "one U+FFFD per invalid sequence" policy.
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      sink.invalid();
    } else {
      sink.put_bytes(bytes.substr(start, i - start));
    }
  }
  sink.finish();
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Counts every ill-formed unit (unpaired surrogate, odd trailing byte) before handing it
// to ICU's standard substitution, which writes U+FFFD.
void U_CALLCONV count_and_substitute(const void* context, UConverterToUnicodeArgs* args,
                                     const char* units, int32_t length,
                                     UConverterCallbackReason reason, UErrorCode* err) {
  if (reason == UCNV_UNASSIGNED || reason == UCNV_ILLEGAL || reason == UCNV_IRREGULAR) {
    ++*static_cast<size_t*>(const_cast<void*>(context));
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, units, length, reason, err);
}

void decode_utf16(std::string_view bytes, std::string_view encoding, DecodedText& out) {
  out.encoding = std::string(encoding);
  out.text.reserve(bytes.size());
  UErrorCode err = U_ZERO_ERROR;
  // ICU's "UTF-16LE"/"UTF-16BE" converters do not strip a BOM; the caller already did.
  std::unique_ptr<UConverter, ConverterCloser> cnv(
      ucnv_open(encoding == "utf-16le" ? "UTF-16LE" : "UTF-16BE", &err));
  if (U_FAILURE(err)) throw std::runtime_error("ICU cannot open a UTF-16 converter");
  ucnv_setToUCallBack(cnv.get(), count_and_substitute, &out.invalid_sequences, nullptr, nullptr,
                      &err);
  if (U_FAILURE(err)) throw std::runtime_error("ICU cannot set the UTF-16 error callback");

  TextSink sink(out);
  std::array<UChar, 16384> buffer;
  UChar pending_lead = 0;  // a surrogate pair may straddle two buffer fills
  size_t seen = 0;
  size_t controls = 0;
  const char* source = bytes.data();
  const char* const source_end = bytes.data() + bytes.size();
  // Chunked so that inputs beyond the int32_t range of the one-shot ICU calls still work.
  do {
    err = U_ZERO_ERROR;
    UChar* target = buffer.data();
    ucnv_toUnicode(cnv.get(), &target, buffer.data() + buffer.size(), &source, source_end, nullptr,
                   /*flush=*/true, &err);
    if (U_FAILURE(err) && err != U_BUFFER_OVERFLOW_ERROR) {
      throw std::runtime_error("ICU failed to convert UTF-16");
    }
    for (const UChar* u = buffer.data(); u != target; ++u) {
      char32_t cp = *u;
      if (pending_lead != 0) {
        cp = U16_IS_TRAIL(*u) ? static_cast<char32_t>(U16_GET_SUPPLEMENTARY(pending_lead, *u))
                              : U'\uFFFD';
        pending_lead = 0;
      } else if (U16_IS_LEAD(*u)) {
        pending_lead = *u;
        continue;
      }
      // The raw bytes say nothing about control characters in UTF-16, so the share is
      // measured on the decoded code points instead.
      if (seen < kSniffBytes / 2) {
        ++seen;
        controls += is_control(cp);
      }
      sink.put(cp);
    }
  } while (err == U_BUFFER_OVERFLOW_ERROR);
  if (pending_lead != 0) sink.invalid();  // cannot happen after ICU's substitution
  sink.finish();
  check_control_share(controls, seen);
}

}  // namespace

DecodedText decode_text(std::string_view bytes) {
  using namespace std::string_view_literals;
  DecodedText out;
  out.encoding = "utf-8";
  if (bytes.empty()) return out;

  if (const char* reason = binary_signature(bytes)) throw NotTextError(reason);

  // UTF-32 BOMs start like UTF-16 ones, but UTF-32 is not supported; letting it through
  // the UTF-16LE branch would yield text full of NULs, so the control check rejects it.
  if (starts_with(bytes, "\xEF\xBB\xBF"sv)) {
    bytes.remove_prefix(3);  // a UTF-8 BOM settles the encoding; skip the UTF-16 checks
  } else if (starts_with(bytes, "\xFF\xFE"sv)) {
    decode_utf16(bytes.substr(2), "utf-16le", out);
    return out;
  } else if (starts_with(bytes, "\xFE\xFF"sv)) {
    decode_utf16(bytes.substr(2), "utf-16be", out);
    return out;
  } else if (auto guess = sniff_utf16(bytes); !guess.empty()) {
    decode_utf16(bytes, guess, out);
    return out;
  }

  const size_t head = std::min(bytes.size(), kSniffBytes);
  size_t controls = 0;
  for (size_t i = 0; i < head; ++i) controls += is_control(static_cast<unsigned char>(bytes[i]));
  check_control_share(controls, head);

  decode_utf8(bytes, out);
  return out;
}

}  // namespace citedex
