// Stage 2 of the pipeline: repair mojibake, i.e. UTF-8 text that was once decoded
// as Windows-1252 (or Latin-1) and re-encoded, turning "–" into "â€“" and "🇷🇺" into
// "ðŸ‡·ðŸ‡º".
#pragma once

#include <string>
#include <string_view>

namespace citedex {

struct RepairResult {
  std::string text;
  size_t repairs = 0;  // number of runs repaired
};

// Repairs run by run: each maximal run of characters that all map to single
// Windows-1252 bytes (C1 controls included, for the five bytes Windows-1252 leaves
// undefined) is mapped back to bytes, and only the parts of the run that then form
// well-formed multi-byte UTF-8 sequences are replaced. Correct text is never
// touched: plain ASCII, correct accented letters ("é", "NESTLÉ®", "×"), Arabic and
// other scripts outside Windows-1252 stay as they are because they either are not
// in the run or do not decode to a multi-byte UTF-8 sequence. Repeated damage
// ("Ã¢â‚¬â€œ") is undone by repeating until nothing changes (bounded).
// Idempotent: repair(repair(x).text).text == repair(x).text.
RepairResult repair_mojibake(std::string_view utf8);

}  // namespace citedex
