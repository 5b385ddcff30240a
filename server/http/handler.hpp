// What the HTTP server hands requests and upgraded connections to. The server owns sockets,
// parsing, timeouts and keep-alive; handlers own meaning.
#pragma once

#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "server/http/stream.hpp"

namespace parley::server::http {

using request = boost::beast::http::request<boost::beast::http::string_body>;
using response = boost::beast::http::response<boost::beast::http::string_body>;

struct peer_info {
  boost::asio::ip::address address;
  bool tls = false;
};

class request_handler {
 public:
  virtual ~request_handler() = default;
  // Runs on the connection's io thread; may co_await work elsewhere. Never throws.
  virtual boost::asio::awaitable<response> handle(request& req, const peer_info& peer) = 0;
};

// Takes over a connection whose request asked for a WebSocket upgrade on a path it accepts.
// `leftover` holds bytes read past the request (the client's first frames, if any).
class upgrade_handler {
 public:
  virtual ~upgrade_handler() = default;
  virtual bool accepts(const request& req) const = 0;
  virtual void upgrade(plain_stream stream, request req, boost::beast::flat_buffer leftover, const peer_info& peer) = 0;
  virtual void upgrade(tls_stream stream, request req, boost::beast::flat_buffer leftover, const peer_info& peer) = 0;
};

} // namespace parley::server::http
