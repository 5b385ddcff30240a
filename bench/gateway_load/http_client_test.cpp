// Tests for the keep-alive HTTP client against a scripted loopback server.
#include "bench/gateway_load/http_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace parley::bench::gateway_load {
namespace {

// Listens on an ephemeral loopback port; each accepted connection is served by `script`.
class scripted_server {
 public:
  scripted_server() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 8);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~scripted_server() {
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  std::uint16_t port() const { return port_; }

  // Accepts `connections` connections one after another; on each, answers each complete request
  // (headers + Content-Length body) with responses[i++]; a response "CLOSE" closes the connection.
  void serve(int connections, std::vector<std::string> responses) {
    thread_ = std::thread([this, connections, responses = std::move(responses)] {
      std::size_t next = 0;
      for (int c = 0; c < connections; ++c) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 5000) != 1) return;
        const int conn = ::accept(fd_, nullptr, nullptr);
        std::string in;
        char buf[4096];
        bool open = true;
        while (open && next < responses.size()) {
          const ssize_t n = ::recv(conn, buf, sizeof buf, 0);
          if (n <= 0) break;
          in.append(buf, static_cast<std::size_t>(n));
          for (std::size_t end; (end = in.find("\r\n\r\n")) != std::string::npos;) {
            std::size_t body = 0;
            if (auto cl = in.find("Content-Length: "); cl != std::string::npos && cl < end)
              body = std::stoul(in.substr(cl + 16));
            if (in.size() < end + 4 + body) break;
            requests.push_back(in.substr(0, end + 4 + body));
            in.erase(0, end + 4 + body);
            const std::string& reply = responses[next++];
            if (reply == "CLOSE") {
              open = false;
              break;
            }
            ::send(conn, reply.data(), reply.size(), MSG_NOSIGNAL);
          }
        }
        ::close(conn);
      }
    });
  }
  void join() { thread_.join(); }

  std::vector<std::string> requests;

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

TEST(http_client, formats_requests) {
  std::string out;
  format_request({.method = "PATCH", .target = "/api/v10/users/@me", .authorization = "tok", .json_body = R"({"a":1})"},
                 "127.0.0.1:8080", out);
  EXPECT_EQ(out,
            "PATCH /api/v10/users/@me HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: parley-gateway-load\r\n"
            "Accept: application/json\r\nAuthorization: tok\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
  format_request({.method = "POST", .target = "/x", .authorization = {}, .json_body = {}}, "h", out);
  EXPECT_NE(out.find("Content-Length: 0\r\n"), std::string::npos);
  EXPECT_EQ(out.find("Authorization"), std::string::npos);
}

TEST(http_client, keep_alive_round_trips) {
  scripted_server server;
  server.serve(1, {"HTTP/1.1 201 Created\r\nContent-Length: 13\r\n\r\n{\"token\":\"t\"}",
                   "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"});
  auto client = http_client::connect("127.0.0.1", server.port());
  ASSERT_TRUE(client);
  auto first = client->request({.method = "POST", .target = "/a", .authorization = {}, .json_body = "{}"});
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(first->status, 201);
  EXPECT_EQ(first->body, R"({"token":"t"})");
  auto second = client->request({.method = "GET", .target = "/b", .authorization = "tok", .json_body = {}});
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->body, "ok");
  server.join();
  ASSERT_EQ(server.requests.size(), 2u); // both on the one accepted connection
  EXPECT_EQ(server.requests[1].substr(0, 15), "GET /b HTTP/1.1");
}

TEST(http_client, reconnects_when_the_idle_connection_was_closed) {
  scripted_server server;
  server.serve(2, {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1", "CLOSE", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n2"});
  auto client = http_client::connect("127.0.0.1", server.port());
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->request({.method = "GET", .target = "/1", .authorization = {}, .json_body = {}}));
  auto second = client->request({.method = "GET", .target = "/2", .authorization = {}, .json_body = {}});
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_EQ(second->body, "2");
}

TEST(http_client, non_blocking_request) {
  scripted_server server;
  server.serve(1, {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"});
  auto client = http_client::connect("127.0.0.1", server.port());
  ASSERT_TRUE(client);
  client->set_nonblocking();
  ASSERT_TRUE(client->start_request({.method = "PATCH", .target = "/p", .authorization = "t", .json_body = "{}"}));
  EXPECT_TRUE(client->in_flight());
  bool done = false;
  for (int i = 0; i < 100 && !done; ++i) {
    pollfd p{client->fd(), POLLIN, 0};
    ::poll(&p, 1, 50);
    auto r = client->on_readable();
    ASSERT_TRUE(r) << r.error().message();
    done = *r;
  }
  ASSERT_TRUE(done);
  EXPECT_FALSE(client->in_flight());
  EXPECT_EQ(client->response().status(), 200);
  EXPECT_EQ(client->response().body(), "hello");
}

TEST(http_client, connect_failure_is_an_error) {
  scripted_server server; // listening socket bound; use a closed port instead
  const std::uint16_t port = server.port();
  EXPECT_FALSE(http_client::connect("not an ip", port));
}

} // namespace
} // namespace parley::bench::gateway_load
