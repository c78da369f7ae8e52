// Opening the index for reading while a writer commits (indexer/index_db.h).
#include "indexer/index_db.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <string>

#include "tests/test_support.h"

using citedex::IndexError;
using citedex::testing::TempDir;

namespace {

// Adds `n` documents of a few hundred distinct terms each and commits, `commits` times:
// enough new blocks that Xapian reuses those of revisions older than the last.
void commit_batches(Xapian::WritableDatabase& writer, int commits, int n = 300) {
  static int serial = 0;
  for (int c = 0; c < commits; ++c) {
    for (int i = 0; i < n; ++i, ++serial) {
      Xapian::Document doc;
      for (int t = 0; t < 200; ++t)
        doc.add_term("Q" + std::to_string(serial) + "_" + std::to_string(t));
      doc.add_term("XTclaim");
      writer.add_document(doc);
    }
    writer.commit();
  }
}

// A new index at `path` with one commit, and its writer.
Xapian::WritableDatabase new_index(const std::string& path) {
  Xapian::WritableDatabase writer = citedex::open_for_writing(path, true);
  commit_batches(writer, 1);
  return writer;
}

size_t read_all(Xapian::Database& db) {
  size_t terms = 0;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) ++terms;
  return terms;
}

}  // namespace

TEST_CASE("read_index against a writer that discards the revision being read",
          "[index][concurrency]") {
  TempDir tmp;
  const std::string path = (tmp.path() / "db").string();
  Xapian::WritableDatabase writer = new_index(path);
  int attempts = 0;

  SECTION("it reads again at the newest commit") {
    size_t terms = citedex::read_index(path, [&](Xapian::Database& db) {
      // The first attempt opened at the first commit; three more discard it.
      if (++attempts == 1) commit_batches(writer, 3);
      return read_all(db);
    });
    CHECK(attempts == 2);
    Xapian::Database fresh(path);
    CHECK(terms == read_all(fresh));
  }

  SECTION("it gives up with a clear error when every attempt is overtaken") {
    try {
      citedex::read_index(path, [&](Xapian::Database& db) {
        ++attempts;
        commit_batches(writer, 3);
        return read_all(db);
      });
      FAIL("no error");
    } catch (const IndexError& e) {
      CHECK(e.kind() == IndexError::Kind::io);
      CHECK(std::string(e.what()) ==
            "the index at " + path +
                " changed 8 times while being read (a writer commits faster than this read "
                "runs): try again, or after `citedex index` ends");
    }
    CHECK(attempts == citedex::kReadAttempts);
  }
}
