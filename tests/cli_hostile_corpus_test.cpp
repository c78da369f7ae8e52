// The hostile-input corpus: every file of fixtures/hostile/ (or generated at run time from
// the recipe in fixtures/hostile/expected.json, for the big ones) goes through the real
// binary, `citedex parse` and, where it matters, `citedex index`, between good inputs.
// One test per input. The manifest holds what each run must do: exit code, the stderr
// lines (each naming the file), the articles read, the warnings they carry. Every run
// also checks that the good inputs of the same run were still processed and that every
// "citedex: " line on stderr names one of the inputs.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "tests/test_support.h"

namespace fs = std::filesystem;
using citedex::testing::fixture;
using citedex::testing::parse_jsonl;
using citedex::testing::quote;
using citedex::testing::read_file;
using citedex::testing::run_citedex;
using citedex::testing::TempDir;
using citedex::testing::write_file;
using Json = nlohmann::json;

namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

const Json& manifest() {
  static const Json m = Json::parse(read_file(fixture("hostile/expected.json")));
  return m;
}

const Json& entry(const std::string& name) {
  for (const auto& e : manifest()["cases"])
    if (e["name"] == name) return e;
  FAIL("no case '" << name << "' in fixtures/hostile/expected.json");
  throw std::logic_error("unreachable");
}

// The good inputs passed alongside every hostile one: one before it, one after it.
fs::path good_before() { return fixture("wikitext/palmyra_003_excerpt.wiki"); }
fs::path good_after() { return fixture("seeds/004_e8a361f7f028ea89.txt"); }

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// The input of a case: the committed file, or the file its recipe generates in `dir`
// (prefix, then `repeat` `count` times with {n} the 1-based repetition, then suffix).
fs::path input_of(const Json& e, const TempDir& dir) {
  if (e.contains("file")) return fixture("hostile/" + e["file"].get<std::string>());
  const Json& g = e.at("generate");
  fs::path path = dir.path() / g.at("name").get<std::string>();
  std::ofstream out(path, std::ios::binary);
  out << g.value("prefix", "");
  const std::string repeat = g.at("repeat");
  const bool numbered = contains(repeat, "{n}");
  const size_t count = g.at("count");
  std::string chunk;
  for (size_t n = 1; n <= count; ++n) {
    chunk += numbered ? replace_all(repeat, "{n}", std::to_string(n)) : repeat;
    if (chunk.size() >= (1 << 20)) {
      out << chunk;
      chunk.clear();
    }
  }
  out << chunk << g.value("suffix", "");
  out.close();
  REQUIRE(out.good());
  return path;
}

std::string expand(const std::string& s, const fs::path& input) {
  return replace_all(s, "{path}", input.string());
}

// Every "citedex: " line on stderr names one of the inputs of the run.
void check_lines_name_inputs(const std::string& err, const std::vector<fs::path>& inputs) {
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("citedex: ")) continue;
    bool named = false;
    for (const auto& in : inputs) named |= line.starts_with("citedex: " + in.string());
    INFO(line);
    CHECK(named);
  }
}

bool any_warning(const Json& article, const std::string& part) {
  for (const auto& w : article["warnings"])
    if (contains(w.get<std::string>(), part)) return true;
  return false;
}

size_t count_of(const std::string& s, const std::string& part) {
  size_t n = 0;
  for (size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + 1)) ++n;
  return n;
}

// `--format text` (for inputs whose JSON would be hundreds of MB): one summary per
// article, "  source    PATH (shape)", "  warning   …".
void check_parse_text(const Json& x, const fs::path& input, const std::string& out) {
  CHECK(count_of(out, "  source    " + good_before().string() + " (") == 1);
  CHECK(count_of(out, "  source    " + good_after().string() + " (") == 1);
  CHECK(count_of(out, "  source    " + input.string() + " (") == x.at("articles").get<size_t>());
  for (const auto& t : x.value("titles", Json::array()))
    CHECK(contains(out, t.get<std::string>() + "\n  source    " + input.string()));
  for (const auto& w : x.value("warnings", Json::array()))
    CHECK(contains(out, "  warning   " + w.get<std::string>()));
}

