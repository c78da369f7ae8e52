#include "cli/audit_command.h"

#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <map>

#include "cli/commands.h"
#include "cli/guarded.h"
#include "fetcher/address_policy.h"
#include "fetcher/http_time.h"
#include "indexer/index_db.h"
#include "indexer/outlet_table.h"
#include "indexer/schema.h"
#include "search/query.h"

namespace citedex::cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_stop_signal(int) { g_interrupted = true; }

// SIGINT (Ctrl-C), SIGTERM and SIGHUP stop the checks while installed: the verdicts
// obtained are committed and the command exits 130.
class StopSignals {
 public:
  StopSignals() {
    for (size_t i = 0; i < kSignals.size(); ++i)
      previous_[i] = std::signal(kSignals[i], on_stop_signal);
  }
  ~StopSignals() {
    for (size_t i = 0; i < kSignals.size(); ++i) std::signal(kSignals[i], previous_[i]);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  static constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};
  std::array<void (*)(int), 3> previous_{};
};

// The status columns of the tally tables, in order.
std::vector<std::string> status_columns() {
  std::vector<std::string> cols;
  for (auto s : kLinkStatuses) cols.emplace_back(s);
  return cols;
}

std::string status_of(const Json& ref) {
  if (ref.contains("check")) return ref["check"].value("status", "unchecked");
  return ref.value("url", "").empty() ? "" : "unchecked";
}

std::string archive_verdict_of(const Json& ref) {
  if (ref.contains("archive_check")) return ref["archive_check"].value("verdict", "");
  return ref.value("archive_url", "").empty() ? "" : "unchecked";
}

std::string shown_status(const Json& ref) {
  std::string s = status_of(ref);
  if (s == "failing" && ref.contains("check"))
    return "failing (" + std::to_string(ref["check"].value("failures", 0)) + "/" +
           std::to_string(ref["check"].value("dead_after", 3)) + ")";
  return s;
}

void render(std::ostream& o, const Json& r, std::string& section) {
  const std::string kind = r.value("record", "");
  auto header = [&](const std::string& name, const std::string& title) {
    if (section == name) return;
    section = name;
    o << "\n" << title << "\n";
  };
  auto cell = [](const std::string& s, int width) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%*s", width, s.c_str());
    return std::string(buf);
  };
  if (kind == "summary") {
    o << r["references"] << " references with a URL, " << r["urls"] << " distinct URLs";
    if (r.value("check", false))
      o << "; checked " << r["checked"] << ", skipped " << r["skipped"]
        << " (checked recently), archive lookups " << r["lookups"];
    if (r.value("interrupted", false)) o << " — interrupted: the verdicts obtained are kept";
    o << "\n";
  } else if (kind == "outlet" || kind == "article") {
    header(kind, kind == "outlet" ? "By outlet:" : "By article:");
    if (r.value("first", false)) {
      o << cell("total", 6);
      for (const auto& s : status_columns()) o << cell(s, std::max<int>(6, s.size() + 1));
      o << "  " << kind << "\n";
    }
    o << cell(std::to_string(r["total"].get<size_t>()), 6);
    for (const auto& s : status_columns())
      o << cell(std::to_string(r[s].get<size_t>()), std::max<int>(6, s.size() + 1));
    o << "  " << r.value("name", "") << "\n";
  } else if (kind == "rescue") {
    header(kind, "Needing rescue (dead or soft-404, no valid archive copy):");
    o << "  " << r.value("article", "") << " [" << r.value("label", "") << "] "
      << r.value("outlet", "(outlet unknown)") << "  " << r.value("status", "") << "  "
      << r.value("url", "") << "\n";
    if (!r.value("archive_url", "").empty())
      o << "      archive: " << r.value("archive_verdict", "") << "  " << r.value("archive_url", "")
        << "\n";
    if (!r.value("suggestion_url", "").empty())
      o << "      suggestion: " << r.value("suggestion_url", "") << "\n";
  } else if (kind == "broken-archive") {
    header(kind, "Broken archive copies:");
    o << "  " << r.value("article", "") << " [" << r.value("label", "") << "] "
      << r.value("archive_verdict", "") << "  " << r.value("archive_url", "") << "\n";
  } else if (kind == "far-capture") {
    header(kind, "Captures far from the access date:");
    o << "  " << r.value("article", "") << " [" << r.value("label", "") << "] "
      << r["distance_days"].get<long>() << " days (access " << r.value("access_date", "")
      << ", capture " << r.value("capture_time", "") << ")  " << r.value("archive_url", "") << "\n";
  }
}

Json tally_row(const std::string& kind, const std::string& name,
               const std::map<std::string, size_t>& counts, bool first) {
  Json row{{"record", kind}, {"name", name}};
  size_t total = 0;
  for (const auto& s : status_columns()) {
    auto it = counts.find(s);
    size_t n = it == counts.end() ? 0 : it->second;
    row[s] = n;
    total += n;
  }
  row["total"] = total;
  if (first) row["first"] = true;
  return row;
}

