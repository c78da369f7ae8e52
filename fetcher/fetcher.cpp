#include "fetcher/fetcher.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <memory>
#include <random>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "fetcher/address_policy.h"
#include "fetcher/ascii.h"
#include "fetcher/availability.h"
#include "fetcher/fetch_url.h"
#include "fetcher/host_schedule.h"
#include "fetcher/http_time.h"
#include "fetcher/response_head.h"
#include "fetcher/retry_after.h"
#include "fetcher/soft404.h"

#ifndef CITEDEX_VERSION
#define CITEDEX_VERSION "0"
#endif

namespace citedex::fetcher {

namespace {

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Two requests to one host start at least the interval apart as measured by the server:
// the margin covers the difference between connecting anew and reusing a connection.
constexpr milliseconds kIntervalMargin{5};
constexpr size_t kNoResult = static_cast<size_t>(-1);

bool is_2xx(long s) { return s >= 200 && s < 300; }
bool is_redirect(long s) { return s == 301 || s == 302 || s == 303 || s == 307 || s == 308; }

std::string random_token() {
  static std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

// The capture time an archive URL asks for: Wayback "/web/<digits>…/", archive.today
// "/<14 digits>/" or "/YYYY.MM.DD-hhmmss/".
std::string requested_timestamp(const std::string& path) {
  std::string_view p = path;
  if (p.rfind("/web/", 0) == 0)
    p.remove_prefix(5);
  else if (!p.empty() && p[0] == '/')
    p.remove_prefix(1);
  std::string digits;
  for (char c : p) {
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c == '.' || c == '-')
      continue;
    else
      break;
  }
  return digits.size() >= 8 && digits.size() <= 14 ? digits : "";
}

struct Job {
  size_t id = 0;             // position in the engine's job list (the schedule's id)
  size_t index = kNoResult;  // into the results; kNoResult for probes
  CheckKind kind = CheckKind::original;
  bool probe = false;
  std::optional<WallTime> access;
  std::string access_date;
  CheckResult res;
  PreparedUrl start;  // the prepared URL the check began with
  PreparedUrl cur;    // the URL of the next or current request
  bool get = false;
  bool restarted_with_get = false;
  bool have_body = false;
  std::string body;
  int retries = 0;
  std::set<std::string> visited;
  bool redirect_reason = false;
  std::string phase;  // availability: "before", "after", ""
};

// What an origin answers for a random path (the soft-404 probe).
struct Origin {
  enum class State { none, pending, done } state = State::none;
  long status = 0;
  std::string final_url, path, body;
  std::vector<Job*> waiters;
};

class Engine;

struct Transfer {
  Engine* engine = nullptr;
  Job* job = nullptr;
  CURL* easy = nullptr;
  std::string host;  // the schedule's host key
  std::string body;
  ResponseHead head;
  bool stopped = false;  // our write callback ended the body on purpose
  bool route_covered = false;
  bool refused = false;
  std::string refused_address;
  char errbuf[CURL_ERROR_SIZE] = {};

  std::string header(std::string_view name) const { return head.get(name); }
  bool has_header(std::string_view name) const { return head.has(name); }
};

class Engine {
 public:
  Engine(const FetchOptions& options, const std::atomic<bool>* cancel,
         const std::function<void(size_t, const CheckResult&)>& on_result,
         const std::function<void(const Progress&)>& on_progress)
      : opt_(options),
        routes_(options.resolve, options.connect_to),
        clock_(options.clock ? *options.clock : system_clock()),
        schedule_(
            {std::max<size_t>(options.concurrency, 1), options.per_host,
             options.interval.count() > 0 ? options.interval + kIntervalMargin : milliseconds(0)}),
        cancel_(cancel),
        on_result_(on_result),
        on_progress_(on_progress) {
    user_agent_ = opt_.user_agent.empty() ? default_user_agent() : opt_.user_agent;
    for (const auto& r : opt_.resolve) resolve_ = curl_slist_append(resolve_, r.c_str());
    for (const auto& c : opt_.connect_to) connect_to_ = curl_slist_append(connect_to_, c.c_str());
    accept_ = curl_slist_append(accept_, "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
    multi_ = curl_multi_init();
    if (!multi_) throw std::runtime_error("curl_multi_init failed");
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) {
      curl_multi_cleanup(multi_);
      throw std::runtime_error("epoll_create1 failed");
    }
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &Engine::on_socket);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &Engine::on_timer);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  }

