#include "fetcher/availability.h"

#include <curl/curl.h>

#include <new>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace citedex::fetcher {

namespace {

// Percent-encodes everything but RFC 3986's unreserved characters (libcurl's escaping).
std::string escape(std::string_view s) {
  char* out = curl_easy_escape(nullptr, s.data(), static_cast<int>(s.size()));
  if (!out) throw std::bad_alloc();
  std::string escaped(out);
  curl_free(out);
  return escaped;
}

}  // namespace

std::string availability_query(std::string_view base, std::string_view url,
                               std::string_view access_date, std::string_view closest) {
  std::string q(base);
  q += (q.find('?') == std::string::npos ? '?' : '&');
  q += "url=" + escape(url);
  std::string digits;
  for (char c : access_date)
    if (c >= '0' && c <= '9') digits += c;
  if (digits.size() >= 4) q += "&timestamp=" + digits.substr(0, 8);
  if (!closest.empty()) q += "&closest=" + std::string(closest);
  return q;
}

std::optional<Snapshot> parse_availability(std::string_view json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("archived_snapshots"))
    throw std::invalid_argument("not a Wayback availability answer");
  const auto& snaps = doc["archived_snapshots"];
  if (!snaps.is_object() || !snaps.contains("closest")) return std::nullopt;
  const auto& c = snaps["closest"];
  if (!c.is_object() || !c.value("available", false)) return std::nullopt;
  Snapshot s;
  s.url = c.value("url", "");
  s.timestamp = c.value("timestamp", "");
  if (c.contains("status")) {
    const auto& st = c["status"];
    if (st.is_string()) {
      try {
        s.status = std::stol(st.get<std::string>());
      } catch (const std::exception&) {
        s.status = 0;
      }
    } else if (st.is_number()) {
      s.status = st.get<long>();
    }
  }
  if (s.url.empty() || s.timestamp.empty() || s.status >= 400) return std::nullopt;
  return s;
}

}  // namespace citedex::fetcher
