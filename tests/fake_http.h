// A scripted HTTP/1.1 server for tests and benchmarks: one thread, one epoll loop, any
// number of listening sockets on 127.0.0.1 (ephemeral ports). Each request is answered
// by a handler; responses can be delayed, dripped byte by byte, cut with a TCP reset,
// never sent, or carry a generated body of any size (streamed, never allocated).
// Connections are kept alive. Every request is recorded with the time it arrived
// (steady clock), its method, path, Host header and listening port.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace citedex::testing {

struct FakeRequest {
  std::string method, path, host;  // host: the Host header, lowercased, without port
  uint16_t port = 0;               // the listening port it came in on
  std::chrono::steady_clock::time_point received;
  std::map<std::string, std::string> headers;  // names lowercased
};

struct FakeResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  uint64_t generated_body = 0;         // > 0: a body of this many filler bytes instead
  std::chrono::milliseconds delay{0};  // wait before answering
  bool never_answer = false;           // read the request, then say nothing
  double drip_bytes_per_second = 0;    // > 0: send the response this slowly
  size_t reset_after = SIZE_MAX;       // reset the connection after this many bytes
  bool close = false;                  // close the connection after the response

  static FakeResponse status_only(int status) {
    FakeResponse r;
    r.status = status;
    return r;
  }
  FakeResponse& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

using FakeHandler = std::function<FakeResponse(const FakeRequest&)>;

class FakeHttpServer {
 public:
  // Starts serving on `listeners` ports.
  explicit FakeHttpServer(FakeHandler handler, size_t listeners = 1);
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  uint16_t port(size_t listener = 0) const { return ports_.at(listener); }
  const std::vector<uint16_t>& ports() const { return ports_; }
  std::vector<FakeRequest> requests() const;
  size_t request_count() const;
  // Response bytes written to sockets so far (headers and bodies).
  uint64_t bytes_sent() const { return bytes_sent_; }

 private:
  void loop();
  FakeHandler handler_;
  std::vector<int> listen_fds_;
  std::vector<uint16_t> ports_;
  int wake_[2] = {-1, -1};
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> bytes_sent_{0};
  mutable std::mutex mutex_;
  std::vector<FakeRequest> requests_;
  std::thread thread_;
};

// A handler scripted per host and path: each rule answers its responses in turn, the
// last one repeating. Unmatched requests get 404 "no such page".
class FakeScript {
 public:
  // `host` "" matches any host; `method` "" any method.
  FakeScript& on(std::string path, std::vector<FakeResponse> responses, std::string method = "",
                 std::string host = "");
  FakeHandler handler();

 private:
  struct Rule {
    std::string host, method, path;
    std::vector<FakeResponse> responses;
    size_t next = 0;
  };
  std::shared_ptr<std::vector<Rule>> rules_ = std::make_shared<std::vector<Rule>>();
};

// "Location: …" redirect.
FakeResponse redirect(int status, std::string location);
// 200 text/html with a title and body text.
FakeResponse html_page(std::string title, std::string text);

}  // namespace citedex::testing
