// Harnesses of the text units: reference-list lines (and the citation parser behind
// them), mojibake repair, the sentence segmenter.
#include <cctype>
#include <string>

#include "fuzz/harness.h"
#include "fuzz/properties.h"
#include "indexer/article.h"
#include "indexer/citation.h"
#include "indexer/mojibake.h"
#include "indexer/reference_list.h"
#include "indexer/sentences.h"
#include "indexer/text_util.h"

namespace citedex::fuzz {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

void check_entry(const ReferenceEntry& entry) {
  if (!all_digits(entry.label)) fuzz_fail("a reference label is a number", escaped(entry.label));
  if (entry.uses < 1) fuzz_fail("a reference is used at least once");
  check_utf8("reference text", entry.text);
  Reference ref;
  ref.label = entry.label;
  ref.text = entry.text;
  parse_citation(ref);
  for (const std::string* s :
       {&ref.text, &ref.date, &ref.date_raw, &ref.title, &ref.work, &ref.publisher, &ref.url,
        &ref.archive_url, &ref.archive_date, &ref.access_date, &ref.language})
    check_utf8("citation field", *s);
  for (const auto& s : ref.authors) check_utf8("citation author", s);
}

}  // namespace

static void fuzz_reference_lines_body(std::string_view input) {
  auto text = as_text(input);
  if (!text) return;
  for (std::string_view line : split_lines(*text)) {
    ReferenceEntry entry;
    if (parse_reference_entry(line, entry)) check_entry(entry);
    int uses = 0;
    size_t caret = line.find('^');
    if (caret != std::string_view::npos) {
      std::string_view after = line.substr(caret + 1);
      if (count_backlinks(after, uses) > after.size())
        fuzz_fail("count_backlinks consumes no more than its input");
    }
  }
  long previous = 0;
  for (const auto& entry : split_inline_reference_list(*text)) {
    check_entry(entry);
    // Entries are found in label order.
    long label = entry.label.size() > 9 ? 0 : std::stol(entry.label);
    if (entry.label.size() <= 9 && label <= previous)
      fuzz_fail("inline reference labels increase", escaped(entry.label));
    previous = label;
  }
}

void fuzz_mojibake(std::string_view input) {
  auto text = as_text(input);
  if (!text) return;
  RepairResult once;
  timed("repair_mojibake", input.size(), [&] { once = repair_mojibake(*text); });
  check_utf8("repaired text", once.text);
  if (once.repairs == 0 && once.text != *text)
    fuzz_fail("no repair leaves the text unchanged", escaped(*text));
  RepairResult twice = repair_mojibake(once.text);
  if (twice.text != once.text)
    fuzz_fail("repair is idempotent", escaped(once.text) + " became " + escaped(twice.text));
}

void fuzz_sentences(std::string_view input) {
  auto text = as_text(input);
  if (!text) return;
  for (bool boundaries : {true, false}) {
    SegmentOptions options;
    options.line_breaks_are_boundaries = boundaries;
    std::vector<SentenceSpan> spans;
    timed("split_sentences", input.size(), [&] { spans = split_sentences(*text, options); });
    size_t previous_end = 0;
    for (const auto& span : spans) {
      if (span.begin < previous_end || span.begin >= span.end || span.end > text->size())
        fuzz_fail("sentence spans are non-empty, in order and inside the text");
      previous_end = span.end;
      std::string_view sentence = std::string_view(*text).substr(span.begin, span.end - span.begin);
      check_utf8("sentence", sentence);
      if (trim(sentence).size() != sentence.size())
        fuzz_fail("sentence spans are trimmed", escaped(sentence));
    }
  }
}

void fuzz_reference_lines(std::string_view input) {
  timed("reference lines", input.size(), [&] { fuzz_reference_lines_body(input); });
}

}  // namespace citedex::fuzz