Json reference_row(const std::string& kind, const Json& ref) {
  Json row{{"record", kind},
           {"article", ref.value("article", "")},
           {"label", ref.value("label", "")},
           {"outlet", ref.value("outlet", "")},
           {"url", ref.value("url", "")},
           {"status", shown_status(ref)},
           {"archive_url", ref.value("archive_url", "")},
           {"archive_verdict", archive_verdict_of(ref)},
           {"access_date", ref.value("access_date", "")}};
  if (ref.contains("check")) {
    const Json& c = ref["check"];
    row["http_code"] = c.value("http_code", 0);
    row["reason"] = c.value("reason", "");
    row["suggestion_url"] = c.value("suggestion_url", "");
    row["suggestion_time"] = c.value("suggestion_time", "");
  }
  if (ref.contains("archive_check")) {
    const Json& a = ref["archive_check"];
    row["capture_time"] = a.value("capture_time", "");
    if (a.contains("distance_days")) row["distance_days"] = a["distance_days"];
    if (kind == "broken-archive") row["reason"] = a.value("reason", "");
  }
  return row;
}

class AuditProgressLine {
 public:
  explicit AuditProgressLine(std::ostream& err) : err_(err) {}
  void operator()(const fetcher::Progress& p) {
    double rate = p.elapsed_seconds > 0 ? static_cast<double>(p.done) / p.elapsed_seconds : 0;
    double eta = rate > 0 ? static_cast<double>(p.total - p.done) / rate : 0;
    char head[128];
    std::snprintf(head, sizeof head, "\r%zu/%zu  %.1f/s  ETA %ld:%02ld ", p.done, p.total, rate,
                  static_cast<long>(eta) / 60, static_cast<long>(eta) % 60);
    std::string line = head;
    for (auto v : fetcher::kVerdicts) {
      size_t n = p.by_verdict[static_cast<size_t>(v)];
      if (n) line += " " + std::string(fetcher::verdict_name(v)) + " " + std::to_string(n);
    }
    err_ << line << "\x1b[K" << std::flush;
    if (p.done == p.total) err_ << "\n";
  }

 private:
  std::ostream& err_;
};

}  // namespace

int run_audit(AuditConfig config, std::ostream& out, std::ostream& err) {
  std::optional<fetcher::FixedClock> fixed;
  if (!config.now.empty()) {
    auto t = fetcher::parse_iso_date(config.now);
    if (!t) {
      err << "citedex: --now '" << config.now << "' is not an ISO date (2024-03-01T12:00:00Z)\n";
      return kExitUsage;
    }
    fixed.emplace(*t);
    config.options.clock = &*fixed;
  }
  try {
    // Validates --resolve and --connect-to before anything is opened.
    fetcher::Routes routes(config.options.fetch.resolve, config.options.fetch.connect_to);
  } catch (const std::invalid_argument& e) {
    err << "citedex: " << e.what() << "\n";
    return kExitUsage;
  }
  g_interrupted = false;
  config.options.cancel = &g_interrupted;
  AuditProgressLine progress(err);
  if (config.progress) config.options.on_progress = std::ref(progress);
  audit::Result result;
  int rc = guarded(err, [&] {
    StopSignals stop;
    OutletTable table = load_outlet_table(
        config.outlets_file ? std::optional<std::filesystem::path>(*config.outlets_file)
                            : std::nullopt);
    config.options.db_path = resolve_db_path(config.options.db_path);
    result = audit::run(config.options, table);
    return static_cast<int>(kExitOk);
  });
  if (rc != kExitOk) return rc;

  std::string section;
  std::vector<std::string> columns{"record", "name", "total"};
  for (const auto& s : status_columns()) columns.push_back(s);
  for (const char* c : {"article", "label", "outlet", "url", "status", "http_code", "archive_url",
                        "archive_verdict", "access_date", "capture_time", "distance_days",
                        "suggestion_url", "suggestion_time", "reason"})
    columns.emplace_back(c);
  auto printer = make_printer(
      config.format, out, [&](std::ostream& o, const Json& r) { render(o, r, section); }, columns);

  printer->record(Json{{"record", "summary"},
                       {"references", result.references.size()},
                       {"urls", result.urls},
                       {"check", config.options.check},
                       {"checked", result.checked},
                       {"skipped", result.skipped},
                       {"lookups", result.lookups},
                       {"interrupted", result.interrupted}});
  std::map<std::string, std::map<std::string, size_t>> by_outlet, by_article;
  for (const auto& ref : result.references) {
    std::string status = status_of(ref);
    if (status.empty()) continue;  // only an archive URL
    std::string outlet = ref.value("outlet", "");
    ++by_outlet[outlet.empty() ? "(unknown)" : outlet][status];
    ++by_article[ref.value("article", "")][status];
  }
  bool first = true;
  for (const auto& [name, counts] : by_outlet) {
    printer->record(tally_row("outlet", name, counts, first));
    first = false;
  }
  first = true;
  for (const auto& [name, counts] : by_article) {
    printer->record(tally_row("article", name, counts, first));
    first = false;
  }
  for (const auto& ref : result.references) {
    std::string status = status_of(ref), archive = archive_verdict_of(ref);
    if ((status == "dead" || status == "soft-404") && archive != "valid")
      printer->record(reference_row("rescue", ref));
  }
  for (const auto& ref : result.references) {
    std::string archive = archive_verdict_of(ref);
    if (archive == "error-capture" || archive == "not-archived" || archive == "excluded" ||
        archive == "defunct")
      printer->record(reference_row("broken-archive", ref));
  }
  for (const auto& ref : result.references) {
    if (!ref.contains("archive_check") || !ref["archive_check"].contains("distance_days")) continue;
    long d = ref["archive_check"]["distance_days"].get<long>();
    if (d > config.far_days || d < -config.far_days)
      printer->record(reference_row("far-capture", ref));
  }
  printer->finish();
  return result.interrupted ? 130 : static_cast<int>(kExitOk);
}

}  // namespace citedex::cli
