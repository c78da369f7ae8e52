// Fetcher soak (scripts/soak-fetch, docs/soaks.md): N URLs across H fake hosts on
// loopback (tests/fake_http.h, in a server process), politeness off, with every failure
// the fetcher knows mixed in — timeouts (no answer, a body dripped below the low-speed
// limit), resets, 404/410, 5xx, 429 and 503 with Retry-After (once, then a page; or
// always), redirect loops, soft 404s (a redirect to /404.html, a host that answers every
// path with its front page), huge bodies, DNS failures (.invalid names), refused
// connections, TLS against a plain-HTTP port, unsupported schemes, 403, and archive
// copies with and without a memento. Each URL's scenario fixes the verdict it must get.
//
// The URLs are checked in --rounds calls of check_urls in one child process, which
// samples its own open file descriptors (/proc/self/fd) and RSS every 100 ms. The parent
// is the watchdog: it kills the child when no URL is decided for --stall seconds or the
// run exceeds --deadline seconds.
//
// Prints: verdicts by scenario, URLs decided, wrong verdicts, the fd and RSS series
// (start, max, end, and at the end of each round, after malloc_trim), and PASS or FAIL.
// Exit 0 on PASS.
//   soak_fetch [--urls 20000] [--hosts 200] [--rounds 4] [--concurrency 256] [--seed S]
//              [--stall 60] [--deadline 600]
#include <dirent.h>
#include <malloc.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
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
  size_t urls = 20000, hosts = 200, rounds = 4, concurrency = 256;
  uint64_t seed = 20261202;
  int stall_seconds = 60, deadline_seconds = 600;
};

// A failure scenario: the path (or URL) it is reached by, how often it occurs, and the
// verdict the fetcher must give.
struct Scenario {
  const char* name;
  int weight;
  Verdict expect;
};

const Scenario kScenarios[] = {
    {"page", 40, Verdict::alive},
    {"moved", 5, Verdict::alive},
    {"gone404", 5, Verdict::dead},
    {"gone410", 3, Verdict::dead},
    {"forbidden", 1, Verdict::blocked},
    {"error5xx", 4, Verdict::transient},
    {"busy429", 2, Verdict::alive},
    {"always429", 1, Verdict::blocked},
    {"busy503", 1, Verdict::alive},
    {"loop", 2, Verdict::dead},
    {"soft-redirect", 2, Verdict::soft_404},
    {"soft-catchall", 2, Verdict::soft_404},
    {"huge", 2, Verdict::alive},
    {"huge-compared", 1, Verdict::alive},
    {"slow", 2, Verdict::transient},
    {"hang", 1, Verdict::transient},
    {"reset", 2, Verdict::transient},
    {"dns", 2, Verdict::dead},
    {"refused", 2, Verdict::dead},
    {"tls", 1, Verdict::transient},
    {"unsupported", 1, Verdict::unsupported},
    {"archive", 2, Verdict::valid},
    {"archive-missing", 1, Verdict::not_archived},
};
constexpr size_t kScenarioCount = std::size(kScenarios);

// Every tenth host answers any unknown path with its front page (a soft-404 host).
bool catch_all_host(size_t k) { return k % 10 == 9; }

std::string host_name(size_t k) { return "soak-host-" + std::to_string(k) + ".example"; }

FakeResponse page(const std::string& title, const std::string& text) {
  FakeResponse r;
  r.header("Content-Type", "text/html");
  r.body = "<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1><p>" + text +
           "</p></body></html>";
  return r;
}

// The server's answers, by path. Runs on the server's one loop thread.
class Answers {
 public:
  explicit Answers(std::vector<uint16_t> ports) : ports_(std::move(ports)) {}

