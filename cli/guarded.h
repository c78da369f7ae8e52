// The CLI edge of the index and query layers: their errors become one line on stderr
// and the documented exit code (docs/exit-codes.md).
#pragma once

#include <ostream>
#include <stdexcept>

#include "cli/commands.h"
#include "indexer/index_db.h"
#include "indexer/outlet_table.h"
#include "search/query.h"

namespace citedex::cli {

// Runs a command body, turning the errors of the index and query layers into one line
// on stderr and the documented exit code.
template <typename F>
int guarded(std::ostream& err, F&& body) {
  try {
    return body();
  } catch (const OutletTableError& e) {
    err << "citedex: " << e.what() << "\n";
    return kExitBadConfig;
  } catch (const IndexError& e) {
    err << "citedex: " << e.what() << "\n";
    return e.kind() == IndexError::Kind::locked ? kExitIndexLocked : kExitIndexUnusable;
  } catch (const QueryError& e) {
    err << "citedex: " << e.what() << "\n";
    return kExitBadQuery;
  } catch (const std::invalid_argument& e) {
    err << "citedex: " << e.what() << "\n";
    return kExitBadQuery;
  }
}

}  // namespace citedex::cli
