// One structured printer interface, one backend per output format. Commands turn
// their results into JSON values (records) and hand them to a Printer; no command
// formats output by hand.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace citedex::cli {

using Json = nlohmann::ordered_json;

enum class OutputFormat { text, json, jsonl, csv };

// "text", "json", "jsonl", "csv" → the format; throws std::invalid_argument otherwise.
OutputFormat parse_output_format(std::string_view name);

class Printer {
 public:
  virtual ~Printer() = default;
  // Prints one result. Records of one command share a shape.
  virtual void record(const Json& value) = 0;
  // Closes the output (the JSON array, for instance). Called once, after the last record.
  virtual void finish() {}
};

// Renders one record as human-readable text.
using TextRenderer = std::function<void(std::ostream&, const Json&)>;

// Creates the printer for `format` writing to `out`:
// - text: `render` for each record;
// - json: one JSON array of all records, pretty-printed;
// - jsonl: one compact JSON object per line;
// - csv: a header of `csv_columns`, then one row per record with those top-level
//   members (arrays joined with "; ", objects as compact JSON), RFC 4180 quoting.
//   A record whose member `csv_rows_of` is an array of objects prints one row per
//   element instead, each cell from the element's member of that name, else the
//   record's; an empty array prints one row from the record alone.
std::unique_ptr<Printer> make_printer(OutputFormat format, std::ostream& out, TextRenderer render,
                                      std::vector<std::string> csv_columns = {},
                                      std::string csv_rows_of = {});

}  // namespace citedex::cli
