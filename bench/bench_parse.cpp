// Parse throughput: parses the given files round-robin until at least --mb megabytes
// went through the whole pipeline, on one thread, and prints MB/s. Repeats --runs
// times and reports the median (the machine is shared and noisy). Each run also parses
// the same bytes without the outlets stage (resolution and in-text attribution), so the
// stage's cost is a ratio measured in the same run.
// `--only with|without` parses --mb megabytes once in one configuration and prints
// nothing else, for counting instructions under callgrind (scripts/bench-parse
// --instructions): a count that does not depend on what else the machine is doing.
//   bench_parse [--mb 50] [--runs 5] [--only with|without] FILE...
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "indexer/heap.h"
#include "indexer/pipeline.h"

namespace {

struct Input {
  std::string path, bytes, shape;
};

// CPU seconds this thread has run: unlike wall time, it leaves out the time the
// scheduler gave to other processes on a shared core.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  citedex::keep_freed_heap(citedex::kKeptHeapBytes);  // as the citedex binary does
  double target_mb = 50;
  int runs = 5;
  std::string only;
  std::vector<Input> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--mb" && i + 1 < argc)
      target_mb = std::atof(argv[++i]);
    else if (arg == "--runs" && i + 1 < argc)
      runs = std::atoi(argv[++i]);
    else if (arg == "--only" && i + 1 < argc)
      only = argv[++i];
    else
      inputs.push_back({arg, citedex::read_input_file(arg), ""});
  }
  if (inputs.empty() || !(only.empty() || only == "with" || only == "without")) {
    std::fprintf(stderr, "usage: bench_parse [--mb N] [--runs N] [--only with|without] FILE...\n");
    return 2;
  }
  citedex::ParseOptions options;
  citedex::ParseOptions baseline;
  baseline.resolve_outlets = false;
  size_t claims_per_round = 0, round_bytes = 0;
  for (auto& in : inputs) {
    auto a = citedex::parse_bytes(in.bytes, in.path, options);
    in.shape = a.shape;
    claims_per_round += a.claims.size();
    round_bytes += in.bytes.size();
  }
  const size_t target_bytes = static_cast<size_t>(target_mb * 1e6);
  std::vector<double> rates, claim_rates, baseline_rates, ratios, cpu_ratios;
  std::map<std::string, std::vector<double>> shape_rates;
  double last_cpu = 0;  // CPU seconds of the last pass
  // Times one pass of at least target_bytes with `opts`; returns {bytes, seconds, claims}
  // and sets last_cpu.
  auto pass = [&](const citedex::ParseOptions& opts,
                  std::map<std::string, std::pair<size_t, double>>* per_shape) {
    size_t bytes = 0, claims = 0;
    double cpu_start = thread_cpu_seconds();
    auto start = std::chrono::steady_clock::now();
    while (bytes < target_bytes) {
      for (const auto& in : inputs) {
        auto t0 = std::chrono::steady_clock::now();
        auto a = citedex::parse_bytes(in.bytes, in.path, opts);
        auto t1 = std::chrono::steady_clock::now();
        claims += a.claims.size();
        bytes += in.bytes.size();
        if (per_shape) {
          auto& s = (*per_shape)[in.shape];
          s.first += in.bytes.size();
          s.second += std::chrono::duration<double>(t1 - t0).count();
        }
      }
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    last_cpu = thread_cpu_seconds() - cpu_start;
    return std::tuple{bytes, seconds, claims};
  };
  if (!only.empty()) {
    auto [bytes, seconds, claims] = pass(only == "with" ? options : baseline, nullptr);
    std::printf("%s the outlets stage: %zu bytes, %zu claims, %.2f s\n", only.c_str(), bytes,
                claims, seconds);
    return 0;
  }
  for (int run = 0; run < runs; ++run) {
    std::map<std::string, std::pair<size_t, double>> per_shape;
    // Alternate which configuration goes first, so warm-up and drift favour neither.
    std::tuple<size_t, double, size_t> with, without;
    double with_cpu = 0, without_cpu = 0;
    if (run % 2 == 0) {
      with = pass(options, &per_shape);
      with_cpu = last_cpu;
      without = pass(baseline, nullptr);
      without_cpu = last_cpu;
    } else {
      without = pass(baseline, nullptr);
      without_cpu = last_cpu;
      with = pass(options, &per_shape);
      with_cpu = last_cpu;
    }
    auto [bytes, seconds, claims] = with;
    auto [baseline_bytes, baseline_seconds, baseline_claims] = without;
    rates.push_back(bytes / 1e6 / seconds);
    claim_rates.push_back(claims / seconds);
    baseline_rates.push_back(baseline_bytes / 1e6 / baseline_seconds);
    ratios.push_back((seconds / bytes) / (baseline_seconds / baseline_bytes));
    cpu_ratios.push_back((with_cpu / bytes) / (without_cpu / baseline_bytes));
    for (auto& [shape, s] : per_shape) shape_rates[shape].push_back(s.first / 1e6 / s.second);
  }
  std::printf(
      "inputs: %zu files, %.1f KB per round, %zu claims per round, >= %.0f MB per run, %d runs\n",
      inputs.size(), round_bytes / 1e3, claims_per_round, target_mb, runs);
  for (auto& [shape, r] : shape_rates)
    std::printf("  %-14s median %7.1f MB/s\n", shape.c_str(), median(r));
  std::printf(
      "parse throughput: median %.1f MB/s (min %.1f, max %.1f), %.0f claims/s, one thread\n",
      median(rates), *std::min_element(rates.begin(), rates.end()),
      *std::max_element(rates.begin(), rates.end()), median(claim_rates));
  std::printf(
      "without the outlets stage: median %.1f MB/s; time with / without: median %.3f (the "
      "stage adds %.1f%%)\n",
      median(baseline_rates), median(ratios), (median(ratios) - 1) * 100);
  std::printf("by CPU time: time with / without: median %.3f (the stage adds %.1f%%); per run:",
              median(cpu_ratios), (median(cpu_ratios) - 1) * 100);
  for (double r : cpu_ratios) std::printf(" %.3f", r);
  std::printf("\n");
  return 0;
}
