#include "server/http/http_server.hpp"

#include <unordered_set>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

namespace parley::server::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

// One live HTTP connection, registered with its shard so drain() can close it while it is idle.
struct connection_slot {
  plain_stream* lowest = nullptr;
  bool busy = false;  // between the first byte of a request and the end of its response
};

response plain_error(unsigned status, int code, std::string_view message) {
  response res{static_cast<bhttp::status>(status), 11};
  res.set(bhttp::field::content_type, "application/json");
  res.set(bhttp::field::connection, "close");
  res.body() = "{\"message\":\"" + std::string(message) + "\",\"code\":" + std::to_string(code) + "}";
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

} // namespace

struct http_server::shard {
  explicit shard(asio::io_context& context) : io(context), acceptor(context) {}
  asio::io_context& io;
  tcp::acceptor acceptor;
  std::unordered_set<connection_slot*> connections;  // touched only on io's thread
  bool draining = false;
};

namespace {

template <class Stream>
asio::awaitable<void> write_and_close(Stream& stream, response res, std::chrono::milliseconds timeout) {
  lowest_stream(stream).expires_after(timeout);
  co_await bhttp::async_write(stream, res, use_tuple);
}

template <class Stream>
asio::awaitable<void> close_stream(Stream& stream) {
  if constexpr (std::is_same_v<Stream, tls_stream>) {
    stream.next_layer().expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(use_tuple);
  }
  boost::system::error_code ignored;
  lowest_stream(stream).socket().shutdown(tcp::socket::shutdown_send, ignored);
  lowest_stream(stream).close();
}

struct session_env {
  http_server::shard& shard;
  const server_options& options;
  request_handler& handler;
  upgrade_handler* upgrades;
};

// Serves requests on one connection until it closes, times out, is drained or upgraded.
template <class Stream>
asio::awaitable<void> serve(Stream& stream, beast::flat_buffer& buffer, peer_info peer, session_env env) {
  connection_slot slot{&lowest_stream(stream)};
  env.shard.connections.insert(&slot);
  struct unregister {
    http_server::shard& s;
    connection_slot* c;
    ~unregister() { s.connections.erase(c); }
  } guard{env.shard, &slot};

  const auto& opt = env.options;
  for (;;) {
    if (env.shard.draining) break;
    if (buffer.size() == 0) {  // idle keep-alive: wait for the first byte of the next request
      slot.busy = false;
      lowest_stream(stream).expires_after(opt.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), use_tuple);
      if (ec) co_return;  // peer closed, idle timeout or drain: nothing in flight
      buffer.commit(n);
    }
    slot.busy = true;

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(opt.header_limit));
    if (opt.body_limit_for)
      parser.body_limit(boost::none);  // decided below, from the head
    else
      parser.body_limit(opt.body_limit);
    lowest_stream(stream).expires_after(opt.header_timeout);
    auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, use_tuple);
    if (hec) {
      if (hec == bhttp::error::header_limit)
        co_await write_and_close(stream, plain_error(431, 0, "Request Header Fields Too Large"), opt.write_timeout);
      else if (hec == bhttp::error::body_limit)  // a declared Content-Length over the limit
        co_await write_and_close(stream, plain_error(413, 40005, "Request entity too large"), opt.write_timeout);
      else if (hec != beast::error::timeout && hec != asio::error::eof && hec != asio::error::connection_reset &&
               hec != asio::error::operation_aborted)
        co_await write_and_close(stream, plain_error(400, 0, "400: Bad Request"), opt.write_timeout);
      break;
    }

    auto& head = parser.get();
    if (env.upgrades && beast::websocket::is_upgrade(head) && env.upgrades->accepts(head)) {
      lowest_stream(stream).expires_never();
      env.shard.connections.erase(&slot);
      guard.c = nullptr;
      env.upgrades->upgrade(std::move(stream), parser.release(), std::move(buffer), peer);
      co_return;
    }
    const std::size_t body_limit = opt.body_limit_for ? opt.body_limit_for(head) : opt.body_limit;
    parser.body_limit(body_limit);  // chunked bodies are counted against it as they arrive
    if (const auto cl = parser.content_length(); cl && *cl > body_limit) {
      co_await write_and_close(stream, plain_error(413, 40005, "Request entity too large"), opt.write_timeout);
      break;
    }
    if (bhttp::token_list(head[bhttp::field::expect]).exists("100-continue")) {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
      lowest_stream(stream).expires_after(opt.write_timeout);
      co_await bhttp::async_write(stream, cont, use_tuple);
    }
    if (!parser.is_done()) {
      lowest_stream(stream).expires_after(opt.body_timeout);
      auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
      if (bec == bhttp::error::body_limit) {
        co_await write_and_close(stream, plain_error(413, 40005, "Request entity too large"), opt.write_timeout);
        break;
      }
      if (bec) {
        spdlog::debug("request body: {}", bec.message());
        if (bec != beast::error::timeout && bec != asio::error::eof && bec != asio::error::connection_reset)
          co_await write_and_close(stream, plain_error(400, 0, "400: Bad Request"), opt.write_timeout);
        break;
      }
    }

    request req = parser.release();
    const bool keep_alive = req.keep_alive();
    const bool head_request = req.method() == bhttp::verb::head;
    response res = co_await env.handler.handle(req, peer);
    res.keep_alive(keep_alive && !env.shard.draining);
    // A HEAD response may state the length of the body it leaves out (a file's size).
    if (!(head_request && res.body().empty() && res.has_content_length())) res.prepare_payload();
    lowest_stream(stream).expires_after(opt.write_timeout);
    auto [wec, wn] = co_await bhttp::async_write(stream, res, use_tuple);
    if (wec || !res.keep_alive()) break;
  }
  slot.busy = false;
  co_await close_stream(stream);
}

} // namespace

