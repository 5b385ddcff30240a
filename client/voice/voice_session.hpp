// The SDK's voice gateway v8 client as a sans-I/O state machine (voice.md §3-§6, §7.1; clients.md
// §7): one voice session over successive WebSocket connections. Bytes read and `now` in; events,
// bytes to write and the next deadline out. The UDP side stays with the caller: the session hands
// out the IP discovery request bytes after Ready and takes the reply back, then sends Select
// Protocol; Session Description makes it ready to send media.
//
//   voice_session s(credentials, options, random);
//   s.connect("host:port", "/?v=8", now);          // queues the upgrade request
//   loop: write s.take_output(); feed reads to s.receive(); s.on_timer(now) at s.next_deadline();
//         handle s.next_event():
//           ready_event        → send s.discovery_request() over UDP to (ip, port)
//           UDP reply          → s.on_discovery_response(bytes, now)
//           session_ready_event→ build a transport_cipher(mode, key); s.set_speaking(1) before audio
//           closed_event       → close the socket; if s.should_resume(): connect again (Resume is sent)
//
// Ownership: the session owns its WebSocket codec; views in events are owned copies. Not
// thread-safe; `random` is called from inside member functions and must not call back.
#pragma once

#include "client/core/random_source.hpp"
#include "proto/base/result.hpp"
#include "proto/voice/encryption_mode.hpp"
#include "proto/voice/ip_discovery.hpp"
#include "proto/websocket/connection.hpp"
#include "proto/websocket/upgrade_response_parser.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace parley::client::voice {

using time_point = std::chrono::steady_clock::time_point;
using proto::voice::encryption_mode;

// What links the voice connection to the main gateway session (voice.md §2, §3.4 Identify).
struct voice_credentials {
  std::uint64_t server_id = 0; // guild id
  std::uint64_t user_id = 0;
  std::string session_id;      // the main gateway session id (VOICE_STATE_UPDATE)
  std::string token;           // VOICE_SERVER_UPDATE's token
};

struct voice_session_options {
  // Modes in order of preference; the first one Ready offers wins (discord.js prefers AES-GCM).
  std::vector<encryption_mode> modes{encryption_mode::aead_aes256_gcm_rtpsize,
                                     encryption_mode::aead_xchacha20_poly1305_rtpsize};
  // Heartbeat at most this far apart whatever Hello says (discord.py uses 5 s).
  std::chrono::milliseconds max_heartbeat_interval{5000};
  // Heartbeats in a row without an ACK before the connection counts as dead (discord.js: 3).
  int max_missed_acks = 3;
  std::string user_agent = "parley-voice";
  proto::websocket::connection_options websocket{.max_message_size = 1u << 20, .max_frame_size = 1u << 20};
};

// Ready (op 2) was received and a mode chosen: send discovery_request() to ip:port over UDP.
struct ready_event {
  std::uint32_t ssrc = 0;
  std::string ip;
  std::uint16_t port = 0;
  encryption_mode mode{};
};
// Session Description (op 4): media may flow. `secret_key` is this client's transport key.
struct session_ready_event {
  encryption_mode mode{};
  std::array<std::uint8_t, proto::voice::secret_key_size> secret_key{};
  int dave_protocol_version = 0;
};
struct resumed_event {};
// Op 5 from the server: `user_id` speaks (or stopped) with `ssrc`.
struct speaking_event {
  std::uint64_t user_id = 0;
  std::uint32_t ssrc = 0;
  std::uint32_t flags = 0;
};
struct clients_connect_event {
  std::vector<std::uint64_t> user_ids;
};
struct client_disconnect_event {
  std::uint64_t user_id = 0;
};
// The connection is over; close the socket. `code`: the server's Close code, ours, or 1006.
struct closed_event {
  std::uint16_t code = 0;
  std::string reason;
  error_code error; // why we closed or failed; empty when the server closed normally
  bool by_server = false;
};

using voice_event = std::variant<ready_event, session_ready_event, resumed_event, speaking_event,
                                 clients_connect_event, client_disconnect_event, closed_event>;

