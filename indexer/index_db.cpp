#include "indexer/index_db.h"

#include <xapian.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "indexer/schema.h"

namespace citedex {

namespace {

void check_schema(const Xapian::Database& db, const std::string& path) {
  std::string version = db.get_metadata(std::string(kMetaSchemaVersion));
  if (version.empty() && db.get_doccount() == 0) return;
  if (version != std::to_string(kSchemaVersion))
    throw IndexError(IndexError::Kind::schema_mismatch,
                     "the index at " + path + " has schema version " +
                         (version.empty() ? std::string("none") : version) +
                         ", this citedex uses " + std::to_string(kSchemaVersion) +
                         ": rebuild with `citedex index --rebuild`");
}

// The cause of a failed write when it is one of `codes`, else "". Xapian keeps the errno
// as get_error_string(), or, for a lock file it could not create, only in its message.
std::string cause_among(const Xapian::Error& e, std::initializer_list<int> codes) {
  const char* kept = e.get_error_string();
  for (int code : codes) {
    std::string text = std::strerror(code);
    if ((kept && text == kept) || e.get_msg().find(text) != std::string::npos) return text;
  }
  return "";
}

// Throws when `e` is a write the disk or the permissions refused: one line with the
// cause and what to do. Returns otherwise.
void throw_if_write_refused(const std::string& path, const Xapian::Error& e) {
  std::string where = path.empty() ? "the index" : "the index at " + path;
  if (std::string cause = cause_among(e, {ENOSPC, EFBIG, EDQUOT}); !cause.empty())
    throw IndexError(IndexError::Kind::io,
                     "cannot write " + where + ": " + cause +
                         ": free some space (or raise the file size limit) and run the same "
                         "command again; the index keeps what was committed before");
  if (std::string cause = cause_among(e, {EROFS, EACCES, EPERM}); !cause.empty())
    throw IndexError(IndexError::Kind::io,
                     "cannot write " + where + ": " + cause +
                         ": the index is read-only for this process (searching it still "
                         "works); fix its permissions or mount, or index into a copy you can "
                         "write (--db); the index keeps what was committed before");
}

IndexError changed_while_reading(const std::string& path, int times) {
  return IndexError(IndexError::Kind::io,
                    "the index at " + path + " changed " + std::to_string(times) +
                        " times while being read (a writer commits faster than this read "
                        "runs): try again, or after `citedex index` ends");
}

}  // namespace

std::string resolve_db_path(const std::string& flag) {
  std::string path = flag;
  if (path.empty()) {
    const char* env = std::getenv("CITEDEX_DB");
    path = env && *env ? env : "citedex.db";
  }
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

[[noreturn]] void rethrow_as_index_error(const std::string& path) {
  std::string where = path.empty() ? "the index" : "the index at " + path;
  try {
    throw;
  } catch (const IndexError&) {
    throw;
  } catch (const Xapian::DatabaseLockError& e) {
    // Xapian also reports a lock file it cannot create (a read-only index) as a lock
    // error: only "already locked" is another writer.
    if (e.get_msg().find("already locked") == std::string::npos) {
      throw_if_write_refused(path, e);
      throw IndexError(IndexError::Kind::io, where +
                                                 " cannot be locked for writing: " + e.get_msg() +
                                                 " (is the index read-only or the disk full?)");
    }
    throw IndexError(IndexError::Kind::locked,
                     where + " is locked by another citedex process (wait for it to finish)");
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw IndexError(IndexError::Kind::corrupt, where + " cannot be opened: " + e.get_msg());
  } catch (const Xapian::DatabaseCorruptError& e) {
    throw IndexError(IndexError::Kind::corrupt, where + " is damaged (" + e.get_msg() +
                                                    "): rebuild with `citedex index --rebuild`");
  } catch (const Xapian::DatabaseError& e) {
    throw_if_write_refused(path, e);
    throw IndexError(IndexError::Kind::io,
                     where + ": " + e.get_msg() + " (is the disk full or the index read-only?)");
  } catch (const Xapian::NetworkError& e) {
    throw IndexError(IndexError::Kind::io,
                     where + ": a remote shard is unreachable: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    throw IndexError(IndexError::Kind::io, where + ": " + e.get_type() + ": " + e.get_msg());
  }
}

Xapian::WritableDatabase open_for_writing(const std::string& path, bool rebuild) {
  // A new index gets its missing parent directories, as --shards gives its shards:
  // Xapian creates only the last one, and reports a missing parent as "mkdir failed".
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    std::filesystem::create_directories(parent, ec);
    if (ec)
      throw IndexError(
          IndexError::Kind::io,
          "cannot create " + parent.string() + " to hold the index " + path + ": " + ec.message());
  }
  try {
    // 64 KiB blocks (Xapian's largest; the default is 8 KiB) for a new index: counting
    // facets reads the facet-row value of every match, and with 8 KiB blocks a third of
    // that time went to one pread per block (400k matches at 1M claims: 165 → 118 ms).
    // Keyword and filter queries and indexing measured the same or faster. An index
    // keeps the block size it was created with.
    Xapian::WritableDatabase db(
        path, rebuild ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN, kBlockSize);
    check_schema(db, path);
    if (db.get_metadata(std::string(kMetaSchemaVersion)).empty())
      db.set_metadata(std::string(kMetaSchemaVersion), std::to_string(kSchemaVersion));
    return db;
  } catch (...) {
    rethrow_as_index_error(path);
  }
}

void require_index(const std::string& path) {
  read_index_attempts(path, [](Xapian::Database&) {});
}

namespace {
std::function<void(int)>& read_attempt_hook() {
  static std::function<void(int)> hook;
  return hook;
}
}  // namespace

void set_read_attempt_hook(std::function<void(int attempt)> hook) {
  read_attempt_hook() = std::move(hook);
}

void read_index_attempts(const std::string& path,
                         const std::function<void(Xapian::Database&)>& attempt) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw IndexError(IndexError::Kind::missing, "no index at " + path +
                                                    ": create one with `citedex index --db " +
                                                    path + " FILES…` (or set CITEDEX_DB)");
  // Each attempt opens the index afresh, at its newest commit. Glass opens its tables
  // lazily, so even the schema check can find its revision discarded.
  for (int n = 1;; ++n) {
    try {
      Xapian::Database db(path);
      check_schema(db, path);
      if (read_attempt_hook()) read_attempt_hook()(n);
      attempt(db);
      return;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (n == kReadAttempts) throw changed_while_reading(path, n);
    } catch (...) {
      rethrow_as_index_error(path);
    }
  }
}

}  // namespace citedex
