#include "indexer/index_writer.h"

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "indexer/copies.h"
#include "indexer/index_db.h"
#include "indexer/index_documents.h"
#include "indexer/outlets.h"
#include "indexer/schema.h"

namespace citedex {

namespace fs = std::filesystem;

namespace {

bool has_readable_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".txt" || ext == ".text" || ext == ".md" || ext == ".markdown" || ext == ".wiki" ||
         ext == ".wikitext";
}

std::string content_hash(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "fnv1a64:%016llx:%zu", static_cast<unsigned long long>(h),
                bytes.size());
  return buf;
}

std::string source_term(const std::string& path) {
  return std::string(kPrefixSource) + path.substr(0, 240);
}

struct Pending {
  std::string path, hash;
  Article article;
};

}  // namespace

std::vector<std::string> collect_input_files(const std::vector<std::string>& paths,
                                             const FailureFn& on_failure) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) {
      on_failure(p, "no such file or directory");
      continue;
    }
    if (!fs::is_directory(status)) {
      files.push_back(p);
      continue;
    }
    fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const auto& entry = *it;
      std::string name = entry.path().filename().string();
      if (name.starts_with(".")) {
        if (entry.is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (entry.is_regular_file() && has_readable_extension(entry.path()))
        files.push_back(entry.path().string());
    }
    if (ec) on_failure(p, "cannot list the directory: " + ec.message());
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

IndexReport index_files(const std::vector<std::string>& files, const IndexOptions& options,
                        const FailureFn& on_failure) {
  IndexReport report;
  report.files = files.size();
  Xapian::WritableDatabase db = open_for_writing(options.db_path, options.rebuild);
  try {
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    size_t since_commit = 0;

    for (size_t start = 0; start < files.size(); start += options.batch_files) {
      size_t end = std::min(files.size(), start + options.batch_files);
      std::vector<Pending> batch;
      for (size_t i = start; i < end; ++i) {
        const std::string& path = files[i];
        std::string bytes;
        try {
          bytes = read_input_file(path);
        } catch (const InputError& e) {
          on_failure(path, e.what());
          ++report.failed;
          continue;
        }
        std::string hash = content_hash(bytes);
        if (db.get_metadata(std::string(kMetaFilePrefix) + path) == hash) {
          ++report.unchanged;
          continue;
        }
        try {
          batch.push_back({path, hash, parse_bytes(bytes, path, options.parse)});
        } catch (const InputError& e) {
          on_failure(path, e.what());
          ++report.failed;
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
        db.delete_document(source_term(batch[k].path));
        for (auto& d : docs) db.add_document(d);
        db.set_metadata(std::string(kMetaFilePrefix) + batch[k].path, batch[k].hash);
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
        std::string path = (*it).substr(prefix.size());
        std::error_code ec;
        if (!fs::exists(path, ec)) gone.push_back(path);
      }
      for (const auto& path : gone) {
        db.begin_transaction(false);
        db.delete_document(source_term(path));
        db.set_metadata(std::string(kMetaFilePrefix) + path, "");
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

IndexCounts count_index(const std::string& db_path) {
  Xapian::Database db = open_for_reading(db_path);
  return guard_xapian([&] {
    IndexCounts counts;
    counts.documents = db.get_doccount();
    counts.articles = db.get_termfreq(std::string(kPrefixType) + "article");
    counts.claims = db.get_termfreq(std::string(kPrefixType) + "claim");
    counts.references = db.get_termfreq(std::string(kPrefixType) + "reference");
    std::string prefix(kMetaFilePrefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it)
      ++counts.files;
    return counts;
  });
}

}  // namespace citedex
