// The wall clock of the fetcher and the audit, injectable so time-dependent logic
// (Retry-After dates, "dead after K checks D days apart", recheck ages) can be tested.
// Scheduling (politeness intervals, backoff waits) runs on std::chrono::steady_clock and
// is not affected by this clock.
#pragma once

#include <chrono>

namespace citedex::fetcher {

using WallTime = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual WallTime now() const = 0;
};

// The real clock.
class SystemClock : public Clock {
 public:
  WallTime now() const override { return std::chrono::system_clock::now(); }
};

// A clock that says what it was set to (tests, `citedex audit --now`).
class FixedClock : public Clock {
 public:
  explicit FixedClock(WallTime t) : t_(t) {}
  WallTime now() const override { return t_; }
  void set(WallTime t) { t_ = t; }

 private:
  WallTime t_;
};

// A process-wide SystemClock.
const Clock& system_clock();

}  // namespace citedex::fetcher