  FakeResponse operator()(const FakeRequest& req) {
    const std::string& p = req.path;
    auto starts = [&](const char* prefix) { return p.rfind(prefix, 0) == 0; };
    auto n = [&](size_t skip) { return p.substr(skip); };
    if (starts("/page-"))
      return page("Report " + n(6), "Clashes near the airbase, report number " + n(6) +
                                        ", with casualties on both sides.");
    if (starts("/moved-")) return citedex::testing::redirect(301, "/page-" + n(7));
    if (starts("/gone404-")) return FakeResponse::status_only(404);
    if (starts("/gone410-")) return FakeResponse::status_only(410);
    if (starts("/forbidden-")) return FakeResponse::status_only(403);
    if (starts("/error5xx-")) {
      static const int codes[] = {500, 502, 504};
      return FakeResponse::status_only(codes[std::strtoul(n(10).c_str(), nullptr, 10) % 3]);
    }
    if (starts("/busy429-") || starts("/busy503-")) {
      // Busy once, with Retry-After, then the page.
      if (seen_[p]++ == 0)
        return FakeResponse::status_only(starts("/busy429-") ? 429 : 503)
            .header("Retry-After", "1");
      return page("Busy " + n(9), "Answered after a Retry-After wait.");
    }
    if (starts("/always429-")) return FakeResponse::status_only(429).header("Retry-After", "1");
    if (starts("/loop-a-")) return citedex::testing::redirect(302, "/loop-b-" + n(8));
    if (starts("/loop-b-")) return citedex::testing::redirect(302, "/loop-a-" + n(8));
    if (starts("/soft-redirect-")) return citedex::testing::redirect(302, "/404.html");
    if (p == "/404.html") return page("Page not found", "Sorry, this page does not exist.");
    if (starts("/huge-")) {
      // HEAD is refused, so the fetcher asks with GET, which must not read 1 GB.
      if (req.method == "HEAD") return FakeResponse::status_only(405);
      FakeResponse r;
      r.header("Content-Type", "text/html");
      r.generated_body = uint64_t{1} << 30;
      return r;
    }
    if (starts("/slow-")) {
      FakeResponse r = page("Slow " + n(6), "A page sent too slowly to wait for.");
      // Below the 100 bytes/s low-speed limit, and with the padding the headers alone
      // (all a HEAD gets) take longer than the request timeout.
      r.header("X-Padding", std::string(600, 'p'));
      r.drip_bytes_per_second = 20;
      return r;
    }
    if (starts("/hang-")) {
      FakeResponse r;
      r.never_answer = true;
      return r;
    }
    if (starts("/reset-")) {
      FakeResponse r;
      r.reset_after = 0;
      return r;
    }
    if (starts("/web/")) {
      if (p.find("/missing-") != std::string::npos) return FakeResponse::status_only(404);
      FakeResponse r = page("Archived report", "The capture of a report.");
      r.header("Memento-Datetime", "Fri, 08 Dec 2016 10:00:00 GMT");
      return r;
    }
    size_t host = 0;
    for (size_t k = 0; k < ports_.size(); ++k)
      if (ports_[k] == req.port) host = k;
    if (catch_all_host(host))
      return page("Welcome to the news site", "Latest news, opinion and analysis.");
    return FakeResponse::status_only(404);
  }

 private:
  std::vector<uint16_t> ports_;
  std::map<std::string, int> seen_;
};

struct ServerProcess {
  pid_t pid = -1;
  std::vector<uint16_t> ports;
  int control = -1;  // closing it stops the server
};

ServerProcess start_server(const Config& c) {
  int down[2], up[2];
  if (pipe(down) != 0 || pipe(up) != 0) std::exit(1);
  ServerProcess s;
  s.pid = fork();
  if (s.pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // no server outlives the soak
    close(down[1]);
    close(up[0]);
    auto answers = std::make_shared<std::unique_ptr<Answers>>();
    FakeHttpServer server([answers](const FakeRequest& req) { return (**answers)(req); }, c.hosts);
    *answers = std::make_unique<Answers>(server.ports());
    std::string line;
    for (auto p : server.ports()) line += std::to_string(p) + " ";
    line += "\n";
    if (write(up[1], line.data(), line.size()) < 0) _exit(1);
    char b;
    while (read(down[0], &b, 1) > 0) {
    }
    _exit(0);
  }
  close(down[0]);
  close(up[1]);
  s.control = down[1];
  FILE* from = fdopen(up[0], "r");
  for (size_t i = 0; i < c.hosts; ++i) {
    unsigned p = 0;
    if (std::fscanf(from, "%u", &p) != 1) std::exit(1);
    s.ports.push_back(static_cast<uint16_t>(p));
  }
  std::fclose(from);
  return s;
}

