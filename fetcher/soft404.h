// Soft 404s: pages that say "not found" with a success status. Two signs:
// - a redirect from a deeper path to the site root, or to a URL whose path names an
//   error page (/404, /404.html, /notfound, /not-found, /page-not-found, /error/404…);
// - a 200 page that is the same page the host returns for a random path that cannot
//   exist. Pages are compared after normalization: markup, scripts, styles, digits and
//   the words of the requested paths (which such pages often echo) removed, case and
//   whitespace folded. Same page: equal normalized text, or equal non-empty titles with
//   lengths within 10%, or 3-word shingles with a Jaccard similarity ≥ 0.9.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace citedex::fetcher {

// Whether redirecting from `from_path` to `to_path` (paths of prepared URLs) is the
// sign of a soft 404: to the root from a non-root path, or to an error-page path.
bool is_soft404_redirect(std::string_view from_path, std::string_view to_path);

// Whether a path names an error page ("/404.html", "/notfound", "/errors/not-found.aspx").
bool is_not_found_path(std::string_view path);

struct PageSignature {
  std::string title;  // normalized <title>
  std::string text;   // normalized visible text
};

// The signature of an HTML (or text) body; `echoed` are the request paths whose words
// are removed from the text.
PageSignature page_signature(std::string_view body, const std::vector<std::string>& echoed);

bool same_page(const PageSignature& a, const PageSignature& b);

}  // namespace citedex::fetcher
