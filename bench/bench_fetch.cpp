// Fetcher benchmark: N URLs across H fake hosts on loopback, each answering after a
// fixed latency (tests/fake_http.h, one epoll-loop server process with H listening
// ports). The host names bench-host-K.example resolve to 127.0.0.1 with --resolve,
// as `citedex audit --resolve` would (URLs carry the port: http://bench-host-K.example:PORT/…;
// libcurl pools connections by the name and port it connects to, so routing every name to
// one address with --connect-to would pool all hosts' connections together and make each
// reuse scan all of them — an artefact of routing, not of real hosts). The mix per host: 90% pages
// (200), 5% gone (404: HEAD, then GET), 5% moved (301 to a page: two requests); plus one
// random-path probe per host (soft-404 check).
//
// Measured, each in a fresh child process (peak RSS = its VmHWM):
// - fast: politeness off (no per-host limit or interval), --concurrency C: URLs/s and
//   peak RSS (targets: >= 2,000 URLs/s, <= 100 MB);
// - polite: per-host 1 request/s: total time against the ideal schedule, computed from
//   the requests each host actually received: max over hosts of (requests − 1) × 1 s +
//   latency (target: within 10%);
// - linkchecker (Debian's, when installed): the same URLs, written as
//   http://127.0.0.1:PORT/… since it cannot route names, read from stdin with
//   recursion off; its per-host rate cap is lifted (maxrequestspersecond, allowed
//   because the fake sends a "LinkChecker" header) and it gets --threads C; its time
//   against the fast run's, as a ratio.
// Medians of --runs runs.
//   bench_fetch [--urls 10000] [--hosts 200] [--latency-ms 50] [--concurrency 256]
//               [--runs 3] [--polite-runs 1] [--no-polite] [--linkchecker PATH|none]
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "fetcher/fetcher.h"
#include "tests/fake_http.h"

using namespace citedex::fetcher;
using citedex::testing::FakeHttpServer;
using citedex::testing::FakeRequest;
using citedex::testing::FakeResponse;
using Steady = std::chrono::steady_clock;

