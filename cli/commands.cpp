#include "cli/commands.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <iterator>
#include <limits>
#include <map>
#include <set>

#include "cli/article_json.h"
#include "cli/article_text.h"
#include "cli/audit_command.h"
#include "cli/index_commands.h"
#include "cli/progress.h"
#include "indexer/copies.h"
#include "indexer/decode.h"
#include "indexer/mojibake.h"
#include "indexer/outlets.h"
#include "indexer/pipeline.h"
#include "indexer/sentences.h"
#include "indexer/shape.h"
#include "indexer/text_util.h"
#include "indexer/urls.h"

namespace citedex::cli {

namespace {

std::vector<std::string> inputs_or_stdin(const std::vector<std::string>& inputs) {
  return inputs.empty() ? std::vector<std::string>{"-"} : inputs;
}

std::string read_input(const std::string& input) {
  if (input != "-") return read_input_file(input);
  std::string data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  return data;
}

int exit_code_for(size_t failed, size_t total) {
  if (failed == 0) return kExitOk;
  return failed == total ? kExitAllInputsFailed : kExitSomeInputsFailed;
}

void report_failure(std::ostream& err, const std::string& input, const std::string& problem) {
  err << "citedex: " << (input == "-" ? "<stdin>" : input) << ": " << problem << "\n";
}

// Decoded, repaired text of an input for the text-level commands.
std::string load_text(const std::string& input, RepairResult* repair) {
  std::string bytes = read_input(input);
  DecodedText decoded;
  try {
    decoded = decode_text(bytes);
  } catch (const NotTextError& e) {
    throw InputError(std::string("not text: ") + e.what());
  }
  RepairResult repaired = repair_mojibake(decoded.text);
  if (repair) *repair = repaired;
  return std::move(repaired.text);
}

struct ParsedInputs {
  std::vector<Article> articles;  // of the inputs that are not dumps
  size_t inputs = 0, failed = 0;
  size_t partial = 0;  // dumps read only in part (pages with bad XML, cut off)
  int exit_code() const {
    if (failed == 0 && partial == 0) return kExitOk;
    return failed == inputs ? kExitAllInputsFailed : kExitSomeInputsFailed;
  }
};

// Parses every input of `config`. Dump pages go to `on_dump_article` as they are read
// (a dump can be far larger than memory); the articles of the other inputs are
// collected, then copies of one article help each other. Throws OutletTableError for a
// malformed outlet table.
ParsedInputs parse_inputs(const ParseConfig& config, std::ostream& err,
                          const std::function<void(Article&&)>& on_dump_article) {
  OutletTable table = load_outlet_table(
      config.outlets_file ? std::optional<std::filesystem::path>(*config.outlets_file)
                          : std::nullopt);
  ParseOptions options;
  options.shape = config.shape;
  options.outlets = &table;
  options.title = config.title;
  if (!config.namespaces.empty()) options.namespaces = config.namespaces;
  ParsedInputs parsed;
  auto inputs = inputs_or_stdin(config.inputs);
  parsed.inputs = inputs.size();
  std::optional<ProgressLine> progress;
  if (want_progress(config.progress, err)) {
    progress.emplace(err, total_input_size(inputs));
    options.progress = [&](const InputProgress& p) { progress->report(p); };
  }
  // A warning line must not land in the middle of the progress line.
  auto warn_line = [&]() -> std::ostream& {
    if (progress) progress->finish();
    return err;
  };
  for (const auto& input : inputs) {
    const std::string shown = input == "-" ? "<stdin>" : input;
    try {
      InputSummary summary = parse_input(input, options, [&](Article&& a, bool from_dump) {
        for (const auto& w : a.input_warnings)
          warn_line() << "citedex: " << shown << ": warning: " << w << "\n";
        if (from_dump)
          on_dump_article(std::move(a));
        else
          parsed.articles.push_back(std::move(a));
      });
      if (summary.dump)
        warn_line() << "citedex: " << shown << ": " << summary.articles << " article"
                    << (summary.articles == 1 ? "" : "s") << " from " << summary.pages << " pages ("
                    << summary.redirects_skipped << " redirects, "
                    << summary.other_namespaces_skipped << " pages in other namespaces skipped"
                    << (summary.pages_failed
                            ? ", " + std::to_string(summary.pages_failed) + " unreadable"
                            : std::string())
                    << ")\n";
      for (const auto& w : summary.warnings)
        warn_line() << "citedex: " << shown << ": warning: " << w << "\n";
      if (summary.partial()) {
        // Nothing read at all is a failed input; some pages read is a partial one.
        if (summary.articles == 0 && summary.pages <= summary.pages_failed)
          ++parsed.failed;
        else
          ++parsed.partial;
      }
    } catch (const InputError& e) {
      if (progress) {
        std::error_code ec;
        auto size = input == "-" ? 0 : std::filesystem::file_size(input, ec);
        progress->report({0, ec ? 0 : static_cast<uint64_t>(size), 0, true});
      }
      report_failure(warn_line(), input, e.what());
      ++parsed.failed;
    }
  }
  if (progress) progress->finish();
  recover_lost_headings(parsed.articles);
  resolve_outlets_by_title(parsed.articles);
  return parsed;
}

// What an unknown reference offered the resolver, for `outlets --unknown`.
Json tried_for(const Reference& r) {
  Json tried = Json::object();
  for (const std::string* url : {&r.url, &r.archive_url})
    if (!url->empty())
      if (auto host = url_host(unwrap_archive(*url).url))
        tried["domain"] = registrable_domain(*host);
  if (!r.work.empty()) tried["work"] = r.work;
  if (!r.publisher.empty()) tried["publisher"] = r.publisher;
  if (!r.authors.empty()) tried["authors"] = r.authors;
  if (!r.title.empty()) tried["title"] = r.title;
  return tried;
}

}  // namespace

int run_outlets(const OutletsConfig& config, std::ostream& out, std::ostream& err) {
  if (config.unknown) {
    std::unique_ptr<Printer> printer;  // made on first use, as in run_parse
    auto print = [&]() -> Printer& {
      if (!printer)
        printer = make_printer(
            config.parse.format, out,
            [](std::ostream& o, const Json& r) {
              o << r["source"].get<std::string>() << " [" << r["label"].get<std::string>() << "] "
                << (r["text"].get<std::string>().empty() ? "(empty entry)"
                                                         : r["text"].get<std::string>())
                << "\n";
              for (const auto& [k, v] : r["tried"].items())
                o << "    tried " << k << ": " << (v.is_string() ? v.get<std::string>() : v.dump())
                  << "\n";
            },
            {"source", "label", "text", "tried"});
      return *printer;
    };
    auto print_unknown = [&](const Article& a) {
      for (const auto& r : a.references)
        if (r.outlet.empty())
          print().record(Json{
              {"source", a.source}, {"label", r.label}, {"text", r.text}, {"tried", tried_for(r)}});
    };
    ParsedInputs parsed;
    try {
      parsed = parse_inputs(config.parse, err, [&](Article&& a) { print_unknown(a); });
    } catch (const OutletTableError& e) {
      err << "citedex: " << e.what() << "\n";
      return kExitBadConfig;
    }
    for (const auto& a : parsed.articles) print_unknown(a);
    print().finish();
    return parsed.exit_code();
  }

  std::map<std::string, OutletRow> tally;
  size_t unknown = 0;
  auto count = [&](const Article& a) {
    std::map<std::string, std::string> outlet_of;
    for (const auto& r : a.references) {
      if (r.outlet.empty()) {
        ++unknown;
        continue;
      }
      ++tally[r.outlet].references;
      outlet_of[r.label] = r.outlet;
    }
    for (const auto& c : a.claims) {
      std::set<std::string> cited;
      for (const auto& label : c.footnotes)
        if (auto it = outlet_of.find(label); it != outlet_of.end()) cited.insert(it->second);
      for (const auto& o : cited) ++tally[o].claims;
      for (const auto& at : c.attributions) ++tally[at.outlet].attributions;
    }
  };
  ParsedInputs parsed;
  try {
    parsed = parse_inputs(config.parse, err, [&](Article&& a) { count(a); });
  } catch (const OutletTableError& e) {
    err << "citedex: " << e.what() << "\n";
    return kExitBadConfig;
  }
  for (const auto& a : parsed.articles) count(a);
  std::vector<OutletRow> rows;
  for (auto& [name, row] : tally) {
    row.outlet = name;
    rows.push_back(row);
  }
  sort_outlet_rows(rows);
  if (unknown > 0) rows.push_back({"(unknown)", unknown, 0, 0});
  print_outlet_rows(rows, config.parse.format, out);
  return parsed.exit_code();
}

int run_parse(const ParseConfig& config, std::ostream& out, std::ostream& err) {
  ArticleTextOptions text_options;
  text_options.full = config.full;
  // Made on first use: a malformed outlet table stops the run before any output.
  std::unique_ptr<Printer> printer;
  auto print = [&]() -> Printer& {
    if (!printer)
      printer = make_printer(
          config.format, out,
          [&](std::ostream& o, const Json& a) { render_article_text(o, a, text_options); },
          {"source", "shape", "title", "sections", "warnings"});
    return *printer;
  };
  ParsedInputs parsed;
  try {
    // Dump pages are printed as they are read; the other articles once copies of one
    // article have helped each other.
    parsed = parse_inputs(config, err, [&](Article&& a) { print().record(article_to_json(a)); });
  } catch (const OutletTableError& e) {
    err << "citedex: " << e.what() << "\n";
    return kExitBadConfig;
  }
  for (const auto& article : parsed.articles) print().record(article_to_json(article));
  print().finish();
  return parsed.exit_code();
}

int run_segment(const SegmentConfig& config, std::ostream& out, std::ostream& err) {
  auto inputs = inputs_or_stdin(config.inputs);
  size_t failed = 0;
  auto printer = make_printer(
      config.format, out,
      [](std::ostream& o, const Json& s) { o << s["text"].get<std::string>() << "\n"; },
      {"source", "index", "text"});
  SegmentOptions options;
  options.line_breaks_are_boundaries = !config.wrapped;
  for (const auto& input : inputs) {
    std::string text;
    try {
      text = load_text(input, nullptr);
    } catch (const InputError& e) {
      report_failure(err, input, e.what());
      ++failed;
      continue;
    }
    size_t index = 0;
    for (auto span : split_sentences(text, options)) {
      std::string sentence = text.substr(span.begin, span.end - span.begin);
      for (char& c : sentence)
        if (c == '\n') c = ' ';
      printer->record(Json{{"source", input}, {"index", index++}, {"text", sentence}});
    }
  }
  printer->finish();
  return exit_code_for(failed, inputs.size());
}

int run_repair(const RepairConfig& config, std::ostream& out, std::ostream& err) {
  auto inputs = inputs_or_stdin(config.inputs);
  size_t failed = 0;
  for (const auto& input : inputs) {
    RepairResult repair;
    try {
      out << load_text(input, &repair);
    } catch (const InputError& e) {
      report_failure(err, input, e.what());
      ++failed;
      continue;
    }
    if (config.report)
      err << (input == "-" ? "<stdin>" : input) << ": " << repair.repairs << " mojibake run"
          << (repair.repairs == 1 ? "" : "s") << " repaired\n";
  }
  return exit_code_for(failed, inputs.size());
}

bool want_progress(std::optional<bool> forced, const std::ostream& err) {
  if (forced) return *forced;
  return &err == &std::cerr && ::isatty(STDERR_FILENO);
}

std::optional<uint64_t> total_input_size(const std::vector<std::string>& inputs) {
  uint64_t total = 0;
  for (const auto& input : inputs) {
    if (input == "-") return std::nullopt;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(input, ec)) continue;  // reported when read
    auto size = std::filesystem::file_size(input, ec);
    if (ec) return std::nullopt;
    total += size;
  }
  return total;
}

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "citedex: link every claim of an encyclopedia article to its footnotes, references and "
      "outlets.\n\nExit codes: 0 all inputs processed; 1 some inputs failed (the rest were "
      "processed); 2 bad command line; 3 no input could be processed; 4 malformed "
      "configuration (outlet table); 5 index locked by another citedex process; 6 no "
      "usable index (missing, other schema version, damaged, I/O error); 7 malformed query, "
      "unknown outlet, facet or sort; 130 audit interrupted by Ctrl-C, SIGTERM or SIGHUP "
      "(verdicts so far kept).",
      "citedex"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(CITEDEX_VERSION));

  // CLI11 reads "-1" into an unsigned option as its largest value: every count is
  // checked as digits first (from_chars takes no sign and reports overflow).
  const CLI::Validator kCount(
      [](std::string& value) -> std::string {
        uint64_t n = 0;
        const char* end = value.data() + value.size();
        auto [stop, ec] = std::from_chars(value.data(), end, n);
        if (ec == std::errc() && stop == end) return "";
        return "not a whole number from 0 to " +
               std::to_string(std::numeric_limits<uint64_t>::max()) + ": " + value;
      },
      "N");
  std::string shapes_help = "input shape: auto";
  for (const auto& s : shapes()) shapes_help += ", " + std::string(s.name);
  std::vector<std::string> shape_names{"auto"};
  for (const auto& s : shapes()) shape_names.emplace_back(s.name);

  ParseConfig parse;
  std::string parse_format = "text";
  auto* parse_cmd = app.add_subcommand("parse", "Read article copies and print the article model");
  parse_cmd->add_option("files", parse.inputs, "files to read (- for standard input)");
  parse_cmd->add_option("--format", parse_format, "output format")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}));
  parse_cmd->add_option("--input-format", parse.shape, shapes_help)
      ->check(CLI::IsMember(shape_names));
  parse_cmd->add_flag("--full", parse.full, "text format: print every claim and reference");
  parse_cmd->add_option("--title", parse.title,
                        "title of a wikitext file (default: the file name)");
  parse_cmd
      ->add_option("--namespace", parse.namespaces,
                   "MediaWiki dumps: a namespace number to read, repeatable (default 0, articles)")
      ->allow_extra_args(false);
  auto add_progress_flags = [](CLI::App* cmd, std::optional<bool>& progress) {
    cmd->add_flag_function(
        "--progress,!--no-progress", [&progress](int64_t n) { progress = n > 0; },
        "show (or never show) the progress line on stderr (default: when stderr is a "
        "terminal): pages, pages/s, MB/s, ETA");
  };
  add_progress_flags(parse_cmd, parse.progress);
  std::string outlets_file;
  parse_cmd->add_option("--outlets", outlets_file,
                        "a user outlet table (adds to the shipped one and to "
                        "$XDG_CONFIG_HOME/citedex/outlets.json)");

  OutletsConfig outlets;
  std::string outlets_format = "text";
  std::string outlets_table;
  auto* outlets_cmd = app.add_subcommand(
      "outlets", "List the outlets the references and claims rest on, with counts");
  outlets_cmd->add_option("files", outlets.parse.inputs, "files to read (- for standard input)");
  outlets_cmd->add_flag("--unknown", outlets.unknown,
                        "list the references with no outlet and what was tried");
  outlets_cmd->add_option("--format", outlets_format, "output format")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}));
  outlets_cmd->add_option("--input-format", outlets.parse.shape, shapes_help)
      ->check(CLI::IsMember(shape_names));
  outlets_cmd->add_option("--outlets", outlets_table, "a user outlet table");
  add_progress_flags(outlets_cmd, outlets.parse.progress);
  std::string outlets_db;
  outlets_cmd->add_option("--db", outlets_db,
                          "read the index (the default when no FILE is given; $CITEDEX_DB, "
                          "else ./citedex.db)");

  const std::vector<std::string> formats{"text", "json", "jsonl", "csv"};
  IndexConfig index;
  std::string index_format = "text", index_outlets;
  auto* index_cmd = app.add_subcommand("index", "Index files and directories into a Xapian index");
  index_cmd->add_option("paths", index.paths,
                        "files and directories (recursively); none with --prune alone");
  index_cmd->add_option("--db", index.db, "index path (default: $CITEDEX_DB, else ./citedex.db)");
  index_cmd->add_flag("--rebuild", index.rebuild, "start over from an empty index");
  index_cmd->add_flag("--prune", index.prune,
                      "remove indexed files that no longer exist (all of them, whatever PATHs)");
  index_cmd
      ->add_option("--shards", index.shards,
                   "build N shards in parallel processes; --db becomes a stub file listing them")
      ->check(CLI::Range(1, 64));
  index_cmd
      ->add_option("--commit-every", index.commit_every,
                   "commit after N added documents (default " +
                       std::to_string(IndexOptions{}.commit_every) +
                       "): searches running meanwhile "
                       "see each commit, and a killed run loses at most what came after the last")
      ->check(CLI::Range(size_t{1}, size_t{100000000}));
  index_cmd->add_option("--outlets", index_outlets, "a user outlet table");
  add_progress_flags(index_cmd, index.progress);
  index_cmd->add_option("--format", index_format, "output format")->check(CLI::IsMember(formats));

  SearchConfig search;
  std::vector<std::string> search_words;
  std::string search_format = "text", search_facets, search_outlets;
  auto* search_cmd =
      app.add_subcommand("search", "Search claims (and references, articles) in the index");
  search_cmd->add_option("query", search_words, "the query (see below)")->required();
  search_cmd->add_option("--db", search.db, "index path (default: $CITEDEX_DB, else ./citedex.db)");
  search_cmd->add_option("--limit", search.limit, "hits to show (default 10)")->check(kCount);
  search_cmd->add_option("--offset", search.offset, "hits to skip")->check(kCount);
  // Not checked here: an unknown sort is a bad query (exit 7), as an unknown facet is.
  search_cmd->add_option("--sort", search.sort,
                         "relevance (best first), date (oldest cited source first, undated last) "
                         "or article (article order)");
  search_cmd->add_option("--facets", search_facets,
                         "comma-separated: outlet,article,section,year,type,status");
  search_cmd->add_option("--format", search_format, "output format")->check(CLI::IsMember(formats));
  search_cmd->add_flag("--explain", search.explain, "print the parsed query");
  search_cmd->add_option("--outlets", search_outlets, "a user outlet table");
  search_cmd->footer(query_fields_help());

  ClaimsConfig claims;
  std::string claims_format = "text", claims_outlets;
  auto* claims_cmd = app.add_subcommand("claims", "Every claim sourced to an outlet, by article");
  claims_cmd->add_option("--outlet", claims.outlet, "outlet name or alias")->required();
  claims_cmd->add_flag("--only", claims.only,
                       "only claims whose every footnote resolves to the outlet");
  claims_cmd->add_flag("--with-attributions", claims.with_attributions,
                       "also claims that name the outlet in their own text");
  claims_cmd->add_option("--db", claims.db, "index path");
  claims_cmd->add_option("--format", claims_format, "output format")->check(CLI::IsMember(formats));
  claims_cmd->add_option("--outlets", claims_outlets, "a user outlet table");

  ShowConfig show;
  std::string show_format = "text";
  auto* show_cmd =
      app.add_subcommand("show", "An article's claims with their footnotes, and its references");
  std::vector<std::string> show_words;
  show_cmd->add_option("article", show_words, "article title (or words of it)")->required();
  show_cmd->add_option("--db", show.db, "index path");
  show_cmd->add_option("--format", show_format, "output format")->check(CLI::IsMember(formats));

  DbConfig stats;
  std::string stats_format = "text";
  auto* stats_cmd = app.add_subcommand("stats", "What the index holds");
  stats_cmd->add_option("--db", stats.db, "index path");
  stats_cmd->add_option("--format", stats_format, "output format")->check(CLI::IsMember(formats));

  std::string fields_format = "text";
  auto* fields_cmd = app.add_subcommand("fields", "The searchable fields of the index");
  fields_cmd->add_option("--format", fields_format, "output format")->check(CLI::IsMember(formats));

  SegmentConfig segment;
  std::string segment_format = "text";
  auto* segment_cmd =
      app.add_subcommand("segment", "Print the sentences of plain text, one per line");
  segment_cmd->add_option("files", segment.inputs, "files to read (default: standard input)");
  segment_cmd->add_flag("--wrapped", segment.wrapped,
                        "treat single line breaks as spaces (wrapped text)");
  segment_cmd->add_option("--format", segment_format, "output format")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}));

  AuditConfig audit;
  std::vector<std::string> audit_words;
  std::string audit_format = "table", audit_outlets;
  double audit_interval = 1.0, audit_timeout = 30.0;
  auto* audit_cmd = app.add_subcommand(
      "audit", "Link-rot audit of the references: stored verdicts, or --check to fetch");
  audit_cmd->add_option("query", audit_words,
                        "which references (search syntax; default: all with a URL)");
  audit_cmd->add_option("--db", audit.options.db_path, "index path");
  auto* audit_check =
      audit_cmd->add_flag("--check", audit.options.check,
                          "check the URLs that are due and store the verdicts in the index");
  audit_cmd
      ->add_flag("--find-archives", audit.options.find_archives,
                 "with --check: look up a Wayback capture for dead and soft-404 links "
                 "without an archive copy")
      ->needs(audit_check);
  audit_cmd->add_option("--format", audit_format, "output format")
      ->check(CLI::IsMember({"table", "text", "json", "jsonl", "csv"}));
  audit_cmd
      ->add_option("--dead-after", audit.options.policy.dead_after,
                   "failed checks before a link is dead (default 3)")
      ->check(CLI::Range(1, 100));
  audit_cmd
      ->add_option("--days-apart", audit.options.policy.days_apart,
                   "days between failed checks that count (default 3)")
      ->check(CLI::Range(0, 3650));
  audit_cmd
      ->add_option("--recheck-after", audit.options.policy.recheck_after_days,
                   "days before a settled URL is checked again (default 7)")
      ->check(CLI::Range(0, 3650));
  audit_cmd
      ->add_option("--far-days", audit.far_days,
                   "list captures further than this many days from the access date "
                   "(default 180)")
      ->check(kCount)  // digits only: CLI11's Range alone reads "0x10" as 16
      ->check(CLI::Range(0L, 36500L));
  audit_cmd->add_flag("--allow-private", audit.options.fetch.allow_private,
                      "allow connections to loopback, private and link-local addresses");
  audit_cmd->add_option("--resolve", audit.options.fetch.resolve,
                        "HOST:PORT:ADDR, as curl's --resolve (repeatable)");
  audit_cmd->add_option("--connect-to", audit.options.fetch.connect_to,
                        "HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT, as curl's (repeatable)");
  audit_cmd->add_option("--cacert", audit.options.fetch.ca_file,
                        "trust the CA certificates in this file instead of the system's");
  audit_cmd
      ->add_option("--concurrency", audit.options.fetch.concurrency,
                   "requests at once (default 32)")
      ->check(CLI::Range(1, 4096));
  audit_cmd
      ->add_option("--per-host", audit.options.fetch.per_host,
                   "requests at once to one host (default 2; 0: no limit)")
      ->check(kCount);
  audit_cmd
      ->add_option("--interval", audit_interval, "seconds between requests to one host (default 1)")
      ->check(CLI::Range(0.0, 3600.0));
  audit_cmd->add_option("--timeout", audit_timeout, "seconds per request (default 30)")
      ->check(CLI::Range(0.1, 3600.0));
  audit_cmd->add_option("--availability-endpoint", audit.options.fetch.availability_endpoint,
                        "Wayback availability API (default https://archive.org/wayback/available)");
  audit_cmd->add_option("--now", audit.now,
                        "take this ISO 8601 time as now (for tests and replays)");
  audit_cmd->add_option("--outlets", audit_outlets, "a user outlet table");
  audit_cmd->footer(
      "Exit codes: 0 done, 130 interrupted by Ctrl-C, SIGTERM or SIGHUP (the verdicts obtained "
      "are stored), 2 usage (--find-archives without --check included), 5 index locked, 6 no "
      "usable index, 7 bad query.");

  RepairConfig repair;
  auto* repair_cmd = app.add_subcommand("repair", "Print text with its mojibake repaired");
  repair_cmd->add_option("files", repair.inputs, "files to read (default: standard input)");
  repair_cmd->add_flag("--report", repair.report, "print the number of repaired runs on stderr");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    err << "citedex: " << e.what() << " (see citedex --help)\n";
    return kExitUsage;
  }

  if (parse_cmd->parsed()) {
    parse.format = parse_output_format(parse_format);
    if (!outlets_file.empty()) parse.outlets_file = outlets_file;
    return run_parse(parse, out, err);
  }
  if (outlets_cmd->parsed()) {
    outlets.parse.format = parse_output_format(outlets_format);
    if (!outlets_table.empty()) outlets.parse.outlets_file = outlets_table;
    if (outlets.parse.inputs.empty() && !outlets.unknown) {
      DbConfig db{outlets_db, outlets.parse.outlets_file, outlets.parse.format};
      return run_outlets_from_index(db, out, err);
    }
    return run_outlets(outlets, out, err);
  }
  if (index_cmd->parsed()) {
    if (index.paths.empty() && (!index.prune || index.rebuild)) {
      err << "citedex: index: give the files and directories to index (only --prune "
             "without --rebuild runs without them, removing the indexed files that are gone) "
             "(see citedex --help)\n";
      return kExitUsage;
    }
    index.format = parse_output_format(index_format);
    if (!index_outlets.empty()) index.outlets_file = index_outlets;
    return run_index(index, out, err);
  }
  if (search_cmd->parsed()) {
    for (const auto& w : search_words) search.query += (search.query.empty() ? "" : " ") + w;
    search.format = parse_output_format(search_format);
    for (auto f : split(search_facets, ','))
      if (!f.empty()) search.facets.emplace_back(f);
    if (!search_outlets.empty()) search.outlets_file = search_outlets;
    // no-color.org: NO_COLOR turns colour off when set to anything but the empty string.
    const char* no_color = std::getenv("NO_COLOR");
    search.color = &out == &std::cout && ::isatty(STDOUT_FILENO) && !(no_color && *no_color);
    return run_search_command(search, out, err);
  }
  if (claims_cmd->parsed()) {
    claims.format = parse_output_format(claims_format);
    if (!claims_outlets.empty()) claims.outlets_file = claims_outlets;
    return run_claims(claims, out, err);
  }
  if (show_cmd->parsed()) {
    for (const auto& w : show_words) show.article += (show.article.empty() ? "" : " ") + w;
    show.format = parse_output_format(show_format);
    return run_show(show, out, err);
  }
  if (stats_cmd->parsed()) {
    stats.format = parse_output_format(stats_format);
    return run_stats(stats, out, err);
  }
  if (fields_cmd->parsed()) return run_fields(parse_output_format(fields_format), out);
  if (segment_cmd->parsed()) {
    segment.format = parse_output_format(segment_format);
    return run_segment(segment, out, err);
  }
  if (repair_cmd->parsed()) return run_repair(repair, out, err);
  if (audit_cmd->parsed()) {
    for (const auto& w : audit_words)
      audit.options.query += (audit.options.query.empty() ? "" : " ") + w;
    audit.format = parse_output_format(audit_format == "table" ? "text" : audit_format);
    if (!audit_outlets.empty()) audit.outlets_file = audit_outlets;
    audit.options.fetch.interval =
        std::chrono::milliseconds(static_cast<long long>(audit_interval * 1000));
    audit.options.fetch.total_timeout =
        std::chrono::milliseconds(static_cast<long long>(audit_timeout * 1000));
    audit.options.fetch.connect_timeout =
        std::min(audit.options.fetch.connect_timeout, audit.options.fetch.total_timeout);
    audit.progress = ::isatty(STDERR_FILENO) && &err == &std::cerr;
    return run_audit(audit, out, err);
  }
  return kExitUsage;
}

}  // namespace citedex::cli