// A loopback port nothing listens on: bound, never listened to, kept bound for the run.
uint16_t refusing_port(int* fd) {
  *fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(*fd, reinterpret_cast<sockaddr*>(&a), len) != 0 ||
      getsockname(*fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    std::exit(1);
  return ntohs(a.sin_port);
}

struct Planned {
  CheckRequest request;
  size_t scenario;
};

std::vector<Planned> plan(const Config& c, const std::vector<uint16_t>& ports,
                          uint16_t refused_port) {
  std::vector<int> weights;
  for (const auto& s : kScenarios) weights.push_back(s.weight);
  std::mt19937_64 rng(c.seed);
  std::discrete_distribution<size_t> pick(weights.begin(), weights.end());
  std::vector<Planned> out;
  for (size_t i = 0; i < c.urls; ++i) {
    size_t s = pick(rng);
    std::string name = kScenarios[s].name;
    size_t host = i % c.hosts;
    // Soft 404 by front page needs a catch-all host, huge-compared one too (its page is
    // compared with the front page, reading at most the body cap); the others do not.
    if (name == "soft-catchall" || name == "huge-compared")
      host = host / 10 * 10 + 9;
    else if (catch_all_host(host))
      host -= 1;
    host %= c.hosts;
    const std::string origin = host_name(host) + ":" + std::to_string(ports[host]);
    const std::string id = std::to_string(i);
    Planned p{{"", CheckKind::original, ""}, s};
    if (name == "soft-catchall")
      p.request.url = "http://" + origin + "/missing/" + id;
    else if (name == "huge-compared")
      p.request.url = "http://" + origin + "/huge-" + id;
    else if (name == "loop")
      p.request.url = "http://" + origin + "/loop-a-" + id;
    else if (name == "dns")
      p.request.url = "http://gone-" + id + ".invalid/page";
    else if (name == "refused")
      p.request.url = "http://refusing.example:" + std::to_string(refused_port) + "/page-" + id;
    else if (name == "tls")
      p.request.url = "https://" + origin + "/page-" + id;
    else if (name == "unsupported")
      p.request.url = "ftp://" + host_name(host) + "/file-" + id;
    else if (name == "archive" || name == "archive-missing") {
      p.request.kind = CheckKind::archive;
      p.request.access_date = "2016-12-01";
      p.request.url = "http://" + origin + "/web/20161208100000/http://news.example/" +
                      (name == "archive" ? "story-" : "missing-") + id;
    } else {
      p.request.url = "http://" + origin + "/" + name + "-" + id;
    }
    out.push_back(std::move(p));
  }
  return out;
}

size_t open_fds() {
  size_t n = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.') ++n;
    closedir(d);
    --n;  // the directory stream itself
  }
  return n;
}

long rss_kb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

struct Series {
  size_t start = 0, max = 0, end = 0;
  void add(size_t v) {
    if (!started) start = max = v;
    started = true;
    max = std::max(max, v);
    end = v;
  }
  bool started = false;
};

