#include "bench/soak_invariants.h"

#include <xapian.h>

#include <algorithm>
#include <istream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "indexer/index_db.h"
#include "indexer/record.h"
#include "indexer/schema.h"
#include "indexer/text_util.h"

namespace citedex::soak {

Census take_census(const std::string& db_path) {
  return read_index(db_path, [&](Xapian::Database& db) {
    Census c;
    c.documents = db.get_doccount();
    c.articles = db.get_termfreq(std::string(kPrefixType) + "article");
    c.claims = db.get_termfreq(std::string(kPrefixType) + "claim");
    c.references = db.get_termfreq(std::string(kPrefixType) + "reference");
    const std::string source(kPrefixSource);
    for (auto t = db.allterms_begin(source); t != db.allterms_end(source); ++t) {
      FileCensus& f = c.files[(*t).substr(source.size())];
      for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
        Xapian::Document doc = db.get_document(*p);
        const std::string type = doc.get_value(kSlotType);
        if (type == "article")
          ++f.articles;
        else if (type == "claim")
          ++f.claims;
        else if (type == "reference")
          ++f.references;
        else
          ++f.other;
        uint64_t h = fnv1a64(citedex::document_record(doc));
        for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
          h = fnv1a64(*term, h);
          h = fnv1a64(std::to_string(term.get_wdf()), h);
        }
        f.digest += h;  // a sum: the order documents are read in does not matter
      }
    }
    const std::string meta(kMetaFilePrefix);
    for (auto k = db.metadata_keys_begin(meta); k != db.metadata_keys_end(meta); ++k) {
      std::string value = db.get_metadata(*k);
      // A dump still being indexed has no hash yet, only the "partial" mark.
      if (!value.empty() && value.substr(0, value.find('\n')) != kMetaFilePartial)
        c.hashes[(*k).substr(meta.size())] = value;
    }
    return c;
  });
}

void write_census(std::ostream& out, const Census& c) {
  out << "T\t" << c.documents << "\t" << c.articles << "\t" << c.claims << "\t" << c.references
      << "\n";
  for (const auto& [path, f] : c.files)
    out << "F\t" << path << "\t" << f.articles << "\t" << f.claims << "\t" << f.references << "\t"
        << f.other << "\t" << f.digest << "\n";
  for (const auto& [path, hash] : c.hashes) out << "H\t" << path << "\t" << hash << "\n";
}

Census read_census(std::istream& in) {
  Census c;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, '\t');) f.push_back(cell);
    try {
      if (f.size() == 5 && f[0] == "T") {
        c.documents = std::stoull(f[1]);
        c.articles = std::stoull(f[2]);
        c.claims = std::stoull(f[3]);
        c.references = std::stoull(f[4]);
      } else if (f.size() == 7 && f[0] == "F") {
        c.files[f[1]] = {std::stoull(f[2]), std::stoull(f[3]), std::stoull(f[4]), std::stoull(f[5]),
                         std::stoull(f[6])};
      } else if (f.size() == 3 && f[0] == "H") {
        c.hashes[f[1]] = f[2];
      } else {
        throw std::invalid_argument("bad record");
      }
    } catch (const std::logic_error&) {
      throw std::runtime_error("census: malformed line: " + line);
    }
  }
  return c;
}

namespace {

std::string describe(const FileCensus& f) {
  std::ostringstream s;
  s << f.articles << " articles, " << f.claims << " claims, " << f.references << " references";
  if (f.other) s << ", " << f.other << " untyped";
  return s.str();
}

// Problems shared by both checks: the totals agree with the per-file counts.
void check_totals(const Census& got, std::vector<std::string>& problems) {
  size_t docs = 0, articles = 0, claims = 0, references = 0;
  for (const auto& [path, f] : got.files) {
    docs += f.articles + f.claims + f.references + f.other;
    articles += f.articles;
    claims += f.claims;
    references += f.references;
  }
  if (docs != got.documents)
    problems.push_back(std::to_string(got.documents) + " documents, but " + std::to_string(docs) +
                       " carry a source file");
  if (articles != got.articles || claims != got.claims || references != got.references)
    problems.push_back("type counts (" + std::to_string(got.articles) + "/" +
                       std::to_string(got.claims) + "/" + std::to_string(got.references) +
                       ") differ from the per-file sums");
}

}  // namespace

std::vector<std::string> check_killed(const Census& got, const Census& clean, bool path_order) {
  std::vector<std::string> problems;
  check_totals(got, problems);
  for (const auto& [path, f] : got.files) {
    auto want = clean.files.find(path);
    if (want == clean.files.end()) {
      problems.push_back(path + ": has documents, but a clean build has none");
      continue;
    }
    if (f.articles != want->second.articles || f.claims != want->second.claims ||
        f.references != want->second.references || f.other != want->second.other)
      problems.push_back(path + ": half-indexed: " + describe(f) + ", a clean build has " +
                         describe(want->second));
    else if (f.digest != want->second.digest)
      problems.push_back(path + ": its documents differ from a clean build's");
    auto hash = got.hashes.find(path);
    if (hash == got.hashes.end())
      problems.push_back(path + ": has documents but no content hash");
    else if (clean.hashes.count(path) && hash->second != clean.hashes.at(path))
      problems.push_back(path + ": content hash " + hash->second + ", a clean build has " +
                         clean.hashes.at(path));
  }
  for (const auto& [path, hash] : got.hashes)
    if (!got.files.count(path) && clean.files.count(path))
      problems.push_back(path + ": has a content hash (" + hash + ") but no documents");
  if (path_order) {
    // The files present must be the first ones of the clean build's, in path order.
    auto want = clean.files.begin();
    for (const auto& [path, f] : got.files) {
      if (want == clean.files.end()) break;
      if (want->first != path) {
        problems.push_back(path + ": present while " + want->first +
                           ", earlier in path order, is not");
        break;
      }
      ++want;
    }
  }
  return problems;
}