namespace {

struct Config {
  size_t urls = 10000, hosts = 200, concurrency = 256;
  int latency_ms = 50, runs = 3, polite_runs = 1;
  bool polite = true;
  std::string linkchecker = "/usr/bin/linkchecker";
};

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

long vm_hwm_kb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

std::string host_name(size_t k) { return "bench-host-" + std::to_string(k) + ".example"; }

// The path of URL i of a host, and what the fake answers for it.
std::string url_path(size_t i) {
  if (i % 20 == 7) return "/gone-" + std::to_string(i);
  if (i % 20 == 13) return "/moved-" + std::to_string(i);
  return "/page-" + std::to_string(i);
}

FakeResponse answer(const FakeRequest& req, int latency_ms) {
  FakeResponse r;
  r.delay = std::chrono::milliseconds(latency_ms);
  r.header("LinkChecker", "bench");  // lets linkchecker exceed 10 requests/s per host
  r.header("Content-Type", "text/html");
  const std::string& p = req.path;
  if (p.rfind("/page-", 0) == 0) {
    r.body = "<html><head><title>Page " + p.substr(6) +
             "</title></head><body><p>An article about the offensive, number " + p.substr(6) +
             ".</p></body></html>";
  } else if (p.rfind("/moved-", 0) == 0) {
    r.status = 301;
    r.header("Location", "/page-" + p.substr(7));
  } else {
    r.status = 404;
    r.body = "<html><head><title>Not found</title></head><body>Not found</body></html>";
  }
  return r;
}

// The server process: serves until its control pipe closes; on "count\n" writes the
// number of requests each port received since the last count, one line of numbers.
struct ServerProcess {
  pid_t pid = -1;
  std::vector<uint16_t> ports;
  FILE* to = nullptr;
  FILE* from = nullptr;
};

ServerProcess start_server(const Config& c) {
  int down[2], up[2];
  if (pipe(down) != 0 || pipe(up) != 0) std::exit(1);
  ServerProcess s;
  s.pid = fork();
  if (s.pid == 0) {
    close(down[1]);
    close(up[0]);
    int latency = c.latency_ms;
    FakeHttpServer server([latency](const FakeRequest& req) { return answer(req, latency); },
                          c.hosts);
    FILE* out = fdopen(up[1], "w");
    for (auto p : server.ports()) std::fprintf(out, "%u ", p);
    std::fprintf(out, "\n");
    std::fflush(out);
    FILE* in = fdopen(down[0], "r");
    char line[64];
    size_t seen = 0;
    while (std::fgets(line, sizeof line, in)) {
      auto reqs = server.requests();
      std::map<uint16_t, size_t> per_port;
      for (size_t i = seen; i < reqs.size(); ++i) ++per_port[reqs[i].port];
      seen = reqs.size();
      for (auto p : server.ports()) std::fprintf(out, "%zu ", per_port[p]);
      std::fprintf(out, "\n");
      std::fflush(out);
    }
    _exit(0);
  }
  close(down[0]);
  close(up[1]);
  s.to = fdopen(down[1], "w");
  s.from = fdopen(up[0], "r");
  for (size_t i = 0; i < c.hosts; ++i) {
    unsigned p = 0;
    if (std::fscanf(s.from, "%u", &p) != 1) std::exit(1);
    s.ports.push_back(static_cast<uint16_t>(p));
  }
  return s;
}

std::vector<size_t> request_counts(ServerProcess& s) {
  std::fprintf(s.to, "count\n");
  std::fflush(s.to);
  std::vector<size_t> counts;
  for (size_t i = 0; i < s.ports.size(); ++i) {
    size_t n = 0;
    if (std::fscanf(s.from, "%zu", &n) != 1) std::exit(1);
    counts.push_back(n);
  }
  return counts;
}

struct RunResult {
  double seconds = 0;
  long rss_kb = 0;
  std::map<std::string, size_t> verdicts;
};

// One fetcher run in a child process.
RunResult fetch_run(const Config& c, const ServerProcess& s, bool polite) {
  int fds[2];
  if (pipe(fds) != 0) std::exit(1);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::vector<CheckRequest> requests;
    FetchOptions o;
    for (size_t k = 0; k < c.hosts; ++k)
      o.resolve.push_back(host_name(k) + ":" + std::to_string(s.ports[k]) + ":127.0.0.1");
    for (size_t i = 0; i < c.urls; ++i)
      requests.push_back({"http://" + host_name(i % c.hosts) + ":" +
                              std::to_string(s.ports[i % c.hosts]) + url_path(i / c.hosts),
                          CheckKind::original, ""});
    if (polite) {
      o.concurrency = 32;
      o.per_host = 2;
      o.interval = std::chrono::milliseconds(1000);
    } else {
      o.concurrency = c.concurrency;
      o.per_host = 0;
      o.interval = std::chrono::milliseconds(0);
    }
    auto t0 = Steady::now();
    auto results = check_urls(requests, o);
    double secs = std::chrono::duration<double>(Steady::now() - t0).count();
    std::map<std::string, size_t> verdicts;
    for (auto& r : results) ++verdicts[std::string(verdict_name(r.verdict))];

    FILE* out = fdopen(fds[1], "w");
    std::fprintf(out, "%f %ld\n", secs, vm_hwm_kb());
    for (auto& [v, n] : verdicts) std::fprintf(out, "%s %zu\n", v.c_str(), n);
    std::fclose(out);
    _exit(0);
  }
  close(fds[1]);
  FILE* in = fdopen(fds[0], "r");
  RunResult r;
  if (std::fscanf(in, "%lf %ld", &r.seconds, &r.rss_kb) != 2) std::exit(1);
  char name[64];
  size_t n;
  while (std::fscanf(in, "%63s %zu", name, &n) == 2) r.verdicts[name] = n;
  std::fclose(in);
  waitpid(pid, nullptr, 0);
  return r;
}

double linkchecker_run(const Config& c, const ServerProcess& s) {
  std::string dir = "/tmp/citedex-bench-fetch";
  std::system(("mkdir -p " + dir + " && chmod 755 " + dir).c_str());
  {
    std::ofstream urls(dir + "/urls.txt");
    for (size_t i = 0; i < c.urls; ++i)
      urls << "http://127.0.0.1:" << s.ports[i % c.hosts] << url_path(i / c.hosts) << "\n";
    std::ofstream rc(dir + "/linkcheckerrc");
    rc << "[checking]\nthreads=" << c.concurrency
       << "\nrecursionlevel=0\nmaxrequestspersecond=" << 100000
       << "\ntimeout=30\n[output]\nwarnings=0\n";
  }
  std::system(("chmod 644 " + dir + "/urls.txt " + dir + "/linkcheckerrc").c_str());
  std::string cmd = c.linkchecker + " -f " + dir +
                    "/linkcheckerrc --no-robots --no-status -o none --stdin < " + dir +
                    "/urls.txt > " + dir + "/linkchecker.log 2>&1";
  auto t0 = Steady::now();
  int rc = std::system(cmd.c_str());
  double secs = std::chrono::duration<double>(Steady::now() - t0).count();
  if (!WIFEXITED(rc) || WEXITSTATUS(rc) > 1) {
    std::fprintf(stderr, "bench_fetch: linkchecker failed (exit %d); see %s/linkchecker.log\n",
                 WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, dir.c_str());
    return -1;
  }
  return secs;
}

}  // namespace

