// The soaks' checkers (bench/soak_invariants.h; scripts/soak-crash, scripts/soak-concurrency).
//   soak_check census DB                   print the census of an index
//   soak_check killed CENSUS DB [--any-order]
//                                          an index killed mid-run holds whole files only
//   soak_check complete CENSUS DB          a finished index equals the clean build's census
//   soak_check searches DB FINAL_DIR RUN_DIR
//                                          the searches of a concurrent run saw committed states
// killed/complete print "documents D files F" and any problems; exit 1 on a problem.
//
// searches: RUN_DIR holds, per search, NNNNNN-KIND.jsonl (its output, `citedex search
// --format jsonl` with an `article` facet), NNNNNN-KIND.rc (exit code) and
// NNNNNN-KIND.err (stderr), NNNNNN in the order they ran. FINAL_DIR holds KIND.jsonl, the
// same query on the finished index DB, whose article documents give the files' order.
// Prints the searches run, errors, the committed states seen (files committed, as told
// by the KIND "articles" searches) and problems.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bench/soak_invariants.h"

namespace fs = std::filesystem;
using namespace citedex::soak;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Census load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  return read_census(in);
}

int report(const Census& got, const std::vector<std::string>& problems) {
  std::printf("documents %zu files %zu\n", got.documents, got.files.size());
  for (size_t i = 0; i < problems.size() && i < 20; ++i)
    std::printf("problem: %s\n", problems[i].c_str());
  if (problems.size() > 20) std::printf("problem: … and %zu more\n", problems.size() - 20);
  return problems.empty() ? 0 : 1;
}

int check_searches(const std::string& db_path, const fs::path& final_dir, const fs::path& run_dir) {
  std::vector<std::string> order = articles_in_path_order(db_path);
  if (order.empty()) throw std::runtime_error("no articles in " + db_path);
  std::map<std::string, std::map<std::string, size_t>> finals;
  std::vector<fs::path> runs;
  for (const auto& e : fs::directory_iterator(run_dir))
    if (e.path().extension() == ".jsonl") runs.push_back(e.path());
  std::sort(runs.begin(), runs.end());

  size_t errors = 0, inconsistent = 0;
  std::vector<std::string> problems;
  std::vector<StateBounds> bounds;
  std::vector<std::string> bound_names;
  std::set<size_t> states;
  std::map<std::string, size_t> searches_by_kind, last_total;
  for (const auto& path : runs) {
    std::string stem = path.stem().string();
    std::string kind = stem.substr(stem.find('-') + 1);
    ++searches_by_kind[kind];
    fs::path base = path;
    base.replace_extension();
    std::string rc = slurp(base.string() + ".rc"), err = slurp(base.string() + ".err");
    if (std::atoi(rc.c_str()) != 0 || !err.empty()) {
      ++errors;
      if (problems.size() < 20)
        problems.push_back(stem + ": exit " + rc.substr(0, rc.find('\n')) + ": " +
                           err.substr(0, err.find('\n')));
      continue;
    }
    if (!finals.count(kind)) {
      SearchOutput f = parse_search(slurp(final_dir / (kind + ".jsonl")));
      if (!f.ok) throw std::runtime_error("final " + kind + ": " + f.problem);
      finals[kind] = f.articles;
    }
    SearchOutput s = parse_search(slurp(path));
    if (!s.ok) {
      ++errors;
      if (problems.size() < 20) problems.push_back(stem + ": " + s.problem);
      continue;
    }
    std::string why;
    auto b = committed_state(s.articles, order, finals[kind], &why);
    if (!b) {
      ++inconsistent;
      if (problems.size() < 20) problems.push_back(stem + ": not a committed state: " + why);
      continue;
    }
    // The total printed counts the hits after folding identical claims, so it may be
    // below the facet sum; but with the state, it never goes down.
    if (s.total_exact) {
      if (s.total < last_total[kind]) {
        ++inconsistent;
        if (problems.size() < 20)
          problems.push_back(stem + ": total " + std::to_string(s.total) + " after " +
                             std::to_string(last_total[kind]));
      }
      last_total[kind] = std::max(last_total[kind], s.total);
    }
    bounds.push_back(*b);
    bound_names.push_back(stem);
    if (kind == "articles") states.insert(b->lo);
  }
  if (auto i = first_regression(bounds)) {
    ++inconsistent;
    problems.push_back(bound_names[*i] + ": at most " + std::to_string(bounds[*i].hi) +
                       " files committed, after a search that saw more");
  }
  std::printf("searches %zu (", runs.size());
  bool first = true;
  for (const auto& [kind, n] : searches_by_kind) {
    std::printf("%s%s %zu", first ? "" : ", ", kind.c_str(), n);
    first = false;
  }
  std::printf(")\nerrors %zu\ninconsistent %zu\nstates seen %zu (files committed:", errors,
              inconsistent, states.size());
  size_t shown = 0;
  for (size_t s : states) {
    if (shown++ == 12) {
      std::printf(" …");
      break;
    }
    std::printf(" %zu", s);
  }
  std::printf(" of %zu)\n", order.size());
  for (const auto& p : problems) std::printf("problem: %s\n", p.c_str());
  return errors == 0 && inconsistent == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 2 && args[0] == "census") {
      write_census(std::cout, take_census(args[1]));
      return 0;
    }
    if (args.size() >= 3 && args[0] == "killed") {
      bool any_order = args.size() == 4 && args[3] == "--any-order";
      Census got = take_census(args[2]);
      return report(got, check_killed(got, load(args[1]), !any_order));
    }
    if (args.size() == 3 && args[0] == "complete") {
      Census got = take_census(args[2]);
      return report(got, check_complete(got, load(args[1])));
    }
    if (args.size() == 4 && args[0] == "searches") return check_searches(args[1], args[2], args[3]);
  } catch (const std::exception& e) {
    std::printf("problem: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr,
               "usage: soak_check census DB | killed CENSUS DB [--any-order] | complete CENSUS "
               "DB | searches DB FINAL_DIR RUN_DIR\n");
  return 2;
}