// The child: runs the rounds, writes "P <decided>" lines while it goes, then the report.
[[noreturn]] void fetch_child(const Config& c, const ServerProcess& s, uint16_t refused_port,
                              int out_fd) {
  FILE* out = fdopen(out_fd, "w");
  std::vector<Planned> all = plan(c, s.ports, refused_port);
  FetchOptions o;
  for (size_t k = 0; k < c.hosts; ++k)
    o.resolve.push_back(host_name(k) + ":" + std::to_string(s.ports[k]) + ":127.0.0.1");
  o.resolve.push_back("refusing.example:" + std::to_string(refused_port) + ":127.0.0.1");
  o.allow_private = true;  // the fakes are on loopback
  o.concurrency = c.concurrency;
  o.per_host = 0;
  o.interval = std::chrono::milliseconds(0);
  o.connect_timeout = std::chrono::milliseconds(2000);
  // Generous against a loaded machine: a page that answers at once must never time out.
  o.total_timeout = std::chrono::milliseconds(15000);
  o.low_speed_time = std::chrono::seconds(2);
  o.backoff_initial = std::chrono::milliseconds(200);
  o.max_wait = std::chrono::milliseconds(5000);

  std::mutex mutex;
  Series fds, rss;
  std::vector<std::pair<size_t, long>> round_ends;
  std::atomic<bool> stop{false};
  auto sample = [&] {
    std::lock_guard lock(mutex);
    fds.add(open_fds());
    rss.add(static_cast<size_t>(rss_kb()));
  };
  sample();
  std::thread sampler([&] {
    while (!stop) {
      sample();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });

  std::vector<std::array<size_t, kVerdicts.size()>> got(kScenarioCount);
  std::map<std::pair<size_t, size_t>, std::string> example;  // (scenario, verdict) → reason
  std::vector<std::string> wrong;
  size_t decided = 0, wrong_count = 0;
  auto t0 = Steady::now();
  const size_t per_round = (all.size() + c.rounds - 1) / c.rounds;
  for (size_t start = 0; start < all.size(); start += per_round) {
    size_t end = std::min(all.size(), start + per_round);
    std::vector<CheckRequest> requests;
    for (size_t i = start; i < end; ++i) requests.push_back(all[i].request);
    auto results = check_urls(requests, o, nullptr, [&](size_t, const CheckResult&) {
      std::fprintf(out, "P\n");
      std::fflush(out);
    });
    for (size_t i = 0; i < results.size(); ++i) {
      const auto& r = results[i];
      const Planned& p = all[start + i];
      if (!r.done) continue;
      ++decided;
      ++got[p.scenario][static_cast<size_t>(r.verdict)];
      example.emplace(std::make_pair(p.scenario, static_cast<size_t>(r.verdict)), r.reason);
      if (r.verdict != kScenarios[p.scenario].expect) {
        ++wrong_count;
        if (wrong.size() < 10)
          wrong.push_back(std::string(kScenarios[p.scenario].name) + " " + r.url + ": " +
                          std::string(verdict_name(r.verdict)) + " (" + r.reason + ")");
      }
    }
    // Memory the allocator keeps for reuse is not a leak: return it before measuring.
    results.clear();
    results.shrink_to_fit();
    malloc_trim(0);
    sample();
    std::lock_guard lock(mutex);
    round_ends.emplace_back(fds.end, static_cast<long>(rss.end));
  }
  double secs = std::chrono::duration<double>(Steady::now() - t0).count();
  stop = true;
  sampler.join();

  std::fprintf(out, "R %zu %zu %zu %.2f\n", all.size(), decided, wrong_count, secs);
  for (size_t s = 0; s < kScenarioCount; ++s) {
    std::fprintf(out, "S %s %s", kScenarios[s].name,
                 std::string(verdict_name(kScenarios[s].expect)).c_str());
    for (size_t v = 0; v < kVerdicts.size(); ++v)
      if (got[s][v])
        std::fprintf(out, " %s=%zu", std::string(verdict_name(kVerdicts[v])).c_str(), got[s][v]);
    std::fprintf(out, "\n");
  }
  for (const auto& [key, reason] : example)
    std::fprintf(out, "X %s %s: %s\n", kScenarios[key.first].name,
                 std::string(verdict_name(kVerdicts[key.second])).c_str(), reason.c_str());
  for (const auto& w : wrong) std::fprintf(out, "W %s\n", w.c_str());
  std::fprintf(out, "F %zu %zu %zu\nM %zu %zu %zu\n", fds.start, fds.max, fds.end, rss.start,
               rss.max, rss.end);
  for (const auto& [f, m] : round_ends) std::fprintf(out, "E %zu %ld\n", f, m);
  std::fclose(out);
  _exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  Config c;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "soak_fetch: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--urls")
      c.urls = std::stoul(next());
    else if (a == "--hosts")
      c.hosts = std::max<size_t>(10, std::stoul(next()) / 10 * 10);
    else if (a == "--rounds")
      c.rounds = std::max<size_t>(1, std::stoul(next()));
    else if (a == "--concurrency")
      c.concurrency = std::stoul(next());
    else if (a == "--seed")
      c.seed = std::stoull(next());
    else if (a == "--stall")
      c.stall_seconds = std::stoi(next());
    else if (a == "--deadline")
      c.deadline_seconds = std::stoi(next());
    else {
      std::fprintf(stderr,
                   "usage: soak_fetch [--urls N] [--hosts N] [--rounds N] [--concurrency N] "
                   "[--seed S] [--stall SECONDS] [--deadline SECONDS]\n");
      return 2;
    }
  }
  signal(SIGPIPE, SIG_IGN);
  ServerProcess server = start_server(c);
  int refused_fd = -1;
  uint16_t refused_port = refusing_port(&refused_fd);
  std::printf(
      "soak-fetch: %zu URLs in %zu rounds across %zu fake hosts on loopback, %zu scenarios, "
      "seed %llu, politeness off (concurrency %zu)\n",
      c.urls, c.rounds, c.hosts, kScenarioCount, static_cast<unsigned long long>(c.seed),
      c.concurrency);
  std::fflush(stdout);

  int fds[2];
  if (pipe(fds) != 0) return 1;
  pid_t child = fork();
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(fds[0]);
    fetch_child(c, server, refused_port, fds[1]);
  }
  close(fds[1]);

  // The watchdog: progress lines must keep coming until the report does.
  std::string report, pending;
  size_t progress = 0;
  auto start = Steady::now(), last_progress = start;
  bool hung = false;
  for (;;) {
    pollfd p{fds[0], POLLIN, 0};
    int ready = poll(&p, 1, 1000);
    auto now = Steady::now();
    if (ready > 0) {
      char buf[65536];
      ssize_t n = read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      pending.append(buf, static_cast<size_t>(n));
      size_t nl;
      while ((nl = pending.find('\n')) != std::string::npos) {
        std::string line = pending.substr(0, nl);
        pending.erase(0, nl + 1);
        if (line == "P") {
          ++progress;
          last_progress = now;
        } else {
          report += line + "\n";
        }
      }
    }
    if (now - last_progress > std::chrono::seconds(c.stall_seconds) ||
        now - start > std::chrono::seconds(c.deadline_seconds)) {
      hung = true;
      kill(child, SIGKILL);
      break;
    }
  }
  int status = 0;
  waitpid(child, &status, 0);
  close(server.control);
  waitpid(server.pid, nullptr, 0);
  close(refused_fd);

  if (hung) {
    std::printf("FAIL: watchdog: %zu of %zu URLs decided, then nothing for %d s (or over %d s)\n",
                progress, c.urls, c.stall_seconds, c.deadline_seconds);
    return 1;
  }
  size_t urls = 0, decided = 0, wrong = 0;
  double secs = 0;
  size_t f0 = 0, fmax = 0, fend = 0, m0 = 0, mmax = 0, mend = 0;
  std::vector<std::pair<size_t, long>> rounds;
  bool have_report = false;
  std::string examples;
  std::printf("verdicts by scenario (expected first):\n");
  size_t pos = 0;
  while (pos < report.size()) {
    size_t nl = report.find('\n', pos);
    std::string line = report.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.rfind("R ", 0) == 0) {
      have_report =
          std::sscanf(line.c_str(), "R %zu %zu %zu %lf", &urls, &decided, &wrong, &secs) == 4;
    } else if (line.rfind("S ", 0) == 0) {
      std::printf("  %s\n", line.c_str() + 2);
    } else if (line.rfind("X ", 0) == 0) {
      examples += "  " + line.substr(2) + "\n";
    } else if (line.rfind("W ", 0) == 0) {
      std::printf("  wrong: %s\n", line.c_str() + 2);
    } else if (line.rfind("F ", 0) == 0) {
      std::sscanf(line.c_str(), "F %zu %zu %zu", &f0, &fmax, &fend);
    } else if (line.rfind("M ", 0) == 0) {
      std::sscanf(line.c_str(), "M %zu %zu %zu", &m0, &mmax, &mend);
    } else if (line.rfind("E ", 0) == 0) {
      size_t f = 0;
      long m = 0;
      std::sscanf(line.c_str(), "E %zu %ld", &f, &m);
      rounds.emplace_back(f, m);
    }
  }
  if (!have_report || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::printf("FAIL: the fetching process ended without a report (status %d)\n", status);
    return 1;
  }
  std::printf("a reason for each scenario and verdict:\n%s", examples.c_str());
  std::printf("URLs %zu, decided %zu, wrong verdicts %zu, %.1f s (%.0f URLs/s)\n", urls, decided,
              wrong, secs, static_cast<double>(urls) / secs);
  std::printf("open fds: start %zu, max %zu, end %zu; at the end of each round:", f0, fmax, fend);
  for (auto& r : rounds) std::printf(" %zu", r.first);
  std::printf("\nRSS MB: start %.1f, max %.1f, end %.1f; at the end of each round:", m0 / 1024.0,
              mmax / 1024.0, mend / 1024.0);
  for (auto& r : rounds) std::printf(" %.1f", static_cast<double>(r.second) / 1024.0);
  std::printf("\n");
  // No descriptor may outlive a round; RSS may settle after the first round (allocator
  // arenas, caches) but must not keep growing: the last round ends within 8 MB of the
  // first.
  bool fd_ok = true;
  for (auto& r : rounds) fd_ok = fd_ok && r.first == f0;
  bool rss_ok = rounds.empty() || rounds.back().second - rounds.front().second <= 8 * 1024;
  bool ok = decided == urls && wrong == 0 && fd_ok && rss_ok;
  std::printf(
      "%s: every URL decided %s, verdicts as expected %s, no fd growth %s, no RSS growth %s\n",
      ok ? "PASS" : "FAIL", decided == urls ? "yes" : "NO", wrong == 0 ? "yes" : "NO",
      fd_ok ? "yes" : "NO", rss_ok ? "yes" : "NO");
  return ok ? 0 : 1;
}
