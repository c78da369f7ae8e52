// The Wayback Machine availability API (https://archive.org/wayback/available): the
// request URL for a lookup and the parsing of its JSON answer. The fetcher asks for the
// capture closest before the access date (closest=before) and, failing that, after
// (closest=after); an endpoint that ignores the direction answers with the closest
// either way, which is taken as it is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace citedex::fetcher {

// "<base>?url=<url, percent-encoded>[&timestamp=YYYYMMDD][&closest=<direction>]".
// `access_date` is "YYYY-MM-DD" (or empty: no timestamp); `closest` is "before", "after"
// or "" (none).
std::string availability_query(std::string_view base, std::string_view url,
                               std::string_view access_date, std::string_view closest);

struct Snapshot {
  std::string url;        // the capture's Wayback URL
  std::string timestamp;  // 14 digits
  long status = 0;        // the captured page's HTTP status (0 when not given)
};

// The "archived_snapshots.closest" capture of an answer, when available and of a page
// that was not an error (status < 400). nullopt for an empty answer ({"archived_snapshots":{}}).
// Throws std::invalid_argument for something that is not such JSON.
std::optional<Snapshot> parse_availability(std::string_view json);

}  // namespace citedex::fetcher