int main(int argc, char** argv) {
  Config c;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "bench_fetch: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--urls")
      c.urls = std::stoul(next());
    else if (a == "--hosts")
      c.hosts = std::stoul(next());
    else if (a == "--latency-ms")
      c.latency_ms = std::stoi(next());
    else if (a == "--concurrency")
      c.concurrency = std::stoul(next());
    else if (a == "--runs")
      c.runs = std::stoi(next());
    else if (a == "--polite-runs")
      c.polite_runs = std::stoi(next());
    else if (a == "--no-polite")
      c.polite = false;
    else if (a == "--linkchecker")
      c.linkchecker = next();
    else {
      std::fprintf(stderr,
                   "usage: bench_fetch [--urls N] [--hosts N] [--latency-ms N] "
                   "[--concurrency N] [--runs N] [--polite-runs N] [--no-polite] "
                   "[--linkchecker PATH|none]\n");
      return 2;
    }
  }
  signal(SIGPIPE, SIG_IGN);
  ServerProcess server = start_server(c);
  std::printf("%zu URLs across %zu fake hosts, %d ms latency, loopback\n", c.urls, c.hosts,
              c.latency_ms);

  std::vector<double> rates, rss, lc_times, fast_times;
  for (int run = 0; run < c.runs; ++run) {
    RunResult r = fetch_run(c, server, false);
    auto seen = request_counts(server);
    size_t requests = 0;
    for (size_t n : seen) requests += n;
    rates.push_back(static_cast<double>(c.urls) / r.seconds);
    fast_times.push_back(r.seconds);
    rss.push_back(static_cast<double>(r.rss_kb) / 1024.0);
    std::printf("  fast run %d: %.2f s, %.0f URLs/s, %zu requests, peak RSS %.1f MB (", run + 1,
                r.seconds, rates.back(), requests, rss.back());
    for (auto& [v, n] : r.verdicts) std::printf(" %s %zu", v.c_str(), n);
    std::printf(" )\n");
    std::fflush(stdout);
    if (c.linkchecker != "none" && access(c.linkchecker.c_str(), X_OK) == 0) {
      double t = linkchecker_run(c, server);
      auto seen = request_counts(server);
      size_t requests = 0;
      for (size_t n : seen) requests += n;
      if (t > 0) {
        lc_times.push_back(t);
        std::printf("  linkchecker run %d: %.2f s, %.0f URLs/s, %zu requests reached the fakes\n",
                    run + 1, t, static_cast<double>(c.urls) / t, requests);
        std::fflush(stdout);
      }
    }
  }
  std::printf(
      "politeness off (concurrency %zu): median %.0f URLs/s (target >= 2000), median peak "
      "RSS %.1f MB (target <= 100)\n",
      c.concurrency, median(rates), median(rss));
  if (!lc_times.empty())
    std::printf(
        "linkchecker (threads %zu, same URLs): median %.2f s = %.0f URLs/s; citedex is "
        "%.1fx faster\n",
        c.concurrency, median(lc_times), static_cast<double>(c.urls) / median(lc_times),
        median(lc_times) / median(fast_times));

  if (c.polite) {
    std::vector<double> ratios, times, ideals;
    for (int run = 0; run < c.polite_runs; ++run) {
      RunResult r = fetch_run(c, server, true);
      auto counts = request_counts(server);
      size_t most = *std::max_element(counts.begin(), counts.end());
      double ideal = static_cast<double>(most - 1) * 1.0 + c.latency_ms / 1000.0;
      times.push_back(r.seconds);
      ideals.push_back(ideal);
      ratios.push_back(r.seconds / ideal);
      std::printf(
          "  polite run %d: %.2f s; busiest host got %zu requests; ideal %.2f s; ratio "
          "%.3f\n",
          run + 1, r.seconds, most, ideal, ratios.back());
      std::fflush(stdout);
    }
    std::printf(
        "1 request/s/host: median %.2f s against an ideal of %.2f s: ratio %.3f (target "
        "<= 1.10)\n",
        median(times), median(ideals), median(ratios));
    // The same against one request per URL, as if no URL needed a second request (a GET
    // after a HEAD 404, a redirect hop) and no host a soft-404 probe.
    const double urls_per_host = std::ceil(static_cast<double>(c.urls) / c.hosts);
    const double one_each = (urls_per_host - 1) * 1.0 + c.latency_ms / 1000.0;
    std::printf("  against one request per URL (%.0f per host, ideal %.2f s): ratio %.3f\n",
                urls_per_host, one_each, median(times) / one_each);
  }
  std::fclose(server.to);
  waitpid(server.pid, nullptr, 0);
  return 0;
}
