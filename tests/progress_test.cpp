// The progress line (cli/progress.h) with a fake clock: the rendered figures, the ETA
// only when the total size is known, throttled redraws, the line cleared at the end.
#include "cli/progress.h"

#include <catch2/catch.hpp>
#include <sstream>

using citedex::InputProgress;
using citedex::cli::ProgressFigures;
using citedex::cli::ProgressLine;
using citedex::cli::render_progress;

namespace {

// The text drawn last: what follows the last "\r", without the erase sequence.
std::string last_line(const std::string& out) {
  size_t cr = out.rfind('\r');
  std::string line = cr == std::string::npos ? out : out.substr(cr + 1);
  size_t erase = line.find("\x1b[K");
  return erase == std::string::npos ? line : line.substr(0, erase);
}

}  // namespace

TEST_CASE("progress: rates, fraction and ETA with a known total", "[progress]") {
  ProgressFigures f;
  f.pages = 12340;
  f.input_bytes = 25'000'000;
  f.data_bytes = 100'000'000;
  f.total_bytes = 100'000'000;
  f.elapsed = 10;
  // 1234 pages/s, 10 MB/s of XML, a quarter of the input in 10 s: 30 s to go.
  CHECK(render_progress(f) == "12,340 pages  1234 pages/s  10.0 MB/s  25% ETA 0:30");
  f.elapsed = 1000;
  f.input_bytes = 1'000'000;  // 1% in 1000 s: 99000 s = 27:30:00 to go
  CHECK(render_progress(f) == "12,340 pages  12 pages/s  0.1 MB/s  1% ETA 27:30:00");
}

TEST_CASE("progress: no ETA when the size is unknown", "[progress]") {
  ProgressFigures f;
  f.pages = 1;
  f.input_bytes = 5'500'000;
  f.data_bytes = 5'500'000;
  f.elapsed = 4;
  CHECK(render_progress(f) == "1 page  0 pages/s  1.4 MB/s  5.5 MB read");
  f.total_bytes = 0;  // an empty file tells nothing either
  CHECK(render_progress(f).find("ETA") == std::string::npos);
}

TEST_CASE("progress: no rate or ETA before time has passed", "[progress]") {
  ProgressFigures f;
  f.total_bytes = 1000;
  CHECK(render_progress(f) == "0 pages  - pages/s  - MB/s  0% ETA --");
}

TEST_CASE("progress: throttled redraws, totals across inputs, cleared at the end", "[progress]") {
  double now = 100;  // the fake clock
  std::ostringstream out;
  {
    ProgressLine line(
        out, 3'000'000, [&] { return now; }, 0.2);
    now = 100.05;
    line.report({10, 500'000, 2'000'000, false});  // the first report draws
    CHECK(line.draws() == 1);
    CHECK(last_line(out.str()) == "10 pages  200 pages/s  40.0 MB/s  16% ETA 0:00");
    now = 100.1;
    line.report({20, 600'000, 3'000'000, false});  // 0.05 s after the last draw: skipped
    now = 100.24;
    line.report({30, 700'000, 4'000'000, false});
    CHECK(line.draws() == 1);
    now = 100.3;                                    // 0.25 s after the last draw
    line.report({40, 1'000'000, 5'000'000, true});  // the dump is done
    CHECK(line.draws() == 2);
    CHECK(last_line(out.str()) == "40 pages  133 pages/s  16.7 MB/s  33% ETA 0:01");
    // The next input (an article copy) adds to the totals of the first.
    now = 101;
    line.report({1, 2'000'000, 0, true});
    CHECK(line.draws() == 3);
    ProgressFigures f = line.figures();
    CHECK(f.pages == 41);
    CHECK(f.input_bytes == 3'000'000);
    CHECK(f.data_bytes == 7'000'000);  // the copy's file size stands for its text
    CHECK(last_line(out.str()) == "41 pages  41 pages/s  7.0 MB/s  100% ETA 0:00");
    CHECK(out.str().find('\n') == std::string::npos);
    line.finish();
    CHECK(out.str().substr(out.str().size() - 4) == "\r\x1b[K");
    size_t size = out.str().size();
    line.finish();  // idempotent, and the destructor adds nothing either
    CHECK(out.str().size() == size);
  }
  CHECK(out.str().size() > 0);
  CHECK(out.str().substr(out.str().size() - 4) == "\r\x1b[K");
}

TEST_CASE("progress: nothing drawn means nothing cleared", "[progress]") {
  std::ostringstream out;
  {
    ProgressLine line(out, std::nullopt, [] { return 0.0; });
  }
  CHECK(out.str().empty());
}
