#include "tests/test_support.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

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

pid_t start_citedex(const std::vector<std::string>& args, const std::filesystem::path& out,
                    const std::filesystem::path& err, const std::function<void()>& in_child) {
  std::vector<char*> argv{const_cast<char*>(CITEDEX_BINARY)};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int in = ::open("/dev/null", O_RDONLY);
    int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = out == err ? o : ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || o < 0 || e < 0) _exit(126);
    dup2(in, 0);
    dup2(o, 1);
    dup2(e, 2);
    if (in_child) in_child();
    execv(CITEDEX_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

RunResult run_citedex_argv(const std::vector<std::string>& args,
                           const std::function<void()>& in_child, int timeout_seconds) {
  TempDir dir;
  auto out_path = dir.path() / "stdout";
  auto err_path = dir.path() / "stderr";
  pid_t pid = start_citedex(args, out_path, err_path, in_child);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  int status = 0;
  bool killed = false;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      killed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  RunResult result;
  result.exit_code = !killed && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

std::string quote(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

void generate_corpus(const std::filesystem::path& out, int claims, const std::string& extra) {
  std::string command = std::string(CITEDEX_GEN_CORPUS) + " --claims " + std::to_string(claims) +
                        " --per-article 20 " + extra + " --out " + quote(out);
  for (const auto& e : std::filesystem::directory_iterator(fixture("seeds")))
    if (e.path().extension() == ".txt") command += " " + quote(e.path());
  if (std::system((command + " >/dev/null").c_str()) != 0)
    throw std::runtime_error("gen_corpus failed: " + command);
}

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
