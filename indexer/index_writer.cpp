#include "indexer/index_writer.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "indexer/copies.h"
#include "indexer/dump_reader.h"
#include "indexer/index_db.h"
#include "indexer/index_documents.h"
#include "indexer/link_status.h"
#include "indexer/outlets.h"
#include "indexer/schema.h"
#include "indexer/text_util.h"

namespace citedex {

namespace fs = std::filesystem;

namespace {

bool has_readable_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".txt" || ext == ".text" || ext == ".md" || ext == ".markdown" || ext == ".wiki" ||
         ext == ".wikitext" || ext == ".xml" || ext == ".bz2";
}

// The content hash of a file, streamed: dumps can be far larger than memory.
std::string file_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(std::string("cannot open: ") + std::strerror(errno));
  uint64_t h = kFnv1a64Offset;
  uint64_t size = 0;
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto n = static_cast<size_t>(in.gcount());
    h = fnv1a64(std::string_view(buf.data(), n), h);
    size += n;
  }
  if (in.bad()) throw InputError("read error");
  char out[48];
  std::snprintf(out, sizeof out, "fnv1a64:%016llx:%llu", static_cast<unsigned long long>(h),
                static_cast<unsigned long long>(size));
  return out;
}

// The index reads a file twice (its hash, then its content): a named pipe or a device
// would hang on the second open or yield nothing. A path gone by now fails at its open.
void check_regular_file(const std::string& path) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (!ec && fs::exists(status) && !fs::is_regular_file(status))
    throw InputError(
        "not a regular file (a pipe or device): citedex index reads each file twice, "
        "save it to a file first (or read it once with `citedex parse`)");
}

bool is_dump_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[4096];
  in.read(head, sizeof head);
  return looks_like_dump(std::string_view(head, static_cast<size_t>(in.gcount())));
}

std::string source_term(const std::string& path) {
  return std::string(kPrefixSource) + source_key(path);
}

// A file's metadata entry (schema.h): its hash, and its path when the key is shortened,
// because --prune must find the file again from the entry alone.
std::string file_meta_key(const std::string& path) {
  return std::string(kMetaFilePrefix) + source_key(path);
}

std::string file_meta_value(const std::string& path, std::string_view hash) {
  std::string value(hash);
  if (path.size() > kSourceKeyMax) value += '\n' + path;  // the key is shortened
  return value;
}

std::string read_in_part_key(const std::string& path) {
  return std::string(kMetaReadInPartPrefix) + source_key(path);
}

// What a dump read in part lost, for its metadata entry: where it was cut off, if it
// was (the reader says so last, after every page's warning), then its first other
// warnings (each bad page has one), and how many more there were.
std::string read_in_part_note(const InputSummary& summary) {
  constexpr size_t kShown = 5;
  const auto& w = summary.warnings;
  std::vector<std::string_view> shown;
  const bool cut_off = summary.truncated && !w.empty();
  if (cut_off) shown.push_back(w.back());
  for (size_t i = 0; i + (cut_off ? 1 : 0) < w.size() && shown.size() < kShown; ++i)
    shown.push_back(w[i]);
  std::string note;
  for (auto s : shown) note += (note.empty() ? "" : "; ") + std::string(s);
  if (w.size() > shown.size()) note += "; and " + std::to_string(w.size() - shown.size()) + " more";
  if (note.empty()) note = "some pages could not be read";
  return note;
}

// Writes a file's two metadata entries together: its hash (kMetaFilePartial while a
// dump is being committed) and why it was read only in part ("" removes the note).
// An empty hash removes the file's entry (pruned).
void set_file_entry(Xapian::WritableDatabase& db, const std::string& path, std::string_view hash,
                    const std::string& read_in_part = "") {
  db.set_metadata(file_meta_key(path), hash.empty() ? "" : file_meta_value(path, hash));
  db.set_metadata(read_in_part_key(path), read_in_part);
}

std::string path_of_file_meta(std::string_view key, std::string_view value) {
  size_t newline = value.find('\n');
  if (newline != std::string_view::npos) return std::string(value.substr(newline + 1));
  return std::string(key.substr(kMetaFilePrefix.size()));
}

// Removes every document indexed from `path`. WritableDatabase::delete_document(term)
// opens the term's posting list, and glass first writes out every buffered position
// list (GlassWritableDatabase::open_post_list): called for each file, it cost 6-11% of
// the indexing time. A file indexed for the first time has no documents, and the
// term's frequency (buffered changes included) says so without a flush.
void delete_source(Xapian::WritableDatabase& db, const std::string& path) {
  const std::string term = source_term(path);
  if (db.term_exists(term)) db.delete_document(term);
}

