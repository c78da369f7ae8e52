// Indexing benchmark over a corpus directory (bench/gen_corpus.cpp).
//
// Default mode: end-to-end indexing (files → parse → documents → Xapian, i.e.
// citedex::index_files, what `citedex index` runs) against a bare Xapian loop over the
// same claim texts (parsed beforehand, untimed: one Document per claim, TermGenerator
// with the English stemmer, add_document, one commit at the end). Both on the cores the
// process may use (run it under `taskset -c 0` for one-core rates); --runs times,
// alternating which goes first; medians printed. Each end-to-end run is a fresh child
// process, which reports its own peak RSS (VmHWM).
//   bench_index [--runs 3] [--work DIR] DIR
// --breakdown: also times each stage on its own (parse, build documents, Xapian writes),
// as multiples of the bare loop, to show where the end-to-end ratio goes.
// --shards 2: one child indexing every file against two concurrent children each
// indexing half of the files into its own index (what `citedex index --shards 2`
// does); with --cli CITEDEX and --cli-shards, `CITEDEX index --shards 2` itself.
//   bench_index --shards 2 [--runs 3] [--cli CITEDEX [--cli-shards]] [--work DIR] DIR
// --build DB: one end-to-end run into DB (kept), prints its rate and peak RSS.
//   bench_index --build DB DIR
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/heap.h"
#include "indexer/index_db.h"
#include "indexer/index_documents.h"
#include "indexer/index_writer.h"
#include "indexer/pipeline.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

long vm_hwm_kb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

// Child mode: indexes the files listed in `list` into `db` (rebuilt) and prints
// "claims references articles seconds vmhwm_kb".
int run_child(const std::string& db, const std::string& list) {
  std::vector<std::string> files;
  std::ifstream in(list);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) files.push_back(line);
  citedex::IndexOptions options;
  options.db_path = db;
  options.rebuild = true;
  size_t failures = 0;
  auto t0 = Clock::now();
  citedex::IndexReport r =
      citedex::index_files(files, options, [&](const std::string& path, const std::string& p) {
        if (failures++ < 5) std::fprintf(stderr, "bench_index: %s: %s\n", path.c_str(), p.c_str());
      });
  double s = seconds_since(t0);
  std::printf("%zu %zu %zu %.6f %ld\n", r.claims, r.references, r.articles, s, vm_hwm_kb());
  return failures ? 1 : 0;
}

struct ChildResult {
  size_t claims = 0, references = 0, articles = 0;
  double seconds = 0;  // inside the child, around index_files
  long hwm_kb = 0;
};

struct Child {
  pid_t pid = -1;
  int fd = -1;
  std::vector<std::string> argv;
};

Child spawn(std::vector<std::string> args) {
  int fds[2];
  if (pipe(fds) != 0) {
    std::perror("pipe");
    std::exit(1);
  }
  Child c;
  c.argv = args;
  c.pid = fork();
  if (c.pid < 0) {
    std::perror("fork");
    std::exit(1);
  }
  if (c.pid == 0) {
    close(fds[0]);
    dup2(fds[1], STDOUT_FILENO);
    close(fds[1]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    std::perror("execv");
    _exit(127);
  }
  close(fds[1]);
  c.fd = fds[0];
  return c;
}

// Waits for the child; parses its report when it is a bench_index child.
ChildResult finish(Child& c, bool parse) {
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = read(c.fd, buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
  close(c.fd);
  int status = 0;
  waitpid(c.pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "bench_index: %s failed (status %d)\n", c.argv[0].c_str(), status);
    std::exit(1);
  }
  ChildResult r;
  if (parse) {
    std::istringstream in(text);
    in >> r.claims >> r.references >> r.articles >> r.seconds >> r.hwm_kb;
  }
  return r;
}

std::string write_list(const std::string& path, const std::vector<std::string>& files) {
  std::ofstream out(path);
  for (const auto& f : files) out << f << "\n";
  return path;
}

// Bare Xapian: one document per claim text, English stemming, one commit at the end.
double bare_loop(const std::vector<std::string>& texts, const std::string& db_path) {
  auto t0 = Clock::now();
  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  for (const auto& text : texts) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(text);
    db.add_document(doc);
  }
  db.commit();
  db.close();
  return seconds_since(t0);
}

// Where end-to-end time goes, stage by stage, over the same files: reading and parsing
// them, building citedex's documents (TermGenerator included), and Xapian writing those
// documents (add_document and the commits, as often as `citedex index` by default).
// Parsing is per file (index_files also lets copies in one batch mend each other, a few
// per cent of parsing). Each stage is timed around its own calls only.
struct Breakdown {
  double parse_s = 0, build_s = 0, write_s = 0;
  size_t documents = 0, terms = 0;
};

