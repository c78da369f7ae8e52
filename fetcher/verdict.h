// The verdicts of a link check (docs/fetcher.md) and the rules that map a final HTTP
// status or transfer error to one. The fetcher (fetcher.h) decides when a response is
// final (after HEAD→GET fallbacks, redirects, retries); these functions only classify.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace citedex::fetcher {

enum class Verdict {
  // An original URL.
  alive,        // 2xx, and not the page the host serves for any path
  dead,         // 404, 410, other 4xx; DNS failure; connection refused; redirect loop
  soft_404,     // redirect to the site root or a /404-like URL; or the host's not-found page
  blocked,      // 401, 402, 403, 407, 429, 451, 999; a Cloudflare challenge
  transient,    // timeouts, 5xx, resets before the headers, TLS failures
  unsupported,  // not http(s), unparsable, or a private address refused by policy
  // An archive URL (or a --find-archives lookup).
  valid,          // a memento (Memento-Datetime) of a 2xx page
  redirected,     // the archive redirected to another capture (X-Archive-Redirect-Reason)
  error_capture,  // a memento of a page that was itself an error (≥ 400)
  not_archived,   // the archive has no capture (404 without Memento-Datetime, …)
  excluded,       // a 200 "excluded"/"unavailable" page without Memento-Datetime
  archive_down,   // the archive did not answer usefully (timeouts, 5xx, 429, refusals)
  defunct,        // an archive that no longer serves (webcitation.org): not fetched
};

inline constexpr std::array<Verdict, 13> kVerdicts{
    Verdict::alive,         Verdict::dead,         Verdict::soft_404, Verdict::blocked,
    Verdict::transient,     Verdict::unsupported,  Verdict::valid,    Verdict::redirected,
    Verdict::error_capture, Verdict::not_archived, Verdict::excluded, Verdict::archive_down,
    Verdict::defunct};

// "alive", "soft-404", "error-capture", "not-archived", "archive-down", …
std::string_view verdict_name(Verdict v);
std::optional<Verdict> parse_verdict(std::string_view name);

// Whether a verdict describes an archive copy (valid … defunct).
bool is_archive_verdict(Verdict v);

// The verdict of an original URL whose final answer (after any HEAD→GET fallback) is
// HTTP `status`: 2xx alive; 404, 410 and other 4xx dead; 401, 402, 403, 407, 429, 451,
// 999 blocked; 5xx and anything else transient.
Verdict verdict_for_status(long status);

// Whether `status` says the client is refused rather than the page gone.
bool is_blocked_status(long status);

// The verdict of an original URL whose transfer failed with libcurl error `curl_code`
// and no usable HTTP status: DNS failure and connection refused are dead; the rest
// (timeouts, resets, TLS) transient.
Verdict verdict_for_curl_error(int curl_code);

}  // namespace citedex::fetcher
