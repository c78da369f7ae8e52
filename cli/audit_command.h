// `citedex audit [--check] [QUERY]`: the link-rot report of the indexed references, and
// with --check the link checks that feed it (audit/audit.h, docs/fetcher.md).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "cli/printer.h"

namespace citedex::cli {

struct AuditConfig {
  audit::Options options;  // db, query, check, find_archives, policy, fetch options
  std::optional<std::string> outlets_file;
  OutputFormat format = OutputFormat::text;
  long far_days = 180;    // captures further than this from the access date are listed
  bool progress = false;  // a progress line on standard error (a terminal)
  std::string now;        // --now: the wall clock for this run (ISO 8601), for tests
};

// Exit codes: 0 done; 130 interrupted (SIGINT, SIGTERM or SIGHUP; the verdicts obtained
// are stored); and those of the index commands (2 usage, 4 outlet table, 5 locked, 6 no
// usable index, 7 bad query).
int run_audit(AuditConfig config, std::ostream& out, std::ostream& err);

}  // namespace citedex::cli
