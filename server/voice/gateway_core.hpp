// The voice gateway v8 of one voice node as a sans-I/O state machine (voice.md §3-§6, §10): every
// voice WebSocket of the node and every voice session, with their calls. Text messages and `now`
// in; text messages, closes and SFU commands out; next_deadline() / on_deadline(now) for
// heartbeat timeouts and resume windows. No sockets, threads or clocks: the Asio adapter
// (voice_server.hpp) serializes calls under one lock and carries the outputs to the sockets and
// the UDP thread; tests drive it as transcripts.
//
// A connection's life (one state per connection; an input illegal in a state is a named close):
//
//   state          input                          → effect
//   awaiting       op 0 Identify, valid           → Ready; session created; → identified
//                  op 0, bad credentials          → close 4004 (4011: no voice state for the user
//                                                   in that server)
//                  op 7 Resume, session known     → Resumed + buffered seq > seq_ack; → identified
//                  op 7, session unknown/expired  → close 4006
//                  op 1, op 5                     → close 4003
//   identified     op 0, op 7                     → close 4005
//                  op 1 Select Protocol           → Session Description (numbered, key from
//                                                   key_source); 4012 protocol, 4016 mode
//                  op 5 Speaking (own SSRC)       → op 5 {user_id, ssrc, speaking} to the others
//                                                   (numbered); another SSRC → 4020
//   any            op 3 Heartbeat                 → op 6 echoing `t`; seq_ack trims the buffer
//                  undecodable                    → 4002 (or the field's code, payload_error.hpp)
//                  unknown op                     → 4001 (12, 15, 16 and DAVE ops ignored)
//                  too many messages              → 4021
//                  no heartbeat for 2 intervals   → 4009 (the session stays resumable); a
//                                                   connection still unidentified 2 intervals
//                                                   after it opened gets 4009 too
//                  service: state ended/revoked   → 4014
//   closed         anything                       → ignored
//
// A session outlives its connection for `resume_window` after a drop or a 4009 (voice.md §5.1);
// the peer's Close 1000/1001 or any other close we send ends it. When a session ends, the others
// in its call get op 13. Each session numbers its messages from 1 (u16, 0 skipped on wrap) and
// keeps them until acknowledged, at most `max_buffered` and `buffer_age`.
#pragma once

#include "proto/voice/close_code.hpp"
#include "proto/voice/encryption_mode.hpp"
#include "server/voice/media_command.hpp"
#include "service/voice_states.hpp"

#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace parley::server::voice {

using conn_id = std::uint64_t;
using time_point = std::chrono::steady_clock::time_point;