struct Pending {
  std::string path, hash;
  Article article;
};

}  // namespace

std::vector<std::string> source_paths(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  files.reserve(paths.size());
  for (const auto& p : paths) files.push_back(source_path(p));
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

std::vector<std::string> collect_input_files(const std::vector<std::string>& paths,
                                             const FailureFn& on_failure) {
  std::vector<std::string> files;
  for (const auto& given : paths) {
    std::error_code ec;
    auto status = fs::status(given, ec);
    if (ec || !fs::exists(status)) {
      bool missing =
          !ec || ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory;
      on_failure(given, missing ? "no such file or directory" : ec.message());
      continue;
    }
    const std::string root = source_path(given);
    if (!fs::is_directory(status)) {
      files.push_back(root);
      continue;
    }
    // A walk of our own rather than recursive_directory_iterator: a directory that
    // cannot be listed is reported and the walk goes on with its siblings, where the
    // iterator either skips it silently or stops. Links to directories are not
    // followed (no loops); links to files are.
    std::vector<fs::path> pending{root};
    while (!pending.empty()) {
      fs::path dir = std::move(pending.back());
      pending.pop_back();
      std::vector<fs::path> subdirs;
      fs::directory_iterator it(dir, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        const fs::directory_entry& entry = *it;
        if (entry.path().filename().string().starts_with(".")) continue;
        std::error_code type_ec;
        if (entry.is_directory(type_ec) && !entry.is_symlink(type_ec)) {
          subdirs.push_back(entry.path());
        } else if (entry.is_regular_file(type_ec) && has_readable_extension(entry.path())) {
          files.push_back(entry.path().string());
        }
      }
      if (ec) {
        on_failure(dir.string(), "cannot list the directory: " + ec.message());
        ec.clear();
      }
      // Depth first, in name order, like the listing it replaces (sorted below anyway).
      std::sort(subdirs.rbegin(), subdirs.rend());
      for (auto& d : subdirs) pending.push_back(std::move(d));
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

namespace {

IndexReport index_into(const std::vector<std::string>& files, const IndexOptions& options,
                       const FailureFn& on_failure);

// The old index a rebuild replaces, open for writing only to hold its lock: no other
// writer may change it while its replacement is built. nullopt when there is none, or
// when it cannot be opened (damaged, another format) — a rebuild replaces it anyway.
std::optional<Xapian::WritableDatabase> hold_old_index(const std::string& path) {
  try {
    return Xapian::WritableDatabase(path, Xapian::DB_OPEN);
  } catch (const Xapian::DatabaseLockError&) {
    rethrow_as_index_error(path);
  } catch (const Xapian::Error&) {
    return std::nullopt;
  }
}

// The link checks `audit --check` stored in `from` (metadata key → state), added to
// `checks` where it has no state for that key yet, for an index being built to replace
// `from`. A damaged `from` gives fewer or none: the rebuild goes on.
void gather_link_checks(const Xapian::Database& from, std::map<std::string, std::string>& checks) {
  try {
    const std::string prefix(kMetaCheckPrefix);
    for (auto it = from.metadata_keys_begin(prefix); it != from.metadata_keys_end(prefix); ++it)
      checks.emplace(*it, from.get_metadata(*it));
  } catch (const Xapian::Error&) {
  }
}

// Creates the index at `path` (over what is there when `overwrite`, else keeping it) and
// commits `checks` (gather_link_checks) to it. Throws IndexError.
void seed_index(const std::string& path, bool overwrite,
                const std::map<std::string, std::string>& checks) {
  Xapian::WritableDatabase db = open_for_writing(path, overwrite);
  guard_xapian([&] {
    for (const auto& [key, state] : checks) db.set_metadata(key, state);
    db.commit();
    db.close();
  });
}

// Puts `fresh` in place of `path` (each a file or a directory) and returns where the
// old `path` went, for the caller to remove: `fresh` itself after an atomic exchange,
// or, on a file system without the exchange, PATH.old after two renames (a moment with
// nothing at `path`). Returns the errno of a failure, with `path` as it was.
std::pair<std::string, int> swap_into_place(const std::string& fresh, const std::string& path) {
  if (renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) == 0)
    return {fresh, 0};
  if (errno != EINVAL && errno != ENOSYS) return {"", errno};
  const std::string replaced = path + ".old";
  std::error_code ec;
  fs::remove_all(replaced, ec);
  if (std::rename(path.c_str(), replaced.c_str()) != 0) return {"", errno};
  if (std::rename(fresh.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::rename(replaced.c_str(), path.c_str());
    return {"", error};
  }
  return {replaced, 0};
}

// --rebuild of an existing index directory: the new index is built beside it
// (PATH.rebuild) and swapped in with one atomic rename only once complete, so a rebuild
// that is killed or fails leaves the old index as it was, and readers see either the
// old index or the new one. Link checks (metadata) are carried over: they are per URL.
IndexReport rebuild_beside(const std::vector<std::string>& files, const IndexOptions& options,
                           const FailureFn& on_failure) {
  const std::string& path = options.db_path;
  const std::string fresh = path + ".rebuild";
  std::optional<Xapian::WritableDatabase> old = hold_old_index(path);
  std::error_code ec;
  fs::remove_all(fresh, ec);  // what a killed rebuild left
  if (ec)
    throw IndexError(IndexError::Kind::io,
                     "cannot remove " + fresh + " (left by an earlier rebuild): " + ec.message());
  std::map<std::string, std::string> checks;
  if (old) gather_link_checks(*old, checks);
  seed_index(fresh, true, checks);
  IndexOptions into = options;
  into.db_path = fresh;
  into.rebuild = false;
  IndexReport report = index_into(files, into, on_failure);
  auto [replaced, error] = swap_into_place(fresh, path);
  if (error)
    throw IndexError(IndexError::Kind::io, "cannot put the rebuilt index " + fresh +
                                               " in place of " + path + ": " +
                                               std::strerror(error) + " (the old index is intact)");
  if (old) old->close();
  fs::remove_all(replaced, ec);
  return report;
}

}  // namespace

IndexReport index_files(const std::vector<std::string>& given, const IndexOptions& options,
                        const FailureFn& on_failure) {
  const std::vector<std::string> files = source_paths(given);
  std::error_code ec;
  if (options.rebuild && fs::is_directory(options.db_path, ec))
    return rebuild_beside(files, options, on_failure);
  return index_into(files, options, on_failure);
}

namespace {

IndexReport index_into(const std::vector<std::string>& files, const IndexOptions& options,
                       const FailureFn& on_failure) {
  IndexReport report;
  report.files = files.size();
  Xapian::WritableDatabase db = open_for_writing(options.db_path, options.rebuild);
  try {
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    size_t since_commit = 0;
    const std::string check_prefix(kMetaCheckPrefix);
    const bool has_checks =
        db.metadata_keys_begin(check_prefix) != db.metadata_keys_end(check_prefix);
    // Files not parsed (unchanged, failed) still count towards the progress shown.
    auto skipped = [&](const std::string& path) {
      if (!options.parse.progress) return;
      std::error_code ec;
      auto size = fs::file_size(path, ec);
      options.parse.progress({0, ec ? 0 : static_cast<uint64_t>(size), 0, true});
    };

    for (size_t start = 0; start < files.size(); start += options.batch_files) {
      size_t end = std::min(files.size(), start + options.batch_files);
      std::vector<Pending> batch;
      for (size_t i = start; i < end; ++i) {
        const std::string& path = files[i];
        try {
          check_regular_file(path);
          std::string hash = file_hash(path);
          if (db.get_metadata(file_meta_key(path)) == file_meta_value(path, hash)) {
            ++report.unchanged;
            // A dump read in part stays so until it changes: every run says it again.
            if (std::string note = db.get_metadata(read_in_part_key(path)); !note.empty()) {
              on_failure(path, "warning: unchanged, and indexed only in part: " + note);
              ++report.partial;
            }
            skipped(path);
            continue;
          }
          if (is_dump_file(path)) {
            // A dump is too large for one transaction: its pages are committed as they
            // come, and its hash only at the end, so a killed run redoes the whole dump.
            delete_source(db, path);
            set_file_entry(db, path, kMetaFilePartial);
            InputSummary summary = parse_input(path, options.parse, [&](Article&& a, bool) {
              for (const auto& w : a.input_warnings) on_failure(path, "warning: " + w);
              auto docs = build_documents(a, path, generator);
              for (auto& d : docs) {
                if (has_checks) apply_stored_link_status(d, db);
                db.add_document(d);
              }
              ++report.articles;
              report.claims += a.claims.size();
              report.references += a.references.size();
              since_commit += docs.size();
              if (since_commit >= options.commit_every) {
                db.commit();
                since_commit = 0;
              }
            });
            for (const auto& w : summary.warnings) on_failure(path, "warning: " + w);
            if (summary.partial()) ++report.partial;
            set_file_entry(db, path, hash, summary.partial() ? read_in_part_note(summary) : "");
            db.commit();
            since_commit = 0;
            ++report.indexed;
            continue;
          }
          std::vector<Article> parsed;
          parse_input(path, options.parse, [&](Article&& a, bool) {
            // Input altered on the way in (NULs, invalid UTF-8, UTF-16) is said, as by parse.
            for (const auto& w : a.input_warnings) on_failure(path, "warning: " + w);
            parsed.push_back(std::move(a));
          });
          for (auto& a : parsed) batch.push_back({path, hash, std::move(a)});
        } catch (const InputError& e) {
          on_failure(path, e.what());
          ++report.failed;
          skipped(path);
        }
      }
      // Copies of one article in the batch lend each other what one of them lost.
      std::vector<Article> articles;
      articles.reserve(batch.size());
      for (auto& p : batch) articles.push_back(std::move(p.article));
      recover_lost_headings(articles);
      resolve_outlets_by_title(articles);

      for (size_t k = 0; k < batch.size(); ++k) {
        const Article& article = articles[k];
        auto docs = build_documents(article, batch[k].path, generator);
        // One transaction per file: its old documents go, its new ones and its hash
        // arrive together, or not at all.
        db.begin_transaction(false);
        delete_source(db, batch[k].path);
        for (auto& d : docs) {
          // Link checks are kept per URL: a re-indexed reference keeps its status.
          if (has_checks) apply_stored_link_status(d, db);
          db.add_document(d);
        }
        set_file_entry(db, batch[k].path, batch[k].hash);  // read whole, whatever it was
        db.commit_transaction();
        ++report.indexed;
        ++report.articles;
        report.claims += article.claims.size();
        report.references += article.references.size();
        since_commit += docs.size();
        if (since_commit >= options.commit_every) {
          db.commit();
          since_commit = 0;
        }
      }
    }

    if (options.prune) {
      std::vector<std::string> gone;
      std::string prefix(kMetaFilePrefix);
      for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
        std::string path = path_of_file_meta(*it, db.get_metadata(*it));
        ++report.prune_checked;
        std::error_code ec;
        auto status = fs::status(path, ec);
        if (!ec && fs::exists(status)) continue;
        // Only a file known to be gone goes: one that cannot be looked at now (a
        // directory without permission, an I/O error) may well still be there.
        if (!ec || ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory) {
          gone.push_back(path);
        } else {
          on_failure(path, "not pruned: cannot tell whether it still exists: " + ec.message());
          ++report.files;  // an input of this run, which it could not process
          ++report.failed;
        }
      }
      for (const auto& path : gone) {
        db.begin_transaction(false);
        delete_source(db, path);
        set_file_entry(db, path, "");
        db.commit_transaction();
        ++report.pruned;
      }
    }
    db.commit();
    db.close();
  } catch (const IndexError&) {
    throw;
  } catch (...) {
    rethrow_as_index_error(options.db_path);
  }
  return report;
}

}  // namespace

std::vector<std::string> stub_shard_paths(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return {};
  std::ifstream in(path);
  std::vector<std::string> local;
  for (std::string line; std::getline(in, line);) {
    // As Xapian reads a stub: the keyword, one space, the rest of the line.
    const size_t space = line.find(' ');
    const std::string keyword = line.substr(0, space);
    if (keyword == "remote")
      throw IndexError(IndexError::Kind::io,
                       "the index at " + path +
                           " lists remote shards: index into each shard where it is served");
    if (space == std::string::npos ||
        (keyword != "auto" && keyword != "glass" && keyword != "chert"))
      continue;
    std::string shard = line.substr(space + 1);
    while (shard.size() > 1 && shard.back() == '/') shard.pop_back();
    // A relative path is read from the stub's directory.
    fs::path p(shard);
    local.push_back((p.is_absolute() ? p : fs::path(path).parent_path() / p).string());
  }
  return local;
}

size_t stub_shard_count(const std::string& path) { return stub_shard_paths(path).size(); }

namespace {

// Where `p` really is (symbolic links resolved as far as it exists), to compare paths.
fs::path real_path(const fs::path& p) {
  std::error_code ec;
  fs::path r = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? fs::absolute(p).lexically_normal() : r;
}

// So that a rename in `dir` outlives a crash of the machine.
void fsync_directory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Writes the stub at `stub` listing `dir_name`/0 … /shards-1 (relative to the stub's
// directory), durably. `exclusive`: only where nothing is yet (returns false, writing
// nothing, when something is); else it replaces what is there — a file in one rename, a
// single database in one exchange. Throws IndexError.
bool write_stub(const fs::path& stub, const std::string& dir_name, size_t shards, bool exclusive) {
  fs::path tmp = stub;
  tmp += ".stub-tmp";
  std::error_code ec;
  fs::remove_all(tmp, ec);  // what a killed run left
  auto fail = [&](const std::string& what, int error) {
    fs::remove_all(tmp, ec);
    return IndexError(IndexError::Kind::io, what + ": " + std::strerror(error));
  };
  {
    std::FILE* out = std::fopen(tmp.c_str(), "w");
    if (!out) throw fail("cannot write " + tmp.string(), errno);
    for (size_t k = 0; k < shards; ++k) std::fprintf(out, "auto %s/%zu\n", dir_name.c_str(), k);
    const bool ok = std::fflush(out) == 0 && ::fsync(fileno(out)) == 0;
    const int error = errno;
    if (std::fclose(out) != 0 || !ok) throw fail("cannot write " + tmp.string(), error);
  }
  const fs::path dir = stub.parent_path().empty() ? fs::path(".") : stub.parent_path();
  if (exclusive) {
    const bool linked = ::link(tmp.c_str(), stub.c_str()) == 0;
    const int error = errno;
    fs::remove(tmp, ec);
    if (!linked && error == EEXIST) return false;
    if (!linked) throw fail("cannot write the stub " + stub.string(), error);
  } else if (fs::is_directory(stub, ec)) {
    // A single database cannot be renamed over: swapped with the stub, as a rebuilt one.
    auto [replaced, error] = swap_into_place(tmp.string(), stub.string());
    if (error)
      throw fail("cannot put the stub " + stub.string() + " in place of the database", error);
    fs::remove_all(replaced, ec);
  } else if (std::rename(tmp.c_str(), stub.c_str()) != 0) {
    throw fail("cannot write the stub " + stub.string(), errno);
  }
  fsync_directory(dir);
  return true;
}

// True when `dir` is missing or holds nothing but shards 0 … shards-1 (and what their
// rebuilds left, K.rebuild).
bool holds_only_shards(const fs::path& dir, size_t shards) {
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() > 8 && name.ends_with(".rebuild")) name.resize(name.size() - 8);
    size_t k = 0;
    auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), k);
    if (error != std::errc() || end != name.data() + name.size() || k >= shards) return false;
  }
  return true;
}

}  // namespace

