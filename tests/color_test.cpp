// Highlighting on a terminal: the real binary under script(1), which gives it a pty.
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "tests/test_support.h"

using citedex::testing::fixture;
using citedex::testing::quote;
using citedex::testing::run_citedex;
using citedex::testing::TempDir;

namespace {

// `citedex ARGS` on a pseudo-terminal with `env` set; what it printed there.
std::string on_terminal(const std::string& env, const std::string& args) {
  std::string inner = "env " + env + " " + CITEDEX_BINARY + " " + args;
  std::string command = "script -qec " + quote(inner) + " /dev/null 2>&1";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  pclose(pipe);
  return out;
}

}  // namespace

TEST_CASE("matched words are highlighted on a terminal unless NO_COLOR is non-empty",
          "[search][color]") {
  TempDir dir;
  std::string db = quote(dir.path() / "db");
  REQUIRE(run_citedex("index --db " + db + " " + quote(fixture("seeds"))).exit_code == 0);
  const std::string args = "search --db " + db + " --limit 1 airbase";
  const std::string bold = "\x1b[1;33m";
  CHECK(on_terminal("-u NO_COLOR", args).find(bold) != std::string::npos);
  // no-color.org: an empty NO_COLOR does not turn colour off.
  CHECK(on_terminal("NO_COLOR=", args).find(bold) != std::string::npos);
  CHECK(on_terminal("NO_COLOR=1", args).find(bold) == std::string::npos);
  CHECK(on_terminal("NO_COLOR=1", args).find("airbase") != std::string::npos);
  // Piped: no colour whatever the environment.
  CHECK(run_citedex(args).out.find(bold) == std::string::npos);
}
