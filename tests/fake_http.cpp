#include "tests/fake_http.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace citedex::testing {

namespace {

using Steady = std::chrono::steady_clock;

const char* reason_of(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 410:
      return "Gone";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

struct Connection {
  int fd = -1;
  uint16_t port = 0;
  std::string in;
  // The response being sent.
  bool responding = false;
  std::string out;           // status line, headers, literal body
  size_t sent = 0;           // bytes of out sent
  uint64_t filler_left = 0;  // generated body bytes still to send
  uint64_t total_sent = 0;   // bytes of this response sent
  FakeResponse response;
  Steady::time_point next_send;
  bool silent = false;  // never answers
  bool close_after = false;
};

}  // namespace

FakeHttpServer::FakeHttpServer(FakeHandler handler, size_t listeners)
    : handler_(std::move(handler)) {
  for (size_t i = 0; i < listeners; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 1024) != 0)
      throw std::runtime_error("fake server: cannot listen on 127.0.0.1");
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    set_nonblocking(fd);
    listen_fds_.push_back(fd);
    ports_.push_back(ntohs(addr.sin_port));
  }
  if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("fake server: pipe");
  thread_ = std::thread([this] { loop(); });
}

FakeHttpServer::~FakeHttpServer() {
  stop_ = true;
  char c = 0;
  [[maybe_unused]] auto n = ::write(wake_[1], &c, 1);
  thread_.join();
  for (int fd : listen_fds_) ::close(fd);
  ::close(wake_[0]);
  ::close(wake_[1]);
}

std::vector<FakeRequest> FakeHttpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

size_t FakeHttpServer::request_count() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

