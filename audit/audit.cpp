#include "audit/audit.h"

#include <xapian.h>

#include <map>
#include <set>

#include "fetcher/http_time.h"
#include "indexer/index_db.h"
#include "indexer/index_writer.h"
#include "indexer/link_status.h"
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

Result run(const Options& options, const OutletTable& outlets) {
  const fetcher::Clock& clock = options.clock ? *options.clock : fetcher::system_clock();
  Result result;
  if (options.check && stub_shard_count(options.db_path) > 0)
    throw IndexError(IndexError::Kind::io,
                     "audit --check writes verdicts into the index: it needs a single database, "
                     "not the sharded index at " +
                         options.db_path);
  // --check holds the write lock for the whole run, so no re-index moves documents under
  // it; a report only reads.
  std::optional<Xapian::WritableDatabase> writable;
  std::optional<Xapian::Database> readable;
  if (options.check) {
    writable.emplace(open_for_writing(options.db_path, false));
  } else {
    readable.emplace(open_for_reading(options.db_path));
  }
  const Xapian::Database& db = options.check ? *writable : *readable;

  // The references.
  std::vector<std::pair<Xapian::docid, Json>> refs;
  guard_xapian([&] {
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
      Json data = Json::parse(it.get_document().get_data(), nullptr, false);
      if (data.is_discarded()) continue;
      if (data.value("url", "").empty() && data.value("archive_url", "").empty()) continue;
      refs.emplace_back(*it, std::move(data));
    }
    return 0;
  });

  // Distinct URLs and their stored states.
  std::map<std::string, Json> states;         // url → state (null: never checked)
  std::map<std::string, std::string> access;  // archive url → access date
  std::set<std::string> archives;
  for (const auto& [id, ref] : refs) {
    for (const char* key : {"url", "archive_url"}) {
      std::string url = ref.value(key, "");
      if (url.empty() || states.count(url)) continue;
      states[url] = guard_xapian([&] { return load_link_check(db, url); });
    }
    std::string archive = ref.value("archive_url", "");
    if (!archive.empty()) {
      archives.insert(archive);
      if (!access.count(archive)) access[archive] = access_date_of(ref);
    }
  }
  result.urls = states.size();

  std::set<std::string> changed;
  if (options.check) {
    WallTime now = clock.now();
    std::vector<CheckRequest> requests;
    std::vector<std::string> urls;
    for (const auto& [url, state] : states) {
      if (!due(state, now, options.policy)) {
        ++result.skipped;
        continue;
      }
      bool archive = archives.count(url) > 0;
      requests.push_back(
          {url, archive ? CheckKind::archive : CheckKind::original, archive ? access[url] : ""});
      urls.push_back(url);
    }
    fetcher::FetchOptions fetch = options.fetch;
    fetch.clock = &clock;
    auto results = fetcher::check_urls(requests, fetch, options.cancel, {}, options.on_progress);
    for (size_t i = 0; i < results.size(); ++i) {
      if (!results[i].done) {
        result.interrupted = true;
        continue;
      }
      ++result.checked;
      states[urls[i]] = next_state(states[urls[i]], urls[i], archives.count(urls[i]) > 0,
                                   results[i], now, options.policy);
      changed.insert(urls[i]);
    }

    // Suggestions for dead and soft-404 links without an archive copy.
    if (options.find_archives && !result.interrupted) {
      std::vector<CheckRequest> lookups;
      std::vector<std::string> for_urls;
      std::set<std::string> asked;
      for (const auto& [id, ref] : refs) {
        std::string url = ref.value("url", "");
        if (url.empty() || !ref.value("archive_url", "").empty() || asked.count(url)) continue;
        const Json& s = states[url];
        std::string verdict = s.is_object() ? s.value("verdict", "") : "";
        if (verdict != "dead" && verdict != "soft-404") continue;
        if (s.contains("suggestion_checked") &&
            !older_than(s, "suggestion_checked", now, options.policy.recheck_after_days))
          continue;
        asked.insert(url);
        lookups.push_back({url, CheckKind::availability, access_date_of(ref)});
        for_urls.push_back(url);
      }
      auto found = fetcher::check_urls(lookups, fetch, options.cancel, {}, options.on_progress);
      for (size_t i = 0; i < found.size(); ++i) {
        if (!found[i].done) {
          result.interrupted = true;
          continue;
        }
        ++result.lookups;
        Json& s = states[for_urls[i]];
        s["suggestion_checked"] = fetcher::format_iso(now);
        s["suggestion_verdict"] = std::string(fetcher::verdict_name(found[i].verdict));
        if (found[i].verdict == Verdict::valid) {
          s["suggestion_url"] = found[i].suggestion_url;
          s["suggestion_time"] = found[i].suggestion_time;
          if (found[i].capture_distance_days)
            s["suggestion_distance_days"] = *found[i].capture_distance_days;
        }
        changed.insert(for_urls[i]);
      }
    }

    // Store the states and apply them to every reference citing a changed URL.
    guard_xapian([&] {
      Xapian::WritableDatabase& w = *writable;
      for (const auto& url : changed)
        w.set_metadata(link_check_key(url),
                       states[url].dump(-1, ' ', false, Json::error_handler_t::replace));
      for (const auto& [id, ref] : refs) {
        std::string url = ref.value("url", ""), archive = ref.value("archive_url", "");
        if (!changed.count(url) && !changed.count(archive)) continue;
        Xapian::Document doc = w.get_document(id);
        apply_link_status(doc, url.empty() ? Json() : states[url],
                          archive.empty() ? Json() : states[archive]);
        w.replace_document(id, doc);
      }
      w.commit();
      return 0;
    });
  }

  for (auto& [id, ref] : refs) {
    std::string url = ref.value("url", ""), archive = ref.value("archive_url", "");
    ref.erase("check");
    ref.erase("archive_check");
    if (!url.empty() && states[url].is_object()) ref["check"] = states[url];
    if (!archive.empty() && states[archive].is_object()) ref["archive_check"] = states[archive];
    result.references.push_back(std::move(ref));
  }
  return result;
}

}  // namespace citedex::audit
