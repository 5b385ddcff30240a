// One gateway WebSocket: bytes from the socket go through the WebSocket codec into the gateway
// core (proto/gateway/connection); the core's decisions come back out as frames. Dispatches are
// written as the shared body plus this connection's envelope, compressed per connection when
// zlib-stream or zstd-stream was asked for. One write in flight, a bounded queue: a reader that
// falls too far behind is disconnected, and its session stays resumable.
#pragma once

#include <string_view>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include "proto/compress/zlib_stream_deflater.hpp"
#include "proto/compress/zstd_stream_compressor.hpp"
#include "proto/gateway/connect_params.hpp"
#include "proto/gateway/connection.hpp"
#include "proto/websocket/connection.hpp"
#include "server/gateway/connection_base.hpp"
#include "server/http/stream.hpp"

namespace parley::server::gateway {

class gateway_server;

template <class Stream>
class gateway_connection final : public connection_base {
 public:
  // `params` is the parsed query, or the close code to end with right after the upgrade.
  gateway_connection(gateway_server& server, std::size_t home, Stream stream,
                     result<proto::gateway::connect_params> params);
  ~gateway_connection() override;

  // Writes the 101 response (already built) and any bytes the client sent after its request,
  // then runs until the socket closes.
  void start(std::string upgrade_response, boost::beast::flat_buffer leftover);

  void deliver(std::uint64_t seq, const dispatch_ptr& event) override;
  void identified(std::string session_id, std::size_t home) override;
  void resumed(std::string session_id, std::size_t home, std::vector<proto::gateway::replay_entry> replay,
               std::uint64_t resumed_seq, dispatch_ptr resumed_event, std::uint64_t intents) override;
  void resume_refused() override;
  void evict(proto::gateway::close_code code) override;
  void request_reconnect() override;
  void abort() override { teardown(true); }

 private:
  struct out_item {
    std::string bytes;      // framed bytes (control frames, compressed messages), or empty
    dispatch_ptr event;     // an uncompressed dispatch written as header + envelope + shared body
    std::uint64_t seq = 0;
  };

  boost::asio::awaitable<void> run(std::string upgrade_response, boost::beast::flat_buffer leftover);
  // Writes queued frames, as many per system call as the queue holds (one writev over envelopes
  // and shared bodies); runs from the thread's flush pass, after every handler already queued on
  // it, so a burst of events leaves in one write per connection.
  void flush();
  void schedule_flush();
  static void arm_pass();        // posts the thread's next pass, or holds it (see flush_list)
  static void hold_pass(std::chrono::microseconds step);  // waits `step`, then passes or waits again
  static void run_flush_pass();  // the thread's pass over its connections with queued frames
  static void continue_pass();   // its next chunk
  void write_pending();
  std::size_t cost(const out_item& item) const noexcept;
  void wait_readable();
  bool read_ready();
  void on_ws_events(proto::gateway::time_point now);
  void pump_core();
  void handle(proto::gateway::identify_requested&& r);
  void handle(proto::gateway::resume_requested&& r);
  void handle(proto::gateway::guild_members_requested&& r);
  void handle(proto::gateway::voice_state_update_requested&& r);
  void send_payload(std::string_view payload);
  void queue_dispatch(std::uint64_t seq, const dispatch_ptr& event);
  void queue_ws_output();
  void push(out_item item);
  void start_close(std::uint16_t code);
  void arm_timer();
  void teardown(bool resumable);
  bool compressed() const noexcept { return compressed_; }
  bool compress(std::string_view payload, std::string& out);

  // What a delivery reads and writes, first and together: a fan-out to 10,000 connections
  // touches a few cache lines of each (the fan-out loops prefetch them), not its whole object.
  std::vector<out_item> queue_;     // a burst's capacity is kept while busy, released when idle
  std::size_t queued_bytes_ = 0;
  proto::gateway::encoding encoding_ = proto::gateway::encoding::json;
  bool compressed_ = false;         // zlib-stream or zstd-stream
  bool writing_ = false;
  bool close_after_flush_ = false;  // a Close frame is queued: shut the socket once it is written
  bool torn_down_ = false;
  bool flush_scheduled_ = false;    // this connection is on its thread's flush list

  gateway_server& server_;
  std::size_t home_;              // the thread this connection runs on
  Stream stream_;
  proto::websocket::connection ws_;
  proto::gateway::connection core_;
  std::optional<proto::compress::zlib_stream_deflater> zlib_;
  std::optional<proto::compress::zstd_stream_compressor> zstd_;
  std::optional<proto::gateway::close_code> initial_close_;

  std::optional<std::uint16_t> peer_close_code_;
  proto::gateway::time_point last_dispatch_{};
  bool resumable_ = true;           // what teardown tells the session's home
  // What the kernel did not take at once, copied out of the shared bodies, written
  // asynchronously; empty (no capacity kept) otherwise.
  std::string pending_;
  bool timer_armed_ = false;
  proto::gateway::time_point armed_for_{};

  boost::asio::steady_timer timer_;
  std::string session_id_;          // empty until Identify or Resume succeeded
  std::size_t session_home_ = 0;
  std::uint64_t user_id_ = 0;
  std::uint64_t session_intents_ = 0;
  bool auth_pending_ = false;
};

} // namespace parley::server::gateway
