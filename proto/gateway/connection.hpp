// The server side of one gateway WebSocket, sans I/O: Hello, heartbeats and their timeout, the
// payload rate limit, the Identify/Resume handshake and the opcode rules (gateway.md §2-§4, §10).
// Dispatches never pass through here; the server writes them with dispatch_envelope.hpp.
#pragma once

#include "proto/gateway/close_code.hpp"
#include "proto/gateway/connection_event.hpp"
#include "proto/gateway/encoding.hpp"
#include "proto/gateway/time.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::proto::gateway {

struct connection_config {
  std::chrono::milliseconds heartbeat_interval{41250};
  gateway::encoding encoding = encoding::json;
  int api_version = 10;
  // Silence (no payload at all) after which the connection is closed with 4000, session kept.
  // Default: 1.5 × interval, but at least interval + 2 s (D++ beats late, in whole seconds).
  std::optional<std::chrono::milliseconds> heartbeat_timeout;
  // Client payloads per window before 4008 (heartbeats count).
  std::uint32_t max_payloads_per_window = 120;
  std::chrono::milliseconds payload_window = std::chrono::seconds(60);
  // Presence updates per window; the excess is dropped without closing.
  std::uint32_t max_presence_updates = 5;
  std::chrono::milliseconds presence_window = std::chrono::seconds(20);
  // Requests (op 3/4/8) kept while the server checks an Identify/Resume; one more → 4008.
  std::size_t max_pending_requests = 8;
  // After reconnect(): how long the client has to close before the server closes with 4000.
  std::chrono::milliseconds reconnect_grace = std::chrono::seconds(5);
};

// Single-threaded: all calls from the thread that owns the socket. No call re-enters another.
//
// Driving it:
//   conn.start(now);                         // queues Hello
//   on each WebSocket message:  conn.receive(bytes, now);
//   on the timer:               conn.on_deadline(now);  re-arm with conn.next_deadline()
//   after either:  while (auto e = conn.next_event()) handle(*e);
//                  send every conn.take_output() payload, in order;
//                  if (conn.pending_close()) send the Close frame with that code.
class connection {
 public:
  enum class state {
    created,           // start() not called yet
    awaiting_identify, // Hello sent (or op 9 sent): Identify or Resume expected
    identifying,       // identify_requested handed out; the server is checking it
    resuming,          // resume_requested handed out; the server is checking it
    ready,             // Identify or Resume accepted: every request opcode allowed
    closed,            // a close code was decided; nothing more is produced
  };

  explicit connection(connection_config config = {});

  // Queues Hello; the heartbeat deadline starts now. Call once, first.
  void start(time_point now);

  // One complete client message (already de-framed and decompressed). May queue output (ACK),
  // an event, or decide a close.
  void receive(std::string_view payload, time_point now);

  // Server decisions on the pending Identify/Resume. accept_*() queue nothing themselves (the
  // server sends READY/the replay as dispatches) and release any requests held meanwhile as
  // events. All of them are ignored once the connection is closed.
  void accept_identify();
  void accept_resume();
  // Queues op 9 and returns to awaiting_identify, so Identify and Resume are accepted again on
  // this socket (discord.js resumes, D++ identifies there). Held requests are dropped. Also for
  // an active session the server invalidates.
  void invalid_session(bool resumable);
  // Queues op 7; if the client has not closed within reconnect_grace, closes with 4000.
  void reconnect(time_point now);
  // Queues op 1 (the client must heartbeat at once). D++ cannot handle it; the server decides.
  void request_heartbeat();
  // Closes with `code`; pending requests are dropped, output already queued stays.
  void close(gateway::close_code code);

  std::optional<connection_event> next_event();
  bool has_output() const noexcept { return !output_.empty(); }
  // The queued payloads, each one WebSocket message, in the connection's encoding.
  std::vector<std::string> take_output() noexcept { return std::exchange(output_, {}); }
  std::optional<gateway::close_code> pending_close() const noexcept { return close_; }

  std::optional<time_point> next_deadline() const noexcept;
  void on_deadline(time_point now);

  state current_state() const noexcept { return state_; }
  const connection_config& config() const noexcept { return config_; }
  std::chrono::milliseconds heartbeat_timeout() const noexcept;
  // The `d` of the last heartbeat (the client's last seen seq), if any carried a number.
  std::optional<std::int64_t> last_heartbeat_seq() const noexcept { return last_heartbeat_seq_; }

 private:
  bool count_payload(time_point now) noexcept;
  bool presence_allowed(time_point now) noexcept;
  void deliver(connection_event event);
  void release_pending();

  connection_config config_;
  state state_ = state::created;
  std::optional<gateway::close_code> close_;
  time_point last_receive_{};
  time_point window_start_{};
  std::uint32_t window_count_ = 0;
  time_point presence_window_start_{};
  std::uint32_t presence_count_ = 0;
  std::optional<time_point> reconnect_deadline_;
  std::optional<std::int64_t> last_heartbeat_seq_;
  std::vector<connection_event> pending_; // held while identifying/resuming
  std::vector<connection_event> events_;
  std::size_t events_read_ = 0;
  std::vector<std::string> output_;
};

} // namespace parley::proto::gateway
