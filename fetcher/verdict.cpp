#include "fetcher/verdict.h"

#include <curl/curl.h>

namespace citedex::fetcher {

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::alive:
      return "alive";
    case Verdict::dead:
      return "dead";
    case Verdict::soft_404:
      return "soft-404";
    case Verdict::blocked:
      return "blocked";
    case Verdict::transient:
      return "transient";
    case Verdict::unsupported:
      return "unsupported";
    case Verdict::valid:
      return "valid";
    case Verdict::redirected:
      return "redirected";
    case Verdict::error_capture:
      return "error-capture";
    case Verdict::not_archived:
      return "not-archived";
    case Verdict::excluded:
      return "excluded";
    case Verdict::archive_down:
      return "archive-down";
    case Verdict::defunct:
      return "defunct";
  }
  return "transient";
}

std::optional<Verdict> parse_verdict(std::string_view name) {
  for (Verdict v : kVerdicts)
    if (verdict_name(v) == name) return v;
  return std::nullopt;
}

bool is_archive_verdict(Verdict v) {
  return static_cast<int>(v) >= static_cast<int>(Verdict::valid);
}

bool is_blocked_status(long status) {
  return status == 401 || status == 402 || status == 403 || status == 407 || status == 429 ||
         status == 451 || status == 999;
}

Verdict verdict_for_status(long status) {
  if (status >= 200 && status < 300) return Verdict::alive;
  if (is_blocked_status(status)) return Verdict::blocked;
  // 408 Request Timeout, 421 Misdirected Request and 425 Too Early say nothing about the
  // page: the same request may succeed later.
  if (status == 408 || status == 421 || status == 425) return Verdict::transient;
  if (status >= 400 && status < 500) return Verdict::dead;
  return Verdict::transient;
}

Verdict verdict_for_curl_error(int curl_code) {
  switch (curl_code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return Verdict::dead;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return Verdict::unsupported;
    default:
      return Verdict::transient;
  }
}

}  // namespace citedex::fetcher
