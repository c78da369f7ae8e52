#include "cli/progress.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace citedex::cli {

namespace {

std::string with_commas(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string duration(double seconds) {
  auto s = static_cast<uint64_t>(std::llround(std::max(0.0, seconds)));
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%llu:%02llu:%02llu", static_cast<unsigned long long>(s / 3600),
                  static_cast<unsigned long long>(s / 60 % 60),
                  static_cast<unsigned long long>(s % 60));
  else
    std::snprintf(buf, sizeof buf, "%llu:%02llu", static_cast<unsigned long long>(s / 60),
                  static_cast<unsigned long long>(s % 60));
  return buf;
}

}  // namespace

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string render_progress(const ProgressFigures& f) {
  std::string line = with_commas(f.pages) + (f.pages == 1 ? " page" : " pages");
  char buf[64];
  if (f.elapsed > 0) {
    std::snprintf(buf, sizeof buf, "  %.0f pages/s  %.1f MB/s", f.pages / f.elapsed,
                  static_cast<double>(f.data_bytes) / 1e6 / f.elapsed);
  } else {
    std::snprintf(buf, sizeof buf, "  - pages/s  - MB/s");
  }
  line += buf;
  if (f.total_bytes && *f.total_bytes > 0) {
    uint64_t total = *f.total_bytes;
    uint64_t done = std::min(f.input_bytes, total);
    std::snprintf(buf, sizeof buf, "  %d%%", static_cast<int>(done * 100 / total));
    line += buf;
    if (done > 0 && f.elapsed > 0)
      line += " ETA " + duration(static_cast<double>(total - done) * f.elapsed / done);
    else
      line += " ETA --";
  } else {
    std::snprintf(buf, sizeof buf, "  %.1f MB read", static_cast<double>(f.input_bytes) / 1e6);
    line += buf;
  }
  return line;
}

ProgressLine::ProgressLine(std::ostream& out, std::optional<uint64_t> total_bytes,
                           ProgressClock clock, double interval)
    : out_(out),
      total_(total_bytes),
      clock_(std::move(clock)),
      interval_(interval),
      start_(clock_()) {}

ProgressLine::~ProgressLine() { finish(); }

ProgressFigures ProgressLine::figures() const {
  ProgressFigures f;
  f.pages = done_pages_ + current_.pages;
  f.input_bytes = done_input_ + current_.input_bytes;
  // Article copies have no separate decoded size: their file size stands for it.
  f.data_bytes = done_data_ + (current_.xml_bytes ? current_.xml_bytes : current_.input_bytes);
  f.total_bytes = total_;
  f.elapsed = clock_() - start_;
  return f;
}

void ProgressLine::report(const InputProgress& p) {
  current_ = p;
  if (p.done) {
    done_pages_ += p.pages;
    done_input_ += p.input_bytes;
    done_data_ += p.xml_bytes ? p.xml_bytes : p.input_bytes;
    current_ = InputProgress{};
  }
  double now = clock_();
  if (draws_ > 0 && now - last_draw_ < interval_) return;
  last_draw_ = now;
  ++draws_;
  visible_ = true;
  out_ << '\r' << render_progress(figures()) << "\x1b[K" << std::flush;
}

void ProgressLine::finish() {
  if (!visible_) return;
  visible_ = false;
  out_ << "\r\x1b[K" << std::flush;
}

}  // namespace citedex::cli
