#include "indexer/dump_reader.h"

#include <bzlib.h>
#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <pugixml.hpp>
#include <set>
#include <stdexcept>
#include <string_view>

namespace citedex {

namespace {

// Reads and decompresses in 1 MiB steps: the working buffer then holds at most one page
// plus one step, whatever the size of the dump.
constexpr size_t kChunk = size_t{1} << 20;
// The contract promises a <mediawiki> root within this many bytes of the start.
constexpr size_t kRootWindow = 64 * 1024;
// <siteinfo> is a few KiB; anything far larger is not a real header and is not kept.
constexpr size_t kSiteinfoLimit = 16 * kChunk;
// Titles quoted in warnings are cut so a broken page cannot produce a huge line.
constexpr size_t kTitleInWarning = 200;

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// "<page" must be the element, not a longer name such as "<pages".
size_t find_tag_open(std::string_view s, std::string_view tag, size_t from) {
  for (size_t i = s.find(tag, from); i != std::string_view::npos; i = s.find(tag, i + 1)) {
    size_t after = i + tag.size();
    if (after >= s.size()) return i;  // may complete with the next chunk; caller re-checks
    char c = s[after];
    if (c == '>' || c == '/' || is_xml_space(c)) return i;
  }
  return std::string_view::npos;
}

// Replaces each byte sequence of `s` that is not UTF-8 with U+FFFD; returns how many.
size_t replace_invalid_utf8(std::string& s) {
  size_t replaced = 0;
  std::string out;
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) {
      if (!replaced) out.assign(s, 0, static_cast<size_t>(start));
      out += "\xEF\xBF\xBD";
      ++replaced;
    } else if (replaced) {
      out.append(s, static_cast<size_t>(start), static_cast<size_t>(i - start));
    }
  }
  if (replaced) s = std::move(out);
  return replaced;
}

// The title as written in the page, entities left alone: only used to name a page in a
// warning when the page itself could not be parsed.
std::string cheap_title(std::string_view page) {
  size_t open = page.find("<title>");
  if (open == std::string_view::npos) return "";
  open += 7;
  size_t close = page.find("</title>", open);
  if (close == std::string_view::npos) close = std::min(page.size(), open + kTitleInWarning);
  std::string_view raw = page.substr(open, std::min(close - open, kTitleInWarning));
  // A warning is one line of UTF-8: the raw bytes stop at a line break or a tag, and a
  // byte that is not UTF-8 (a broken dump, or a character cut at kTitleInWarning) becomes
  // U+FFFD. ('\n' and '<' are ASCII, so they never sit inside a multi-byte sequence.)
  std::string title(raw.substr(0, raw.find_first_of("\n<")));
  replace_invalid_utf8(title);
  return title;
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
         c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

// pugixml copies an unknown reference such as "&foo;" through as literal text instead of
// failing, and never reads DTD entity definitions. A page with such a reference is not
// well-formed XML (MediaWiki always writes &amp;), so it is found here and the page is
// refused rather than indexed with text that was never in the wiki.
// `declared`: the entities the dump's DTD declares, named as refused rather than
// undefined (expanding them is what XML bombs and external-entity reads rely on).
std::optional<std::string> find_bad_reference(std::string_view xml,
                                              const std::set<std::string, std::less<>>& declared) {
  for (size_t i = xml.find('&'); i != std::string_view::npos; i = xml.find('&', i + 1)) {
    size_t semi = xml.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 64) return "bare '&'";
    std::string_view name = xml.substr(i + 1, semi - i - 1);
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") continue;
    if (!name.empty() && name[0] == '#') {
      bool hex = name.size() > 1 && name[1] == 'x';
      std::string_view digits = name.substr(hex ? 2 : 1);
      bool ok = !digits.empty() && std::all_of(digits.begin(), digits.end(), [&](char c) {
        return hex ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                   : std::isdigit(static_cast<unsigned char>(c)) != 0;
      });
      if (ok) continue;
      return "bad character reference &" + std::string(name) + ";";
    }
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) return "bare '&'";
    if (declared.find(name) != declared.end())
      return "entity &" + std::string(name) +
             "; is declared in the DTD: DTD entities are not expanded";
    return "undefined entity &" + std::string(name) + ";";
  }
  return std::nullopt;
}

