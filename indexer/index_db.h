// Opening the index. Xapian's exceptions stop here: callers get IndexError with a kind
// the CLI turns into an exit code, and a message with a hint.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace Xapian {
class Database;
class WritableDatabase;
}  // namespace Xapian

namespace citedex {

class IndexError : public std::runtime_error {
 public:
  enum class Kind {
    missing,          // no index at the path
    locked,           // another writer holds the lock
    schema_mismatch,  // built by another schema version
    corrupt,          // unreadable, or not a citedex index
    io,               // disk full, read-only, permissions…
    query,            // (search layer) a query Xapian refused
  };
  IndexError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// The index path a command uses: `flag` if given, else $CITEDEX_DB, else "./citedex.db",
// without trailing slashes ("db/" is "db"): paths beside it (PATH.rebuild, PATH.shards,
// the stub's temporary) must not land inside it.
std::string resolve_db_path(const std::string& flag);

// The block size of a new index's tables (index_db.cpp says why).
inline constexpr int kBlockSize = 65536;

// Opens (creating it and its parent directories if needed) for writing. `rebuild` starts
// over. Checks the schema version of an existing index. Throws IndexError (locked,
// schema_mismatch, corrupt, io).
Xapian::WritableDatabase open_for_writing(const std::string& path, bool rebuild);

// Returns when there is a usable index at `path`: a database directory or a stub file
// listing shards (local or "remote tcp HOST PORT"). Throws IndexError (missing,
// schema_mismatch, corrupt, io).
void require_index(const std::string& path);

// Opens the index at `path` for reading (as require_index checks it) and returns
// `read(db)`. The only way citedex opens an index to read (tests/layering_test.cpp).
// Searching while `citedex index` runs: Xapian keeps only the last two commits, so a
// writer committing twice during a long read discards the revision being read. Then the
// index is opened again at the newest commit and `read` runs again from the start (it
// must have no effect outside its result), up to kReadAttempts times in all. Xapian
// exceptions become IndexError (as guard_xapian); others pass through.
inline constexpr int kReadAttempts = 8;
template <typename F>
auto read_index(const std::string& path, F&& read);
void read_index_attempts(const std::string& path,
                         const std::function<void(Xapian::Database&)>& attempt);

// For tests: `hook` runs at the start of every read attempt of read_index, once the
// index is open at its newest commit and its schema checked, with the attempt's number
// (from 1), so a test can commit under any reader at a known moment. {} removes it. Not
// for use while other threads read.
void set_read_attempt_hook(std::function<void(int attempt)> hook);

// Runs `f`, translating Xapian exceptions into IndexError. For code that touches an
// open database outside the functions above.
template <typename F>
auto guard_xapian(F&& f) -> decltype(f());

// Turns the Xapian exception in flight into an IndexError (call inside a catch (...)).
[[noreturn]] void rethrow_as_index_error(const std::string& path);

template <typename F>
auto guard_xapian(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const IndexError&) {
    throw;
  } catch (...) {
    rethrow_as_index_error("");
  }
}

template <typename F>
auto read_index(const std::string& path, F&& read) {
  std::optional<std::invoke_result_t<F&, Xapian::Database&>> result;
  read_index_attempts(path, [&](Xapian::Database& db) { result.emplace(read(db)); });
  return std::move(*result);
}

}  // namespace citedex