void FakeHttpServer::loop() {
  std::vector<std::unique_ptr<Connection>> conns;
  char buf[65536];
  static const std::string kFiller(65536, 'x');

  auto start_response = [&](Connection& c, const FakeRequest& req) {
    FakeResponse r = handler_(req);
    c.responding = true;
    c.sent = 0;
    c.total_sent = 0;
    c.silent = r.never_answer;
    c.close_after = r.close;
    bool head = req.method == "HEAD";
    uint64_t length = r.generated_body > 0 ? r.generated_body : r.body.size();
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason_of(r.status) + "\r\n";
    bool has_length = false;
    for (const auto& [k, v] : r.headers) {
      out += k + ": " + v + "\r\n";
      has_length = has_length || lower(k) == "content-length";
    }
    if (!has_length) out += "Content-Length: " + std::to_string(length) + "\r\n";
    if (r.close) out += "Connection: close\r\n";
    out += "\r\n";
    if (!head) out += r.body;
    c.out = std::move(out);
    c.filler_left = head ? 0 : r.generated_body;
    c.next_send = Steady::now() + r.delay;
    c.response = std::move(r);
  };

  auto try_parse = [&](Connection& c) {
    size_t end = c.in.find("\r\n\r\n");
    if (end == std::string::npos) return;
    FakeRequest req;
    req.port = c.port;
    req.received = Steady::now();
    std::string head = c.in.substr(0, end);
    c.in.erase(0, end + 4);
    size_t line_end = head.find("\r\n");
    std::string line = head.substr(0, line_end);
    size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
    req.method = line.substr(0, sp1);
    req.path = sp1 == std::string::npos ? "/" : line.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t at = line_end == std::string::npos ? head.size() : line_end + 2;
    while (at < head.size()) {
      size_t next = head.find("\r\n", at);
      if (next == std::string::npos) next = head.size();
      std::string h = head.substr(at, next - at);
      size_t colon = h.find(':');
      if (colon != std::string::npos) {
        std::string v = h.substr(colon + 1);
        while (!v.empty() && v.front() == ' ') v.erase(0, 1);
        req.headers[lower(h.substr(0, colon))] = v;
      }
      at = next + 2;
    }
    std::string host = lower(req.headers["host"]);
    if (!host.empty() && host.front() == '[') {
      host = host.substr(0, host.find(']') + 1);
    } else if (size_t colon = host.find(':'); colon != std::string::npos) {
      host.resize(colon);
    }
    req.host = host;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(req);
    }
    start_response(c, req);
  };

  // Sends what may be sent now. Returns false when the connection is finished with.
  auto pump = [&](Connection& c, Steady::time_point now) -> bool {
    if (!c.responding || c.silent || now < c.next_send) return true;
    const FakeResponse& r = c.response;
    for (;;) {
      size_t budget = 1 << 20;
      if (r.drip_bytes_per_second > 0) budget = 1;
      if (r.reset_after != SIZE_MAX)
        budget = std::min<uint64_t>(
            budget, r.reset_after - std::min<uint64_t>(r.reset_after, c.total_sent));
      if (budget == 0) {
        linger lg{1, 0};
        setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        return false;
      }
      const char* data;
      size_t len;
      if (c.sent < c.out.size()) {
        data = c.out.data() + c.sent;
        len = std::min(c.out.size() - c.sent, budget);
      } else if (c.filler_left > 0) {
        data = kFiller.data();
        len = std::min<uint64_t>({c.filler_left, kFiller.size(), budget});
      } else {
        c.responding = false;
        c.out.clear();
        if (c.close_after) return false;
        return true;
      }
      ssize_t n = ::send(c.fd, data, len, MSG_NOSIGNAL);
      if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
      if (c.sent < c.out.size())
        c.sent += static_cast<size_t>(n);
      else
        c.filler_left -= static_cast<uint64_t>(n);
      c.total_sent += static_cast<uint64_t>(n);
      bytes_sent_ += static_cast<uint64_t>(n);
      if (r.drip_bytes_per_second > 0) {
        c.next_send =
            now + std::chrono::microseconds(static_cast<long long>(1e6 / r.drip_bytes_per_second));
        return true;
      }
      if (static_cast<size_t>(n) < len) return true;
    }
  };

  // epoll, edge-triggered for connections: work per event, so a benchmark with hundreds
  // of connections measures the client rather than this loop.
  int ep = epoll_create1(EPOLL_CLOEXEC);
  auto watch = [&](int fd, uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  };
  watch(wake_[0], EPOLLIN);
  std::map<int, uint16_t> listener_port;
  for (size_t i = 0; i < listen_fds_.size(); ++i) {
    watch(listen_fds_[i], EPOLLIN);
    listener_port[listen_fds_[i]] = ports_[i];
  }
  std::map<int, Connection*> by_fd;
  std::vector<epoll_event> events(512);
  while (!stop_) {
    auto now = Steady::now();
    int timeout = 200;
    for (auto& c : conns)
      if (c->responding && !c->silent && c->next_send > now) {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(c->next_send - now).count();
        timeout = std::min<int>(timeout, static_cast<int>(ms) + 1);
      } else if (c->responding && !c->silent) {
        timeout = 0;
      }
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), timeout);
    now = Steady::now();
    std::vector<int> closing;
    for (int e = 0; e < n; ++e) {
      int fd = events[e].data.fd;
      if (fd == wake_[0]) continue;
      if (auto l = listener_port.find(fd); l != listener_port.end()) {
        for (;;) {
          int cfd = ::accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (cfd < 0) break;
          int one = 1;
          setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          auto conn = std::make_unique<Connection>();
          conn->fd = cfd;
          conn->port = l->second;
          by_fd[cfd] = conn.get();
          watch(cfd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET);
          conns.push_back(std::move(conn));
        }
        continue;
      }
      auto it = by_fd.find(fd);
      if (it == by_fd.end()) continue;
      Connection& c = *it->second;
      if (events[e].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
        for (;;) {
          ssize_t got = ::recv(c.fd, buf, sizeof buf, 0);
          if (got > 0) {
            c.in.append(buf, static_cast<size_t>(got));
            continue;
          }
          if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) closing.push_back(c.fd);
          break;
        }
      }
    }
    for (int fd : closing) by_fd[fd]->fd = -fd - 1;  // marked: closed below
    for (auto& cp : conns) {
      Connection& c = *cp;
      if (c.fd < 0) continue;
      if (!c.responding) try_parse(c);
      bool alive = pump(c, now);
      // A pipelined next request, once this response is out.
      if (alive && !c.responding && !c.in.empty()) {
        try_parse(c);
        alive = pump(c, now);
      }
      if (!alive) c.fd = -c.fd - 1;
    }
    for (size_t i = conns.size(); i-- > 0;)
      if (conns[i]->fd < 0) {
        int fd = -conns[i]->fd - 1;
        by_fd.erase(fd);
        ::close(fd);  // closing removes it from the epoll set
        conns.erase(conns.begin() + static_cast<long>(i));
      }
  }
  ::close(ep);
  for (auto& c : conns)
    if (c->fd >= 0) ::close(c->fd);
}

FakeScript& FakeScript::on(std::string path, std::vector<FakeResponse> responses,
                           std::string method, std::string host) {
  rules_->push_back(
      {lower(std::move(host)), std::move(method), std::move(path), std::move(responses), 0});
  return *this;
}

FakeHandler FakeScript::handler() {
  auto rules = rules_;
  return [rules](const FakeRequest& req) {
    for (auto& rule : *rules) {
      if (!rule.host.empty() && rule.host != req.host) continue;
      if (!rule.method.empty() && rule.method != req.method) continue;
      if (rule.path != req.path) continue;
      if (rule.responses.empty()) break;
      size_t i = std::min(rule.next, rule.responses.size() - 1);
      ++rule.next;
      return rule.responses[i];
    }
    FakeResponse r;
    r.status = 404;
    r.body = "<html><head><title>404 Not Found</title></head><body>no such page</body></html>";
    r.header("Content-Type", "text/html");
    return r;
  };
}

FakeResponse redirect(int status, std::string location) {
  FakeResponse r;
  r.status = status;
  r.header("Location", std::move(location));
  return r;
}

FakeResponse html_page(std::string title, std::string text) {
  FakeResponse r;
  r.header("Content-Type", "text/html; charset=utf-8");
  r.body = "<!doctype html><html><head><title>" + title + "</title></head><body><h1>" + title +
           "</h1><p>" + text + "</p></body></html>";
  return r;
}

}  // namespace citedex::testing
