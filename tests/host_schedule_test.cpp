// Politeness bookkeeping: concurrency, per-host limits, intervals, holds, round robin.
#include "fetcher/host_schedule.h"

#include <catch2/catch.hpp>

using namespace citedex::fetcher;
using namespace std::chrono_literals;
using Time = HostSchedule::Time;

TEST_CASE("per-host limit and interval", "[host_schedule]") {
  HostSchedule s({32, 2, 1000ms});
  for (size_t i = 0; i < 4; ++i) s.push("a.example", i);
  Time t0 = Time{} + 10s;
  auto first = s.start_ready(t0);
  REQUIRE(first.size() == 1);  // the interval holds the second back
  CHECK(first[0].id == 0);
  CHECK(s.start_ready(t0 + 999ms).empty());
  CHECK(s.next_wakeup(t0 + 999ms) == t0 + 1000ms);
  CHECK(s.start_ready(t0 + 1000ms).size() == 1);
  // Two running: the limit, whatever the interval.
  CHECK(s.start_ready(t0 + 5000ms).empty());
  s.finished("a.example");
  CHECK(s.start_ready(t0 + 5000ms).size() == 1);
  CHECK(s.running() == 2);
  CHECK(s.queued() == 1);
}

TEST_CASE("global concurrency and round robin over hosts", "[host_schedule]") {
  HostSchedule s({3, 0, 0ms});
  for (size_t i = 0; i < 6; ++i) s.push("big.example", i);
  s.push("small.example", 100);
  auto started = s.start_ready(Time{} + 1s);
  REQUIRE(started.size() == 3);
  bool small = false;
  for (auto& st : started) small = small || st.host == "small.example";
  CHECK(small);  // the host with one URL is not starved by the one with six
  CHECK(s.start_ready(Time{} + 1s).empty());
  s.finished("big.example");
  CHECK(s.start_ready(Time{} + 1s).size() == 1);
}

TEST_CASE("holds and delayed requests", "[host_schedule]") {
  HostSchedule s({32, 2, 0ms});
  Time t0 = Time{} + 100s;
  s.hold("slow.example", t0 + 2s);
  s.push("slow.example", 1);
  s.push("other.example", 2, t0 + 500ms);
  s.push("other.example", 3);
  auto now = s.start_ready(t0);
  REQUIRE(now.size() == 1);
  CHECK(now[0].id == 3);
  CHECK(s.next_wakeup(t0) == t0 + 500ms);
  auto later = s.start_ready(t0 + 500ms);
  REQUIRE(later.size() == 1);
  CHECK(later[0].id == 2);
  CHECK(s.start_ready(t0 + 1999ms).empty());
  CHECK(s.start_ready(t0 + 2s).size() == 1);
}