uint64_t to_u64(const char* s) {
  std::string_view v(s);
  while (!v.empty() && is_xml_space(v.front())) v.remove_prefix(1);
  uint64_t out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

std::optional<int> to_int(const char* s) {
  std::string_view v(s);
  while (!v.empty() && is_xml_space(v.front())) v.remove_prefix(1);
  while (!v.empty() && is_xml_space(v.back())) v.remove_suffix(1);
  int out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size() || v.empty()) return std::nullopt;
  return out;
}

// MediaWiki treats "_" and " " alike in titles and ignores case in namespace prefixes.
std::string fold_ns_name(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Used only when a dump without <ns> also has no <siteinfo> namespace list.
const std::vector<std::pair<int, std::string>>& default_namespaces() {
  static const std::vector<std::pair<int, std::string>> names = {
      {-2, "Media"},         {-1, "Special"},  {1, "Talk"},           {2, "User"},
      {3, "User talk"},      {4, "Project"},   {5, "Project talk"},   {6, "File"},
      {7, "File talk"},      {8, "MediaWiki"}, {9, "MediaWiki talk"}, {10, "Template"},
      {11, "Template talk"}, {12, "Help"},     {13, "Help talk"},     {14, "Category"},
      {15, "Category talk"}};
  return names;
}

enum class Encoding { unknown, utf8, utf16le, utf16be };

}  // namespace

struct DumpReader::Impl {
  Impl(std::istream& in, bool bz2, DumpOptions options, DumpStats& stats)
      : in(in), bz2(bz2), options(std::move(options)), stats(stats), raw(kChunk) {}

  ~Impl() {
    if (bz_open) BZ2_bzDecompressEnd(&bzs);
    if (from_cnv) ucnv_close(from_cnv);
    if (to_cnv) ucnv_close(to_cnv);
  }

  std::istream& in;
  bool bz2;
  DumpOptions options;
  DumpStats& stats;
  std::vector<std::pair<int, std::string>> namespaces;
  std::set<std::string, std::less<>> dtd_entities;  // declared in the prolog, never expanded

  // Source: raw bytes from the istream, bzip2-decoded when asked.
  std::vector<char> raw;
  size_t raw_pos = 0, raw_len = 0;
  bz_stream bzs{};
  bool bz_open = false;
  int bz_streams = 0;
  bool source_done = false;
  bool bz_dead = false;        // a bzip2 error: what was decoded is still used, nothing more
  bool source_failed = false;  // ended with a warning (truncated or corrupt input)

  // Decoding: UTF-16 is converted to UTF-8 before any page is cut.
  Encoding encoding = Encoding::unknown;
  std::string head;  // the first bytes, kept until the encoding is known
  UConverter* from_cnv = nullptr;
  UConverter* to_cnv = nullptr;
  UChar pivot[4096];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  bool convert_reset = true;

  // The UTF-8 XML not yet consumed. Offsets below index into it.
  std::string buf;
  size_t pos = 0;                         // everything before is consumed
  size_t page_start = std::string::npos;  // "<page" of the page being assembled
  size_t scan_from = 0;                   // where the next search resumes
  bool saw_root_end = false;
  bool finished = false;

  void warn(std::string message) { stats.warnings.push_back(std::move(message)); }

  // Never lets a stream exception escape: after construction reading only ends.
  bool read_raw() {
    raw_pos = raw_len = 0;
    if (!in.good()) return false;
    try {
      in.read(raw.data(), static_cast<std::streamsize>(raw.size()));
      raw_len = static_cast<size_t>(in.gcount());
    } catch (const std::exception& e) {
      raw_len = 0;
      warn(std::string("read error: ") + e.what());
      source_failed = true;
      return false;
    }
    if (in.bad()) {
      warn("read error after " + std::to_string(stats.bytes_read) + " bytes");
      source_failed = true;
    }
    return raw_len > 0;
  }