Breakdown breakdown(const std::vector<std::string>& files, const std::string& db_path) {
  Breakdown b;
  // The block size citedex gives a new index (the bare loop keeps Xapian's default).
  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE, citedex::kBlockSize);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  citedex::ParseOptions options;
  const size_t commit_every = citedex::IndexOptions{}.commit_every;
  size_t since_commit = 0;
  for (const auto& f : files) {
    auto t0 = Clock::now();
    citedex::Article article = citedex::parse_file(f, options);
    auto t1 = Clock::now();
    std::vector<Xapian::Document> docs = citedex::build_documents(article, f, generator);
    auto t2 = Clock::now();
    for (const auto& d : docs) db.add_document(d);
    since_commit += docs.size();
    if (since_commit >= commit_every) {
      db.commit();
      since_commit = 0;
    }
    auto t3 = Clock::now();
    b.parse_s += std::chrono::duration<double>(t1 - t0).count();
    b.build_s += std::chrono::duration<double>(t2 - t1).count();
    b.write_s += std::chrono::duration<double>(t3 - t2).count();
    b.documents += docs.size();
    for (const auto& d : docs) b.terms += d.termlist_count();
  }
  auto t0 = Clock::now();
  db.commit();
  db.close();
  b.write_s += seconds_since(t0);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  citedex::keep_freed_heap(citedex::kKeptHeapBytes);  // as the citedex binary does
  if (argc == 4 && std::string(argv[1]) == "--child") return run_child(argv[2], argv[3]);
  int runs = 3, shards = 0;
  std::string work = "/tmp/citedex-bench/index-work", cli, build_db, dir;
  bool cli_shards = false, with_breakdown = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--runs" && i + 1 < argc)
      runs = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--shards" && i + 1 < argc)
      shards = std::atoi(argv[++i]);
    else if (arg == "--work" && i + 1 < argc)
      work = argv[++i];
    else if (arg == "--cli" && i + 1 < argc)
      cli = argv[++i];
    else if (arg == "--cli-shards")
      cli_shards = true;
    else if (arg == "--breakdown")
      with_breakdown = true;
    else if (arg == "--build" && i + 1 < argc)
      build_db = argv[++i];
    else
      dir = arg;
  }
  if (dir.empty() || (shards != 0 && shards != 2) || (cli_shards && cli.empty())) {
    std::fprintf(stderr,
                 "usage: bench_index [--runs N] [--breakdown] [--work DIR] DIR\n"
                 "       bench_index --shards 2 [--runs N] [--cli CITEDEX [--cli-shards]] DIR\n"
                 "       bench_index --build DB DIR\n");
    return 2;
  }
  const std::string self = fs::read_symlink("/proc/self/exe").string();
  std::vector<std::string> files =
      citedex::collect_input_files({dir}, [](const std::string& p, const std::string& problem) {
        std::fprintf(stderr, "bench_index: %s: %s\n", p.c_str(), problem.c_str());
      });
  if (files.empty()) {
    std::fprintf(stderr, "bench_index: no input files under %s\n", dir.c_str());
    return 3;
  }
  fs::create_directories(work);
  const std::string all_list = write_list(work + "/all.list", files);
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  sched_getaffinity(0, sizeof cpus, &cpus);
  const int ncpu = CPU_COUNT(&cpus);

  if (!build_db.empty()) {
    fs::remove_all(build_db);
    Child c = spawn({self, "--child", build_db, all_list});
    ChildResult r = finish(c, true);
    std::printf(
        "built %s: %zu files, %zu claims, %zu references, %zu articles in %.1f s on %d core(s): "
        "%.0f claims/s; peak RSS %.0f MB\n",
        build_db.c_str(), files.size(), r.claims, r.references, r.articles, r.seconds, ncpu,
        r.claims / r.seconds, r.hwm_kb / 1024.0);
    return 0;
  }

  if (shards == 2) {
    std::vector<std::string> half[2];
    for (size_t i = 0; i < files.size(); ++i) half[i % 2].push_back(files[i]);
    const std::string list0 = write_list(work + "/half0.list", half[0]);
    const std::string list1 = write_list(work + "/half1.list", half[1]);
    std::vector<double> one_s, two_s, speedups;
    size_t claims = 0;
    // Every run indexes into a new index: what an earlier run left is removed untimed
    // (a --rebuild over it would also time deleting it).
    auto one = [&] {
      fs::remove_all(work + "/one.db");
      auto t0 = Clock::now();
      Child c = cli.empty() ? spawn({self, "--child", work + "/one.db", all_list})
                            : spawn({cli, "index", "--rebuild", "--db", work + "/one.db", dir});
      ChildResult r = finish(c, cli.empty());
      if (cli.empty()) claims = r.claims;
      return seconds_since(t0);
    };
    auto two = [&] {
      for (const char* d : {"/two.db", "/two.db.shards", "/two0.db", "/two1.db"})
        fs::remove_all(work + d);
      auto t0 = Clock::now();
      if (cli_shards) {
        Child c =
            spawn({cli, "index", "--rebuild", "--shards", "2", "--db", work + "/two.db", dir});
        finish(c, false);
      } else {
        Child a = spawn({self, "--child", work + "/two0.db", list0});
        Child b = spawn({self, "--child", work + "/two1.db", list1});
        finish(a, true);
        finish(b, true);
      }
      return seconds_since(t0);
    };
    for (int run = 0; run < runs; ++run) {
      double s1, s2;
      if (run % 2 == 0) {
        s1 = one();
        s2 = two();
      } else {
        s2 = two();
        s1 = one();
      }
      one_s.push_back(s1);
      two_s.push_back(s2);
      speedups.push_back(s1 / s2);
      std::fprintf(stderr, "  run %d: one %.1f s, two %.1f s\n", run + 1, s1, s2);
    }
    if (claims == 0) claims = citedex::count_index(work + "/one.db").claims;
    std::printf("two shards: %zu files, %zu claims, %d runs, %d core(s) available\n", files.size(),
                claims, runs, ncpu);
    std::printf("  one process:      median %.1f s wall, %.0f claims/s\n", median(one_s),
                claims / median(one_s));
    std::printf("  %s median %.1f s wall, %.0f claims/s\n",
                cli_shards ? "index --shards 2:" : "two processes:   ", median(two_s),
                claims / median(two_s));
    std::printf("  speed-up: median %.2fx (min %.2f, max %.2f)\n", median(speedups),
                *std::min_element(speedups.begin(), speedups.end()),
                *std::max_element(speedups.begin(), speedups.end()));
    fs::remove_all(work);
    return 0;
  }

  // The claim texts for the bare loop, parsed untimed (in batches, as index_files does,
  // so copies helping each other give the same claims).
  std::vector<std::string> texts;
  {
    citedex::ParseOptions options;
    for (const auto& f : files)
      for (auto& c : citedex::parse_file(f, options).claims) texts.push_back(std::move(c.text));
  }
  std::vector<double> e2e_rates, bare_rates, ratios, e2e_doc_rates, bare_seconds;
  std::vector<double> parse_x, build_x, write_x;
  Breakdown last;
  long hwm = 0;
  size_t e2e_claims = 0, e2e_docs = 0;
  for (int run = 0; run < runs; ++run) {
    ChildResult r;
    double bare_s = 0;
    auto e2e = [&] {
      fs::remove_all(work + "/e2e.db");
      Child c = spawn({self, "--child", work + "/e2e.db", all_list});
      r = finish(c, true);
    };
    if (run % 2 == 0) {
      e2e();
      bare_s = bare_loop(texts, work + "/bare.db");
    } else {
      bare_s = bare_loop(texts, work + "/bare.db");
      e2e();
    }
    if (with_breakdown) {
      last = breakdown(files, work + "/parts.db");
      parse_x.push_back(last.parse_s / bare_s);
      build_x.push_back(last.build_s / bare_s);
      write_x.push_back(last.write_s / bare_s);
    }
    bare_seconds.push_back(bare_s);
    e2e_claims = r.claims;
    e2e_docs = r.claims + r.references + r.articles;
    hwm = std::max(hwm, r.hwm_kb);
    e2e_rates.push_back(r.claims / r.seconds);
    e2e_doc_rates.push_back(e2e_docs / r.seconds);
    bare_rates.push_back(texts.size() / bare_s);
    ratios.push_back((r.seconds / r.claims) / (bare_s / texts.size()));
    std::fprintf(stderr, "  run %d: end to end %.1f s, bare %.1f s\n", run + 1, r.seconds, bare_s);
  }
  std::printf(
      "index: %zu files, %zu claims (%zu documents with references and articles), %d "
      "runs, %d core(s)\n",
      files.size(), e2e_claims, e2e_docs, runs, ncpu);
  std::printf(
      "  end to end (index_files): median %.0f claims/s (min %.0f, max %.0f), %.0f docs/s\n",
      median(e2e_rates), *std::min_element(e2e_rates.begin(), e2e_rates.end()),
      *std::max_element(e2e_rates.begin(), e2e_rates.end()), median(e2e_doc_rates));
  std::printf("  bare TermGenerator loop:  median %.0f claims/s (%zu claim texts)\n",
              median(bare_rates), texts.size());
  std::printf("  time per claim, end to end / bare: median %.2fx\n", median(ratios));
  std::printf("  peak RSS while indexing (VmHWM of the child): %.0f MB\n", hwm / 1024.0);
  if (with_breakdown) {
    // The bare loop's own terms, for the terms-per-document comparison.
    size_t bare_terms = 0;
    {
      Xapian::Database bare(work + "/bare.db");
      for (Xapian::docid id = 1; id <= bare.get_lastdocid(); ++id)
        bare_terms += bare.get_document(id).termlist_count();
    }
    std::printf(
        "  by stage, each as a multiple of the bare loop's time (medians; bare %.1f s):\n"
        "    parse files:            %.2fx\n"
        "    build documents:        %.2fx  (TermGenerator, terms, values, records)\n"
        "    Xapian writes:          %.2fx  (%zu documents, %.1f terms each; bare %zu, %.1f)\n",
        median(bare_seconds), median(parse_x), median(build_x), median(write_x), last.documents,
        double(last.terms) / std::max<size_t>(1, last.documents), texts.size(),
        double(bare_terms) / std::max<size_t>(1, texts.size()));
  }
  fs::remove_all(work);
  return 0;
}