void check_parse(const Json& e, const fs::path& input) {
  const Json& x = e.at("parse");
  const std::string format = x.value("format", "jsonl");
  std::string args = "parse --format " + format + " " + quote(good_before()) + " " + quote(input) +
                     " " + quote(good_after());
  auto r = run_citedex(args);
  INFO("citedex " << args << "\nstderr: " << r.err.substr(0, 3000));
  CHECK(r.exit_code == x.at("exit").get<int>());
  for (const auto& s : x.value("stderr", Json::array()))
    CHECK(contains(r.err, expand(s.get<std::string>(), input)));
  for (const auto& s : x.value("stdout_absent", Json::array()))
    CHECK_FALSE(contains(r.out, s.get<std::string>()));
  check_lines_name_inputs(r.err, {good_before(), input, good_after()});
  if (format == "text") return check_parse_text(x, input, r.out);

  size_t before = 0, after = 0;
  std::vector<Json> mine;
  for (auto& a : parse_jsonl(r.out)) {
    std::string source = a["source"];
    if (source == good_before().string())
      ++before;
    else if (source == good_after().string())
      ++after;
    else if (source == input.string() || source.starts_with(input.string() + "#"))
      mine.push_back(std::move(a));
    else
      FAIL("an article from an unexpected source: " << source);
  }
  CHECK(before == 1);  // the inputs around the hostile one were read
  CHECK(after == 1);
  REQUIRE(mine.size() == x.at("articles").get<size_t>());
  if (x.contains("titles"))
    for (size_t i = 0; i < mine.size(); ++i) CHECK(mine[i]["title"] == x["titles"][i]);
  for (const auto& w : x.value("warnings", Json::array())) {
    INFO("warning " << w);
    bool found = false;
    for (const auto& a : mine) found |= any_warning(a, w.get<std::string>());
    CHECK(found);
  }
  if (x.contains("claims_min"))
    for (const auto& a : mine) CHECK(a["claims"].size() >= x["claims_min"].get<size_t>());
  if (x.contains("references"))
    for (const auto& a : mine) CHECK(a["references"].size() == x["references"].get<size_t>());
  for (const auto& c : x.value("claims_contain", Json::array())) {
    bool found = false;
    for (const auto& a : mine)
      for (const auto& claim : a["claims"])
        found |= contains(claim["text"].get<std::string>(), c.get<std::string>());
    INFO("claim text " << c);
    CHECK(found);
  }
}

void check_index(const Json& e, const fs::path& input) {
  const Json& x = e.at("index");
  TempDir dir;
  auto db = dir.path() / "db";
  fs::path arg = x.value("directory", false) ? input.parent_path() : input;
  std::string args = "index --format jsonl --db " + quote(db) + " " + quote(good_before()) + " " +
                     quote(arg) + " " + quote(good_after());
  auto r = run_citedex(args);
  INFO("citedex " << args << "\nstderr: " << r.err.substr(0, 3000));
  CHECK(r.exit_code == x.at("exit").get<int>());
  for (const auto& s : x.value("stderr", Json::array()))
    CHECK(contains(r.err, expand(s.get<std::string>(), input)));
  check_lines_name_inputs(r.err, {good_before(), input, good_after()});
  auto records = parse_jsonl(r.out);
  REQUIRE(records.size() == 1);
  const Json& summary = records[0];
  // The two good files, plus the hostile one when it could be indexed.
  CHECK(summary["files"] == 2 + x.at("files").get<size_t>());
  CHECK(summary["failed"] == x.at("failed").get<size_t>());
  CHECK(summary["articles"] == 2 + x.at("articles").get<size_t>());
  if (x.contains("references_min"))
    CHECK(summary["references"].get<size_t>() >= x["references_min"].get<size_t>());
  if (x.contains("search")) {
    auto s = run_citedex("search --format jsonl --db " + quote(db) + " " +
                         x["search"]["query"].get<std::string>());
    CHECK(s.exit_code == 0);
    CHECK(parse_jsonl(s.out).at(0)["total"] == x["search"]["total"]);
  }
}

double children_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

void run_case(const std::string& name) {
  const Json& e = entry(name);
  TempDir dir;
  fs::path input = input_of(e, dir);
  INFO("case " << name << ": " << input);
  // CPU time rather than wall-clock time: the machine may be busy with other work.
  double start = children_cpu_seconds();
  if (e.contains("parse")) check_parse(e, input);
  if (e.contains("index")) check_index(e, input);
  double seconds = children_cpu_seconds() - start;
  INFO("CPU seconds of the citedex runs: " << seconds);
  CHECK(seconds < e.value("max_cpu_seconds", 10.0));
}

}  // namespace