http_server::http_server(std::vector<asio::io_context*> threads, server_options options, request_handler& handler,
                         upgrade_handler* upgrades, connection_observer observer)
    : options_(std::move(options)), handler_(handler), upgrades_(upgrades), observer_(std::move(observer)) {
  for (auto* io : threads) shards_.push_back(std::make_unique<shard>(*io));
}

http_server::~http_server() = default;

void http_server::start() {
  auto endpoint = options_.listen;
  for (auto& s : shards_) {
    s->acceptor.open(endpoint.protocol());
    s->acceptor.set_option(asio::socket_base::reuse_address(true));
    int one = 1;  // every shard binds the same port; the kernel spreads new connections
    ::setsockopt(s->acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    s->acceptor.bind(endpoint);
    s->acceptor.listen(asio::socket_base::max_listen_connections);
    endpoint.port(s->acceptor.local_endpoint().port());  // port 0: later shards share the chosen port
  }
  port_ = endpoint.port();

  for (auto& sp : shards_) asio::co_spawn(sp->io, accept_loop(sp.get()), asio::detached);
}

asio::awaitable<void> http_server::accept_loop(shard* s) {
  asio::steady_timer backoff(s->io);
  for (;;) {
    auto [ec, socket] = co_await s->acceptor.async_accept(use_tuple);
    if (ec) {
      if (!s->acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
      spdlog::warn("accept: {}", ec.message());  // e.g. out of file descriptors: back off briefly
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(use_tuple);
      continue;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    asio::co_spawn(s->io, run_connection(s, std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> http_server::run_connection(shard* s, tcp::socket socket) {
  open_.fetch_add(1, std::memory_order_relaxed);
  if (observer_) observer_(+1);
  struct closed {
    http_server* self;
    ~closed() {
      self->open_.fetch_sub(1, std::memory_order_relaxed);
      if (self->observer_) self->observer_(-1);
    }
  } on_exit{this};

  peer_info peer;
  boost::system::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  if (!ec) peer.address = remote.address();
  plain_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  session_env env{*s, options_, handler_, upgrades_};
  if (options_.tls) {
    stream.expires_after(options_.header_timeout);
    auto [dec, is_tls] = co_await beast::async_detect_ssl(stream, buffer, use_tuple);
    if (dec) co_return;
    if (is_tls) {
      tls_stream secure(std::move(stream), *options_.tls);
      auto [tec, used] = co_await secure.async_handshake(asio::ssl::stream_base::server, buffer.data(), use_tuple);
      if (tec) co_return;
      buffer.consume(used);
      peer.tls = true;
      co_await serve(secure, buffer, peer, env);
      co_return;
    }
  }
  co_await serve(stream, buffer, peer, env);
}

void http_server::drain() {
  for (auto& sp : shards_) {
    shard* s = sp.get();
    asio::post(s->io, [s] {
      s->draining = true;
      boost::system::error_code ignored;
      s->acceptor.close(ignored);
      for (auto* c : s->connections)
        if (!c->busy) c->lowest->socket().cancel(ignored);
    });
  }
}

void http_server::abort_all() {
  for (auto& sp : shards_) {
    shard* s = sp.get();
    asio::post(s->io, [s] {
      boost::system::error_code ignored;
      for (auto* c : s->connections) {
        c->lowest->socket().shutdown(tcp::socket::shutdown_both, ignored);
        c->lowest->close();
      }
    });
  }
}

} // namespace parley::server::http
