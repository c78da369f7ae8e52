#include "cli/printer.h"

#include <stdexcept>

namespace citedex::cli {

namespace {

// Compact JSON. Invalid UTF-8 is replaced rather than thrown on: the pipeline
// guarantees valid text, but a printer must never be the place a run dies.
std::string compact(const Json& v) {
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

class TextPrinter : public Printer {
 public:
  TextPrinter(std::ostream& out, TextRenderer render) : out_(out), render_(std::move(render)) {}
  void record(const Json& value) override { render_(out_, value); }

 private:
  std::ostream& out_;
  TextRenderer render_;
};

class JsonPrinter : public Printer {
 public:
  explicit JsonPrinter(std::ostream& out) : out_(out) {}
  void record(const Json& value) override { records_.push_back(value); }
  void finish() override {
    out_ << records_.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  }

 private:
  std::ostream& out_;
  Json records_ = Json::array();
};

class JsonlPrinter : public Printer {
 public:
  explicit JsonlPrinter(std::ostream& out) : out_(out) {}
  void record(const Json& value) override { out_ << compact(value) << "\n"; }

 private:
  std::ostream& out_;
};

std::string csv_cell(const Json& v) {
  std::string s;
  if (v.is_null()) return "";
  if (v.is_string()) {
    s = v.get<std::string>();
  } else if (v.is_array()) {
    for (const auto& item : v) {
      if (!s.empty()) s += "; ";
      s += item.is_string() ? item.get<std::string>() : compact(item);
    }
  } else {
    s = compact(v);
  }
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char c : s) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

class CsvPrinter : public Printer {
 public:
  CsvPrinter(std::ostream& out, std::vector<std::string> columns, std::string rows_of)
      : out_(out), columns_(std::move(columns)), rows_of_(std::move(rows_of)) {
    for (size_t i = 0; i < columns_.size(); ++i) out_ << (i ? "," : "") << csv_cell(columns_[i]);
    out_ << "\n";
  }
  void record(const Json& value) override {
    auto rows = rows_of_.empty() ? value.end() : value.find(rows_of_);
    if (rows == value.end() || !rows->is_array() || rows->empty()) return row(value, nullptr);
    for (const auto& element : *rows) row(value, element.is_object() ? &element : nullptr);
  }

 private:
  void row(const Json& value, const Json* element) {
    for (size_t i = 0; i < columns_.size(); ++i) {
      const Json* cell = nullptr;
      if (element) {
        auto it = element->find(columns_[i]);
        if (it != element->end()) cell = &*it;
      }
      if (!cell) {
        auto it = value.find(columns_[i]);
        if (it != value.end()) cell = &*it;
      }
      out_ << (i ? "," : "") << (cell ? csv_cell(*cell) : "");
    }
    out_ << "\n";
  }

  std::ostream& out_;
  std::vector<std::string> columns_;
  std::string rows_of_;
};

}  // namespace

OutputFormat parse_output_format(std::string_view name) {
  if (name == "text") return OutputFormat::text;
  if (name == "json") return OutputFormat::json;
  if (name == "jsonl") return OutputFormat::jsonl;
  if (name == "csv") return OutputFormat::csv;
  throw std::invalid_argument("unknown output format '" + std::string(name) + "'");
}

std::unique_ptr<Printer> make_printer(OutputFormat format, std::ostream& out, TextRenderer render,
                                      std::vector<std::string> csv_columns,
                                      std::string csv_rows_of) {
  switch (format) {
    case OutputFormat::text:
      return std::make_unique<TextPrinter>(out, std::move(render));
    case OutputFormat::json:
      return std::make_unique<JsonPrinter>(out);
    case OutputFormat::jsonl:
      return std::make_unique<JsonlPrinter>(out);
    case OutputFormat::csv:
      return std::make_unique<CsvPrinter>(out, std::move(csv_columns), std::move(csv_rows_of));
  }
  throw std::invalid_argument("unknown output format");
}

}  // namespace citedex::cli
