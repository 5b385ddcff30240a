// Keep-alive HTTP/1.1 connections to one host, over TCP or TLS (OpenSSL; the system CA store plus
// an optional CA file; SNI and host name verification). One request at a time per connection;
// at most max_connections open at once, further exchanges wait for a free one.
//
// Threading: all calls on the pool's executor (one thread), like the rest_client that owns it.
// The pool must outlive every exchange() in progress.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "client/rest/base_url.hpp"
#include "proto/base/result.hpp"

namespace parley::client::rest {

struct exchange_result {
  error_code ec;
  bool sent = false;    // some byte of the request was written (a failure after this may have acted)
  bool reused = false;  // the request went over a kept-alive connection
  boost::beast::http::response<boost::beast::http::string_body> response;
};

class connection_pool {
 public:
  // `tls` must be set when url.tls is; the pool keeps a reference, it must outlive the pool.
  connection_pool(boost::asio::any_io_executor executor, base_url url, boost::asio::ssl::context* tls,
                  std::size_t max_connections);
  ~connection_pool();
  connection_pool(const connection_pool&) = delete;
  connection_pool& operator=(const connection_pool&) = delete;

  // Writes `request` and reads its response (at most body_limit bytes of body) within `timeout`.
  boost::asio::awaitable<exchange_result> exchange(
      const boost::beast::http::request<boost::beast::http::string_body>& request, std::chrono::milliseconds timeout,
      std::size_t body_limit);

  std::size_t idle_connections() const { return idle_.size(); }
  std::size_t connections_opened() const { return opened_; }

 private:
  struct connection;

  boost::asio::awaitable<error_code> connect(connection& c, std::chrono::milliseconds timeout);
  boost::asio::awaitable<void> wait_for_slot();
  void release_slot();

  boost::asio::any_io_executor executor_;
  base_url url_;
  boost::asio::ssl::context* tls_;
  std::size_t max_connections_;
  std::size_t active_ = 0;
  std::size_t opened_ = 0;
  std::vector<std::unique_ptr<connection>> idle_;
  std::deque<boost::asio::steady_timer*> slot_waiters_;
};

} // namespace parley::client::rest