class voice_session {
 public:
  // See the transition table at the top of voice_session.cpp.
  enum class state {
    idle,         // never connected
    upgrading,    // upgrade request queued, waiting for 101
    identifying,  // Identify sent, waiting for Ready
    resuming,     // Resume sent, waiting for Resumed
    discovering,  // Ready received; waiting for the caller's IP discovery reply
    selecting,    // Select Protocol sent, waiting for Session Description
    ready,        // Session Description received: media may flow
    closing,      // our Close sent
    closed,       // connection over (closed_event queued)
  };

  voice_session(voice_credentials credentials, voice_session_options options, random_source random);

  // Starts a connection over a byte stream just opened to `host` (the Host header): queues the
  // upgrade for `target` ("/?v=8"). Once it is accepted the session sends Identify, or Resume if
  // should_resume(). Errors: already_connected unless idle or closed; WebSocket invalid_header.
  result<void> connect(std::string_view host, std::string_view target, time_point now);
  void receive(std::span<const std::byte> bytes, time_point now);
  void receive(std::string_view bytes, time_point now) {
    receive(std::as_bytes(std::span(bytes.data(), bytes.size())), now);
  }
  // The byte stream ended. Queues closed_event (1006, transport_closed) unless already closed.
  void connection_lost(time_point now);

  std::optional<time_point> next_deadline() const noexcept;
  void on_timer(time_point now);
  std::optional<voice_event> next_event();

  bool has_output() const noexcept { return !output_.empty(); }
  void take_output(std::string& buffer) noexcept;

  // --- UDP handshake (voice.md §7.1) ---
  // The 74-byte request for our SSRC; valid once Ready arrived.
  std::array<std::uint8_t, proto::voice::ip_discovery_size> discovery_request() const noexcept;
  // The server's reply: sends Select Protocol with the address and port it saw. Errors:
  // not_ready (not discovering), bad_discovery (not a response for our SSRC) or the parser's.
  result<void> on_discovery_response(std::span<const std::uint8_t> datagram, time_point now);

  // Op 5 with our SSRC (voice.md §3.4: at least once before audio). Errors: not_ready.
  result<void> set_speaking(std::uint32_t flags, time_point now);
  // Sends a Close. 1000 ends the session (no resume); other codes keep it resumable.
  result<void> close(std::uint16_t code, time_point now, std::string_view reason = {});

  // After closed_event: reconnect and Resume (a session exists and the close allows it, §5.1, §6).
  bool should_resume() const noexcept { return resumable_ && identified_; }

  state current_state() const noexcept { return state_; }
  std::uint32_t ssrc() const noexcept { return ssrc_; }
  encryption_mode mode() const noexcept { return mode_; }
  std::optional<std::int64_t> last_seq() const noexcept { return last_seq_; }
  std::chrono::milliseconds heartbeat_interval() const noexcept { return heartbeat_interval_; }
  const voice_credentials& credentials() const noexcept { return credentials_; }

 private:
  void pump(time_point now);
  void on_text(std::string_view text, time_point now);
  void send_text(const std::string& text);
  void send_heartbeat(time_point now);
  void fail(error_code why, std::uint16_t code);
  void finish(std::uint16_t code, std::string_view reason, bool by_server, error_code why);
  void flush_websocket();
  bool is_open() const noexcept;

  voice_credentials credentials_;
  voice_session_options options_;
  std::shared_ptr<random_source> random_; // shared with the WebSocket codec's mask source
  state state_ = state::idle;

  std::optional<proto::websocket::upgrade_response_parser> upgrade_;
  std::optional<proto::websocket::connection> websocket_;
  std::chrono::milliseconds heartbeat_interval_{0};
  std::optional<time_point> next_heartbeat_;
  int missed_acks_ = 0;
  std::optional<std::int64_t> pending_nonce_; // the last heartbeat's `t`, until its ACK
  std::optional<time_point> setup_deadline_;  // Ready / Resumed must come before this
  std::optional<time_point> close_deadline_;
  std::uint16_t close_sent_ = 0;

  // The session, across connections.
  bool identified_ = false;    // Ready received once: a resumable session exists
  bool described_ = false;    // Session Description received once
  bool resumable_ = true;
  std::optional<std::int64_t> last_seq_;
  std::uint32_t ssrc_ = 0;
  std::string udp_ip_;
  std::uint16_t udp_port_ = 0;
  encryption_mode mode_ = encryption_mode::aead_xchacha20_poly1305_rtpsize;

  std::deque<voice_event> events_;
  std::string output_;
  std::string scratch_;
};

} // namespace parley::client::voice
