// How long to wait before asking a server again: its Retry-After header (delay-seconds
// or an HTTP-date, RFC 9110 §10.2.3), else exponential backoff, both capped by the caller.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "fetcher/clock.h"

namespace citedex::fetcher {

// The wait a Retry-After value asks for, measured from `now` (the injectable wall clock
// matters for the HTTP-date form). A date in the past gives zero. nullopt when the value
// is neither a non-negative integer nor an HTTP-date.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, WallTime now);

// initial × 2^attempt (attempt 0 is the first retry), never more than `cap`.
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds initial,
                                        std::chrono::milliseconds cap);

}  // namespace citedex::fetcher
