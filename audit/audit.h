// `citedex audit`: the link-rot audit of the references in the index. Selects the
// references a query matches (default: every reference with a URL or an archive URL),
// checks the URLs that are due with the fetcher (fetcher/fetcher.h), keeps one check
// state per URL and role (cited URL, archive copy) in the index metadata and applies it
// to every reference document citing that URL in that role (indexer/link_status.h), and
// returns the references with their states for the report. The states are committed in
// batches as the results come, so a run that is killed keeps what its last commit held.
// docs/fetcher.md describes the states and the policy.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fetcher/fetcher.h"

namespace citedex {
class OutletTable;
}

namespace citedex::audit {

// When a failing link becomes dead, and when a checked URL is due again.
struct Policy {
  int dead_after = 3;           // K: failed checks…
  long days_apart = 3;          // …at least D days apart
  long recheck_after_days = 7;  // alive (and other settled) URLs younger than this are skipped
};

// The state of `url` after a check that gave `result` at `now` (`previous` is the
// stored state or null). Originals: dead and soft-404 are failures; the first failure
// and each one at least D days after the last counted one increment the count; status
// is "failing" until K failures, then the verdict; alive resets the count; blocked,
// transient and unsupported leave the count as it was and are the status. Archives: the
// verdict is the status. Availability suggestions are kept from `previous`.
nlohmann::json next_state(const nlohmann::json& previous, const std::string& url, bool archive,
                          const fetcher::CheckResult& result, fetcher::WallTime now,
                          const Policy& policy);

// Whether `state` (null: never checked) is due for a check at `now`: always for blocked,
// transient, archive-down; failing once D days passed since the last counted failure;
// the others once recheck_after_days passed since the last check.
bool due(const nlohmann::json& state, fetcher::WallTime now, const Policy& policy);

struct Options {
  std::string db_path;
  std::string query;  // citedex query language; empty: every reference
  bool check = false;
  bool find_archives = false;
  Policy policy;
  fetcher::FetchOptions fetch;
  const fetcher::Clock* clock = nullptr;  // nullptr: the system clock
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(const fetcher::Progress&)> on_progress;
  // --check commits the states obtained every `commit_every` results or every
  // `commit_interval`, whichever comes first, and at the end. Each commit leaves the
  // metadata states and the reference documents' status in agreement.
  size_t commit_every = 200;
  std::chrono::milliseconds commit_interval{30000};
};

struct Result {
  // Each matched reference with a URL or an archive URL: its record, with
  // "check" and "archive_check" holding the states of its URLs (when checked).
  std::vector<nlohmann::json> references;
  size_t urls = 0;     // distinct URLs of those references, once per role (cited, archive copy)
  size_t checked = 0;  // URLs checked in this run
  size_t skipped = 0;  // URLs not due (checked recently)
  size_t lookups = 0;  // availability lookups made
  bool interrupted = false;  // cancelled: only the verdicts obtained were stored
};

// Runs the audit. Throws IndexError (index missing, locked, damaged; --check on a
// sharded index), QueryError (malformed query), std::invalid_argument (bad routes).
Result run(const Options& options, const OutletTable& outlets);

}  // namespace citedex::audit
