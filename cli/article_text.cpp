#include "cli/article_text.h"

#include <algorithm>
#include <map>

namespace citedex::cli {

namespace {

std::string footnote_marks(const Json& claim) {
  std::string s;
  for (const auto& label : claim["footnotes"]) s += "[" + label.get<std::string>() + "]";
  for (const auto& flag : claim["flags"]) s += "[" + flag.get<std::string>() + "]";
  return s;
}

void print_claim(std::ostream& out, const Json& c) {
  std::string where = c["kind"] == "infobox" ? "Infobox" : c["section"].get<std::string>();
  if (c["kind"] == "infobox" && !c["field"].get<std::string>().empty())
    where += " › " + c["field"].get<std::string>();
  if (where.empty()) where = "Lead";
  out << "    " << where << ": " << c["text"].get<std::string>();
  std::string marks = footnote_marks(c);
  if (!marks.empty()) out << " " << marks;
  for (const auto& a : c["attributions"])
    out << " (" << a["cue"].get<std::string>() << " " << a["outlet"].get<std::string>() << ")";
  out << "\n";
}

}  // namespace

void render_article_text(std::ostream& out, const Json& a, const ArticleTextOptions& options) {
  const Json& claims = a["claims"];
  const Json& refs = a["references"];
  size_t sentences = 0, infobox = 0, uses = 0, unresolved = 0;
  for (const auto& c : claims) {
    (c["kind"] == "infobox" ? infobox : sentences)++;
    uses += c["footnotes"].size();
    unresolved += c["unresolved"].size();
  }
  out << a["title"].get<std::string>() << "\n";
  out << "  source    " << a["source"].get<std::string>() << " (" << a["shape"].get<std::string>()
      << ")\n";
  out << "  claims    " << claims.size() << " (" << sentences << " sentences, " << infobox
      << " infobox fields), " << uses << " footnote uses, " << unresolved << " unresolved\n";

  std::map<std::string, size_t> works;
  size_t empty = 0;
  for (const auto& r : refs) {
    if (r["text"].get<std::string>().empty()) ++empty;
    if (r["outlet"].is_string()) ++works[r["outlet"].get<std::string>()];
  }
  out << "  refs      " << refs.size();
  if (empty) out << " (" << empty << " empty)";
  if (!works.empty()) {
    std::vector<std::pair<std::string, size_t>> top(works.begin(), works.end());
    std::stable_sort(top.begin(), top.end(), [](auto& x, auto& y) { return x.second > y.second; });
    out << "; most cited outlets:";
    for (size_t i = 0; i < std::min<size_t>(4, top.size()); ++i)
      out << (i ? "," : "") << " " << top[i].first << " " << top[i].second;
  }
  out << "\n";
  out << "  sections  ";
  bool first = true;
  for (const auto& s : a["sections"]) {
    std::string h = s["heading"].get<std::string>();
    if (h.empty()) h = "(heading lost)";
    if (s["heading_from"] == "recovered") h += "*";
    out << (first ? "" : " · ") << h;
    first = false;
  }
  if (first) out << "(none)";
  out << "\n";
  if (!a["metadata"].empty()) {
    out << "  metadata  ";
    first = true;
    for (const auto& [key, value] : a["metadata"].items()) {
      out << (first ? "" : ", ") << key;
      first = false;
    }
    out << "\n";
  }
  for (const auto& w : a["warnings"]) out << "  warning   " << w.get<std::string>() << "\n";

  if (options.full) {
    out << "  claims:\n";
    for (const auto& c : claims) print_claim(out, c);
    out << "  references:\n";
    for (const auto& r : refs)
      out << "    [" << r["label"].get<std::string>() << "] " << r["text"].get<std::string>()
          << "\n";
  } else {
    size_t shown = 0;
    for (const auto& c : claims) {
      if (c["kind"] != "sentence") continue;
      if (shown == 0) out << "  first claims:\n";
      print_claim(out, c);
      if (++shown == options.sample_claims) break;
    }
  }
  out << "\n";
}

}  // namespace citedex::cli
