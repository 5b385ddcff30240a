// The SDK's sans-I/O gateway client (gateway.md §1-§4, clients.md §2-§3): bytes from the socket
// and `now` in; events, bytes to send and the next deadline out. It drives the project's one
// WebSocket codec (proto/websocket) in the client role, inflates zlib-stream/zstd-stream, decodes
// JSON or ETF, heartbeats with the jittered first beat, detects zombie connections, and keeps
// the session (id, seq, resume URL) across connections so the next one can resume.
//
// One object per gateway session (per shard); each socket is one "connection" inside it:
//
//   gateway_connection gw(options, random);
//   open a TCP (or TLS) stream to host;       gw.connect(host, "/", now);   // queues the upgrade
//   loop:
//     write gw.take_output(buf) to the socket (whenever has_output());
//     wait for readable bytes, at most until gw.next_deadline();
//     bytes → gw.receive(bytes, now);  timeout → gw.on_timer(now);  EOF/error → gw.connection_lost(now);
//     while (auto e = gw.next_event()) {
//       hello           → gw.should_resume() ? gw.resume(now) : gw.identify(params, now);
//       dispatch, ready, ... → the application
//       closed          → flush the output, close the socket; if gw.should_reconnect(), wait
//                         gw.reconnect_delay() and connect again (to resume_gateway_url() when
//                         should_resume())
//     }
//
// State machine (every input has one handler switching on it; see gateway_connection.cpp):
//
//   idle/closed --connect--> upgrading --101--> awaiting_hello --op 10--> connected
//   connected --identify()--> identifying --READY--> ready
//   connected --resume()--> resuming --RESUMED--> ready
//   identifying/resuming/ready --op 9--> connected         (identify or resume again)
//   any open state --close()/op 7--> closing --server Close or close_timeout--> closed
//   any open state --server Close, transport loss, zombie, protocol error, hello timeout--> closed
//
// Not thread-safe; nothing here blocks or reads a clock. Event and output ownership passes to
// the caller. The random source is called from inside member functions only.
#pragma once

#include "client/core/gateway_event.hpp"
#include "client/core/identify_params.hpp"
#include "client/core/random_source.hpp"
#include "client/core/reconnect_policy.hpp"
#include "client/core/server_payload.hpp"
#include "client/core/transport_decoder.hpp"
#include "proto/base/result.hpp"
#include "proto/gateway/connect_params.hpp"
#include "proto/websocket/connection.hpp"
#include "proto/websocket/upgrade_response_parser.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace parley::client {

using time_point = std::chrono::steady_clock::time_point;

// Client payloads above this size make Discord close with 4002 (gateway.md §1.2).
inline constexpr std::size_t max_client_payload_size = 4096;

struct gateway_options {
  proto::gateway::connect_params params; // v, encoding, compress of every connection
  std::string user_agent = "parley-sdk"; // sent in the upgrade request when not empty
  // From connect() to the server's Hello (upgrade included). discord.js waits 60 s.
  std::chrono::milliseconds hello_timeout{30000};
  // From our Close frame to the server's; then the connection counts as closed anyway.
  std::chrono::milliseconds close_timeout{5000};
  // The Close code used when the core closes and means to resume (op 7, zombie, hello timeout).
  std::uint16_t resume_close_code = 4200;
  reconnect_options reconnect;
  server_payload_options payload;
  bool keep_raw_payloads = false; // fill dispatch_event::raw
  // JSON only: a dispatch other than READY/RESUMED is not decoded into dispatch_event::data (left
  // null); its `d` is handed over as text in dispatch_event::raw_data, unvalidated. For clients
  // that look at few fields of many events (a load generator); op, s and t are still read.
  bool raw_dispatch_data = false;
  proto::websocket::connection_options websocket{.max_message_size = 64u << 20, .max_frame_size = 64u << 20};
};

class gateway_connection {
 public:
  enum class state {
    idle,           // no connection yet
    upgrading,      // upgrade request queued, waiting for the server's 101
    awaiting_hello, // WebSocket open, no Hello yet
    connected,      // Hello received, heartbeating: identify() or resume() now
    identifying,    // Identify sent, waiting for READY
    resuming,       // Resume sent, waiting for the replay and RESUMED
    ready,          // READY or RESUMED received
    closing,        // our Close sent; nothing else is sent until the server's Close
    closed,         // the connection is over (closed_event was queued)
  };

  // `random` must be callable (see random_source.hpp for what it is used for).
  gateway_connection(gateway_options options, random_source random);

  // Starts a new connection over a byte stream the caller just opened to `host` ("host" or
  // "host:port", the Host header): resets the WebSocket codec, the decompression context and the
  // heartbeat, keeps the session, and queues the upgrade request for `path` with this session's
  // query string. Errors: already_connected unless idle or closed; WebSocket invalid_header if
  // host or path cannot go in a header.
  result<void> connect(std::string_view host, std::string_view path, time_point now);