  // Appends up to kChunk decoded bytes to `out`; false once the source is exhausted.
  bool produce(std::string& out) {
    if (source_done) return false;
    if (!bz2) {
      if (!read_raw()) {
        source_done = true;
        return false;
      }
      out.append(raw.data(), raw_len);
      stats.bytes_read += raw_len;
      stats.input_bytes += raw_len;
      return true;
    }
    if (bz_dead) {
      source_done = true;
      return false;
    }
    size_t before = out.size();
    out.resize(before + kChunk);
    size_t produced = 0;
    while (produced == 0) {
      if (raw_pos == raw_len && !read_raw()) {
        // End of input: clean only between bzip2 streams (multistream dumps end so).
        if (bz_open) {
          warn("bz2 stream ends early (truncated file?) after " + std::to_string(stats.bytes_read) +
               " decompressed bytes");
          source_failed = true;
        }
        break;
      }
      if (!bz_open) {
        bzs = bz_stream{};
        if (BZ2_bzDecompressInit(&bzs, 0, 0) != BZ_OK) {
          warn("bz2: cannot start the decompressor");
          source_failed = true;
          break;
        }
        bz_open = true;
        ++bz_streams;
      }
      bzs.next_in = raw.data() + raw_pos;
      bzs.avail_in = static_cast<unsigned>(raw_len - raw_pos);
      bzs.next_out = out.data() + before;
      bzs.avail_out = static_cast<unsigned>(kChunk);
      int rc = BZ2_bzDecompress(&bzs);
      stats.input_bytes += (raw_len - bzs.avail_in) - raw_pos;
      raw_pos = raw_len - bzs.avail_in;
      produced = kChunk - bzs.avail_out;
      if (rc == BZ_STREAM_END) {
        // A multistream dump is several bzip2 streams back to back: start a new
        // decompressor if more input follows.
        BZ2_bzDecompressEnd(&bzs);
        bz_open = false;
      } else if (rc != BZ_OK) {
        BZ2_bzDecompressEnd(&bzs);
        bz_open = false;
        warn(std::string(rc == BZ_DATA_ERROR_MAGIC && bz_streams > 1
                             ? "bz2: data after the end of the compressed stream (ignored)"
                         : rc == BZ_DATA_ERROR_MAGIC ? "bz2: not bzip2 data"
                                                     : "bz2 data corrupt") +
             " (error " + std::to_string(rc) + " after " +
             std::to_string(stats.bytes_read + produced) + " decompressed bytes)");
        source_failed = bz_dead = true;
        break;
      }
    }
    out.resize(before + produced);
    stats.bytes_read += produced;
    if (produced == 0) source_done = true;
    return produced > 0;
  }

  // XML 1.0 appendix F: the BOM, or else the zero bytes around the first ASCII "<".
  void detect_encoding() {
    auto b = [&](size_t i) {
      return i < head.size() ? static_cast<unsigned char>(head[i]) : 0x100;
    };
    size_t skip = 0;
    if (b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) {
      encoding = Encoding::utf8;
      skip = 3;
    } else if (b(0) == 0xFF && b(1) == 0xFE) {
      encoding = Encoding::utf16le;
      skip = 2;
    } else if (b(0) == 0xFE && b(1) == 0xFF) {
      encoding = Encoding::utf16be;
      skip = 2;
    } else if (b(0) != 0 && b(0) < 0x80 && b(1) == 0) {
      encoding = Encoding::utf16le;
    } else if (b(0) == 0 && b(1) != 0 && b(1) < 0x80) {
      encoding = Encoding::utf16be;
    } else {
      encoding = Encoding::utf8;
    }
    if (encoding == Encoding::utf16le || encoding == Encoding::utf16be) {
      UErrorCode err = U_ZERO_ERROR;
      from_cnv = ucnv_open(encoding == Encoding::utf16le ? "UTF-16LE" : "UTF-16BE", &err);
      if (U_SUCCESS(err)) to_cnv = ucnv_open("UTF-8", &err);
      if (U_FAILURE(err)) {
        warn(std::string("cannot open a UTF-16 converter: ") + u_errorName(err));
        source_failed = true;
        source_done = true;
        return;
      }
    }
    std::string rest = head.substr(std::min(skip, head.size()));
    head.clear();
    decode(rest.data(), rest.size(), false);
  }

  // Feeds decompressed bytes through the encoding layer into `buf`.
  void decode(const char* data, size_t size, bool flush) {
    if (encoding == Encoding::unknown) {
      head.append(data, size);
      if (head.size() >= 4 || flush) detect_encoding();
      if (encoding == Encoding::unknown || !flush) return;
      data = "";
      size = 0;
    }
    if (encoding == Encoding::utf8) {
      buf.append(data, size);
      return;
    }
    if (!from_cnv) return;
    // ucnv_convertEx keeps partial characters and the pivot between calls, so a UTF-16
    // code unit or surrogate pair split across chunks is joined correctly.
    const char* src = data;
    char out[64 * 1024];
    UErrorCode err;
    do {
      err = U_ZERO_ERROR;
      char* target = out;
      ucnv_convertEx(to_cnv, from_cnv, &target, out + sizeof out, &src, data + size, pivot,
                     &pivot_source, &pivot_target, pivot + std::size(pivot), convert_reset, flush,
                     &err);
      convert_reset = false;
      buf.append(out, static_cast<size_t>(target - out));
    } while (err == U_BUFFER_OVERFLOW_ERROR);
    if (U_FAILURE(err)) {
      warn(std::string("UTF-16 conversion failed: ") + u_errorName(err));
      source_failed = true;
      source_done = true;
    }
  }

