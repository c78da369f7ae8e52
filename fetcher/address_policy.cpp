#include "fetcher/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <stdexcept>

#include "fetcher/ascii.h"

namespace citedex::fetcher {

namespace {

bool private_v4(uint32_t a) {  // host byte order
  auto in = [a](uint32_t net, int bits) {
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (a & mask) == net;
  };
  return in(0x00000000, 8)      // "this network", 0.0.0.0
         || in(0x0a000000, 8)   // 10/8
         || in(0x64400000, 10)  // 100.64/10 shared (CGNAT)
         || in(0x7f000000, 8)   // loopback
         || in(0xa9fe0000, 16)  // link-local
         || in(0xac100000, 12)  // 172.16/12
         || in(0xc0000000, 24)  // IETF protocol assignments
         || in(0xc0000200, 24)  // TEST-NET-1 192.0.2/24 (documentation)
         || in(0xc6336400, 24)  // TEST-NET-2 198.51.100/24
         || in(0xcb007100, 24)  // TEST-NET-3 203.0.113/24
         || in(0xc0a80000, 16)  // 192.168/16
         || in(0xc6120000, 15)  // benchmarking 198.18/15
         || in(0xe0000000, 4)   // multicast
         || in(0xf0000000, 4);  // reserved, broadcast
}

bool private_v6(const unsigned char* b) {
  static constexpr unsigned char kZero[16] = {};
  if (std::memcmp(b, kZero, 15) == 0 && (b[15] == 0 || b[15] == 1)) return true;  // :: and ::1
  // IPv4-mapped ::ffff:a.b.c.d and NAT64 64:ff9b::a.b.c.d: the IPv4 address decides.
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr unsigned char kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  // Local-use NAT64 64:ff9b:1::/48 (RFC 8215): the IPv4 address sits in the last 32 bits
  // when the operator uses a /96, which is what the well-known form does too.
  static constexpr unsigned char kNat64Local[6] = {0, 0x64, 0xff, 0x9b, 0, 0x01};
  auto v4_at = [b](int i) {
    return (uint32_t{b[i]} << 24) | (uint32_t{b[i + 1]} << 16) | (uint32_t{b[i + 2]} << 8) |
           b[i + 3];
  };
  if (std::memcmp(b, kMapped, 12) == 0 || std::memcmp(b, kNat64, 12) == 0 ||
      std::memcmp(b, kNat64Local, 6) == 0)
    return private_v4(v4_at(12));
  // 6to4 2002:a.b.c.d::/48: the embedded IPv4 address decides.
  if (b[0] == 0x20 && b[1] == 0x02) return private_v4(v4_at(2));
  if (std::memcmp(b, kZero, 12) == 0) return true;         // deprecated IPv4-compatible
  if ((b[0] & 0xfe) == 0xfc) return true;                  // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;  // fe80::/10 link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return true;  // fec0::/10 site-local
  if (b[0] == 0xff) return true;                           // multicast
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return true;  // docs
  return false;
}

int parse_port(std::string_view s, const std::string& entry) {
  if (s.empty() || s.size() > 5) throw std::invalid_argument("bad port in '" + entry + "'");
  int port = 0;
  for (char c : s) {
    if (c < '0' || c > '9') throw std::invalid_argument("bad port in '" + entry + "'");
    port = port * 10 + (c - '0');
  }
  if (port < 1 || port > 65535) throw std::invalid_argument("bad port in '" + entry + "'");
  return port;
}

// Splits "HOST:PORT:REST" where HOST may be "[v6]" or empty.
bool split_host_port(std::string_view entry, std::string& host, std::string& port,
                     std::string& rest) {
  size_t host_end;
  if (!entry.empty() && entry[0] == '[') {
    size_t close = entry.find(']');
    if (close == std::string_view::npos) return false;
    host_end = close + 1;
  } else {
    host_end = entry.find(':');
    if (host_end == std::string_view::npos) return false;
  }
  if (host_end >= entry.size() || entry[host_end] != ':') return false;
  size_t port_end = entry.find(':', host_end + 1);
  if (port_end == std::string_view::npos) return false;
  host = ascii_lower(entry.substr(0, host_end));
  port = std::string(entry.substr(host_end + 1, port_end - host_end - 1));
  rest = std::string(entry.substr(port_end + 1));
  return true;
}

}  // namespace

bool is_private_address(const sockaddr* address) {
  if (!address) return true;
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    return private_v4(ntohl(in->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    return private_v6(in6->sin6_addr.s6_addr);
  }
  return true;  // unix sockets and the like: never
}

bool is_private_address(std::string_view literal) {
  std::string s(literal);
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  in_addr a4{};
  if (inet_pton(AF_INET, s.c_str(), &a4) == 1) return private_v4(ntohl(a4.s_addr));
  in6_addr a6{};
  if (inet_pton(AF_INET6, s.c_str(), &a6) == 1) return private_v6(a6.s6_addr);
  return false;
}

Routes::Routes(std::vector<std::string> resolve, std::vector<std::string> connect_to)
    : resolve_(std::move(resolve)), connect_to_(std::move(connect_to)) {
  for (const auto& entry : resolve_) {
    std::string host, port, rest;
    std::string_view e = entry;
    if (!e.empty() && (e[0] == '+' || e[0] == '-')) e.remove_prefix(1);
    if (!split_host_port(e, host, port, rest) || host.empty() || rest.empty())
      throw std::invalid_argument("--resolve '" + entry + "' is not HOST:PORT:ADDRESS");
    matches_.push_back({host, parse_port(port, entry)});
  }
  for (const auto& entry : connect_to_) {
    std::string host, port, rest;
    // The target: "CONNECT-TO-HOST:CONNECT-TO-PORT", the host an IPv6 literal in brackets
    // or a name without ':', the port a number or empty.
    size_t colon = std::string::npos;
    if (split_host_port(entry, host, port, rest)) {
      colon = !rest.empty() && rest[0] == '[' ? rest.find(':', rest.find(']')) : rest.find(':');
      if (colon != std::string::npos && rest.find(':', colon + 1) != std::string::npos)
        colon = std::string::npos;
    }
    if (colon == std::string::npos)
      throw std::invalid_argument("--connect-to '" + entry +
                                  "' is not HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT");
    if (colon + 1 < rest.size()) parse_port(std::string_view(rest).substr(colon + 1), entry);
    matches_.push_back({host, port.empty() ? 0 : parse_port(port, entry)});
  }
}

bool Routes::covers(std::string_view host, int port) const {
  for (const auto& m : matches_)
    if ((m.host.empty() || m.host == host) && (m.port == 0 || m.port == port)) return true;
  return false;
}

}  // namespace citedex::fetcher