  // Bytes read from the socket, in order, any split. Queues events and output.
  void receive(std::span<const std::byte> bytes, time_point now);
  void receive(std::string_view bytes, time_point now) {
    receive(std::as_bytes(std::span(bytes.data(), bytes.size())), now);
  }
  // The byte stream ended (EOF, reset, TLS error). Queues closed_event (1006) unless closed.
  void connection_lost(time_point now);

  std::optional<time_point> next_deadline() const noexcept;
  // Call at (or after) next_deadline(): heartbeats, zombie detection, hello and close timeouts.
  void on_timer(time_point now);

  std::optional<gateway_event> next_event();

  bool has_output() const noexcept { return !output_.empty(); }
  std::string_view output() const noexcept { return output_; }
  // Moves the bytes to send into `buffer` (old contents discarded; capacities are swapped, so two
  // alternating buffers make the steady state allocation-free).
  void take_output(std::string& buffer) noexcept;

  // --- application requests (each queues one payload) ---
  // op 2. Starts a new session: the old session id and seq are dropped. Errors: not_connected,
  // closing, no_hello_yet, already_identifying, payload_too_large.
  result<void> identify(const identify_params& params, time_point now);
  // op 6 with the token of the last identify(), the session id from READY and the last seq.
  // Errors: as identify, plus no_session.
  result<void> resume(time_point now);
  // op 1 now, outside the schedule (the schedule continues unchanged).
  result<void> heartbeat(time_point now);
  // Any other opcode (3 presence, 4 voice state, 8 request guild members, ...). Errors:
  // not_connected, closing, no_hello_yet (before the upgrade completed), payload_too_large.
  result<void> send(std::int64_t op, const boost::json::value& d);
  // Sends a Close and enters `closing`. 1000/1001 end the session on the server (§3.6), so
  // afterwards should_resume() and should_reconnect() are false; any other code keeps both.
  // Errors: not_connected, closing, WebSocket invalid_close_code/invalid_close_reason.
  result<void> close(std::uint16_t code, time_point now, std::string_view reason = {});

  // --- decisions after closed_event ---
  // False after the server closed with 4004 or 4010-4014, and after close(1000|1001).
  bool should_reconnect() const noexcept { return reconnect_allowed_; }
  // True when a session id is known and nothing since invalidated it (op 9 false, a server close
  // that ends the session, close(1000|1001)).
  bool should_resume() const noexcept {
    return reconnect_allowed_ && resume_allowed_ && !session_id_.empty();
  }
  // The delay before the next attempt (exponential backoff with jitter; reset by Hello). Each
  // call counts one attempt.
  std::chrono::milliseconds reconnect_delay() { return policy_.next_delay(*random_); }

  // --- state ---
  state current_state() const noexcept { return state_; }
  const std::string& session_id() const noexcept { return session_id_; }
  const std::string& resume_gateway_url() const noexcept { return resume_gateway_url_; }
  std::optional<std::uint64_t> last_seq() const noexcept { return seq_; }
  std::chrono::milliseconds heartbeat_interval() const noexcept { return heartbeat_interval_; }
  const reconnect_policy& policy() const noexcept { return policy_; }
  const gateway_options& options() const noexcept { return options_; }

 private:
  void pump(time_point now);
  void on_message(std::string_view message, bool binary, time_point now);
  void on_payload(std::string_view bytes, time_point now);
  void on_hello(const boost::json::value& d, time_point now);
  void on_dispatch(server_payload&& payload, std::string_view bytes);
  bool try_raw_dispatch(std::string_view bytes);
  void on_peer_close(std::uint16_t code, std::string_view reason);
  result<void> check_can_send(bool need_hello) const;
  result<void> send_payload(std::int64_t op, const boost::json::value& d);
  void send_heartbeat(time_point now);
  void fail(error_code why, std::uint16_t code);
  void finish(std::uint16_t code, std::string_view reason, bool by_server, error_code why);
  void flush_websocket();
  void drop_session() noexcept;

  gateway_options options_;
  std::shared_ptr<random_source> random_; // shared with the WebSocket codec's mask source
  reconnect_policy policy_;
  state state_ = state::idle;

  // The current connection.
  std::optional<proto::websocket::upgrade_response_parser> upgrade_;
  std::optional<proto::websocket::connection> websocket_;
  transport_decoder decoder_;
  std::chrono::milliseconds heartbeat_interval_{0};
  std::optional<time_point> next_heartbeat_;
  std::optional<time_point> last_heartbeat_sent_;
  bool awaiting_ack_ = false;
  std::optional<time_point> hello_deadline_;
  std::optional<time_point> close_deadline_;
  std::uint16_t close_code_ = 0; // the code of our Close while closing

  // The session, across connections.
  std::string token_;
  std::string session_id_;
  std::string resume_gateway_url_;
  std::optional<std::uint64_t> seq_;
  bool resume_allowed_ = true;
  bool reconnect_allowed_ = true;

  std::deque<gateway_event> events_;
  std::string output_;
  std::string scratch_; // one payload being encoded / WebSocket output being moved
};

} // namespace parley::client
