#include "cli/commands.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <iterator>

#include "cli/article_json.h"
#include "cli/article_text.h"
#include "indexer/copies.h"
#include "indexer/decode.h"
#include "indexer/mojibake.h"
#include "indexer/pipeline.h"
#include "indexer/sentences.h"
#include "indexer/shape.h"

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

}  // namespace

int run_parse(const ParseConfig& config, std::ostream& out, std::ostream& err) {
  auto inputs = inputs_or_stdin(config.inputs);
  std::vector<Article> articles;
  size_t failed = 0;
  ParseOptions options;
  options.shape = config.shape;
  for (const auto& input : inputs) {
    try {
      articles.push_back(parse_bytes(read_input(input), input, options));
      for (const auto& w : articles.back().input_warnings)
        err << "citedex: " << (input == "-" ? "<stdin>" : input) << ": warning: " << w << "\n";
    } catch (const InputError& e) {
      report_failure(err, input, e.what());
      ++failed;
    }
  }
  recover_lost_headings(articles);
  ArticleTextOptions text_options;
  text_options.full = config.full;
  auto printer =
      make_printer(config.format, out,
                   [&](std::ostream& o, const Json& a) { render_article_text(o, a, text_options); },
                   {"source", "shape", "title", "sections", "warnings"});
  for (const auto& article : articles) printer->record(article_to_json(article));
  printer->finish();
  return exit_code_for(failed, inputs.size());
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

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "citedex: link every claim of an encyclopedia article to its footnotes, references and "
      "outlets.\n\nExit codes: 0 all inputs processed; 1 some inputs failed (the rest were "
      "processed); 2 bad command line; 3 no input could be processed.",
      "citedex"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(CITEDEX_VERSION));

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

  SegmentConfig segment;
  std::string segment_format = "text";
  auto* segment_cmd =
      app.add_subcommand("segment", "Print the sentences of plain text, one per line");
  segment_cmd->add_option("files", segment.inputs, "files to read (default: standard input)");
  segment_cmd->add_flag("--wrapped", segment.wrapped,
                        "treat single line breaks as spaces (wrapped text)");
  segment_cmd->add_option("--format", segment_format, "output format")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}));

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
    return run_parse(parse, out, err);
  }
  if (segment_cmd->parsed()) {
    segment.format = parse_output_format(segment_format);
    return run_segment(segment, out, err);
  }
  if (repair_cmd->parsed()) return run_repair(repair, out, err);
  return kExitUsage;
}

}  // namespace citedex::cli