  // Drops consumed bytes, then adds at least one more decoded chunk; false at the end.
  bool fill() {
    size_t keep = page_start != std::string::npos ? std::min(page_start, pos) : pos;
    if (keep > 0) {
      buf.erase(0, keep);
      pos -= keep;
      scan_from = scan_from > keep ? scan_from - keep : 0;
      if (page_start != std::string::npos) page_start -= keep;
    }
    size_t before = buf.size();
    std::string chunk;
    while (buf.size() == before) {
      chunk.clear();
      if (!produce(chunk)) {
        if (encoding != Encoding::utf8 || !head.empty()) decode("", 0, true);
        return buf.size() > before;
      }
      decode(chunk.data(), chunk.size(), false);
    }
    return true;
  }

  bool fill_or_finish() { return !source_done && fill(); }

  // Throws only here, before any page is returned: the stream is not a dump.
  void start() {
    while (buf.size() < kRootWindow + 16 && fill_or_finish()) {
    }
    std::string_view window(buf.data(), std::min(buf.size(), kRootWindow + 16));
    size_t root = find_tag_open(window, "<mediawiki", 0);
    if (root == std::string_view::npos || root > kRootWindow) {
      std::string why = "not a MediaWiki XML dump: no <mediawiki> root in the first 64 KiB";
      if (!stats.warnings.empty()) why += " (" + stats.warnings.back() + ")";
      throw std::runtime_error(why);
    }
    read_dtd_entities(window.substr(0, root));
    pos = scan_from = root;
    read_siteinfo();
  }

  // The names of the <!ENTITY …> declarations in the prolog (general and parameter).
  void read_dtd_entities(std::string_view prolog) {
    for (size_t at = prolog.find("<!ENTITY"); at != std::string_view::npos;
         at = prolog.find("<!ENTITY", at + 8)) {
      size_t i = at + 8;
      while (i < prolog.size() && (is_xml_space(prolog[i]) || prolog[i] == '%')) ++i;
      size_t begin = i;
      while (i < prolog.size() && is_name_char(prolog[i])) ++i;
      if (i > begin) dtd_entities.emplace(prolog.substr(begin, i - begin));
    }
  }

  void read_siteinfo() {
    for (;;) {
      size_t end = buf.find("</siteinfo>", scan_from);
      if (end != std::string::npos) {
        size_t open = find_tag_open(buf, "<siteinfo", pos);
        if (open != std::string::npos && open < end) parse_siteinfo(open, end + 11);
        pos = scan_from = end + 11;
        return;
      }
      // Pages without a header (very old or hand-written dumps): nothing to read.
      if (find_tag_open(buf, "<page", pos) != std::string::npos) return;
      if (buf.size() - pos > kSiteinfoLimit) {
        warn("<siteinfo> not closed within 16 MiB; namespace names not read");
        return;
      }
      scan_from = buf.size() > 12 ? buf.size() - 12 : 0;
      if (!fill_or_finish()) return;
    }
  }

  void parse_siteinfo(size_t begin, size_t end) {
    pugi::xml_document doc;
    auto result =
        doc.load_buffer(buf.data() + begin, end - begin, pugi::parse_default, pugi::encoding_utf8);
    if (!result) {
      warn(std::string("<siteinfo>: bad XML (") + result.description() +
           "); namespace names not read");
      return;
    }
    for (pugi::xml_node n : doc.child("siteinfo").child("namespaces").children("namespace")) {
      auto key = to_int(n.attribute("key").value());
      if (key) namespaces.emplace_back(*key, n.child_value());
    }
  }

