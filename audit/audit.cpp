#include "audit/audit.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "fetcher/http_time.h"
#include "indexer/index_db.h"
#include "indexer/index_writer.h"
#include "indexer/link_status.h"
#include "indexer/record.h"
#include "indexer/schema.h"
#include "search/query.h"

namespace citedex::audit {

namespace {

using Json = nlohmann::json;
using fetcher::CheckKind;
using fetcher::CheckRequest;
using fetcher::CheckResult;
using fetcher::Verdict;
using fetcher::WallTime;
using StateKey = std::pair<std::string, bool>;  // a URL, and whether as an archive copy

std::optional<WallTime> time_of(const Json& state, const char* key) {
  if (!state.is_object() || !state.contains(key) || !state[key].is_string()) return std::nullopt;
  return fetcher::parse_iso_date(state[key].get<std::string>());
}

bool older_than(const Json& state, const char* key, WallTime now, long days) {
  auto t = time_of(state, key);
  return !t || fetcher::days_between(*t, now) >= days;
}

// The access date a reference's archive copy is measured against: its access date,
// else its publication date.
std::string access_date_of(const Json& ref) {
  std::string d = ref.value("access_date", "");
  if (d.empty()) d = ref.value("date", "");
  return fetcher::parse_iso_date(d) ? d : "";
}

}  // namespace

Json next_state(const Json& previous, const std::string& url, bool archive, const CheckResult& r,
                WallTime now, const Policy& policy) {
  Json s = previous.is_object() ? previous : Json::object();
  const std::string verdict(fetcher::verdict_name(r.verdict));
  const std::string now_iso = fetcher::format_iso(now);
  s["url"] = url;
  s["kind"] = archive ? "archive" : "original";
  s["verdict"] = verdict;
  s["checks"] = s.value("checks", 0) + 1;
  s["last_checked"] = now_iso;
  s["http_code"] = r.http_code;
  s["curl_error"] = r.curl_error;
  s["final_url"] = r.final_url;
  s["redirects"] = r.redirects;
  s["seconds"] = r.seconds;
  s["reason"] = r.reason;
  if (archive) {
    s["status"] = verdict;
    s["capture_time"] = r.capture_time;
    s["requested_time"] = r.requested_time;
    if (r.capture_distance_days)
      s["distance_days"] = *r.capture_distance_days;
    else
      s.erase("distance_days");
    return s;
  }
  int failures = s.value("failures", 0);
  if (r.verdict == Verdict::dead || r.verdict == Verdict::soft_404) {
    if (failures == 0) {
      failures = 1;
      s["first_failure"] = now_iso;
      s["last_failure"] = now_iso;
    } else if (older_than(s, "last_failure", now, policy.days_apart)) {
      ++failures;
      s["last_failure"] = now_iso;
    }
    s["status"] = failures >= policy.dead_after ? verdict : "failing";
  } else if (r.verdict == Verdict::alive) {
    failures = 0;
    s.erase("first_failure");
    s["status"] = "alive";
  } else {
    s["status"] = verdict;
  }
  s["failures"] = failures;
  s["dead_after"] = policy.dead_after;
  return s;
}

bool due(const Json& state, WallTime now, const Policy& policy) {
  if (!state.is_object()) return true;
  std::string status = state.value("status", "");
  if (status == "blocked" || status == "transient" || status == "archive-down") return true;
  if (status == "failing") return older_than(state, "last_failure", now, policy.days_apart);
  return older_than(state, "last_checked", now, policy.recheck_after_days);
}

namespace {

// What the audit reads from the index before it checks anything.
struct Snapshot {
  std::vector<std::pair<Xapian::docid, Json>> refs;  // the matched references with a URL
  std::map<StateKey, Json> states;                   // null: never checked
  std::map<StateKey, std::vector<size_t>> citing;    // indexes into refs
  std::map<std::string, std::string> access;         // archive url → access date
  std::set<StateKey> pending;                        // states to store at the next commit
};

// Reads the snapshot from `db`. Xapian exceptions pass through (the caller may read
// again when a writer discarded the revision).
Snapshot read_snapshot(const Xapian::Database& db, const Options& options,
                       const OutletTable& outlets) {
  // The references.
  Snapshot snap;
  auto& [refs, states, citing, access, pending] = snap;
  {
    Xapian::Query type(std::string(kPrefixType) + "reference");
    Xapian::Query query = type;
    if (!options.query.empty()) {
      ParsedQuery parsed = parse_query(options.query, db, outlets, "reference");
      query = Xapian::Query(Xapian::Query::OP_FILTER, *parsed.query, type);
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Json data = read_record(it.get_document());
      if (data.is_discarded()) continue;
      if (data.value("url", "").empty() && data.value("archive_url", "").empty()) continue;
      refs.emplace_back(*it, std::move(data));
    }
  }

  // Distinct URLs per role, their stored states, and the references citing them.
  for (size_t i = 0; i < refs.size(); ++i) {
    const Json& ref = refs[i].second;
    for (bool archive : {false, true}) {
      std::string url = ref.value(archive ? "archive_url" : "url", "");
      if (url.empty()) continue;
      StateKey key{url, archive};
      citing[key].push_back(i);
      if (states.count(key)) continue;
      LinkRole role = archive ? LinkRole::archive : LinkRole::original;
      states[key] = load_link_check(db, url, role);
      // An archive state under the original's key (an index written before archive
      // states had their own key) moves to its own key at the first commit.
      if (options.check && archive && states[key].is_object() &&
          db.get_metadata(link_check_key(url, role)).empty())
        pending.insert(key);
      if (archive && !access.count(url)) access[url] = access_date_of(ref);
    }
  }
  return snap;
}

}  // namespace

Result run(const Options& options, const OutletTable& outlets) {
  const fetcher::Clock& clock = options.clock ? *options.clock : fetcher::system_clock();
  Result result;
  if (options.check && stub_shard_count(options.db_path) > 0)
    throw IndexError(IndexError::Kind::io,
                     "audit --check writes verdicts into the index: it needs a single database, "
                     "not the sharded index at " +
                         options.db_path);
  // --check holds the write lock for the whole run, so no re-index moves documents under
  // it; a report only reads, and reads again if a running `citedex index` commits under it.
  std::optional<Xapian::WritableDatabase> writable;
  Snapshot snap;
  if (options.check) {
    require_index(options.db_path);  // a mistyped --db must not create an empty index
    writable.emplace(open_for_writing(options.db_path, false));
    snap = guard_xapian([&] { return read_snapshot(*writable, options, outlets); });
  } else {
    snap = read_index(options.db_path,
                      [&](Xapian::Database& db) { return read_snapshot(db, options, outlets); });
  }
  auto& [refs, states, citing, access, pending] = snap;

  result.urls = states.size();

  auto state_of = [&](const std::string& url, bool archive) -> const Json& {
    static const Json none;
    if (url.empty()) return none;
    return states[{url, archive}];
  };

  if (options.check) {
    // Stores the pending states and applies them to the references citing them, in one
    // commit: after it the metadata and the documents agree.
    size_t results_since_commit = 0;
    auto last_commit = std::chrono::steady_clock::now();
    auto commit = [&] {
      last_commit = std::chrono::steady_clock::now();
      results_since_commit = 0;
      if (pending.empty()) return;
      guard_xapian([&] {
        Xapian::WritableDatabase& w = *writable;
        std::set<size_t> touched;
        for (const auto& key : pending) {
          if (!key.second) continue;
          std::string legacy = link_check_key(key.first, LinkRole::original);
          auto old = Json::parse(w.get_metadata(legacy), nullptr, false);
          if (old.is_object() && old.value("kind", "") == "archive" &&
              old.value("url", "") == key.first)
            w.set_metadata(legacy, "");
        }
        for (const auto& key : pending) {
          LinkRole role = key.second ? LinkRole::archive : LinkRole::original;
          w.set_metadata(link_check_key(key.first, role),
                         states[key].dump(-1, ' ', false, Json::error_handler_t::replace));
          touched.insert(citing[key].begin(), citing[key].end());
        }
        for (size_t i : touched) {
          const auto& [id, ref] = refs[i];
          Xapian::Document doc = w.get_document(id);
          apply_link_status(doc, state_of(ref.value("url", ""), false),
                            state_of(ref.value("archive_url", ""), true));
          w.replace_document(id, doc);
        }
        w.commit();
        return 0;
      });
      pending.clear();
    };
    auto obtained = [&](const StateKey& key) {
      pending.insert(key);
      if (++results_since_commit >= std::max<size_t>(1, options.commit_every) ||
          std::chrono::steady_clock::now() - last_commit >= options.commit_interval)
        commit();
    };
    // Called by the fetcher at least every 250 ms: commits on time when results are rare.
    auto on_progress = [&](const fetcher::Progress& p) {
      if (results_since_commit > 0 &&
          std::chrono::steady_clock::now() - last_commit >= options.commit_interval)
        commit();
      if (options.on_progress) options.on_progress(p);
    };

    WallTime now = clock.now();
    std::vector<CheckRequest> requests;
    std::vector<StateKey> keys;
    for (const auto& [key, state] : states) {
      if (!due(state, now, options.policy)) {
        ++result.skipped;
        continue;
      }
      const auto& [url, archive] = key;
      requests.push_back(
          {url, archive ? CheckKind::archive : CheckKind::original, archive ? access[url] : ""});
      keys.push_back(key);
    }
    fetcher::FetchOptions fetch = options.fetch;
    fetch.clock = &clock;
    auto checked = [&](size_t i, const CheckResult& r) {
      const StateKey& key = keys[i];
      states[key] = next_state(states[key], key.first, key.second, r, now, options.policy);
      ++result.checked;
      obtained(key);
    };
    auto results = fetcher::check_urls(requests, fetch, options.cancel, checked, on_progress);
    for (const auto& r : results)
      if (!r.done) result.interrupted = true;

    // Suggestions for dead and soft-404 links without an archive copy.
    if (options.find_archives && !result.interrupted) {
      std::vector<CheckRequest> lookups;
      std::vector<StateKey> for_keys;
      std::set<std::string> asked;
      for (const auto& [id, ref] : refs) {
        std::string url = ref.value("url", "");
        if (url.empty() || !ref.value("archive_url", "").empty() || asked.count(url)) continue;
        const Json& s = state_of(url, false);
        std::string verdict = s.is_object() ? s.value("verdict", "") : "";
        if (verdict != "dead" && verdict != "soft-404") continue;
        if (s.contains("suggestion_checked") &&
            !older_than(s, "suggestion_checked", now, options.policy.recheck_after_days))
          continue;
        asked.insert(url);
        lookups.push_back({url, CheckKind::availability, access_date_of(ref)});
        for_keys.push_back({url, false});
      }
      auto found_one = [&](size_t i, const CheckResult& r) {
        ++result.lookups;
        Json& s = states[for_keys[i]];
        s["suggestion_checked"] = fetcher::format_iso(now);
        s["suggestion_verdict"] = std::string(fetcher::verdict_name(r.verdict));
        if (r.verdict == Verdict::valid) {
          s["suggestion_url"] = r.suggestion_url;
          s["suggestion_time"] = r.suggestion_time;
          if (r.capture_distance_days) s["suggestion_distance_days"] = *r.capture_distance_days;
        }
        obtained(for_keys[i]);
      };
      auto found = fetcher::check_urls(lookups, fetch, options.cancel, found_one, on_progress);
      for (const auto& r : found)
        if (!r.done) result.interrupted = true;
    }
    commit();
  }

  for (auto& [id, ref] : refs) {
    std::string url = ref.value("url", ""), archive = ref.value("archive_url", "");
    ref.erase("check");
    ref.erase("archive_check");
    if (const Json& s = state_of(url, false); s.is_object()) ref["check"] = s;
    if (const Json& s = state_of(archive, true); s.is_object()) ref["archive_check"] = s;
    result.references.push_back(std::move(ref));
  }
  return result;
}

}  // namespace citedex::audit
