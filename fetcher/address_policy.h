// Which addresses the fetcher may connect to, and the routes a user configured.
//
// Policy: by default the fetcher never opens a connection to a loopback, private,
// shared (CGNAT), link-local, multicast, reserved or unspecified address, IPv4 or IPv6
// (IPv4-mapped and NAT64 IPv6 addresses are judged by the IPv4 address inside). The
// check runs on the resolved address, just before the socket is opened, for every
// request — so every redirect target is checked too, and a host name that resolves to
// 127.0.0.1 is refused like the literal.
//
// Exception: a request whose host and port match a route the user configured
// (--resolve HOST:PORT:ADDR, --connect-to HOST:PORT:CONNECT-HOST:CONNECT-PORT, with
// curl's meaning: an empty HOST or PORT in --connect-to matches any) goes where the user
// said, private or not. The route belongs to the user, not to the article: a redirect
// from a routed host to http://127.0.0.1/… or to an unrouted name that resolves to a
// private address is still refused. `allow_private` lifts the policy altogether.
#pragma once

#include <string>
#include <string_view>
#include <vector>

struct sockaddr;

namespace citedex::fetcher {

// Whether the socket address is one the fetcher refuses by default (see above).
bool is_private_address(const sockaddr* address);
// The same for an address literal ("10.1.2.3", "::1", "[::1]"); false for names.
bool is_private_address(std::string_view literal);

// The routes the user configured.
class Routes {
 public:
  // Throws std::invalid_argument naming the entry when one is malformed.
  Routes(std::vector<std::string> resolve, std::vector<std::string> connect_to);
  Routes() = default;

  // Whether a request to `host` (lowercase, IPv6 in brackets) on `port` follows one of
  // the user's routes.
  bool covers(std::string_view host, int port) const;

  const std::vector<std::string>& resolve() const { return resolve_; }
  const std::vector<std::string>& connect_to() const { return connect_to_; }

 private:
  struct Match {
    std::string host;  // "" = any
    int port = 0;      // 0 = any
  };
  std::vector<std::string> resolve_, connect_to_;
  std::vector<Match> matches_;
};

}  // namespace citedex::fetcher