  int ns_from_title(std::string_view title) const {
    size_t colon = title.find(':');
    if (colon == std::string_view::npos) return 0;
    std::string prefix = fold_ns_name(title.substr(0, colon));
    const auto& names = namespaces.empty() ? default_namespaces() : namespaces;
    for (const auto& [key, name] : names)
      if (!name.empty() && fold_ns_name(name) == prefix) return key;
    return 0;  // "Notanamespace:Foo" is an article whose title contains a colon
  }

  bool wanted_namespace(int ns) const {
    // An empty list would make a reader that returns nothing; it means "all" instead.
    return options.namespaces.empty() ||
           std::find(options.namespaces.begin(), options.namespaces.end(), ns) !=
               options.namespaces.end();
  }

  std::optional<DumpPage> take_page(char* data, size_t size) {
    ++stats.pages_seen;
    std::string_view text(data, size);
    // Taken before parsing: the in-place parse rewrites the bytes.
    std::string title_for_warning = cheap_title(text);
    auto bad_xml = [&](std::string why) {
      ++stats.pages_failed;
      replace_invalid_utf8(why);  // it may quote the page's bytes ("&g\xFFt;")
      warn("page '" + title_for_warning + "': bad XML (" + why + ")");
      return std::nullopt;
    };
    if (auto bad = find_bad_reference(text, dtd_entities)) return bad_xml(*bad);
    pugi::xml_document doc;
    // In place: a page can be large, and its bytes are consumed after this anyway.
    auto result = doc.load_buffer_inplace(data, size, pugi::parse_default, pugi::encoding_utf8);
    if (!result)
      return bad_xml(std::string(result.description()) + " at byte " +
                     std::to_string(result.offset));
    pugi::xml_node page = doc.child("page");
    DumpPage out;
    out.title = page.child_value("title");
    if (out.title.empty()) {
      ++stats.pages_failed;
      warn("page without <title> skipped (page " + std::to_string(stats.pages_seen) + ")");
      return std::nullopt;
    }
    // pugixml passes bytes through; a title goes into every output and the index, which
    // hold UTF-8 only.
    if (size_t bad = replace_invalid_utf8(out.title))
      warn("page '" + out.title + "': title is not valid UTF-8 (" + std::to_string(bad) +
           " byte sequence" + (bad == 1 ? "" : "s") + " replaced by U+FFFD)");
    pugi::xml_node ns = page.child("ns");
    std::optional<int> ns_value = ns ? to_int(ns.child_value()) : std::nullopt;
    // Schema 0.3–0.5 has no <ns>: the namespace is the title's prefix.
    out.ns = ns_value ? *ns_value : ns_from_title(out.title);
    out.page_id = to_u64(page.child_value("id"));
    // History dumps list every revision, oldest first: the current text is the last.
    pugi::xml_node revision;
    for (pugi::xml_node r : page.children("revision")) revision = r;
    if (revision) {
      out.revision_id = to_u64(revision.child_value("id"));
      out.timestamp = revision.child_value("timestamp");
      // Metadata holds UTF-8 only; a timestamp is ASCII in any real dump.
      if (replace_invalid_utf8(out.timestamp))
        warn("page '" + out.title +
             "': revision timestamp is not valid UTF-8 (replaced by U+FFFD)");
      out.text = revision.child_value("text");
    }
    std::string_view body(out.text);
    while (!body.empty() && is_xml_space(body.front())) body.remove_prefix(1);
    out.redirect =
        static_cast<bool>(page.child("redirect")) || starts_with_icase(body, "#REDIRECT");

    if (!wanted_namespace(out.ns)) {
      ++stats.other_namespace_skipped;
      return std::nullopt;
    }
    if (out.redirect && options.skip_redirects) {
      ++stats.redirects_skipped;
      return std::nullopt;
    }
    ++stats.pages_returned;
    return out;
  }

  void finish() {
    finished = true;
    if (page_start != std::string::npos) {
      ++stats.pages_failed;
      stats.truncated = true;
      std::string_view partial(buf.data() + page_start, buf.size() - page_start);
      std::string title = cheap_title(partial);
      warn("dump ends inside a page (" + (title.empty() ? "title not reached" : "'" + title + "'") +
           ", " + std::to_string(partial.size()) + " bytes after the last complete page)");
    } else if (!saw_root_end && !source_failed) {
      stats.truncated = true;
      warn("dump ends without </mediawiki> (truncated?)");
    }
    if (source_failed && !saw_root_end) stats.truncated = true;
    buf.clear();
    buf.shrink_to_fit();
    pos = scan_from = 0;
    page_start = std::string::npos;
  }

