// Helpers shared by the tests: fixture paths, running the real binary.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "indexer/article.h"

namespace citedex::testing {

std::filesystem::path source_dir();
std::filesystem::path fixture(const std::string& relative);  // fixtures/<relative>
std::string read_file(const std::filesystem::path& path);

// Parses a fixture through the whole pipeline (as `citedex parse` does).
Article parse_fixture(const std::string& relative);

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the citedex binary with `args` (already shell-quoted), stdin from `input`, and
// `env` ("NAME=value …", shell-quoted) added to the environment.
RunResult run_citedex(const std::string& args, const std::string& input = "",
                      const std::string& env = "");

// Runs the citedex binary with `args` (no shell: any bytes in a path), stdin from
// /dev/null. `in_child` runs in the child just before exec (rlimits, another uid…; it
// must not throw). A run still going after `timeout_seconds` is killed: exit_code -1.
RunResult run_citedex_argv(const std::vector<std::string>& args,
                           const std::function<void()>& in_child = {}, int timeout_seconds = 300);

// Starts the citedex binary with `args` (no shell) and returns its pid, for the caller to
// signal and waitpid: stdin from /dev/null, stdout to `out` and stderr to `err` (files,
// created or truncated; they may be one path), `in_child` as in run_citedex_argv.
pid_t start_citedex(const std::vector<std::string>& args, const std::filesystem::path& out,
                    const std::filesystem::path& err, const std::function<void()>& in_child = {});

// Writes a corpus of `claims` claims, 20 per article file, into the directory `out`
// (bench/gen_corpus over the fixture seeds, with `extra` arguments). Throws on failure.
void generate_corpus(const std::filesystem::path& out, int claims, const std::string& extra = "");

// A path in single quotes, for run_citedex arguments.
std::string quote(const std::filesystem::path& path);
// The records of JSON Lines output.
std::vector<nlohmann::json> parse_jsonl(const std::string& out);
// Writes `bytes` to `path`, creating its parent directories.
void write_file(const std::filesystem::path& path, const std::string& bytes);

// A fresh temporary directory removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace citedex::testing
