// One gateway connection's byte stream: a TCP socket or TLS over it (OpenSSL through Asio). The
// runtime reads and writes through this one type whichever the URL says; the WebSocket framing
// above it is the project's sans-I/O codec inside the client core (DESIGN.md: one WebSocket
// implementation).
//
// Owned by one connection attempt of a client; every call is made on the client's strand. close()
// may be called while a read or write is pending: they then complete with an error.
#pragma once

#include "client/runtime/gateway_url.hpp"
#include "proto/base/result.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace parley::client {

class byte_stream {
 public:
  // `tls` must outlive the stream; used only when url.tls.
  byte_stream(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls);

  // Resolves, connects and (for wss) runs the TLS handshake with SNI and host name verification
  // when verify_peer. Errors come back as values.
  boost::asio::awaitable<error_code> open(const gateway_url& url, bool verify_peer);
  boost::asio::awaitable<result<std::size_t>> read_some(std::span<char> buffer);
  boost::asio::awaitable<error_code> write_all(std::string_view bytes);
  // Closes the socket at once (no TLS close_notify: the WebSocket Close handshake is the
  // protocol's goodbye, and the core has already done it or given up on it).
  void close() noexcept;
  bool is_open() const noexcept;

 private:
  boost::asio::any_io_executor executor_;
  boost::asio::ssl::context& tls_context_;
  std::optional<boost::asio::ip::tcp::socket> tcp_;
  std::optional<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> tls_;
};

} // namespace parley::client