TEST_CASE("hostile corpus: the manifest lists every file and every case has its test",
          "[cli][hostile][corpus]") {
  std::set<std::string> listed;
  std::string source =
      read_file(citedex::testing::source_dir() / "tests" / "cli_hostile_corpus_test.cpp");
  std::string all_tests;
  for (const auto& f : fs::directory_iterator(citedex::testing::source_dir() / "tests"))
    if (f.path().string().ends_with("_test.cpp")) all_tests += read_file(f.path());
  std::set<std::string> names;
  for (const auto& e : manifest()["cases"]) {
    std::string name = e.at("name");
    INFO(name);
    CHECK(names.insert(name).second);
    CHECK(e.contains("what"));
    CHECK((e.contains("file") || e.contains("generate") || e.contains("runtime")));
    CHECK((e.contains("parse") || e.contains("index") || e.contains("runtime")));
    if (e.contains("file")) listed.insert(e["file"]);
    // Each case runs in a test of its own.
    CHECK((contains(source, "run_case(\"" + name + "\")") ||
           contains(source, "entry(\"" + name + "\")")));
    // Pointers at the older hostile tests name tests that exist.
    for (const auto& t : e.value("covered_by", Json::array()))
      CHECK(contains(all_tests, "TEST_CASE(\"" + t.get<std::string>() + "\""));
    // Big inputs are generated, not committed.
    if (e.contains("file"))
      CHECK(fs::file_size(fixture("hostile/" + e["file"].get<std::string>())) < 65536);
  }
  for (const auto& f : fs::recursive_directory_iterator(fixture("hostile"))) {
    if (!f.is_regular_file()) continue;
    std::string rel = fs::relative(f.path(), fixture("hostile")).string();
    if (rel == "expected.json") continue;
    INFO(rel);
    CHECK(listed.count(rel) == 1);
  }
}

TEST_CASE("hostile corpus: empty file", "[cli][hostile][corpus]") { run_case("empty"); }
TEST_CASE("hostile corpus: text with NUL bytes", "[cli][hostile][corpus]") {
  run_case("nul-bytes");
}
TEST_CASE("hostile corpus: a file of NUL bytes only", "[cli][hostile][corpus]") {
  run_case("nul-only");
}
TEST_CASE("hostile corpus: a JPEG image", "[cli][hostile][corpus]") { run_case("jpeg"); }
TEST_CASE("hostile corpus: invalid UTF-8", "[cli][hostile][corpus]") { run_case("invalid-utf8"); }
TEST_CASE("hostile corpus: UTF-16LE with BOM", "[cli][hostile][corpus]") {
  run_case("utf16le-bom");
}
TEST_CASE("hostile corpus: UTF-16LE without BOM", "[cli][hostile][corpus]") {
  run_case("utf16le-no-bom");
}
TEST_CASE("hostile corpus: UTF-16BE with BOM", "[cli][hostile][corpus]") {
  run_case("utf16be-bom");
}
TEST_CASE("hostile corpus: UTF-16BE without BOM", "[cli][hostile][corpus]") {
  run_case("utf16be-no-bom");
}
TEST_CASE("hostile corpus: a 100 MB single line", "[cli][hostile][corpus][slow]") {
  run_case("long-line");
}
TEST_CASE("hostile corpus: 100,000 footnote markers", "[cli][hostile][corpus]") {
  run_case("markers");
}
TEST_CASE("hostile corpus: a reference list of 100,000 entries", "[cli][hostile][corpus]") {
  run_case("references");
}
TEST_CASE("hostile corpus: 10,000-deep template braces", "[cli][hostile][corpus]") {
  run_case("deep-braces");
}
TEST_CASE("hostile corpus: an unterminated ref tag", "[cli][hostile][corpus]") {
  run_case("unterminated-ref");
}
TEST_CASE("hostile corpus: a dump truncated mid-tag", "[cli][hostile][corpus]") {
  run_case("truncated-mid-tag");
}
TEST_CASE("hostile corpus: an XML bomb", "[cli][hostile][corpus]") { run_case("xml-bomb"); }
TEST_CASE("hostile corpus: a path with spaces and non-ASCII characters", "[cli][hostile][corpus]") {
  run_case("path-with-spaces");
}