  ~Engine() {
    for (Transfer* t : active_) {
      curl_multi_remove_handle(multi_, t->easy);
      curl_easy_cleanup(t->easy);
      delete t;
    }
    for (CURL* e : pool_) curl_easy_cleanup(e);
    curl_multi_cleanup(multi_);
    ::close(epoll_);
    curl_slist_free_all(resolve_);
    curl_slist_free_all(connect_to_);
    curl_slist_free_all(accept_);
  }

  std::vector<CheckResult> run(const std::vector<CheckRequest>& requests) {
    results_.resize(requests.size());
    for (size_t i = 0; i < requests.size(); ++i) results_[i].url = requests[i].url;
    progress_.total = requests.size();
    started_ = Steady::now();
    for (size_t i = 0; i < requests.size(); ++i) begin(i, requests[i]);
    std::vector<epoll_event> events(256);
    while (unfinished_ > 0) {
      if (cancel_ && cancel_->load()) break;
      for (auto& s : schedule_.start_ready(Steady::now())) start(jobs_[s.id], s.host);
      // Wait for a socket, libcurl's timer, or the schedule's next start.
      auto now = Steady::now();
      long long wait = 100;
      if (curl_timer_)
        wait = std::min<long long>(
            wait, std::chrono::duration_cast<milliseconds>(*curl_timer_ - now).count());
      if (schedule_.running() < opt_.concurrency)
        if (auto wake = schedule_.next_wakeup(now))
          wait = std::min<long long>(
              wait, std::chrono::duration_cast<milliseconds>(*wake - now).count() + 1);
      int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()),
                         static_cast<int>(std::max<long long>(wait, 0)));
      int running = 0;
      for (int i = 0; i < n; ++i) {
        int flags = 0;
        if (events[i].events & EPOLLIN) flags |= CURL_CSELECT_IN;
        if (events[i].events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
        if (events[i].events & (EPOLLERR | EPOLLHUP)) flags |= CURL_CSELECT_ERR;
        curl_multi_socket_action(multi_, events[i].data.fd, flags, &running);
      }
      if (curl_timer_ && *curl_timer_ <= Steady::now()) {
        curl_timer_.reset();
        curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
      }
      int left = 0;
      while (CURLMsg* m = curl_multi_info_read(multi_, &left)) {
        if (m->msg != CURLMSG_DONE) continue;
        Transfer* t = nullptr;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &t);
        complete(t, m->data.result);
      }
      report_progress(false);
    }
    report_progress(true);
    return std::move(results_);
  }

  // libcurl tells which sockets to watch (CURLMOPT_SOCKETFUNCTION)…
  static int on_socket(CURL*, curl_socket_t s, int what, void* user, void*) {
    auto* self = static_cast<Engine*>(user);
    if (what == CURL_POLL_REMOVE) {
      epoll_ctl(self->epoll_, EPOLL_CTL_DEL, s, nullptr);
      self->watched_.erase(s);
      return 0;
    }
    epoll_event ev{};
    ev.data.fd = s;
    if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) ev.events |= EPOLLIN;
    if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) ev.events |= EPOLLOUT;
    // Our record of watched sockets can be stale (a descriptor closed and its number
    // reused): MOD on a socket epoll no longer has fails with ENOENT, ADD on one it has
    // with EEXIST; either way the other call fixes it.
    bool known = self->watched_.count(s) > 0;
    if (epoll_ctl(self->epoll_, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, s, &ev) != 0) {
      if (known && errno == ENOENT) epoll_ctl(self->epoll_, EPOLL_CTL_ADD, s, &ev);
      if (!known && errno == EEXIST) epoll_ctl(self->epoll_, EPOLL_CTL_MOD, s, &ev);
    }
    self->watched_.insert(s);
    return 0;
  }

  // …and when to call it back without socket activity (CURLMOPT_TIMERFUNCTION).
  static int on_timer(CURLM*, long timeout_ms, void* user) {
    auto* self = static_cast<Engine*>(user);
    if (timeout_ms < 0)
      self->curl_timer_.reset();
    else
      self->curl_timer_ = Steady::now() + milliseconds(timeout_ms);
    return 0;
  }

  // Write callback policy: whether the body of this response is worth reading.
  bool wants_body(const Transfer& t) {
    const Job& job = *t.job;
    long status = t.head.status;
    switch (job.kind) {
      case CheckKind::availability:
        return true;
      case CheckKind::archive:
        return is_2xx(status) && !t.has_header("memento-datetime");
      case CheckKind::original: {
        if (!job.get || !is_2xx(status)) return false;
        if (job.probe) return true;
        auto it = origins_.find(origin_of(job.cur));
        return it == origins_.end() || it->second.state != Origin::State::done ||
               is_2xx(it->second.status);
      }
    }
    return false;
  }

  bool may_connect(Transfer& t, const sockaddr* address) {
    if (opt_.allow_private || t.route_covered || !is_private_address(address)) return true;
    char buf[INET6_ADDRSTRLEN] = "?";
    if (address->sa_family == AF_INET)
      inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, buf, sizeof buf);
    else if (address->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, buf,
                sizeof buf);
    t.refused = true;
    t.refused_address = buf;
    return false;
  }

  size_t body_cap() const { return opt_.body_cap; }

 private:
  // ---- setting up
  Job& new_job() {
    jobs_.emplace_back();
    jobs_.back().id = jobs_.size() - 1;
    return jobs_.back();
  }

  void begin(size_t index, const CheckRequest& request) {
    Job& job = new_job();
    job.index = index;
    job.kind = request.kind;
    job.access_date = request.access_date;
    if (!request.access_date.empty()) job.access = parse_iso_date(request.access_date);
    job.res.url = request.url;
    ++unfinished_;
    PreparedUrl url = prepare_url(request.url);
    if (!url.ok) return finish(job, Verdict::unsupported, url.problem);
    job.res.checked_url = url.url;
    job.start = url;
    switch (request.kind) {
      case CheckKind::original:
        job.cur = url;
        job.visited.insert(url.url);
        break;
      case CheckKind::archive:
        if (url.host == "webcitation.org" || url.host == "www.webcitation.org")
          return finish(job, Verdict::defunct,
                        "WebCite (webcitation.org) stopped serving captures: find another archive");
        job.cur = url;
        job.get = true;
        job.visited.insert(url.url);
        job.res.requested_time = requested_timestamp(url.path);
        if (auto t = parse_wayback_timestamp(job.res.requested_time))
          job.res.requested_time = format_iso(*t);
        break;
      case CheckKind::availability:
        job.phase = job.access ? "before" : "";
        if (!set_availability_url(job)) return;
        break;
    }
    enqueue(job);
  }

  bool set_availability_url(Job& job) {
    PreparedUrl q = prepare_url(
        availability_query(opt_.availability_endpoint, job.start.url, job.access_date, job.phase));
    if (!q.ok) {
      finish(job, Verdict::archive_down, "bad availability endpoint: " + q.problem);
      return false;
    }
    job.cur = q;
    job.get = true;
    return true;
  }

  void enqueue(Job& job, Steady::time_point not_before = {}) {
    // RFC 6761: names under .invalid never resolve, and resolvers must not be asked.
    const std::string& h = job.cur.host;
    if (h == "invalid" || (h.size() > 8 && h.compare(h.size() - 8, 8, ".invalid") == 0)) {
      job.res.curl_code = CURLE_COULDNT_RESOLVE_HOST;
      job.res.curl_error = "Could not resolve host: " + h + " (reserved name, RFC 6761)";
      job.res.final_url = job.cur.url;
      if (job.probe) {
        Origin& o = origins_[origin_of(job.start)];
        o.state = Origin::State::done;
        auto waiters = std::move(o.waiters);
        o.waiters.clear();
        for (Job* w : waiters) judge_page(*w, o);
        return;
      }
      if (job.kind == CheckKind::original)
        return finish(job, Verdict::dead, "host not found: " + h);
      return finish(job, Verdict::archive_down, "archive host not found: " + h);
    }
    schedule_.push(job.cur.host, job.id, not_before);
  }

  // ---- transfers

  void start(Job& job, const std::string& host) {
    auto* t = new Transfer;
    t->engine = this;
    t->job = &job;
    t->host = host;
    t->route_covered = routes_.covers(job.cur.host, job.cur.port);
    if (pool_.empty()) {
      t->easy = curl_easy_init();
    } else {
      t->easy = pool_.back();
      pool_.pop_back();
    }
    CURL* e = t->easy;
    curl_easy_setopt(e, CURLOPT_URL, job.cur.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_PROXY, "");
    if (job.get)
      curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    else
      curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, user_agent_.c_str());
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, accept_);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(opt_.connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(opt_.total_timeout.count()));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, opt_.low_speed_limit);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(opt_.low_speed_time.count()));
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Engine::on_write);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Engine::on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &Engine::on_open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t);
    if (!opt_.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, opt_.ca_file.c_str());
    if (resolve_) curl_easy_setopt(e, CURLOPT_RESOLVE, resolve_);
    if (connect_to_) curl_easy_setopt(e, CURLOPT_CONNECT_TO, connect_to_);
    if (!job.probe) ++job.res.requests;
    active_.insert(t);
    curl_multi_add_handle(multi_, e);
  }

  static size_t on_write(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t len = size * count;
    if (!t->engine->wants_body(*t)) {
      t->stopped = true;
      return 0;
    }
    size_t room = t->engine->body_cap() - std::min(t->body.size(), t->engine->body_cap());
    if (len > room) {
      t->body.append(data, room);
      t->stopped = true;
      return 0;
    }
    t->body.append(data, len);
    return len;
  }

  static size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t len = size * count;
    add_header_line(t->head, std::string_view(data, len));
    return len;
  }

  static curl_socket_t on_open_socket(void* user, curlsocktype, curl_sockaddr* address) {
    auto* t = static_cast<Transfer*>(user);
    if (!t->engine->may_connect(*t, &address->addr)) return CURL_SOCKET_BAD;
    return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  }

  void complete(Transfer* t, CURLcode code) {
    std::unique_ptr<Transfer> owned(t);
    active_.erase(t);
    Job& job = *t->job;
    curl_multi_remove_handle(multi_, t->easy);
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    if (status > 0) t->head.status = status;
    curl_off_t micros = 0;
    curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME_T, &micros);
    if (!job.probe) job.res.seconds += static_cast<double>(micros) / 1e6;
    curl_easy_reset(t->easy);
    pool_.push_back(t->easy);
    t->easy = nullptr;
    schedule_.finished(t->host);
    if (code == CURLE_WRITE_ERROR && t->stopped) code = CURLE_OK;
    if (job.probe) return after_probe(job, *t, code);
    switch (job.kind) {
      case CheckKind::original:
        return after_original(job, *t, code);
      case CheckKind::archive:
        return after_archive(job, *t, code);
      case CheckKind::availability:
        return after_availability(job, *t, code);
    }
  }

  std::string curl_message(const Transfer& t, CURLcode code) const {
    return t.errbuf[0] ? std::string(t.errbuf) : std::string(curl_easy_strerror(code));
  }

  // Whether a usable HTTP answer arrived (even if the body then broke).
  static bool answered(const Transfer& t, CURLcode code) {
    return code == CURLE_OK || (t.head.status >= 200 && t.head.done);
  }

  std::string refused_reason(const Transfer& t) const {
    return "refused to connect to " + t.refused_address + " (a private or loopback address; " +
           "--allow-private allows it)";
  }

  // 429/503: wait and ask again, if the wait is acceptable. True when a retry was queued.
  bool retry_later(Job& job, const Transfer& t) {
    if (job.retries >= opt_.max_retries) return false;
    auto wait = parse_retry_after(t.header("retry-after"), clock_.now());
    if (!wait) wait = backoff_delay(job.retries, opt_.backoff_initial, opt_.max_wait);
    if (*wait > opt_.max_wait) return false;
    ++job.retries;
    auto at = Steady::now() + *wait;
    schedule_.hold(t.host, at);
    enqueue(job, at);
    return true;
  }

  // Follows a redirect. Returns false (and finishes the job or restarts it) when not.
  enum class Hop { followed, loop, too_many, bad_target };
  Hop follow(Job& job, const Transfer& t, PreparedUrl* target_out, std::string* problem) {
    PreparedUrl target = resolve_location(job.cur.url, t.header("location"));
    if (!target.ok) {
      *problem = target.problem;
      return Hop::bad_target;
    }
    *target_out = target;
    if (job.visited.count(target.url)) return Hop::loop;
    if (job.res.redirects + 1 > opt_.max_redirects) return Hop::too_many;
    ++job.res.redirects;
    job.visited.insert(target.url);
    job.cur = target;
    job.res.final_url = target.url;
    return Hop::followed;
  }

  void restart_with_get(Job& job) {
    job.get = true;
    job.restarted_with_get = true;
    job.cur = job.start;
    job.visited = {job.start.url};
    job.res.redirects = 0;
    enqueue(job);
  }

  void fallback_to_get(Job& job) {
    job.get = true;
    enqueue(job);
  }

  // Records what a transfer told of `job`: the URL it ended at, the status, and the
  // transfer error when the server did not answer. Returns true, with the job finished
  // as unsupported, when the address policy refused the connection.
  bool record_transfer(Job& job, Transfer& t, CURLcode code) {
    CheckResult& r = job.res;
    r.final_url = job.cur.url;
    if (t.head.status > 0) r.http_code = t.head.status;
    if (t.refused) {
      finish(job, Verdict::unsupported, refused_reason(t));
      return true;
    }
    if (!answered(t, code)) {
      r.curl_code = code;
      r.curl_error = curl_message(t, code);
    }
    return false;
  }

  void after_original(Job& job, Transfer& t, CURLcode code) {
    if (record_transfer(job, t, code)) return;
    CheckResult& r = job.res;
    if (!answered(t, code)) {
      if (code == CURLE_COULDNT_RESOLVE_HOST)
        return finish(job, Verdict::dead, "host not found: " + job.cur.host);
      if (code == CURLE_COULDNT_CONNECT)
        return finish(job, Verdict::dead, "connection refused: " + r.curl_error);
      if (!job.get) return fallback_to_get(job);
      return finish(job, verdict_for_curl_error(code), r.curl_error);
    }
    if (code != CURLE_OK) {  // the status and headers came, the body broke
      r.curl_code = code;
      r.curl_error = curl_message(t, code);
    } else {
      r.curl_code = 0;
      r.curl_error.clear();
    }
    long s = t.head.status;
    if (ascii_lower(t.header("cf-mitigated")) == "challenge")
      return finish(job, Verdict::blocked, "Cloudflare challenge (cf-mitigated: challenge)");
    if (is_redirect(s) && t.has_header("location")) {
      std::string from = job.cur.path, problem;
      PreparedUrl target;
      switch (follow(job, t, &target, &problem)) {
        case Hop::followed:
          if (is_soft404_redirect(from, job.cur.path))
            return finish(job, Verdict::soft_404,
                          job.cur.path == "/"
                              ? "redirects to the site root"
                              : "redirects to an error page (" + job.cur.path + ")");
          return enqueue(job);
        case Hop::bad_target:
          return finish(job, Verdict::unsupported, problem);
        case Hop::loop:
        case Hop::too_many: {
          bool loop = job.visited.count(target.url) > 0;
          if (!job.get) return restart_with_get(job);
          r.final_url = target.url;
          return finish(job, Verdict::dead,
                        loop ? "redirect loop"
                             : "more than " + std::to_string(opt_.max_redirects) + " redirects");
        }
      }
    }
    if (s == 429 || s == 503) {
      if (retry_later(job, t)) return;
      return finish(job, s == 429 ? Verdict::blocked : Verdict::transient,
                    "HTTP " + std::to_string(s) + " after " + std::to_string(job.retries) +
                        " retr" + (job.retries == 1 ? "y" : "ies"));
    }
    if (is_2xx(s)) {
      if (job.get && !t.body.empty()) {
        job.body = std::move(t.body);
        job.have_body = true;
      } else if (job.get && t.stopped == false && code == CURLE_OK) {
        job.have_body = true;  // an empty body, read in full
      }
      return check_soft404(job);
    }
    if (!job.get) return fallback_to_get(job);
    return finish(job, verdict_for_status(s), "HTTP " + std::to_string(s));
  }

  void check_soft404(Job& job) {
    if (!opt_.soft404_probe || job.cur.path == "/")
      return finish(job, Verdict::alive, "HTTP " + std::to_string(job.res.http_code));
    Origin& o = origins_[origin_of(job.cur)];
    switch (o.state) {
      case Origin::State::none: {
        o.state = Origin::State::pending;
        o.waiters.push_back(&job);
        Job& probe = new_job();
        probe.probe = true;
        probe.get = true;
        o.path = "/citedex-probe-" + random_token();
        probe.cur = prepare_url(origin_of(job.cur) + o.path);
        probe.start = probe.cur;
        probe.visited.insert(probe.cur.url);
        enqueue(probe);
        return;
      }
      case Origin::State::pending:
        o.waiters.push_back(&job);
        return;
      case Origin::State::done:
        return judge_page(job, o);
    }
  }

  void judge_page(Job& job, const Origin& o) {
    std::string ok = "HTTP " + std::to_string(job.res.http_code);
    if (!is_2xx(o.status)) return finish(job, Verdict::alive, ok);
    if (o.final_url == job.cur.url)
      return finish(job, Verdict::soft_404, "ends where a random path of the host ends");
    if (!job.have_body) {
      // A GET that answered 2xx but gave no body to compare (reset or stalled before
      // the first byte): asking again could go on for ever, so the 2xx stands.
      if (job.get)
        return finish(job, Verdict::alive,
                      ok + " (the host answers 200 for any path; this page's body could not be "
                           "read to compare)");
      // HEAD said 200, but this host says 200 to anything: read the page to compare.
      job.get = true;
      return enqueue(job);
    }
    auto page = page_signature(job.body, {job.cur.path});
    auto random = page_signature(o.body, {o.path});
    if (same_page(page, random))
      return finish(job, Verdict::soft_404, "the same page the host serves for a random path");
    return finish(job, Verdict::alive,
                  ok + " (the host answers 200 for any path; this page differs)");
  }

  void after_probe(Job& probe, Transfer& t, CURLcode code) {
    Origin& o = origins_[origin_of(probe.start)];
    if (!t.refused && answered(t, code) && is_redirect(t.head.status) && t.has_header("location")) {
      PreparedUrl target;
      std::string problem;
      if (follow(probe, t, &target, &problem) == Hop::followed && probe.res.redirects <= 5)
        return enqueue(probe);
    }
    o.state = Origin::State::done;
    o.status = !t.refused && answered(t, code) ? t.head.status : 0;
    o.final_url = probe.cur.url;
    o.body = std::move(t.body);
    auto waiters = std::move(o.waiters);
    o.waiters.clear();
    for (Job* w : waiters) judge_page(*w, o);
  }

  void after_archive(Job& job, Transfer& t, CURLcode code) {
    if (record_transfer(job, t, code)) return;
    CheckResult& r = job.res;
    if (!answered(t, code))
      return finish(job, Verdict::archive_down, "the archive did not answer: " + r.curl_error);
    long s = t.head.status;
    if (t.has_header("x-archive-redirect-reason")) job.redirect_reason = true;
    if (is_redirect(s) && t.has_header("location")) {
      PreparedUrl target;
      std::string problem;
      switch (follow(job, t, &target, &problem)) {
        case Hop::followed:
          return enqueue(job);
        case Hop::bad_target:
          return finish(job, Verdict::archive_down, problem);
        case Hop::loop:
          return finish(job, Verdict::archive_down, "redirect loop in the archive");
        case Hop::too_many:
          return finish(job, Verdict::archive_down, "too many redirects in the archive");
      }
    }
    if (s == 429 || s == 503) {
      if (retry_later(job, t)) return;
      return finish(job, Verdict::archive_down, "HTTP " + std::to_string(s) + " from the archive");
    }
    std::string memento = t.header("memento-datetime");
    if (!memento.empty()) {
      if (auto capture = parse_http_date(memento)) {
        r.capture_time = format_iso(*capture);
        if (job.access) r.capture_distance_days = days_between(*job.access, *capture);
      }
      long orig = std::atol(t.header("x-archive-orig-status").c_str());
      if (s >= 400 || orig >= 400)
        return finish(job, Verdict::error_capture,
                      "a capture of an HTTP " + std::to_string(s >= 400 ? s : orig) + " page");
      if (is_2xx(s)) {
        if (job.redirect_reason)
          return finish(job, Verdict::redirected,
                        "the archive redirected to another capture (" + r.capture_time + ")");
        return finish(job, Verdict::valid, "capture of " + r.capture_time);
      }
      return finish(job, Verdict::archive_down, "HTTP " + std::to_string(s) + " from the archive");
    }
    if (s == 404 || s == 410)
      return finish(job, Verdict::not_archived, "HTTP " + std::to_string(s) + " without a memento");
    if (is_2xx(s)) {
      std::string body = ascii_lower(t.body);
      // The archives' own notices ("This URL has been excluded from the Wayback
      // Machine", "…blocked by the site's robots.txt"); bare words such as "blocked" or
      // "unavailable" occur on ordinary pages and would mislabel them.
      for (const char* cue : {"has been excluded", "excluded from the", "robots.txt",
                              "not available in the wayback machine", "blocked by the site"})
        if (body.find(cue) != std::string::npos)
          return finish(job, Verdict::excluded,
                        std::string("a page without Memento-Datetime that says \"") + cue + "\"");
      return finish(job, Verdict::not_archived, "a page without Memento-Datetime (not a capture)");
    }
    return finish(job, Verdict::archive_down, "HTTP " + std::to_string(s) + " from the archive");
  }

  void after_availability(Job& job, Transfer& t, CURLcode code) {
    CheckResult& r = job.res;
    if (t.head.status > 0) r.http_code = t.head.status;
    if (t.refused) return finish(job, Verdict::archive_down, refused_reason(t));
    if (!answered(t, code)) {
      r.curl_code = code;
      r.curl_error = curl_message(t, code);
      return finish(job, Verdict::archive_down, "availability lookup failed: " + r.curl_error);
    }
    long s = t.head.status;
    if (is_redirect(s) && t.has_header("location")) {
      PreparedUrl target;
      std::string problem;
      if (follow(job, t, &target, &problem) == Hop::followed) return enqueue(job);
      return finish(job, Verdict::archive_down, "availability lookup: bad redirect");
    }
    if (s == 429 || s == 503) {
      if (retry_later(job, t)) return;
      return finish(job, Verdict::archive_down, "availability lookup: HTTP " + std::to_string(s));
    }
    if (s != 200)
      return finish(job, Verdict::archive_down, "availability lookup: HTTP " + std::to_string(s));
    std::optional<Snapshot> snap;
    try {
      snap = parse_availability(t.body);
    } catch (const std::invalid_argument& e) {
      return finish(job, Verdict::archive_down, std::string("availability lookup: ") + e.what());
    }
    if (!snap) {
      if (job.phase == "before") {
        job.phase = "after";
        if (set_availability_url(job)) enqueue(job);
        return;
      }
      return finish(job, Verdict::not_archived, "no capture in the Wayback Machine");
    }
    r.suggestion_url = snap->url;
    auto when = parse_wayback_timestamp(snap->timestamp);
    if (when) {
      r.suggestion_time = format_iso(*when);
      r.capture_time = r.suggestion_time;
      if (job.access) r.capture_distance_days = days_between(*job.access, *when);
    }
    bool before = job.access && when && *when <= *job.access;
    finish(job, Verdict::valid,
           std::string("closest capture ") + (job.access ? (before ? "before" : "after") : "") +
               (job.access ? " the access date" : " (no access date)"));
  }

  void finish(Job& job, Verdict v, std::string reason) {
    if (job.probe || job.index == kNoResult) return;
    job.res.done = true;
    job.res.verdict = v;
    job.res.reason = std::move(reason);
    if (job.res.final_url.empty() && job.cur.ok) job.res.final_url = job.cur.url;
    --unfinished_;
    ++progress_.done;
    ++progress_.by_verdict[static_cast<size_t>(v)];
    results_[job.index] = job.res;
    if (on_result_) on_result_(job.index, results_[job.index]);
  }

  void report_progress(bool final) {
    if (!on_progress_) return;
    auto now = Steady::now();
    if (!final && now - last_progress_ < milliseconds(250)) return;
    last_progress_ = now;
    progress_.elapsed_seconds = std::chrono::duration<double>(now - started_).count();
    on_progress_(progress_);
  }

  FetchOptions opt_;
  Routes routes_;
  const Clock& clock_;
  HostSchedule schedule_;
  const std::atomic<bool>* cancel_;
  const std::function<void(size_t, const CheckResult&)>& on_result_;
  const std::function<void(const Progress&)>& on_progress_;
  std::string user_agent_;
  curl_slist* resolve_ = nullptr;
  curl_slist* connect_to_ = nullptr;
  curl_slist* accept_ = nullptr;
  CURLM* multi_ = nullptr;
  int epoll_ = -1;
  std::unordered_set<curl_socket_t> watched_;
  std::optional<Steady::time_point> curl_timer_;  // when libcurl wants to be called back
  std::vector<CURL*> pool_;
  std::set<Transfer*> active_;
  std::deque<Job> jobs_;  // stable addresses; a job's id is its position
  std::unordered_map<std::string, Origin> origins_;
  std::vector<CheckResult> results_;
  size_t unfinished_ = 0;
  Progress progress_;
  Steady::time_point started_, last_progress_;
};

}  // namespace

std::string default_user_agent() {
  return std::string("citedex/") + CITEDEX_VERSION + " (link-rot audit of cited references)";
}

std::vector<CheckResult> check_urls(
    const std::vector<CheckRequest>& requests, const FetchOptions& options,
    const std::atomic<bool>* cancel,
    const std::function<void(size_t, const CheckResult&)>& on_result,
    const std::function<void(const Progress&)>& on_progress) {
  static const bool initialized = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!initialized) throw std::runtime_error("libcurl failed to initialize");
  Engine engine(options, cancel, on_result, on_progress);
  return engine.run(requests);
}

CheckResult find_archive(const std::string& url, const std::string& access_date,
                         const FetchOptions& options) {
  return check_urls({CheckRequest{url, CheckKind::availability, access_date}}, options).front();
}

}  // namespace citedex::fetcher