std::vector<std::string> check_complete(const Census& got, const Census& clean) {
  std::vector<std::string> problems = check_killed(got, clean, false);
  for (const auto& [path, f] : clean.files)
    if (!got.files.count(path)) problems.push_back(path + ": missing (" + describe(f) + ")");
  for (const auto& [path, hash] : clean.hashes)
    if (!got.hashes.count(path)) problems.push_back(path + ": no content hash");
  if (got.documents != clean.documents || got.articles != clean.articles ||
      got.claims != clean.claims || got.references != clean.references)
    problems.push_back("totals " + std::to_string(got.documents) + " documents (" +
                       std::to_string(got.articles) + "/" + std::to_string(got.claims) + "/" +
                       std::to_string(got.references) + "), a clean build has " +
                       std::to_string(clean.documents) + " (" + std::to_string(clean.articles) +
                       "/" + std::to_string(clean.claims) + "/" + std::to_string(clean.references) +
                       ")");
  return problems;
}

std::optional<StateBounds> committed_state(const std::map<std::string, size_t>& observed,
                                           const std::vector<std::string>& order,
                                           const std::map<std::string, size_t>& final_counts,
                                           std::string* problem) {
  std::map<std::string, size_t> position;
  for (size_t i = 0; i < order.size(); ++i) position.emplace(order[i], i);
  auto fail = [&](std::string why) -> std::optional<StateBounds> {
    if (problem) *problem = std::move(why);
    return std::nullopt;
  };
  // The last file (in indexing order) the search saw any hit of.
  std::optional<size_t> last;
  for (const auto& [title, count] : observed) {
    if (count == 0) continue;
    auto want = final_counts.find(title);
    auto pos = position.find(title);
    if (want == final_counts.end() || pos == position.end())
      return fail("'" + title + "': " + std::to_string(count) +
                  " hits, but the finished index has none");
    if (count != want->second)
      return fail("'" + title + "': " + std::to_string(count) + " hits of the " +
                  std::to_string(want->second) + " its whole file has");
    last = std::max(last.value_or(0), pos->second);
  }
  StateBounds b;
  b.lo = last ? *last + 1 : 0;
  // Every matching file before the last one seen must be there too; the first matching
  // file after it is not committed yet.
  b.hi = order.size();
  for (size_t i = 0; i < order.size(); ++i) {
    auto want = final_counts.find(order[i]);
    if (want == final_counts.end() || want->second == 0) continue;
    auto seen = observed.find(order[i]);
    bool present = seen != observed.end() && seen->second > 0;
    if (i < b.lo && !present)
      return fail("'" + order[i] + "' missing while the later '" + order[*last] + "' is present");
    if (i >= b.lo) {
      b.hi = i;
      break;
    }
  }
  return b;
}

std::optional<size_t> first_regression(const std::vector<StateBounds>& in_time_order) {
  size_t floor = 0;
  for (size_t i = 0; i < in_time_order.size(); ++i) {
    if (in_time_order[i].hi < floor) return i;
    floor = std::max(floor, in_time_order[i].lo);
  }
  return std::nullopt;
}

SearchOutput parse_search(const std::string& text) {
  SearchOutput s;
  bool summary = false, facet = false;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    nlohmann::json r = nlohmann::json::parse(line, nullptr, false);
    if (r.is_discarded()) {
      s.problem = "not JSON: " + line.substr(0, 80);
      return s;
    }
    std::string kind = r.value("record", "");
    if (kind == "summary") {
      summary = true;
      s.total = r.value("total", size_t{0});
      s.total_exact = r.value("total_exact", true);
    } else if (kind == "facet" && r.value("facet", "") == "article") {
      facet = true;
      for (const auto& v : r["counts"]) s.articles[v["value"].get<std::string>()] = v["count"];
    }
  }
  if (!summary || !facet) {
    s.problem = summary ? "no article facet" : "no summary record";
    return s;
  }
  s.ok = true;
  return s;
}

std::vector<std::string> articles_in_path_order(const std::string& db_path) {
  return read_index(db_path, [&](Xapian::Database& db) {
    std::vector<std::pair<std::string, std::string>> by_path;
    const std::string term = std::string(kPrefixType) + "article";
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
      auto data = nlohmann::json::parse(document_record(db.get_document(*p)));
      by_path.emplace_back(data.value("source", ""), data.value("title", ""));
    }
    std::sort(by_path.begin(), by_path.end());
    std::vector<std::string> order;
    for (auto& [path, title] : by_path) order.push_back(title);
    return order;
  });
}

}  // namespace citedex::soak
