// A small HTTP/1.1 client on one keep-alive TCP connection, for the REST calls of the load
// generator: registering accounts (blocking) and firing fan-out triggers from inside the epoll
// loop (non-blocking: start_request, then on_readable until a response is complete).
#pragma once

#include "bench/gateway_load/http_response_parser.hpp"
#include "proto/base/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace parley::bench::gateway_load {

struct http_request {
  std::string_view method;        // "GET", "POST", "PATCH"
  std::string_view target;        // "/api/v10/users/@me"
  std::string_view authorization; // empty: no Authorization header
  std::string_view json_body;     // empty: no body
};

struct http_response {
  int status = 0;
  std::string body;
};

// The request bytes: Host, Authorization, Content-Type/Content-Length for a body, keep-alive.
void format_request(const http_request& req, std::string_view host, std::string& out);

// Owns its socket. Not copyable; movable.
class http_client {
 public:
  // Blocking connect to an IPv4 address (TCP_NODELAY set).
  static result<http_client> connect(std::string_view ip, std::uint16_t port);

  http_client(http_client&& other) noexcept;
  http_client& operator=(http_client&& other) noexcept;
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;
  ~http_client();

  // Blocking round trip; reconnects once if the server had closed the idle keep-alive connection.
  // Only on a blocking client (before set_nonblocking).
  result<http_response> request(const http_request& req);

  // --- non-blocking use inside an event loop ---
  void set_nonblocking();
  // Writes the whole request (small requests fit the socket buffer; a short write waits with
  // poll). At most one request in flight. Reconnects first if the previous response closed the
  // connection, so fd() may change: re-register it with the event loop.
  result<void> start_request(const http_request& req);
  // Reads what is available; returns true once the response is complete (then see response()).
  result<bool> on_readable();
  bool in_flight() const noexcept { return in_flight_; }
  const http_response_parser& response() const noexcept { return parser_; }

  int fd() const noexcept { return fd_; }

 private:
  http_client(int fd, std::string ip, std::uint16_t port) noexcept;
  result<void> write_all(std::string_view bytes);
  result<void> reconnect();

  int fd_ = -1;
  std::string ip_;
  std::uint16_t port_ = 0;
  std::string host_header_;
  std::string out_;
  http_response_parser parser_;
  bool in_flight_ = false;
  bool nonblocking_ = false;
};

} // namespace parley::bench::gateway_load