  std::optional<DumpPage> next() {
    while (!finished) {
      if (page_start == std::string::npos) {
        size_t open = find_tag_open(buf, "<page", scan_from);
        if (open != std::string::npos && open + 5 < buf.size()) {
          page_start = scan_from = open;
          continue;
        }
        if (buf.find("</mediawiki>", pos) != std::string::npos) saw_root_end = true;
        // Nothing but whitespace between pages: consume it, keeping a tail in which a
        // "<page" or "</mediawiki>" cut by the chunk boundary can still be found.
        pos = scan_from = std::max(pos, buf.size() > 16 ? buf.size() - 16 : 0);
        if (!fill_or_finish()) finish();
        continue;
      }
      size_t close = buf.find("</page>", std::max(scan_from, page_start));
      if (close == std::string::npos) {
        scan_from = std::max(page_start, buf.size() > 7 ? buf.size() - 7 : 0);
        if (!fill_or_finish()) finish();
        continue;
      }
      size_t begin = page_start, end = close + 7;
      page_start = std::string::npos;
      pos = scan_from = end;
      auto page = take_page(buf.data() + begin, end - begin);
      if (options.on_page) options.on_page(stats);
      if (page) return page;
    }
    return std::nullopt;
  }
};

DumpReader::DumpReader(std::istream& in, bool bz2, DumpOptions options) {
  // Built here rather than in the initializer list: Impl records into stats_, which is
  // declared after impl_ and must exist first.
  impl_ = std::make_unique<Impl>(in, bz2, std::move(options), stats_);
  impl_->start();
}

DumpReader::~DumpReader() = default;

std::optional<DumpPage> DumpReader::next() { return impl_->next(); }

const std::vector<std::pair<int, std::string>>& DumpReader::namespaces() const {
  return impl_->namespaces;
}

bool looks_like_dump(std::string_view head) {
  static constexpr unsigned char kBlockMagic[] = {0x31, 0x41, 0x59, 0x26, 0x53, 0x59};
  if (head.size() >= 10 && head.substr(0, 3) == "BZh" && head[3] >= '1' && head[3] <= '9' &&
      std::memcmp(head.data() + 4, kBlockMagic, sizeof kBlockMagic) == 0)
    return true;

  // UTF-16 heads are converted so the markup checks below see ASCII.
  std::string utf8;
  auto byte = [&](size_t i) {
    return i < head.size() ? static_cast<unsigned char>(head[i]) : 0x100;
  };
  const char* from = nullptr;
  if ((byte(0) == 0xFF && byte(1) == 0xFE) || (byte(0) != 0 && byte(0) < 0x80 && byte(1) == 0))
    from = "UTF-16LE";
  else if ((byte(0) == 0xFE && byte(1) == 0xFF) || (byte(0) == 0 && byte(1) != 0 && byte(1) < 0x80))
    from = "UTF-16BE";
  if (from) {
    utf8.resize(head.size() * 2 + 4);
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = ucnv_convert("UTF-8", from, utf8.data(), static_cast<int32_t>(utf8.size()),
                             head.data(), static_cast<int32_t>(head.size() & ~size_t{1}), &err);
    if (U_FAILURE(err)) return false;
    utf8.resize(static_cast<size_t>(n));
    head = utf8;
  }

  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  for (;;) {
    while (!head.empty() && is_xml_space(head.front())) head.remove_prefix(1);
    std::string_view close;
    if (head.substr(0, 2) == "<?") {
      close = "?>";
    } else if (head.substr(0, 4) == "<!--") {
      close = "-->";
    } else if (head.substr(0, 9) == "<!DOCTYPE") {
      // An internal subset in [...] may itself contain '>'.
      size_t bracket = head.find('[');
      size_t gt = head.find('>');
      if (bracket != std::string_view::npos && bracket < gt) {
        size_t end_subset = head.find(']', bracket);
        if (end_subset == std::string_view::npos) return false;
        head.remove_prefix(end_subset + 1);
      }
      close = ">";
    } else {
      break;
    }
    size_t end = head.find(close);
    if (end == std::string_view::npos) return false;
    head.remove_prefix(end + close.size());
  }
  if (head.substr(0, 10) != "<mediawiki") return false;
  return head.size() == 10 || head[10] == '>' || is_xml_space(head[10]);
}

}  // namespace citedex
