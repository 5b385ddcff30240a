// One simulated gateway client, sans I/O: the WebSocket upgrade (RFC 6455 §4.1, client role),
// Hello → Identify → READY, heartbeats and their ACKs (gateway.md §3.1-§3.3), zlib-stream
// decoding (§1.4), and spotting fan-out markers in one configured dispatch. The epoll runner
// owns the socket and the heartbeat clock; this class only turns bytes into observer calls and
// queued output.
#pragma once

#include "bench/gateway_load/fanout_marker.hpp"
#include "proto/compress/zlib_stream_inflater.hpp"
#include "proto/websocket/connection.hpp"
#include "proto/websocket/upgrade_response_parser.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace parley::bench::gateway_load {

// Shared by every client of a run; must outlive them.
struct client_settings {
  std::string host_header;          // "127.0.0.1:8080"
  std::string target;               // "/gateway?v=10&encoding=json[&compress=zlib-stream]"
  bool zlib_stream = false;
  std::string event_name;           // dispatch whose d carries fan-out markers, e.g. USER_UPDATE
  proto::websocket::mask_source masks;
  std::size_t max_message_size = 4 * 1024 * 1024;
};

// Called synchronously from inside load_client::receive; must not call receive re-entrantly
// (queuing sends is fine).
class client_observer {
 public:
  virtual void on_hello(std::uint64_t heartbeat_interval_ms) = 0;
  virtual void on_ready() = 0;
  virtual void on_heartbeat_ack() = 0;
  virtual void on_marker(fanout_marker marker) = 0;
  virtual void on_invalid_session(bool resumable) = 0;
  // The connection is unusable (upgrade refused, protocol error, server Close or op 7).
  virtual void on_failure(std::string_view why) = 0;

 protected:
  ~client_observer() = default;
};

enum class client_phase : std::uint8_t {
  upgrading,          // request queued / sent, waiting for 101
  awaiting_hello,     // upgraded
  identifying,        // Identify sent
  invalid_session,    // op 9 received; the runner re-identifies after a pause
  ready,              // READY received
  failed,
};

class load_client {
 public:
  // Queues the upgrade request. `identify` (the whole op 2 payload) must outlive the client.
  load_client(const client_settings& settings, std::string_view identify,
              std::span<const std::uint8_t, 16> key_random);

  // Bytes read from the socket. `scratch` is a buffer the caller reuses across clients for
  // inflated payloads.
  void receive(std::span<const std::byte> bytes, std::string& scratch, client_observer& observer);

  void send_identify();
  void send_heartbeat();

  bool has_output() const noexcept { return !upgrade_request_.empty() || ws_.has_output(); }
  // Replaces `out` with the queued bytes (capacity reused).
  void take_output(std::string& out);

  client_phase phase() const noexcept { return phase_; }
  // Last dispatch sequence number seen (0: none yet).
  std::uint64_t last_seq() const noexcept { return last_seq_; }

 private:
  void handle_message(std::string_view payload, client_observer& observer);
  void fail(std::string_view why, client_observer& observer);

  const client_settings* settings_;
  std::string_view identify_;
  std::string upgrade_request_; // sent once; empty afterwards
  std::unique_ptr<proto::websocket::upgrade_response_parser> upgrade_; // until accepted
  proto::websocket::connection ws_;
  std::unique_ptr<proto::compress::zlib_stream_inflater> inflater_; // zlib-stream only
  std::uint64_t last_seq_ = 0;
  client_phase phase_ = client_phase::upgrading;
};

} // namespace parley::bench::gateway_load
