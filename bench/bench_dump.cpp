// Dump parse throughput: reads an uncompressed MediaWiki XML dump (from bench/gen_dump)
// through the whole parse pipeline — DumpReader page cutting and pugixml, then per page
// decode, wikitext reader, sentences, footnotes, citations and outlets, up to the article
// model (parse_input, the path of `citedex parse`) — on one thread, and prints MB/s of
// dump XML, median of --runs runs. Each run also times the DumpReader alone over the
// same bytes (the baseline: cutting pages and parsing their XML), printed as a ratio.
// Then the linearity checks: the wikitext reader on 10,000- vs 20,000-deep template
// nesting and on a 25 MB vs 50 MB page; the time ratios should be about 2.
//   bench_dump [--runs 5] [--no-linearity] DUMP.xml
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "indexer/dump_reader.h"
#include "indexer/heap.h"
#include "indexer/pipeline.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds of this thread: on a shared machine the wall clock also counts the time
// other processes held the core, so both are reported.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// The fastest of `repeat` timings of `f` (the least disturbed by other load).
double best_time(int repeat, const std::function<void()>& f) {
  double best = 1e100;
  for (int i = 0; i < repeat; ++i) {
    auto start = Clock::now();
    f();
    best = std::min(best, seconds_since(start));
  }
  return best;
}

std::string nested(int depth, const std::string& open, const std::string& close) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += open;
  s += "core";
  for (int i = 0; i < depth; ++i) s += close;
  return s;
}

