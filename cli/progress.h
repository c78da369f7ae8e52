// The progress line of `citedex parse|outlets|index` on a terminal: pages done, pages/s,
// MB/s and, when the total size of the inputs is known, the fraction done and an ETA.
// One line on standard error, redrawn in place ("\r" … erase to end of line) at most
// every `interval` seconds, cleared at the end. The clock is injectable for tests.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "indexer/pipeline.h"

namespace citedex::cli {

// Seconds on a monotonic clock.
using ProgressClock = std::function<double()>;
double steady_seconds();

struct ProgressFigures {
  uint64_t pages = 0;
  uint64_t input_bytes = 0;  // consumed from the inputs (compressed bytes for .bz2): for the ETA
  uint64_t data_bytes = 0;   // read as text or XML (decompressed): for MB/s
  std::optional<uint64_t> total_bytes;  // of every input; unknown with standard input
  double elapsed = 0;                   // seconds since the start
};

// The line without its control characters, e.g.
// "1,234 pages  617 pages/s  12.3 MB/s  45% ETA 1:23" (no "%"/ETA when the total is
// unknown; "ETA --" before a rate can be measured).
std::string render_progress(const ProgressFigures& f);

class ProgressLine {
 public:
  // `total_bytes`: the size of every input when known (nullopt for standard input).
  ProgressLine(std::ostream& out, std::optional<uint64_t> total_bytes,
               ProgressClock clock = steady_seconds, double interval = 0.2);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Takes what parse_input reports for the current input (InputProgress::done moves its
  // figures into the totals of the inputs before it) and redraws if the last draw is at
  // least `interval` old; the first report always draws.
  void report(const InputProgress& p);
  // Clears the line if one was drawn. Called by the destructor too; idempotent.
  void finish();

  ProgressFigures figures() const;
  size_t draws() const { return draws_; }

 private:
  std::ostream& out_;
  std::optional<uint64_t> total_;
  ProgressClock clock_;
  double interval_, start_, last_draw_ = 0;
  uint64_t done_pages_ = 0, done_input_ = 0, done_data_ = 0;
  InputProgress current_;
  size_t draws_ = 0;
  bool visible_ = false;
};

}  // namespace citedex::cli