IndexReport index_files_sharded(const std::vector<std::string>& files, const IndexOptions& options,
                                size_t shards, const FailureFn& on_failure) {
  const fs::path stub(options.db_path);
  const fs::path home = stub.parent_path().empty() ? fs::path(".") : stub.parent_path();
  const std::string base_name = stub.filename().string() + ".shards";
  // The shard directories citedex names: PATH.shards, PATH.shards.1, …
  auto is_shard_dir_name = [&](const std::string& name) {
    return name == base_name || (name.rfind(base_name + ".", 0) == 0 &&
                                 all_digits(std::string_view(name).substr(base_name.size() + 1)));
  };
  std::error_code ec;
  const bool exists = fs::exists(fs::symlink_status(stub, ec));
  // A single database where the stub should go: only --rebuild may replace it.
  const bool single = fs::is_directory(stub, ec);
  if (single && !options.rebuild)
    throw IndexError(IndexError::Kind::schema_mismatch,
                     "the index at " + options.db_path + " is a single database, not " +
                         std::to_string(shards) + " shards: rebuild with `citedex index " +
                         "--rebuild --shards " + std::to_string(shards) +
                         "`, or index without --shards");
  const std::vector<std::string> current =
      single ? std::vector<std::string>{} : stub_shard_paths(options.db_path);
  // Whatever else is there is not ours to replace, even with --rebuild.
  if (exists && !single && current.empty())
    throw IndexError(IndexError::Kind::schema_mismatch,
                     "the index at " + options.db_path +
                         " is not a stub listing local shards: give another --db");
  if (!current.empty() && current.size() != shards && !options.rebuild)
    throw IndexError(IndexError::Kind::schema_mismatch,
                     "the index at " + options.db_path + " has " + std::to_string(current.size()) +
                         " shards, not " + std::to_string(shards) +
                         ": rebuild with `citedex index --rebuild --shards " +
                         std::to_string(shards) + "`");
  // Where the shards are written:
  // - the stub lists as many: in place (a rebuild rebuilds each beside itself, so readers
  //   keep the old shards until each new one is complete);
  // - there is no index yet: PATH.shards, with the stub written first, so searches see
  //   each shard's commits as they come and a killed first run is completed by the next;
  // - the stub lists another number, or a single database is there (--rebuild): a shard
  //   directory the stub does not use, switched to by rewriting the stub once every
  //   shard is complete. Until then readers see the old index, which stays locked
  //   against other writers, and a killed rebuild leaves it as it was.
  const bool first = !exists;
  const bool in_place = current.size() == shards;
  std::vector<std::string> targets;
  std::string dir_name = base_name;  // the shard directory, when not in place
  std::vector<Xapian::WritableDatabase> held;
  if (in_place) {
    targets = current;
  } else {
    if (!first) {
      for (const auto& old : single ? std::vector<std::string>{options.db_path} : current)
        if (auto db = hold_old_index(old)) held.push_back(std::move(*db));
      // Another citedex may have switched the stub between reading it and the locks.
      if (single ? !fs::is_directory(stub, ec) : stub_shard_paths(options.db_path) != current)
        throw IndexError(IndexError::Kind::locked,
                         "the index at " + options.db_path +
                             " was changed by another citedex process: try again");
    }
    std::set<fs::path> in_use;
    for (const auto& c : current) in_use.insert(real_path(fs::path(c).parent_path()));
    for (int n = 1; in_use.count(real_path(home / dir_name)); ++n)
      dir_name = base_name + "." + std::to_string(n);
    const fs::path shard_dir = home / dir_name;
    // A rebuild removes what a killed rebuild left. A first run keeps shards a killed
    // first run left (index_files carries on with them), unless they are another number
    // of shards: files would then sit in two of them.
    if (!first || !holds_only_shards(shard_dir, shards)) fs::remove_all(shard_dir, ec);
    fs::create_directories(shard_dir, ec);
    if (ec)
      throw IndexError(IndexError::Kind::io,
                       "cannot create " + shard_dir.string() + ": " + ec.message());
    for (size_t k = 0; k < shards; ++k) targets.push_back((shard_dir / std::to_string(k)).string());
  }
  if (!in_place) {
    // A rebuild's new shards start empty but for the link checks of the index they
    // replace: every shard gets all of them, so each reference finds its URL's state
    // wherever it lands, and whichever shard Xapian reads metadata from has them all.
    // A first run keeps what a killed first run left. (Old shards each hold every state
    // of what they replaced; for a key in several, the first shard's is kept.)
    std::map<std::string, std::string> checks;
    for (const auto& old : held) gather_link_checks(old, checks);
    for (const auto& t : targets) seed_index(t, !first, checks);
  }
  if (first) {
    // Only where nothing is yet: a citedex started at the same moment may have written
    // its stub first, perhaps for another number of shards; this run then stops.
    if (!write_stub(stub, dir_name, shards, true))
      throw IndexError(IndexError::Kind::locked,
                       "another citedex process is creating the index at " + options.db_path +
                           ": try again when it ends");
  }

  std::vector<std::vector<std::string>> parts(shards);
  for (const auto& f : source_paths(files)) {
    parts[fnv1a64(f) % shards].push_back(f);
  }
  // One worker process per shard: Xapian writers are single-threaded, and processes keep
  // a crash in one shard from taking the others down. Each reports through a pipe.
  struct Worker {
    pid_t pid;
    int fd;
  };
  std::vector<Worker> workers;
  for (size_t k = 0; k < shards; ++k) {
    int fds[2];
    if (pipe(fds) != 0)
      throw IndexError(IndexError::Kind::io, "cannot create a pipe for a shard worker");
    pid_t pid = fork();
    if (pid < 0) throw IndexError(IndexError::Kind::io, "cannot start a shard worker");
    if (pid == 0) {
      close(fds[0]);
      std::ostringstream msg;
      int code = 0;
      try {
        IndexOptions shard = options;
        shard.db_path = targets[k];
        if (!in_place) shard.rebuild = false;  // each shard is new, and holds the link checks
        shard.parse.progress = nullptr;        // workers share the terminal: no progress line
        IndexReport r =
            index_files(parts[k], shard, [&](const std::string& path, const std::string& problem) {
              msg << "F\t" << path << "\t" << problem << "\n";
            });
        msg << "R\t" << r.files << "\t" << r.indexed << "\t" << r.unchanged << "\t" << r.failed
            << "\t" << r.pruned << "\t" << r.articles << "\t" << r.claims << "\t" << r.references
            << "\t" << r.partial << "\t" << r.prune_checked << "\n";
      } catch (const IndexError& e) {
        msg << "E\t" << static_cast<int>(e.kind()) << "\t" << e.what() << "\n";
        code = 1;
      }
      std::string text = msg.str();
      for (size_t off = 0; off < text.size();) {
        ssize_t n = write(fds[1], text.data() + off, text.size() - off);
        if (n <= 0) break;
        off += static_cast<size_t>(n);
      }
      close(fds[1]);
      _exit(code);
    }
    close(fds[1]);
    workers.push_back({pid, fds[0]});
  }
  IndexReport total;
  std::optional<IndexError> failure;
  for (auto& w : workers) {
    std::string text;
    char buf[4096];
    for (ssize_t n; (n = read(w.fd, buf, sizeof buf)) > 0;)
      text.append(buf, static_cast<size_t>(n));
    close(w.fd);
    int status = 0;
    waitpid(w.pid, &status, 0);
    std::istringstream lines(text);
    bool reported = false;
    for (std::string line; std::getline(lines, line);) {
      std::vector<std::string> f;
      std::istringstream cells(line);
      for (std::string cell; std::getline(cells, cell, '\t');) f.push_back(cell);
      if (f.empty()) continue;
      if (f[0] == "F" && f.size() >= 3) on_failure(f[1], f[2]);
      if (f[0] == "R" && f.size() >= 9) {
        reported = true;
        total.files += std::stoul(f[1]);
        total.indexed += std::stoul(f[2]);
        total.unchanged += std::stoul(f[3]);
        total.failed += std::stoul(f[4]);
        total.pruned += std::stoul(f[5]);
        total.articles += std::stoul(f[6]);
        total.claims += std::stoul(f[7]);
        total.references += std::stoul(f[8]);
        if (f.size() >= 10) total.partial += std::stoul(f[9]);
        if (f.size() >= 11) total.prune_checked += std::stoul(f[10]);
      }
      if (f[0] == "E" && f.size() >= 3 && !failure)
        failure.emplace(static_cast<IndexError::Kind>(std::stoi(f[1])), f[2]);
    }
    if (!reported && !failure)
      failure.emplace(IndexError::Kind::io,
                      "a shard worker died (status " + std::to_string(status) + ")");
  }
  if (failure) throw *failure;
  if (!in_place && !first) {
    // Every new shard is complete: the stub switches readers to them; then the shard
    // directory it listed before goes, if citedex named it (PATH.shards[.N]).
    write_stub(stub, dir_name, shards, false);
    held.clear();
    std::set<fs::path> old_dirs;
    for (const auto& c : current) old_dirs.insert(fs::path(c).parent_path());
    const fs::path real_home = real_path(home);
    for (const auto& d : old_dirs) {
      const fs::path real = real_path(d);
      if (real.parent_path() == real_home && is_shard_dir_name(real.filename().string()) &&
          real != real_path(home / dir_name))
        fs::remove_all(d, ec);
    }
  }
  return total;
}

IndexCounts count_index(const std::string& db_path) {
  return read_index(db_path, [&](Xapian::Database& db) {
    IndexCounts counts;
    counts.documents = db.get_doccount();
    counts.articles = db.get_termfreq(std::string(kPrefixType) + "article");
    counts.claims = db.get_termfreq(std::string(kPrefixType) + "claim");
    counts.references = db.get_termfreq(std::string(kPrefixType) + "reference");
    // Files by their source terms: a sharded index keeps metadata per shard, and Xapian
    // reads metadata from the first shard only, but terms from all of them.
    std::string prefix(kPrefixSource);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) ++counts.files;
    return counts;
  });
}

}  // namespace citedex
