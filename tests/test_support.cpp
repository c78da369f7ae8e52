#include "tests/test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "indexer/pipeline.h"

namespace citedex::testing {

std::filesystem::path source_dir() { return CITEDEX_SOURCE_DIR; }

std::filesystem::path fixture(const std::string& relative) {
  return source_dir() / "fixtures" / relative;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Article parse_fixture(const std::string& relative) {
  return parse_file(fixture(relative), ParseOptions{});
}

RunResult run_citedex(const std::string& args, const std::string& input, const std::string& env) {
  TempDir dir;
  auto in_path = dir.path() / "stdin";
  auto out_path = dir.path() / "stdout";
  auto err_path = dir.path() / "stderr";
  {
    std::ofstream in(in_path, std::ios::binary);
    in << input;
  }
  std::string command = (env.empty() ? std::string() : "env " + env + " ") + "'" + CITEDEX_BINARY +
                        "' " + args + " <'" + in_path.string() + "' >'" + out_path.string() +
                        "' 2>'" + err_path.string() + "'";
  int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

std::string quote(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

std::vector<nlohmann::json> parse_jsonl(const std::string& out) {
  std::vector<nlohmann::json> records;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) records.push_back(nlohmann::json::parse(line));
  return records;
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("citedex-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace citedex::testing
