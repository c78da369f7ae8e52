#include "fuzz/properties.h"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "indexer/decode.h"
#include "indexer/footnotes.h"

namespace citedex::fuzz {

namespace {

bool g_timing = true;

std::chrono::nanoseconds thread_cpu_time() {
  // CPU time, not wall time: the fuzzers share the machine with other work, and a
  // descheduled harness must not look slow.
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

}  // namespace

void fuzz_fail(std::string_view property, std::string_view detail) {
  std::fprintf(stderr, "citedex fuzz: property violated: %.*s%s%.*s\n",
               static_cast<int>(property.size()), property.data(), detail.empty() ? "" : ": ",
               static_cast<int>(detail.size()), detail.data());
  std::fflush(stderr);
  std::abort();
}

std::string escaped(std::string_view s, size_t max) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (s.size() > max) out += "...";
  return out + "\"";
}

bool is_valid_utf8(std::string_view s) {
  size_t i = 0, n = s.size();
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](size_t k) { return k < n && (byte(k) & 0xC0) == 0x80; };
  while (i < n) {
    unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xC2 && c <= 0xDF) {
      if (!cont(i + 1)) return false;
      i += 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      if (!cont(i + 1) || !cont(i + 2)) return false;
      unsigned char c1 = byte(i + 1);
      if (c == 0xE0 && c1 < 0xA0) return false;  // overlong
      if (c == 0xED && c1 > 0x9F) return false;  // surrogate
      i += 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return false;
      unsigned char c1 = byte(i + 1);
      if (c == 0xF0 && c1 < 0x90) return false;  // overlong
      if (c == 0xF4 && c1 > 0x8F) return false;  // above U+10FFFF
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

void check_utf8(std::string_view what, std::string_view s) {
  if (!is_valid_utf8(s)) fuzz_fail("output is valid UTF-8", std::string(what) + " " + escaped(s));
}

std::optional<std::string> as_text(std::string_view bytes) {
  try {
    return decode_text(bytes).text;
  } catch (const NotTextError&) {
    return std::nullopt;
  }
}

// Whether some claim or reference of `a` carries the flag: for wikitext, the flags the
// reader wrote are the ones that reached the article.
bool written_flag(const Article& a, const std::string& flag) {
  for (const auto& c : a.claims)
    if (std::find(c.flags.begin(), c.flags.end(), flag) != c.flags.end()) return true;
  for (const auto& r : a.references)
    if (std::find(r.flags.begin(), r.flags.end(), flag) != r.flags.end()) return true;
  return false;
}

void check_article(const Article& a, const std::function<std::string()>& marker_source) {
  std::optional<std::string> source;
  check_utf8("title", a.title);
  check_utf8("shape", a.shape);
  for (const auto& [key, value] : a.metadata) {
    check_utf8("metadata key", key);
    for (const auto& item : value.items) check_utf8("metadata value", item);
  }
  for (const auto& s : a.sections) check_utf8("section heading", s.heading);
  for (const auto& f : a.infobox) {
    check_utf8("infobox key", f.key);
    check_utf8("infobox value", f.value);
  }
  bool any_warning = false;
  for (const auto& w : a.warnings) {
    check_utf8("warning", w);
    any_warning |= w.find("do not resolve") != std::string::npos;
  }
  std::set<std::string> labels;
  for (const auto& r : a.references) {
    labels.insert(r.label);
    for (const std::string* s :
         {&r.label, &r.text, &r.date, &r.date_raw, &r.title, &r.work, &r.publisher, &r.url,
          &r.archive_url, &r.archive_date, &r.archive_date_raw, &r.access_date, &r.access_date_raw,
          &r.language, &r.outlet, &r.outlet_via})
      check_utf8("reference field", *s);
    for (const auto& s : r.authors) check_utf8("reference author", s);
    for (const auto& s : r.flags) check_utf8("reference flag", s);
  }
  for (const auto& c : a.claims) {
    check_utf8("claim text", c.text);
    check_utf8("claim section", c.section);
    check_utf8("claim field", c.field);
    for (size_t pos = c.text.find('['); pos != std::string::npos; pos = c.text.find('[', pos + 1))
      if (size_t n = marker_length_at(c.text, pos); n > 0) {
        // Wikitext's reader writes the markers itself; a bracket with a label it did not
        // write ("[x]", "[e[sis]]") is the page's own text (strip_markers keeps it).
        if (a.shape == "wikitext") {
          Marker m = parse_marker_at(c.text, pos);
          if (m.kind == Marker::Kind::footnote ? !labels.count(m.value) : !written_flag(a, m.value))
            continue;
        }
        if (!source) source = marker_source();
        if (source->find(std::string_view(c.text).substr(pos, n)) != std::string::npos)
          fuzz_fail("claim text holds no footnote marker",
                    escaped(c.text.substr(pos, 40)) + " in " + escaped(c.text));
      }
    for (const auto& label : c.footnotes) {
      check_utf8("footnote label", label);
      if (labels.count(label)) continue;
      bool listed = false;
      for (const auto& u : c.unresolved) listed |= u == label;
      if (!listed || !any_warning)
        fuzz_fail("every footnote label resolves or is reported", escaped(label));
    }
    for (const auto& f : c.flags) check_utf8("claim flag", f);
    for (const auto& at : c.attributions) {
      check_utf8("attribution outlet", at.outlet);
      check_utf8("attribution cue", at.cue);
    }
  }
}

void enable_time_checks(bool on) { g_timing = on; }

void timed(std::string_view what, size_t bytes, const std::function<void()>& f) {
  auto limit = std::chrono::nanoseconds(kFixed) +
               std::chrono::nanoseconds(kPerByte) * static_cast<long>(bytes);
  std::chrono::nanoseconds best = std::chrono::nanoseconds::max();
  for (int run = 0; run < 3; ++run) {
    auto start = thread_cpu_time();
    f();
    best = std::min(best, thread_cpu_time() - start);
    if (!g_timing || best <= limit) return;
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, "%.*s took %.3f s for %zu bytes (limit %.3f s, best of 3)",
                static_cast<int>(what.size()), what.data(), best.count() / 1e9, bytes,
                limit.count() / 1e9);
  fuzz_fail("time is linear in the input", buf);
}

}  // namespace citedex::fuzz