// A long page of ordinary wikitext: paragraphs with links, templates and refs.
std::string long_page(size_t bytes) {
  const std::string paragraph =
      "The [[Syrian Arab Army|army]] held the {{convert|12|km|mi}} line near the "
      "[[Tiyas Military Airbase|airbase]] for ''weeks''.<ref name=\"sohr\">{{cite web|url="
      "http://www.syriahr.com/en/?p=2|title=Clashes continue|date=9 December 2016}}</ref> "
      "Reinforcements arrived later.<ref>{{cite news|title=Army advances|work=Reuters}}</ref>"
      "{{citation needed|date=December 2016}}\n\n";
  std::string s;
  s.reserve(bytes + paragraph.size());
  while (s.size() < bytes) s += paragraph;
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  citedex::keep_freed_heap(citedex::kKeptHeapBytes);  // as the citedex binary does
  int runs = 5;
  bool linearity = true;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--runs" && i + 1 < argc)
      runs = std::atoi(argv[++i]);
    else if (arg == "--no-linearity")
      linearity = false;
    else
      path = arg;
  }
  if (path.empty() || runs < 1) {
    std::fprintf(stderr, "usage: bench_dump [--runs N] [--no-linearity] DUMP.xml\n");
    return 2;
  }

  // The pipeline: what `citedex parse` does for a dump, minus printing.
  double cpu = 0;  // CPU seconds of the last pipeline pass
  auto pipeline_pass = [&](uint64_t& bytes, uint64_t& articles, uint64_t& claims) {
    citedex::ParseOptions options;
    bytes = articles = claims = 0;
    options.progress = [&](const citedex::InputProgress& p) { bytes = p.xml_bytes; };
    auto start = Clock::now();
    double cpu_start = thread_cpu_seconds();
    citedex::parse_input(path, options, [&](citedex::Article&& a, bool) {
      ++articles;
      claims += a.claims.size();
    });
    cpu = thread_cpu_seconds() - cpu_start;
    return seconds_since(start);
  };
  // The baseline: the dump reader alone (page cutting and pugixml on every page).
  auto reader_pass = [&](uint64_t& bytes, uint64_t& pages) {
    std::ifstream in(path, std::ios::binary);
    auto start = Clock::now();
    citedex::DumpReader reader(in, false);
    pages = 0;
    size_t text = 0;
    while (auto page = reader.next()) {
      ++pages;
      text += page->text.size();
    }
    bytes = reader.stats().bytes_read;
    double s = seconds_since(start);
    if (text == 0) std::fprintf(stderr, "no page text read\n");
    return s;
  };

  std::vector<double> rates, cpu_rates, baseline_rates, ratios;
  uint64_t bytes = 0, articles = 0, claims = 0, pages = 0;
  for (int run = 0; run < runs; ++run) {
    uint64_t base_bytes = 0;
    double with, without;
    // Alternate which goes first, so the page cache and drift favour neither.
    if (run % 2 == 0) {
      with = pipeline_pass(bytes, articles, claims);
      without = reader_pass(base_bytes, pages);
    } else {
      without = reader_pass(base_bytes, pages);
      with = pipeline_pass(bytes, articles, claims);
    }
    rates.push_back(bytes / 1e6 / with);
    cpu_rates.push_back(bytes / 1e6 / cpu);
    baseline_rates.push_back(base_bytes / 1e6 / without);
    ratios.push_back(with / without);
    std::printf(
        "run %d: pipeline %.1f MB/s (%.2f s; %.1f MB/s of CPU time), reader alone %.1f MB/s "
        "(%.2f s)\n",
        run + 1, bytes / 1e6 / with, with, bytes / 1e6 / cpu, base_bytes / 1e6 / without, without);
  }
  std::printf("dump: %s, %.1f MB of XML, %llu pages returned, %llu articles, %llu claims\n",
              path.c_str(), bytes / 1e6, static_cast<unsigned long long>(pages),
              static_cast<unsigned long long>(articles), static_cast<unsigned long long>(claims));
  std::printf("parse-only throughput: median %.1f MB/s (min %.1f, max %.1f), one thread, %d runs\n",
              median(rates), *std::min_element(rates.begin(), rates.end()),
              *std::max_element(rates.begin(), rates.end()), runs);
  std::printf(
      "  by CPU time of the parsing thread: median %.1f MB/s (the wall clock also counts time "
      "the core ran other processes)\n",
      median(cpu_rates));
  std::printf(
      "baseline (DumpReader alone): median %.1f MB/s; pipeline time / reader time: median "
      "%.2f\n",
      median(baseline_rates), median(ratios));

  if (linearity) {
    // Each kind of nesting the reader guards against, whole pipeline, 20 pages per timing.
    auto nesting = [](int depth) {
      std::string page = "Lead " + nested(depth, "{{nowrap|", "}}") + " end. " +
                         nested(depth, "{{x|", "}}") + " two. " + nested(depth, "[[a|", "]]") +
                         " three.<ref>" + nested(depth, "{{nowrap|", "}}") + "</ref>\n\n" +
                         nested(depth, "{{x|", "") + " unbalanced.";
      citedex::ParseOptions options;
      options.shape = "wikitext";
      return best_time(3, [&] {
        for (int i = 0; i < 20; ++i) citedex::parse_bytes(page, "deep.wiki", options);
      });
    };
    double d10 = nesting(10000), d20 = nesting(20000), d40 = nesting(40000), d80 = nesting(80000);
    // Past ~1 MB a page's buffers come fresh from mmap and every 4 KB costs a page fault:
    // a step in the constant, not in the slope, so the ratio is printed for each doubling.
    std::printf(
        "nesting 10,000 / 20,000 / 40,000 / 80,000 deep: %.1f / %.1f / %.1f / %.1f ms (20 pages "
        "each); ratios per doubling %.2f, %.2f, %.2f (linear: ~2)\n",
        d10 * 1e3, d20 * 1e3, d40 * 1e3, d80 * 1e3, d20 / d10, d40 / d20, d80 / d40);
    std::string p25 = long_page(25'000'000), p50 = long_page(50'000'000);
    citedex::ParseOptions options;
    options.shape = "wikitext";
    double t25 = best_time(1, [&] { citedex::parse_bytes(p25, "25MB.wiki", options); });
    double t50 = best_time(1, [&] { citedex::parse_bytes(p50, "50MB.wiki", options); });
    std::printf(
        "one page of 25 MB: %.2f s (%.1f MB/s), 50 MB: %.2f s (%.1f MB/s), ratio %.2f (linear: "
        "~2)\n",
        t25, 25 / t25, t50, 50 / t50, t50 / t25);
  }
  return 0;
}
