#include "fetcher/host_schedule.h"

#include <algorithm>

namespace citedex::fetcher {

HostSchedule::HostSchedule(Limits limits) : limits_(limits) {
  if (limits_.concurrency == 0) limits_.concurrency = 1;
}

HostSchedule::Host& HostSchedule::host(const std::string& name) {
  auto [it, inserted] = hosts_.try_emplace(name);
  if (inserted) it->second.name = name;
  return it->second;
}

void HostSchedule::push(const std::string& name, size_t id, Time not_before) {
  Host& h = host(name);
  ++queued_;
  if (not_before != Time{}) {
    delayed_.push({not_before, &h, id});
    return;
  }
  h.queue.push_back(id);
  if (!h.in_ring) {
    h.in_ring = true;
    ring_.push_back(&h);
  }
}

void HostSchedule::hold(const std::string& name, Time until) {
  Host& h = host(name);
  h.next_start = std::max(h.next_start, until);
}

bool HostSchedule::can_start(const Host& h, Time now) const {
  return (limits_.per_host == 0 || h.running < limits_.per_host) && now >= h.next_start;
}

std::vector<HostSchedule::Started> HostSchedule::start_ready(Time now) {
  while (!delayed_.empty() && delayed_.top().at <= now) {
    Delayed d = delayed_.top();
    delayed_.pop();
    d.host->queue.push_front(d.id);
    if (!d.host->in_ring) {
      d.host->in_ring = true;
      ring_.push_back(d.host);
    }
  }
  std::vector<Started> started;
  bool progress = true;
  while (progress && running_ < limits_.concurrency && !ring_.empty()) {
    progress = false;
    for (auto it = ring_.begin(); it != ring_.end() && running_ < limits_.concurrency;) {
      Host& h = **it;
      if (can_start(h, now)) {
        started.push_back({h.name, h.queue.front()});
        h.queue.pop_front();
        --queued_;
        ++h.running;
        ++running_;
        if (limits_.interval.count() > 0) h.next_start = now + limits_.interval;
        progress = true;
      }
      if (h.queue.empty()) {
        h.in_ring = false;
        it = ring_.erase(it);
      } else {
        ++it;
      }
    }
  }
  // Next time, start with the hosts that came last.
  if (!ring_.empty() && !started.empty()) ring_.splice(ring_.end(), ring_, ring_.begin());
  return started;
}

void HostSchedule::finished(const std::string& name) {
  Host& h = host(name);
  if (h.running > 0) --h.running;
  if (running_ > 0) --running_;
}

std::optional<HostSchedule::Time> HostSchedule::next_wakeup(Time now) const {
  std::optional<Time> next;
  if (!delayed_.empty()) next = delayed_.top().at;
  for (const Host* h : ring_)
    if ((limits_.per_host == 0 || h->running < limits_.per_host) && h->next_start > now)
      if (!next || h->next_start < *next) next = h->next_start;
  return next;
}

}  // namespace citedex::fetcher
