// Keep-alive HTTP/1.1 connections over TCP or TLS for the REST client; see the header.
#include "client/rest/connection_pool.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <optional>
#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace parley::client::rest {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

using request_type = http::request<http::string_body>;

template <class Stream>
asio::awaitable<void> write_and_read(Stream& stream, beast::tcp_stream& lowest, beast::flat_buffer& buffer,
                                     const request_type& request, std::chrono::milliseconds timeout,
                                     std::size_t body_limit, exchange_result& out) {
  lowest.expires_after(timeout);
  auto [write_ec, written] = co_await http::async_write(stream, request, use_tuple);
  if (write_ec) {
    out.ec = write_ec;
    out.sent = written > 0;
    co_return;
  }
  out.sent = true;
  http::response_parser<http::string_body> parser;
  parser.body_limit(body_limit);
  if (request.method() == http::verb::head) parser.skip(true);
  auto [read_ec, read] = co_await http::async_read(stream, buffer, parser, use_tuple);
  (void)read;
  if (read_ec) {
    out.ec = read_ec;
    co_return;
  }
  lowest.expires_never();
  out.response = parser.release();
}

} // namespace

struct connection_pool::connection {
  connection(const asio::any_io_executor& ex, asio::ssl::context* tls_context) {
    if (tls_context) tls.emplace(ex, *tls_context);
    else plain.emplace(ex);
  }

  beast::tcp_stream& lowest() { return tls ? tls->next_layer() : *plain; }

  // A kept-alive connection the server has closed (or written to unasked) cannot carry a new
  // request; finding out before writing keeps POSTs from being lost to a stale socket.
  bool stale() {
    if (buffer.size() != 0) return true;
    auto& socket = lowest().socket();
    if (!socket.is_open()) return true;
    char byte = 0;
    const auto n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n >= 0) return true;  // 0: the server closed; > 0: bytes nobody asked for
    return errno != EAGAIN && errno != EWOULDBLOCK;
  }

  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
};

connection_pool::connection_pool(asio::any_io_executor executor, base_url url, asio::ssl::context* tls,
                                 std::size_t max_connections)
    : executor_(std::move(executor)), url_(std::move(url)), tls_(url_.tls ? tls : nullptr),
      max_connections_(max_connections == 0 ? 1 : max_connections) {}

connection_pool::~connection_pool() = default;

asio::awaitable<void> connection_pool::wait_for_slot() {
  while (active_ >= max_connections_) {
    asio::steady_timer wake(executor_, asio::steady_timer::time_point::max());
    slot_waiters_.push_back(&wake);
    co_await wake.async_wait(use_tuple);
    std::erase(slot_waiters_, &wake);
  }
  ++active_;
}

void connection_pool::release_slot() {
  --active_;
  if (!slot_waiters_.empty()) {
    auto* next = slot_waiters_.front();
    slot_waiters_.pop_front();
    next->cancel();
  }
}

asio::awaitable<error_code> connection_pool::connect(connection& c, std::chrono::milliseconds timeout) {
  asio::ip::tcp::resolver resolver(executor_);
  auto [resolve_ec, endpoints] = co_await resolver.async_resolve(url_.host, std::to_string(url_.port), use_tuple);
  if (resolve_ec) co_return resolve_ec;
  auto& tcp = c.lowest();
  tcp.expires_after(timeout);
  auto [connect_ec, endpoint] = co_await tcp.async_connect(endpoints, use_tuple);
  (void)endpoint;
  if (connect_ec) co_return connect_ec;
  error_code ignored;
  tcp.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
  if (c.tls) {
    error_code not_ip;
    asio::ip::make_address(url_.host, not_ip);
    // SNI carries host names only (RFC 6066 §3); an IP literal is checked against the IP SANs.
    if (not_ip && !SSL_set_tlsext_host_name(c.tls->native_handle(), url_.host.c_str()))
      co_return error_code{static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()};
    c.tls->set_verify_mode(asio::ssl::verify_peer);
    c.tls->set_verify_callback(asio::ssl::host_name_verification(url_.host));
    auto [handshake_ec] = co_await c.tls->async_handshake(asio::ssl::stream_base::client, use_tuple);
    if (handshake_ec) co_return handshake_ec;
  }
  tcp.expires_never();
  co_return error_code{};
}

asio::awaitable<exchange_result> connection_pool::exchange(const request_type& request,
                                                           std::chrono::milliseconds timeout,
                                                           std::size_t body_limit) {
  exchange_result out;
  co_await wait_for_slot();
  struct slot_guard {
    connection_pool* pool;
    ~slot_guard() { pool->release_slot(); }
  } guard{this};

  std::unique_ptr<connection> c;
  while (!idle_.empty() && !c) {
    c = std::move(idle_.back());
    idle_.pop_back();
    if (c->stale()) c.reset();
  }
  out.reused = c != nullptr;
  if (!c) {
    c = std::make_unique<connection>(executor_, tls_);
    ++opened_;
    if (auto ec = co_await connect(*c, timeout)) {
      out.ec = ec;
      co_return out;
    }
  }
  if (c->tls) co_await write_and_read(*c->tls, c->lowest(), c->buffer, request, timeout, body_limit, out);
  else co_await write_and_read(*c->plain, c->lowest(), c->buffer, request, timeout, body_limit, out);
  if (!out.ec && out.response.keep_alive() && idle_.size() < max_connections_) idle_.push_back(std::move(c));
  co_return out;
}

} // namespace parley::client::rest