struct gateway_config {
  std::chrono::milliseconds heartbeat_interval{13'750};
  std::chrono::milliseconds resume_window{60'000};
  std::string udp_ip;             // Ready's `ip`: the public address of the UDP socket
  std::uint16_t udp_port = 0;     // Ready's `port`
  bool legacy_modes = false;      // also offer the deprecated xsalsa20 and non-rtpsize AES modes
  std::size_t max_buffered = 1000;              // numbered messages kept per session (§5 [rec])
  std::chrono::milliseconds buffer_age{60'000};
  std::size_t max_messages_per_minute = 600;    // per connection; more → 4021
};

// What Identify's credentials name, as the voice states service answers it.
struct credentials_verdict {
  enum class kind { ok, authentication_failed, server_not_found } result = kind::authentication_failed;
  service::voice_state state; // when ok
};
// Called under the adapter's lock: must be quick and must not call back into the core.
using credentials_check = std::function<credentials_verdict(std::uint64_t server_id, std::uint64_t user_id,
                                                            std::string_view session_id, std::string_view token)>;
// Fills the span with fresh secret random bytes (Session Description keys).
using key_source = std::function<void(std::span<std::uint8_t>)>;

struct send_text {
  conn_id conn = 0;
  std::string text;
};
struct close_connection {
  conn_id conn = 0;
  proto::voice::close_code code{};
};
using gateway_output = std::variant<send_text, close_connection>;

class gateway_core {
 public:
  gateway_core(gateway_config config, credentials_check check, key_source keys);
  ~gateway_core();
  gateway_core(const gateway_core&) = delete;
  gateway_core& operator=(const gateway_core&) = delete;

  // A WebSocket was upgraded with query `v` = `version` (4-8; others are closed with 4020). Hello
  // is sent at once; Identify is accepted before or after it (clients.md §7).
  void open(conn_id conn, int version, time_point now);
  void receive_text(conn_id conn, std::string_view text, time_point now);
  void receive_binary(conn_id conn, std::span<const std::byte> bytes, time_point now);
  // The socket is gone (after our close, the peer's Close `peer_code`, or a drop without one).
  void closed(conn_id conn, std::optional<std::uint16_t> peer_code, time_point now);

  // A change of a voice state (service::voice_states::on_change).
  void apply(const service::voice_change& change, time_point now);
  // Graceful shutdown: every connection is closed with 4015 (voice server crashed → resume).
  void shutdown();

  std::optional<time_point> next_deadline() const;
  void on_deadline(time_point now);

  bool has_output() const noexcept { return !output_.empty(); }
  std::vector<gateway_output> take_output() { return std::exchange(output_, {}); }
  std::vector<media_command> take_media_commands() { return std::exchange(media_, {}); }

  std::size_t connection_count() const noexcept { return connections_.size(); }
  std::size_t session_count() const noexcept { return sessions_.size(); }
  // The modes Ready offers, best first.
  const std::vector<std::string>& offered_modes() const noexcept { return modes_; }

 private:
  struct session;
  struct connection {
    conn_id id = 0;
    int version = 8;
    bool closed = false;
    session* s = nullptr;        // set once identified or resumed
    time_point opened{};
    time_point last_heartbeat{};
    time_point window_start{};
    std::size_t window_messages = 0;
  };
  struct buffered {
    std::uint16_t seq = 0;
    time_point sent{};
    std::string text;
  };
  struct session {
    std::uint32_t ssrc = 0;
    service::voice_state state;  // guild, channel, user, session id, token, flags
    connection* conn = nullptr;  // nullptr while detached
    time_point detached_at{};
    std::optional<std::uint32_t> speaking; // the last op 5 flags; empty until the first
    std::uint16_t next_seq = 1;
    std::deque<buffered> sent;   // numbered messages not yet acknowledged
    std::optional<std::uint16_t> evicted_through; // newest seq dropped unacknowledged
  };

  void handle(connection& c, int op, const boost::json::value& d, time_point now);
  void on_identify(connection& c, const boost::json::value& d, time_point now);
  void on_resume(connection& c, const boost::json::value& d, time_point now);
  void on_select_protocol(connection& c, const boost::json::value& d, time_point now);
  void on_speaking(connection& c, const boost::json::value& d, time_point now);
  void on_heartbeat(connection& c, const boost::json::value& d, time_point now);

  bool within_rate_limit(connection& c, time_point now) const noexcept;
  void send(connection& c, std::string text);
  // Numbers, buffers and (when attached) sends one message; `make` builds the text for a seq.
  template <class Make>
  void send_numbered(session& s, Make&& make, time_point now);
  void fail(connection& c, proto::voice::close_code code, time_point now);
  void fail(connection& c, const boost::system::error_code& decode_error, time_point now);
  void detach(session& s, time_point now);
  void end_session(session& s, time_point now);
  void announce_join(session& s, time_point now);
  void announce_leave(session& s, time_point now);
  void join_call(session& s);
  void leave_call(session& s);
  session* find_session(std::uint64_t guild_id, std::uint64_t user_id);
  void trim(session& s, std::int64_t seq_ack);
  time_point deadline_of(const connection& c) const noexcept;
  std::uint32_t allocate_ssrc();

  gateway_config config_;
  credentials_check check_;
  key_source keys_;
  std::vector<std::string> modes_;
  std::unordered_map<conn_id, std::unique_ptr<connection>> connections_;
  std::unordered_map<std::uint32_t, std::unique_ptr<session>> sessions_; // by SSRC
  std::unordered_map<std::uint64_t, std::vector<session*>> calls_;         // channel → sessions
  std::uint32_t next_ssrc_ = 1;
  std::vector<gateway_output> output_;
  std::vector<media_command> media_;
};

} // namespace parley::server::voice
