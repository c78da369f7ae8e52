// The whole parse: decode → repair → detect shape → read (boilerplate + structure) →
// reference list → sentences → footnote links → outlets. One call per input file.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "indexer/article.h"
#include "indexer/outlet_table.h"

namespace citedex {

// A file that cannot become an article: missing, a directory, unreadable, empty,
// binary. The message is one line naming the problem (not the file: the caller
// prefixes the path).
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ParseOptions {
  std::string shape = "auto";  // "auto" or a name from shape.h
  // Outlet resolution and in-text attribution (outlets.h, attribution.h) against this
  // table; nullptr means the shipped table. `resolve_outlets` false skips the stage.
  const OutletTable* outlets = nullptr;
  bool resolve_outlets = true;
};

// The shipped outlet table, loaded once.
const OutletTable& builtin_outlet_table();

// Parses `bytes` read from `source` (a path or "-"). Throws InputError when the bytes
// are not an article at all; every lesser problem becomes an Article warning.
Article parse_bytes(std::string_view bytes, const std::string& source, const ParseOptions& options);

// Reads and parses one file. Throws InputError (missing, directory, unreadable,
// empty, binary).
Article parse_file(const std::filesystem::path& path, const ParseOptions& options);

// Reads a whole file into memory. Throws InputError.
std::string read_input_file(const std::filesystem::path& path);

}  // namespace citedex
