// Politeness and concurrency: which queued request may start now. A request belongs to
// a host (by name); at most `concurrency` run at once overall, at most `per_host` at
// once on one host, and two requests to one host start at least `interval` apart.
// Hosts take turns (round robin), so one host with many URLs cannot starve the others.
// A host can be held back (Retry-After), and a request can wait for a time of its own
// (backoff). Pure bookkeeping on steady-clock times: no I/O, no threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <list>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

namespace citedex::fetcher {

class HostSchedule {
 public:
  using Time = std::chrono::steady_clock::time_point;
  struct Limits {
    size_t concurrency = 32;                // overall; at least 1
    size_t per_host = 2;                    // 0: no per-host limit
    std::chrono::milliseconds interval{0};  // between starts on one host; 0: none
  };
  struct Started {
    std::string host;
    size_t id;
  };

  explicit HostSchedule(Limits limits);

  // Queues request `id` for `host`; it may start from `not_before` on. Requests that had
  // to wait (a retry) go before the host's other requests once their time has come.
  void push(const std::string& host, size_t id, Time not_before = {});
  // Nothing starts on `host` before `until`.
  void hold(const std::string& host, Time until);
  // The requests that may start at `now`, in the order to start them; each counts as
  // running until finished(host) is called for it.
  std::vector<Started> start_ready(Time now);
  void finished(const std::string& host);

  // The earliest time after `now` at which start_ready could start something that waits
  // for a time (an interval, a hold, a backoff); nullopt when nothing does.
  std::optional<Time> next_wakeup(Time now) const;

  size_t running() const { return running_; }
  size_t queued() const { return queued_; }

 private:
  struct Host {
    std::string name;
    std::deque<size_t> queue;
    size_t running = 0;
    Time next_start{};
    bool in_ring = false;
  };
  struct Delayed {
    Time at;
    Host* host;
    size_t id;
    bool operator>(const Delayed& o) const { return at > o.at; }
  };
  Host& host(const std::string& name);
  bool can_start(const Host& h, Time now) const;

  Limits limits_;
  std::unordered_map<std::string, Host> hosts_;
  std::list<Host*> ring_;  // hosts with queued requests
  std::priority_queue<Delayed, std::vector<Delayed>, std::greater<>> delayed_;
  size_t running_ = 0, queued_ = 0;
};

}  // namespace citedex::fetcher
