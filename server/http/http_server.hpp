// The HTTP/1.1 listener: one SO_REUSEPORT acceptor per io_context (thread-per-core, share-nothing),
// TLS detected per connection when a certificate is configured, keep-alive, header/body/idle
// timeouts, a body size limit, WebSocket upgrades handed to an upgrade_handler, and a drain for
// graceful shutdown (stop accepting, finish in-flight requests, close idle connections).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "server/http/handler.hpp"

namespace parley::server::http {

struct server_options {
  boost::asio::ip::tcp::endpoint listen;
  std::size_t body_limit = 1 << 20;                      // larger bodies get 413
  // Optional: one request's limit decided from its head instead (file uploads get more than
  // body_limit). Called on the io thread; must not block.
  std::function<std::size_t(const request& head)> body_limit_for;
  std::size_t header_limit = 16 << 10;
  std::chrono::milliseconds idle_timeout{75'000};        // keep-alive wait for the next request
  std::chrono::milliseconds header_timeout{10'000};      // from the first byte to the end of the headers
  std::chrono::milliseconds body_timeout{30'000};        // to receive the body
  std::chrono::milliseconds write_timeout{30'000};
  boost::asio::ssl::context* tls = nullptr;              // TLS and plain HTTP share the port when set
};

class http_server {
 public:
  // Observes connection counts (for /metrics); called on io threads.
  using connection_observer = std::function<void(int delta)>;

  http_server(std::vector<boost::asio::io_context*> threads, server_options options, request_handler& handler,
              upgrade_handler* upgrades, connection_observer observer = {});
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  // Binds every acceptor and starts accepting. Throws boost::system::system_error when the
  // address cannot be bound (a startup error).
  void start();
  // The port actually bound (useful with port 0).
  unsigned short port() const { return port_; }
  // Stops accepting, closes idle keep-alive connections, and lets in-flight requests finish;
  // connections close after their current response. Thread-safe.
  void drain();
  // After drain(): closes every connection still open, idle or not. Thread-safe.
  void abort_all();
  // HTTP connections still open (upgraded connections are no longer counted).
  std::size_t open_connections() const { return open_.load(std::memory_order_relaxed); }

  struct shard;  // per-io-context state

 private:
  boost::asio::awaitable<void> accept_loop(shard* s);
  boost::asio::awaitable<void> run_connection(shard* s, boost::asio::ip::tcp::socket socket);

  std::vector<std::unique_ptr<shard>> shards_;
  server_options options_;
  request_handler& handler_;
  upgrade_handler* upgrades_;
  connection_observer observer_;
  std::atomic<std::size_t> open_{0};
  unsigned short port_ = 0;
};

} // namespace parley::server::http
