// One voice gateway WebSocket (voice.md §3): bytes from the socket go through the WebSocket codec
// (proto/websocket) to the voice server's gateway core; what the core sends comes back through
// send()/close(), always on this connection's executor. One write in flight and a bounded queue;
// a reader that falls behind past the limit is dropped (its session stays resumable).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include "proto/websocket/connection.hpp"
#include "server/http/stream.hpp"
#include "server/voice/gateway_core.hpp"

namespace parley::server::voice {

class voice_server;

// What the voice server may ask of a connection; each call runs on executor().
class voice_connection_base : public std::enable_shared_from_this<voice_connection_base> {
 public:
  explicit voice_connection_base(boost::asio::any_io_executor ex) : executor_(std::move(ex)) {}
  virtual ~voice_connection_base() = default;
  const boost::asio::any_io_executor& executor() const noexcept { return executor_; }
  virtual void send(std::string text) = 0;
  // Sends a Close frame with `code`, then shuts the socket once it is written.
  virtual void close(std::uint16_t code) = 0;
  // Drops the socket now (shutdown deadline).
  virtual void abort() = 0;

 private:
  boost::asio::any_io_executor executor_;
};

template <class Stream>
class voice_connection final : public voice_connection_base {
 public:
  voice_connection(voice_server& server, conn_id id, Stream stream, int version);
  ~voice_connection() override;

  // Writes the 101 response, feeds the bytes read past the request, then reads until the end.
  void start(std::string upgrade_response, boost::beast::flat_buffer leftover);

  void send(std::string text) override;
  void close(std::uint16_t code) override;
  void abort() override;

 private:
  boost::asio::awaitable<void> run(std::string upgrade_response, boost::beast::flat_buffer leftover);
  void on_ws_events();
  void queue_ws_output();
  void write_next();
  void finish_close();
  void shut();

  voice_server& server_;
  conn_id id_;
  int version_;
  Stream stream_;
  proto::websocket::connection ws_;
  boost::asio::steady_timer linger_;  // bounds the wait for the peer's end after our Close
  std::deque<std::string> out_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool close_after_write_ = false;
  bool half_closed_ = false;
  bool shut_ = false;
  std::optional<std::uint16_t> peer_close_code_;
};

} // namespace parley::server::voice
