// The private-address policy and the user's routes.
#include "fetcher/address_policy.h"

#include <catch2/catch.hpp>

using namespace citedex::fetcher;

TEST_CASE("private, loopback, link-local, multicast and unspecified addresses are refused",
          "[address_policy]") {
  for (const char* a : {"127.0.0.1",
                        "127.8.9.10",
                        "10.0.0.1",
                        "172.16.0.1",
                        "172.31.255.255",
                        "192.168.1.1",
                        "169.254.169.254",
                        "100.64.0.1",
                        "0.0.0.0",
                        "224.0.0.1",
                        "239.255.255.250",
                        "255.255.255.255",
                        "::",
                        "::1",
                        "fe80::1",
                        "fc00::1",
                        "fd12:3456::1",
                        "ff02::1",
                        "::ffff:127.0.0.1",
                        "::ffff:10.1.2.3",
                        "64:ff9b::a00:1",
                        "64:ff9b:1::7f00:1",
                        "2002:a00:1::1",
                        "2002:7f00:1::",
                        "192.0.2.10",
                        "198.51.100.7",
                        "203.0.113.200",
                        "[::1]"})
    CHECK(is_private_address(std::string_view(a)));
  for (const char* a : {"8.8.8.8", "93.184.216.34", "172.32.0.1", "192.169.0.1", "100.128.0.1",
                        "2606:4700::6810:84e5", "::ffff:93.184.216.34", "www.example.org",
                        "2002:5db8:d822::1", "203.0.114.1", "198.51.101.1"})
    CHECK_FALSE(is_private_address(std::string_view(a)));
}

TEST_CASE("routes cover the hosts and ports the user named, as curl reads them",
          "[address_policy]") {
  Routes routes(
      {"www.almasdarnews.com:80:127.0.0.1"},
      {"web.archive.org:443:127.0.0.1:8443", ":8080:127.0.0.1:9000", "archive.ph::127.0.0.1:9001"});
  CHECK(routes.covers("www.almasdarnews.com", 80));
  CHECK_FALSE(routes.covers("www.almasdarnews.com", 443));
  CHECK(routes.covers("web.archive.org", 443));
  CHECK_FALSE(routes.covers("web.archive.org", 80));
  CHECK(routes.covers("anything.example", 8080));  // empty host: any host
  CHECK(routes.covers("archive.ph", 1234));        // empty port: any port
  CHECK_FALSE(routes.covers("127.0.0.1", 80));
  CHECK_THROWS_AS(Routes({"nohost"}, {}), std::invalid_argument);
  CHECK_THROWS_AS(Routes({"a.example:99999:127.0.0.1"}, {}), std::invalid_argument);
  CHECK_THROWS_AS(Routes({}, {"a.example:80:127.0.0.1"}), std::invalid_argument);
  // "::80:…" is not "any host, port 80" (that is ":80:…"): curl would read 80 as the target.
  CHECK_THROWS_AS(Routes({}, {"::80:127.0.0.1:8080"}), std::invalid_argument);
  CHECK_THROWS_AS(Routes({}, {"a.example:80:127.0.0.1:http"}), std::invalid_argument);
  CHECK(Routes({}, {"a.example:80:[::1]:8080"}).covers("a.example", 80));
}