namespace {

// A citedex process started with argv (no shell), stdout to `out`, stderr to `err_fd`.
pid_t spawn_citedex(const std::vector<std::string>& args, const fs::path& out, int err_fd) {
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = ::open("/dev/null", O_RDONLY);
    if (o < 0 || in < 0) _exit(126);
    dup2(in, 0);
    dup2(o, 1);
    dup2(err_fd, 2);
    std::vector<char*> argv{const_cast<char*>(CITEDEX_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(CITEDEX_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

int wait_exit_code(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Polls until `pid` is blocked in write(2, …): it has listed its inputs and is reporting
// the first failure into a full stderr pipe. False after 20 s or when the process is gone.
bool blocked_writing_stderr(pid_t pid) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  const std::string proc = "/proc/" + std::to_string(pid) + "/syscall";
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(proc);
    long nr = -1;
    std::string fd;
    // "running" while on a CPU; nothing once gone (a zombie cannot be blocked either).
    if (!(in >> nr >> fd)) {
      std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
      std::string pid_field, comm, state;
      if (!(stat >> pid_field >> comm >> state) || state == "Z") return false;
    }
    if ((nr == SYS_write || nr == SYS_writev) && fd == "0x2") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

// A pipe whose buffer is already full: a process writing its stderr into p[1] blocks at
// its first line. Returns the number of filler bytes written (read them back first).
size_t fill_pipe(int p[2]) {
  REQUIRE(pipe(p) == 0);
  fcntl(p[1], F_SETPIPE_SZ, 4096);
  fcntl(p[1], F_SETFL, O_NONBLOCK);
  size_t filler = 0;
  for (char block[512] = {}; ::write(p[1], block, sizeof block) > 0;) filler += sizeof block;
  fcntl(p[1], F_SETFL, 0);
  return filler;
}

}  // namespace

TEST_CASE("hostile corpus: files that disappear while being read (parse)",
          "[cli][hostile][corpus]") {
  // A named pipe holds a dump: citedex blocks reading it, so the test knows where it is.
  // Meanwhile another input given on the command line is deleted; then the pipe gets
  // one whole page and half of the next, is itself removed, and its writer closes.
  const Json& e = entry("disappearing");
  TempDir dir;
  auto fifo = dir.path() / "stream.xml";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  auto victim = dir.path() / "victim.txt";
  write_file(victim, read_file(good_after()));
  auto out = dir.path() / "out";
  auto err = dir.path() / "err";
  int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(err_fd >= 0);
  pid_t pid = spawn_citedex(
      {"parse", "--format", "jsonl", fifo.string(), victim.string(), good_before().string()}, out,
      err_fd);
  close(err_fd);
  // Opening the pipe's write end succeeds once citedex has it open for reading.
  int w = -1;
  for (int i = 0; i < 10000 && w < 0; ++i) {
    w = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (w < 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(w >= 0);
  fcntl(w, F_SETFL, fcntl(w, F_GETFL) & ~O_NONBLOCK);
  REQUIRE(fs::remove(victim));
  std::string dump = read_file(fixture("hostile/truncated_mid_tag.xml"));
  for (size_t off = 0; off < dump.size();) {
    ssize_t n = ::write(w, dump.data() + off, dump.size() - off);
    REQUIRE(n > 0);
    off += static_cast<size_t>(n);
  }
  REQUIRE(fs::remove(fifo));
  close(w);
  int code = wait_exit_code(pid);
  std::string stderr_text = read_file(err);
  INFO(stderr_text);
  const Json& x = e.at("parse");
  CHECK(code == x.at("exit").get<int>());
  for (const auto& line : x.at("stderr")) {
    std::string want = replace_all(line.get<std::string>(), "{fifo}", fifo.string());
    CHECK(contains(stderr_text, replace_all(want, "{victim}", victim.string())));
  }
  check_lines_name_inputs(stderr_text, {fifo, victim, good_before()});
  auto articles = parse_jsonl(read_file(out));
  REQUIRE(articles.size() == 2);
  CHECK(articles[0]["title"] == "One");
  CHECK(articles[1]["source"] == good_before().string());
}

TEST_CASE("hostile corpus: a file deleted between the directory listing and its opening",
          "[cli][hostile][corpus]") {
  // citedex index lists the directory, then reports its first file (empty) on stderr.
  // Stderr is a pipe filled beforehand, so citedex blocks in that write, after the
  // listing and before it opens the next file: the test deletes that file then.
  const Json& e = entry("disappearing");
  TempDir dir;
  auto corpus = dir.path() / "corpus";
  auto empty = corpus / "a_empty.txt";
  auto victim = corpus / "b_victim.txt";
  auto good = corpus / "c_good.txt";
  write_file(empty, "");
  write_file(victim, read_file(good_after()));
  write_file(good, read_file(fixture("seeds/000_94f44c9d361cf4c1.txt")));
  int p[2];
  const size_t filler = fill_pipe(p);
  auto out = dir.path() / "out";
  pid_t pid = spawn_citedex(
      {"index", "--format", "jsonl", "--db", (dir.path() / "db").string(), corpus.string()}, out,
      p[1]);
  close(p[1]);
  bool blocked = blocked_writing_stderr(pid);
  if (blocked) fs::remove(victim);
  std::string stderr_text;
  char buf[4096];
  for (ssize_t n; (n = ::read(p[0], buf, sizeof buf)) > 0;)
    stderr_text.append(buf, static_cast<size_t>(n));
  close(p[0]);
  int code = wait_exit_code(pid);
  REQUIRE(stderr_text.size() >= filler);
  stderr_text = stderr_text.substr(filler);
  INFO(stderr_text);
  REQUIRE(blocked);
  const Json& x = e.at("index");
  CHECK(code == x.at("exit").get<int>());
  for (const auto& line : x.at("stderr")) {
    std::string want = replace_all(line.get<std::string>(), "{empty}", empty.string());
    CHECK(contains(stderr_text, replace_all(want, "{victim}", victim.string())));
  }
  check_lines_name_inputs(stderr_text, {empty, victim, good});
  auto summary = parse_jsonl(read_file(out)).at(0);
  CHECK(summary["files"] == 1);
  CHECK(summary["failed"] == 2);
  CHECK(summary["indexed"] == 1);
}

TEST_CASE("a killed --rebuild leaves the old index as it was, and the next one replaces it",
          "[cli][index][rebuild]") {
  // The rebuild is stopped while it builds beside the old index (PATH.rebuild): it
  // blocks reporting its first input (empty) into a full stderr pipe, and is killed.
  TempDir dir;
  const std::string db = (dir.path() / "db").string();
  auto stats = [&] {
    auto r = run_citedex("stats --format json --db " + quote(db));
    REQUIRE(r.exit_code == 0);
    auto j = Json::parse(r.out).at(0);
    return std::vector<int>{j["files"], j["articles"], j["claims"], j["references"]};
  };
  REQUIRE(run_citedex("index --db " + quote(db) + " " + quote(fixture("seeds"))).exit_code == 0);
  const std::vector<int> before = stats();
  REQUIRE(before[0] == 5);
  // Link checks are kept across a rebuild (they are per URL, in metadata).
  {
    Xapian::WritableDatabase w(db);
    w.set_metadata("citedex:check:0123456789abcdef", R"({"status":"dead"})");
    w.commit();
  }

  auto corpus = dir.path() / "corpus";
  write_file(corpus / "a_empty.txt", "");
  write_file(corpus / "b_good.txt", read_file(fixture("seeds/000_94f44c9d361cf4c1.txt")));
  int p[2];
  fill_pipe(p);
  pid_t pid =
      spawn_citedex({"index", "--rebuild", "--db", db, corpus.string()}, dir.path() / "out", p[1]);
  close(p[1]);
  bool blocked = blocked_writing_stderr(pid);
  CHECK(fs::exists(db + ".rebuild"));  // the new index, being built
  kill(pid, SIGKILL);
  wait_exit_code(pid);
  close(p[0]);
  REQUIRE(blocked);
  CHECK(stats() == before);
  CHECK(run_citedex("search --db " + quote(db) + " airbase").exit_code == 0);
  // A writer is still refused while another one holds the old index.
  {
    Xapian::WritableDatabase holder(db);
    auto locked = run_citedex("index --rebuild --db " + quote(db) + " " + quote(corpus));
    CHECK(locked.exit_code == 5);
    CHECK(stats() == before);
  }

  // Rerun to completion: the new index replaces the old one; what the killed run left
  // is gone.
  auto done = run_citedex("index --rebuild --db " + quote(db) + " " + quote(corpus));
  CHECK(done.exit_code == 1);  // one input (empty) failed, the other was indexed
  const std::vector<int> rebuilt = stats();
  CHECK(rebuilt[0] == 1);  // files
  CHECK(rebuilt[1] == 1);  // articles
  CHECK(rebuilt[2] > 0);
  CHECK_FALSE(fs::exists(db + ".rebuild"));
  Xapian::Database after(db);
  CHECK(after.get_metadata("citedex:check:0123456789abcdef") == R"({"status":"dead"})");
}
