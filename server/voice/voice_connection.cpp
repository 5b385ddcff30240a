// One voice gateway WebSocket over the sans-I/O codec (voice.md §3); see voice_connection.hpp.
#include "server/voice/voice_connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "proto/voice/message.hpp"
#include "server/voice/voice_server.hpp"

namespace parley::server::voice {

namespace asio = boost::asio;
namespace ws = proto::websocket;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {
// The core refuses messages over 4096 bytes with 4002; the codec stops far larger ones before
// they are buffered.
constexpr std::size_t max_client_frame = 16 << 10;
// Voice gateway traffic is a few small messages a second; a peer this far behind is gone.
constexpr std::size_t max_queued_bytes = 1 << 20;
} // namespace

template <class Stream>
voice_connection<Stream>::voice_connection(voice_server& server, conn_id id, Stream stream, int version)
    : voice_connection_base(stream.get_executor()),
      server_(server),
      id_(id),
      version_(version),
      stream_(std::move(stream)),
      ws_(ws::role::server, ws::connection_options{max_client_frame, max_client_frame}),
      linger_(stream_.get_executor()) {}

template <class Stream>
voice_connection<Stream>::~voice_connection() = default;

template <class Stream>
void voice_connection<Stream>::start(std::string upgrade_response, boost::beast::flat_buffer leftover) {
  auto self = std::static_pointer_cast<voice_connection>(shared_from_this());
  asio::co_spawn(executor(), [self, response = std::move(upgrade_response), buf = std::move(leftover)]() mutable {
    return self->run(std::move(response), std::move(buf));
  }, asio::detached);
}

template <class Stream>
asio::awaitable<void> voice_connection<Stream>::run(std::string upgrade_response, boost::beast::flat_buffer leftover) {
  auto self = shared_from_this();
  http::lowest_stream(stream_).expires_never();
  auto [wec, wn] = co_await asio::async_write(stream_, asio::buffer(upgrade_response), use_tuple);
  if (wec) {
    shut();
    server_.closed(id_, std::nullopt);
    co_return;
  }
  server_.opened(id_, self, version_);  // Hello comes back through send()
  if (leftover.size() > 0) {
    ws_.feed(std::string_view(static_cast<const char*>(leftover.cdata().data()), leftover.size()));
    on_ws_events();
  }
  leftover = boost::beast::flat_buffer();
  while (!shut_) {
    const auto space = ws_.prepare(4096);
    auto [ec, n] = co_await stream_.async_read_some(asio::buffer(space.data(), space.size()), use_tuple);
    if (ec) break;
    ws_.commit(n);
    on_ws_events();
  }
  shut();
  server_.closed(id_, peer_close_code_);
}

template <class Stream>
void voice_connection<Stream>::on_ws_events() {
  for (auto ev = ws_.next_event(); ev.kind != ws::event_kind::need_more; ev = ws_.next_event()) {
    switch (ev.kind) {
      case ws::event_kind::text:
        if (!close_after_write_) server_.text(id_, ev.text());
        break;
      case ws::event_kind::binary:
        if (!close_after_write_) server_.binary(id_, ev.payload);
        break;
      case ws::event_kind::close:
        peer_close_code_ = ev.close_code;
        close_after_write_ = true;  // the codec queued our answering Close
        break;
      case ws::event_kind::error:
        // An oversized message is the voice gateway's decode error (4002).
        (void)ws_.send_close(ev.close_code == 1009 ? static_cast<std::uint16_t>(proto::voice::close_code::decode_error)
                                                   : ev.close_code);
        close_after_write_ = true;
        break;
      default:
        break;  // ping (pong queued) or pong
    }
  }
  queue_ws_output();
}

template <class Stream>
void voice_connection<Stream>::send(std::string text) {
  if (shut_ || close_after_write_) return;
  (void)ws_.send_text(text);
  queue_ws_output();
}

template <class Stream>
void voice_connection<Stream>::close(std::uint16_t code) {
  if (shut_) return;
  if (!close_after_write_) (void)ws_.send_close(code);
  close_after_write_ = true;
  queue_ws_output();
}

template <class Stream>
void voice_connection<Stream>::abort() {
  shut();
}

template <class Stream>
void voice_connection<Stream>::queue_ws_output() {
  if (ws_.has_output()) {
    std::string bytes;
    ws_.take_output(bytes);
    queued_bytes_ += bytes.size();
    out_.push_back(std::move(bytes));
    if (queued_bytes_ > max_queued_bytes) return shut();
  }
  if (!writing_ && out_.empty() && close_after_write_) return finish_close();
  write_next();
}

template <class Stream>
void voice_connection<Stream>::write_next() {
  if (writing_ || out_.empty() || shut_) return;
  writing_ = true;
  asio::async_write(stream_, asio::buffer(out_.front()),
                    [self = shared_from_this(), this](const boost::system::error_code& ec, std::size_t) {
                      writing_ = false;
                      queued_bytes_ -= out_.front().size();
                      out_.pop_front();
                      if (ec) return shut();
                      if (out_.empty() && close_after_write_) return finish_close();
                      write_next();
                    });
}

template <class Stream>
void voice_connection<Stream>::finish_close() {
  // Our Close is written. Closing the socket now could reset the connection (and lose the Close
  // frame) if the peer's last messages are still unread: end our direction only, keep reading
  // until the peer ends its own, and give it a few seconds.
  if (shut_ || half_closed_) return;
  half_closed_ = true;
  boost::system::error_code ignored;
  http::lowest_stream(stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  linger_.expires_after(std::chrono::seconds(5));
  linger_.async_wait([self = shared_from_this(), this](const boost::system::error_code& ec) {
    if (!ec) shut();
  });
}

template <class Stream>
void voice_connection<Stream>::shut() {
  if (shut_) return;
  shut_ = true;
  linger_.cancel();
  // Closing the TCP socket ends the pending read (and any TLS state with it).
  boost::system::error_code ignored;
  auto& socket = http::lowest_stream(stream_).socket();
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

template class voice_connection<http::plain_stream>;
template class voice_connection<http::tls_stream>;

} // namespace parley::server::voice
