// The commands: validated configurations in, exit codes out. main.cpp only turns
// argv into these configurations (CLI11) and calls run_cli.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/printer.h"

namespace citedex::cli {

// Exit codes (documented in docs/exit-codes.md and `citedex --help`).
enum ExitCode : int {
  kExitOk = 0,                // every input processed
  kExitSomeInputsFailed = 1,  // some inputs could not be processed; the rest were
  kExitUsage = 2,             // bad command line
  kExitAllInputsFailed = 3,   // no input could be processed
  kExitBadConfig = 4,         // a configuration file (outlet table) is malformed
  kExitIndexLocked = 5,       // another citedex process is writing the index
  kExitIndexUnusable = 6,     // no index, another schema version, damaged, or I/O failure
  kExitBadQuery = 7,          // a malformed query or an unknown outlet, facet or sort
};

struct ParseConfig {
  std::vector<std::string> inputs;  // paths; "-" is standard input; empty = standard input
  std::string shape = "auto";
  std::optional<std::string> outlets_file;  // --outlets: a user outlet table
  std::string title;                        // --title: for wikitext files
  std::vector<int> namespaces;              // --namespace: for dumps (default: 0)
  OutputFormat format = OutputFormat::text;
  bool full = false;  // text format: every claim and reference
  // --progress / --no-progress; unset: a progress line when stderr is a terminal.
  std::optional<bool> progress;
};
int run_parse(const ParseConfig& config, std::ostream& out, std::ostream& err);

struct OutletsConfig {
  ParseConfig parse;     // what to read and how
  bool unknown = false;  // list the references with no outlet instead of the tally
};
int run_outlets(const OutletsConfig& config, std::ostream& out, std::ostream& err);

struct SegmentConfig {
  std::vector<std::string> inputs;
  bool wrapped = false;  // newlines are soft (wrapped text) rather than sentence boundaries
  OutputFormat format = OutputFormat::text;
};
int run_segment(const SegmentConfig& config, std::ostream& out, std::ostream& err);

struct RepairConfig {
  std::vector<std::string> inputs;
  bool report = false;  // print "FILE: N runs repaired" on standard error
};
int run_repair(const RepairConfig& config, std::ostream& out, std::ostream& err);

// Parses argv with CLI11 and runs the chosen command. Returns the exit code.
int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err);

// Whether to draw a progress line on `err`: `forced` if set, else when `err` is the
// process's standard error and that is a terminal.
bool want_progress(std::optional<bool> forced, const std::ostream& err);

// The size of every input, or nullopt when one is standard input or has no size.
std::optional<uint64_t> total_input_size(const std::vector<std::string>& inputs);

}  // namespace citedex::cli
