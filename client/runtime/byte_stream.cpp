// TCP or TLS byte stream of one gateway connection; see byte_stream.hpp.
#include "client/runtime/byte_stream.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <openssl/ssl.h>

#include <string>

namespace parley::client {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr auto as_values = asio::as_tuple(asio::use_awaitable);
}

byte_stream::byte_stream(asio::any_io_executor executor, asio::ssl::context& tls)
    : executor_(std::move(executor)), tls_context_(tls) {}

asio::awaitable<error_code> byte_stream::open(const gateway_url& url, bool verify_peer) {
  tcp::resolver resolver(executor_);
  auto [resolve_error, endpoints] = co_await resolver.async_resolve(url.host, std::to_string(url.port), as_values);
  if (resolve_error) co_return resolve_error;
  tcp::socket& socket = url.tls ? tls_.emplace(executor_, tls_context_).next_layer() : tcp_.emplace(executor_);
  auto [connect_error, endpoint] = co_await asio::async_connect(socket, endpoints, as_values);
  if (connect_error) co_return connect_error;
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  if (!url.tls) co_return error_code{};

  boost::system::error_code not_ip;
  asio::ip::make_address(url.host, not_ip);
  // SNI must be a host name (RFC 6066 §3): never an IP literal.
  if (not_ip && !SSL_set_tlsext_host_name(tls_->native_handle(), url.host.c_str()))
    co_return error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
  if (verify_peer) {
    tls_->set_verify_mode(asio::ssl::verify_peer);
    tls_->set_verify_callback(asio::ssl::host_name_verification(url.host));
  } else {
    tls_->set_verify_mode(asio::ssl::verify_none);
  }
  auto [handshake_error] = co_await tls_->async_handshake(asio::ssl::stream_base::client, as_values);
  co_return handshake_error;
}

asio::awaitable<result<std::size_t>> byte_stream::read_some(std::span<char> buffer) {
  auto buf = asio::buffer(buffer.data(), buffer.size());
  auto [ec, n] = tls_ ? co_await tls_->async_read_some(buf, as_values) : co_await tcp_->async_read_some(buf, as_values);
  if (ec) co_return ec;
  co_return n;
}

asio::awaitable<error_code> byte_stream::write_all(std::string_view bytes) {
  auto buf = asio::buffer(bytes.data(), bytes.size());
  auto [ec, n] = tls_ ? co_await asio::async_write(*tls_, buf, as_values) : co_await asio::async_write(*tcp_, buf, as_values);
  co_return ec;
}

void byte_stream::close() noexcept {
  error_code ignored;
  if (tls_) tls_->next_layer().close(ignored);
  if (tcp_) tcp_->close(ignored);
}

bool byte_stream::is_open() const noexcept {
  return (tls_ && tls_->next_layer().is_open()) || (tcp_ && tcp_->is_open());
}

} // namespace parley::client
