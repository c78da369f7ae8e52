#include "cli/index_commands.h"

#include <cstdio>

#include "cli/commands.h"
#include "cli/guarded.h"
#include "cli/progress.h"
#include "indexer/index_db.h"
#include "indexer/index_writer.h"
#include "indexer/outlet_table.h"
#include "indexer/schema.h"
#include "indexer/text_util.h"
#include "search/query.h"
#include "search/reports.h"
#include "search/searcher.h"

namespace citedex::cli {

namespace {

std::optional<std::filesystem::path> as_path(const std::optional<std::string>& s) {
  return s ? std::optional<std::filesystem::path>(*s) : std::nullopt;
}

std::string footnote_line(const Json& f) {
  std::string line = "[" + f.value("label", "") + "] ";
  if (!f.value("resolved", false)) return line + "(no such reference in this copy)";
  std::string outlet = f.value("outlet", "");
  line += outlet.empty() ? std::string("(outlet unknown)") : outlet;
  std::string title = f.value("title", "");
  if (!title.empty()) line += " — \"" + title + "\"";
  std::string date = f.value("date", "");
  if (!date.empty()) line += " (" + date + ")";
  return line;
}

std::string where_of(const Json& d) {
  std::string section = d.value("section", "");
  if (d.value("kind", "") == "infobox" && !d.value("field", std::string()).empty())
    section += " › " + d.value("field", "");
  return d.value("article", d.value("title", "")) + " › " + (section.empty() ? "Lead" : section);
}

void render_search_record(std::ostream& o, const Json& r) {
  const std::string kind = r.value("record", "");
  if (kind == "summary") {
    if (!r.value("total_exact", true)) o << "about ";
    o << r["total"].get<size_t>() << " hit" << (r["total"].get<size_t>() == 1 ? "" : "s");
    if (!r.value("total_exact", true))
      o << " (" << r["total_min"].get<size_t>() << "–" << r["total_max"].get<size_t>()
        << " once copies are folded)";
    if (r.contains("parsed")) o << "  (query: " << r["parsed"].get<std::string>() << ")";
    o << "\n\n";
  } else if (kind == "hit") {
    o << r.value("rank", 0) << ". " << r.value("highlighted", "") << "\n";
    const std::string type = r.value("type", "");
    if (type == "claim") {
      o << "   " << where_of(r) << "\n";
      for (const auto& f : r["footnotes"]) o << "   " << footnote_line(f) << "\n";
      for (const auto& a : r["attributions"])
        o << "   in text: " << a.value("cue", "") << " " << a.value("outlet", "") << "\n";
    } else if (type == "reference") {
      o << "   " << r.value("article", "") << " › reference [" << r.value("label", "") << "]";
      if (!r.value("outlet", "").empty()) o << " — " << r.value("outlet", "");
      o << "\n";
    } else {
      o << "   article (" << r.value("claims", 0) << " claims, " << r.value("references", 0)
        << " references)\n";
    }
    o << "   " << r.value("source", "") << "\n";
    if (r.contains("also_in") && !r["also_in"].empty()) {
      o << "   also in:";
      for (const auto& s : r["also_in"]) o << " " << s.get<std::string>();
      o << "\n";
    }
    o << "\n";
  } else if (kind == "facet") {
    o << "facet " << r.value("facet", "") << ":\n";
    for (const auto& v : r["counts"]) {
      char count[16];
      std::snprintf(count, sizeof count, "%7zu  ", v["count"].get<size_t>());
      o << count << v["value"].get<std::string>() << "\n";
    }
    o << "\n";
  }
}

// "sole" → "sole:"; "a b" → "a:, b:" (aliases are space-separated in the field table).
std::string alias_list(std::string_view aliases) {
  std::string out;
  for (auto a : split(aliases, ' '))
    if (!a.empty()) out += (out.empty() ? "" : ", ") + std::string(a) + ":";
  return out;
}

}  // namespace

int run_index(const IndexConfig& config, std::ostream& out, std::ostream& err) {
  return guarded(err, [&] {
    OutletTable table = load_outlet_table(as_path(config.outlets_file));
    IndexOptions options;
    options.db_path = resolve_db_path(config.db);
    options.rebuild = config.rebuild;
    options.prune = config.prune;
    options.commit_every = config.commit_every;
    options.parse.outlets = &table;
    // Pruning alone needs an index to prune: say how to create one, not create it empty.
    if (config.paths.empty()) require_index(options.db_path);
    size_t missing = 0;
    FailureFn report_failure = [&](const std::string& path, const std::string& problem) {
      err << "citedex: " << path << ": " << problem << "\n";
    };
    auto files =
        collect_input_files(config.paths, [&](const std::string& path, const std::string& problem) {
          report_failure(path, problem);
          ++missing;
        });
    size_t shards = config.shards ? config.shards : stub_shard_count(options.db_path);
    // Shard workers share the terminal, so only a single index shows progress.
    std::optional<ProgressLine> progress;
    if (shards == 0 && want_progress(config.progress, err)) {
      progress.emplace(err, total_input_size(files));
      options.parse.progress = [&](const InputProgress& p) { progress->report(p); };
      report_failure = [&](const std::string& path, const std::string& problem) {
        progress->finish();
        err << "citedex: " << path << ": " << problem << "\n";
      };
    }
    IndexReport report = shards > 0 ? index_files_sharded(files, options, shards, report_failure)
                                    : index_files(files, options, report_failure);
    if (progress) progress->finish();
    IndexCounts counts = count_index(options.db_path);
    auto printer = make_printer(
        config.format, out,
        [](std::ostream& o, const Json& r) {
          o << "indexed " << r["indexed"] << " file(s), " << r["unchanged"] << " unchanged, "
            << r["failed"] << " failed, " << r["pruned"] << " pruned into "
            << r["db"].get<std::string>() << "\n"
            << "added " << r["added_claims"] << " claims, " << r["added_references"]
            << " references, " << r["added_articles"] << " articles\n"
            << "index: " << r["files"] << " files, " << r["claims"] << " claims, "
            << r["references"] << " references, " << r["articles"] << " articles\n";
        },
        {"db", "indexed", "unchanged", "failed", "pruned", "added_claims", "added_references",
         "added_articles", "files", "claims", "references", "articles"});
    printer->record(Json{{"db", options.db_path},
                         {"indexed", report.indexed},
                         {"unchanged", report.unchanged},
                         {"failed", report.failed + missing},
                         {"pruned", report.pruned},
                         {"added_claims", report.claims},
                         {"added_references", report.references},
                         {"added_articles", report.articles},
                         {"files", counts.files},
                         {"claims", counts.claims},
                         {"references", counts.references},
                         {"articles", counts.articles}});
    printer->finish();
    size_t failed = report.failed + missing;
    // --prune alone: its inputs are the indexed files it looked for.
    size_t total = config.paths.empty() ? report.prune_checked : report.files + missing;
    if (failed == 0 && report.partial == 0) return static_cast<int>(kExitOk);
    if (failed == 0) return static_cast<int>(kExitSomeInputsFailed);  // dumps read in part
    return static_cast<int>(failed == total ? kExitAllInputsFailed : kExitSomeInputsFailed);
  });
}

int run_search_command(const SearchConfig& config, std::ostream& out, std::ostream& err) {
  return guarded(err, [&] {
    OutletTable table = load_outlet_table(as_path(config.outlets_file));
    SearchOptions options;
    options.limit = config.limit;
    options.offset = config.offset;
    options.sort = config.sort;
    options.facets = config.facets;
    options.explain = config.explain;
    if (config.color && config.format == OutputFormat::text) {
      options.highlight_open = "\x1b[1;33m";
      options.highlight_close = "\x1b[0m";
    }
    options.default_type = "claim";  // searches look at claims unless the query names a type
    SearchResult result = run_search(resolve_db_path(config.db), config.query, options, table);
    // CSV: the hit columns first, then those of the facet rows (one per value) and of
    // the summary (docs/output.md).
    auto printer = make_printer(config.format, out, render_search_record,
                                {"record", "rank", "type", "article", "section", "text", "source",
                                 "also_in", "facet", "value", "count", "query", "total",
                                 "total_exact", "total_min", "total_max", "offset", "limit"},
                                "counts");
    Json summary{{"record", "summary"},
                 {"version", 1},
                 {"query", config.query},
                 {"total", result.total},
                 {"total_exact", result.total_min == result.total_max},
                 {"total_min", result.total_min},
                 {"total_max", result.total_max},
                 {"offset", config.offset},
                 {"limit", config.limit}};
    if (config.explain) summary["parsed"] = result.parsed;
    printer->record(summary);
    size_t rank = config.offset;
    for (auto& hit : result.hits) {
      Json r = hit.data;
      r["record"] = "hit";
      r["rank"] = ++rank;
      r["highlighted"] = hit.highlighted;
      r["also_in"] = hit.also_in;
      r["weight"] = hit.weight;
      printer->record(r);
    }
    for (const auto& name : config.facets) {
      Json counts = Json::array();
      for (const auto& c : result.facets[name])
        counts.push_back(Json{{"value", c.value}, {"count", c.count}});
      printer->record(Json{{"record", "facet"}, {"facet", name}, {"counts", counts}});
    }
    printer->finish();
    return static_cast<int>(kExitOk);
  });
}

int run_claims(const ClaimsConfig& config, std::ostream& out, std::ostream& err) {
  return guarded(err, [&] {
    OutletTable table = load_outlet_table(as_path(config.outlets_file));
    auto found = claims_for_outlet(resolve_db_path(config.db), config.outlet, config.only,
                                   config.with_attributions, table);
    auto printer = make_printer(config.format, out,
                                [](std::ostream& o, const Json& g) {
                                  if (g.contains("total")) {  // the text-only closing line
                                    size_t n = g["total"], copies = g["copies"];
                                    if (n == 0)
                                      o << "no claims " << g["what"].get<std::string>() << "\n";
                                    else
                                      o << n << " claim" << (n == 1 ? " " : "s ")
                                        << g["what"].get<std::string>() << ", in " << copies
                                        << " article cop" << (copies == 1 ? "y" : "ies") << "\n";
                                    return;
                                  }
                                  o << g["article"].get<std::string>() << " ("
                                    << g["source"].get<std::string>() << "): " << g["count"]
                                    << " claim" << (g["count"] == 1 ? "" : "s") << "\n";
                                  for (const auto& c : g["claims"]) {
                                    o << "  - " << c.value("text", "") << "\n";
                                    for (const auto& f : c["footnotes"])
                                      o << "      " << footnote_line(f) << "\n";
                                  }
                                  o << "\n";
                                },
                                {"article", "source", "count"});
    size_t total = 0;
    for (auto& g : found.groups) {
      total += g.claims.size();
      printer->record(Json{{"article", g.article},
                           {"source", g.source},
                           {"count", g.claims.size()},
                           {"claims", g.claims}});
    }
    // Text closes with the total, so that an outlet with no claims says so; the other
    // formats keep one record per article copy (docs/output.md).
    if (config.format == OutputFormat::text) {
      const std::string& o = found.outlet;
      std::string what = config.only && config.with_attributions
                             ? "sourced to " + o + " alone or naming it"
                         : config.only              ? "sourced to " + o + " alone"
                         : config.with_attributions ? "sourced to or naming " + o
                                                    : "sourced to " + o;
      printer->record(Json{{"total", total}, {"copies", found.groups.size()}, {"what", what}});
    }
    printer->finish();
    return static_cast<int>(kExitOk);
  });
}

int run_show(const ShowConfig& config, std::ostream& out, std::ostream& err) {
  return guarded(err, [&] {
    auto views = show_article(resolve_db_path(config.db), config.article);
    auto printer = make_printer(config.format, out,
                                [](std::ostream& o, const Json& v) {
                                  const Json& a = v["article"];
                                  o << a.value("title", "") << "\n  " << a.value("source", "")
                                    << " (" << a.value("shape", "") << ")\n\n";
                                  std::string section = "\x01";
                                  for (const auto& c : v["claims"]) {
                                    std::string s = c.value("section", "");
                                    if (s != section) {
                                      o << "== " << (s.empty() ? "Lead" : s) << " ==\n";
                                      section = s;
                                    }
                                    o << "  " << c.value("text", "");
                                    for (const auto& f : c["footnotes"])
                                      o << "[" << f.value("label", "") << "]";
                                    o << "\n";
                                  }
                                  o << "\n== References ==\n";
                                  for (const auto& r : v["references"]) {
                                    o << "  [" << r.value("label", "") << "] "
                                      << r.value("text", "");
                                    if (!r.value("outlet", "").empty())
                                      o << "  → " << r.value("outlet", "");
                                    o << "\n";
                                  }
                                  o << "\n";
                                },
                                {"article"});
    for (auto& v : views)
      printer->record(
          Json{{"article", v.article}, {"claims", v.claims}, {"references", v.references}});
    printer->finish();
    return static_cast<int>(kExitOk);
  });
}

int run_stats(const DbConfig& config, std::ostream& out, std::ostream& err) {
  return guarded(err, [&] {
    Json stats = index_stats(resolve_db_path(config.db));
    auto printer = make_printer(config.format, out,
                                [](std::ostream& o, const Json& s) {
                                  for (const auto& [k, v] : s.items())
                                    o << k << ": "
                                      << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
                                },
                                {"path", "schema_version", "documents", "files", "articles",
                                 "claims", "references", "outlets"});
    printer->record(stats);
    printer->finish();
    return static_cast<int>(kExitOk);
  });
}

int run_outlets_from_index(const DbConfig& config, std::ostream& out, std::ostream& err) {
  return guarded(err, [&] {
    OutletTable table = load_outlet_table(as_path(config.outlets_file));
    print_outlet_rows(outlet_tally(resolve_db_path(config.db), table), config.format, out);
    return static_cast<int>(kExitOk);
  });
}

void print_outlet_rows(const std::vector<OutletRow>& rows, OutputFormat format, std::ostream& out) {
  bool header = false;
  auto printer = make_printer(
      format, out,
      [&](std::ostream& o, const Json& r) {
        if (!header) {
          o << "references  claims  in-text  outlet\n";
          header = true;
        }
        char line[64];
        std::snprintf(line, sizeof line, "%10zu  %6zu  %7zu  ", r["references"].get<size_t>(),
                      r["claims"].get<size_t>(), r["attributions"].get<size_t>());
        o << line << r["outlet"].get<std::string>() << "\n";
      },
      {"outlet", "references", "claims", "attributions"});
  for (const auto& row : rows)
    printer->record(Json{{"outlet", row.outlet},
                         {"references", row.references},
                         {"claims", row.claims},
                         {"attributions", row.attributions}});
  printer->finish();
}

int run_fields(OutputFormat format, std::ostream& out) {
  static constexpr const char* kKinds[] = {"text", "boolean", "range", "facet"};
  auto printer = make_printer(
      format, out,
      [](std::ostream& o, const Json& f) {
        char head[64];
        std::snprintf(head, sizeof head, "%-11s %-8s ", f["name"].get<std::string>().c_str(),
                      f["kind"].get<std::string>().c_str());
        o << head << f["description"].get<std::string>();
        if (const auto& a = f["aliases"].get<std::string>(); !a.empty())
          o << "; also " << alias_list(a);
        if (!f["example"].get<std::string>().empty())
          o << "  e.g. " << f["example"].get<std::string>();
        o << "\n";
      },
      {"name", "aliases", "kind", "prefix", "slot", "applies_to", "description", "example"});
  for (const auto& f : fields())
    printer->record(Json{{"name", f.name},
                         {"aliases", f.aliases},
                         {"kind", kKinds[static_cast<int>(f.kind)]},
                         {"prefix", f.prefix},
                         {"slot", f.slot},
                         {"applies_to", f.applies_to},
                         {"description", f.description},
                         {"example", f.example}});
  printer->finish();
  return static_cast<int>(kExitOk);
}

std::string query_fields_help() {
  std::string s = "Query fields:\n";
  for (const auto& f : fields()) {
    if (f.name == "text") continue;
    s += "  " + std::string(f.name) + ":  " + std::string(f.description);
    if (!f.aliases.empty()) s += "; also " + alias_list(f.aliases);
    if (!f.example.empty()) s += "  (" + std::string(f.example) + ")";
    s += "\n";
  }
  return s;
}

}  // namespace citedex::cli
