// The voice gateway client state machine (voice_session.hpp; voice.md §3-§6). Transitions:
//
//   state        | input                          | action                               | next
//   -------------+--------------------------------+--------------------------------------+-----------
//   idle, closed | connect()                      | queue upgrade request                | upgrading
//   upgrading    | 101 accepted, no session       | op 0 Identify (before Hello, as      | identifying
//                |                                | discord.js does)                     |
//   upgrading    | 101 accepted, resumable        | op 7 Resume {…, seq_ack}             | resuming
//   any open     | op 8 Hello                     | heartbeat every min(interval, 5 s)   | (same)
//   identifying  | op 2 Ready                     | pick a mode; ready_event             | discovering
//   resuming     | op 9 Resumed                   | resumed_event (+ ready_event when    | ready /
//                |                                | discovery never finished)            | discovering
//   discovering  | on_discovery_response()        | op 1 Select Protocol                 | selecting
//   selecting    | op 4 Session Description       | session_ready_event                  | ready
//   any open     | op 5, 11, 13                   | speaking / clients events            | (same)
//   any open     | op 6                           | ACK: missed count reset              | (same)
//   any open     | 3rd beat without ACK, setup    | Close 4000 (resumable)               | closed
//                | timeout, undecodable message   |                                      |
//   any open     | close()                        | Close                                | closing
//   closing      | server Close, close timeout    |                                      | closed
//   any open     | server Close, transport loss   | closed_event                         | closed
//
// Every message with a top-level `seq` advances seq_ack (§5), whatever its opcode.
#include "client/voice/voice_session.hpp"

#include "client/core/client_websocket.hpp"
#include "client/voice/voice_error.hpp"
#include "proto/voice/client_payloads.hpp"
#include "proto/voice/close_code.hpp"
#include "proto/voice/message.hpp"
#include "proto/voice/opcode.hpp"
#include "proto/voice/server_payloads.hpp"
#include "proto/websocket/close_code.hpp"
#include "proto/websocket/handshake.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace parley::client::voice {
namespace {

namespace ws = proto::websocket;
namespace pv = proto::voice;

// A client-chosen code that is neither 1000 nor 1001, so the server keeps the session resumable.
constexpr std::uint16_t close_resumable = 4000;
constexpr std::chrono::seconds setup_timeout{10};
constexpr std::chrono::seconds close_timeout{5};

} // namespace

voice_session::voice_session(voice_credentials credentials, voice_session_options options, random_source random)
    : credentials_(std::move(credentials)),
      options_(std::move(options)),
      random_(std::make_shared<random_source>(std::move(random))) {
  assert(*random_);
}

bool voice_session::is_open() const noexcept {
  return state_ == state::identifying || state_ == state::resuming || state_ == state::discovering ||
         state_ == state::selecting || state_ == state::ready;
}

result<void> voice_session::connect(std::string_view host, std::string_view target, time_point now) {
  if (state_ != state::idle && state_ != state::closed) return voice_errc::already_connected;
  auto request = client::begin_client_upgrade(*random_, host, target, options_.user_agent, upgrade_);
  if (!request) return request.error();

  websocket_.reset();
  heartbeat_interval_ = std::chrono::milliseconds{0};
  next_heartbeat_.reset();
  pending_nonce_.reset();
  missed_acks_ = 0;
  close_deadline_.reset();
  setup_deadline_ = now + setup_timeout;
  output_ = std::move(*request); // leftovers of an old connection belong to its socket
  state_ = state::upgrading;
  return {};
}

void voice_session::receive(std::span<const std::byte> bytes, time_point now) {
  if (state_ == state::idle || state_ == state::closed) return;
  if (state_ == state::upgrading) {
    auto progress = upgrade_->feed(bytes);
    if (!progress) {
      finish(ws::close_code::abnormal, {}, false, progress.error());
      return;
    }
    if (progress->status == ws::handshake_status::need_more) return;
    bytes = progress->leftover; // views the caller's bytes: feed them before anything else
    upgrade_.reset();
    websocket_.emplace(ws::role::client, options_.websocket, client::client_masks(random_));
    if (should_resume()) {
      send_text(pv::encode(pv::resume{credentials_.server_id, credentials_.session_id, credentials_.token,
                                      last_seq_}));
      state_ = state::resuming;
    } else {
      send_text(pv::encode(pv::identify{credentials_.server_id, credentials_.user_id, credentials_.session_id,
                                        credentials_.token, 0}));
      state_ = state::identifying;
    }
  }
  websocket_->feed(bytes);
  pump(now);
}

void voice_session::pump(time_point now) {
  while (websocket_ && state_ != state::closed) {
    const ws::event ev = websocket_->next_event();
    switch (ev.kind) {
      case ws::event_kind::need_more:
        flush_websocket();
        return;
      case ws::event_kind::text:
        on_text(ev.text(), now);
        break;
      case ws::event_kind::binary: // DAVE opcodes 25-30 (dave.md): not negotiated, ignored
      case ws::event_kind::ping:
      case ws::event_kind::pong:
        break;
      case ws::event_kind::close:
        if (state_ == state::closing) {
          finish(close_sent_, ev.reason(), false, {});
        } else {
          const std::uint16_t code = ev.close_code;
          if (pv::is_voice_close_code(code)) {
            const auto voice_code = static_cast<pv::close_code>(code);
            // 4006 and the "do not reconnect" codes end the session; 4009/4015 resume (§6).
            if (!pv::client_resumes_after(voice_code)) resumable_ = false;
          } else if (code >= 4000) {
            resumable_ = false;
          }
          finish(code, ev.reason(), true, {});
        }
        break;
      case ws::event_kind::error:
        fail(ev.error, ev.close_code);
        break;
    }
  }
  flush_websocket();
}

void voice_session::on_text(std::string_view text, time_point now) {
  auto message = pv::decode_message(text, pv::max_server_message_size);
  if (!message) {
    fail(voice_errc::bad_payload, close_resumable);
    return;
  }
  if (message->seq) last_seq_ = *message->seq;
  const auto& d = message->d;
  switch (static_cast<pv::opcode>(message->op)) {
    case pv::opcode::hello: {
      auto hello = pv::decode_hello(d);
      if (!hello) return fail(voice_errc::bad_payload, close_resumable);
      auto interval = std::chrono::milliseconds{static_cast<std::int64_t>(std::min(hello->heartbeat_interval, 8.64e7))};
      heartbeat_interval_ = std::clamp(interval, std::chrono::milliseconds{1}, options_.max_heartbeat_interval);
      next_heartbeat_ = now + heartbeat_interval_;
      return;
    }
    case pv::opcode::ready: {
      if (state_ != state::identifying) return fail(voice_errc::bad_payload, close_resumable);
      auto ready = pv::decode_ready(d);
      if (!ready) return fail(voice_errc::bad_payload, close_resumable);
      std::optional<encryption_mode> chosen;
      for (auto mode : options_.modes) {
        if (std::find(ready->modes.begin(), ready->modes.end(), pv::to_string(mode)) != ready->modes.end()) {
          chosen = mode;
          break;
        }
      }
      if (!chosen) {
        resumable_ = false;
        return fail(voice_errc::no_mode_in_common, ws::close_code::normal);
      }
      ssrc_ = ready->ssrc;
      udp_ip_ = ready->ip;
      udp_port_ = ready->port;
      mode_ = *chosen;
      identified_ = true;
      described_ = false;
      setup_deadline_.reset();
      state_ = state::discovering;
      events_.emplace_back(ready_event{ssrc_, udp_ip_, udp_port_, mode_});
      return;
    }
    case pv::opcode::session_description: {
      auto description = pv::decode_session_description(d);
      if (!description) return fail(voice_errc::bad_payload, close_resumable);
      // A resume may re-deliver it; only the one answering our Select Protocol changes the state.
      if (state_ == state::selecting || state_ == state::ready) {
        described_ = true;
        state_ = state::ready;
        mode_ = description->mode;
        events_.emplace_back(
            session_ready_event{description->mode, description->secret_key, description->dave_protocol_version});
      }
      return;
    }
    case pv::opcode::speaking: {
      auto speaking = pv::decode_speaking_update(d);
      if (!speaking) return fail(voice_errc::bad_payload, close_resumable);
      events_.emplace_back(speaking_event{speaking->user_id, speaking->ssrc, speaking->flags});
      return;
    }
    case pv::opcode::heartbeat_ack: {
      auto ack = pv::decode_heartbeat_ack(d);
      if (!ack) return fail(voice_errc::bad_payload, close_resumable);
      if (pending_nonce_ && *pending_nonce_ == ack->nonce) {
        pending_nonce_.reset();
        missed_acks_ = 0;
      }
      return;
    }
    case pv::opcode::resumed: {
      if (state_ != state::resuming) return fail(voice_errc::bad_payload, close_resumable);
      setup_deadline_.reset();
      events_.emplace_back(resumed_event{});
      if (described_) {
        state_ = state::ready;
      } else {
        // Dropped before the UDP handshake finished: do it again (UDP state survives, §5.1).
        state_ = state::discovering;
        events_.emplace_back(ready_event{ssrc_, udp_ip_, udp_port_, mode_});
      }
      return;
    }
    case pv::opcode::clients_connect: {
      auto connect = pv::decode_clients_connect(d);
      if (!connect) return fail(voice_errc::bad_payload, close_resumable);
      events_.emplace_back(clients_connect_event{std::move(connect->user_ids)});
      return;
    }
    case pv::opcode::client_disconnect: {
      auto gone = pv::decode_client_disconnect(d);
      if (!gone) return fail(voice_errc::bad_payload, close_resumable);
      events_.emplace_back(client_disconnect_event{gone->user_id});
      return;
    }
    default:
      return; // undocumented and DAVE opcodes: nothing to do without DAVE
  }
}

void voice_session::connection_lost(time_point) {
  if (state_ == state::idle || state_ == state::closed) return;
  finish(ws::close_code::abnormal, {}, false, voice_errc::transport_closed);
}

std::optional<time_point> voice_session::next_deadline() const noexcept {
  if (state_ == state::closing) return close_deadline_;
  std::optional<time_point> deadline = setup_deadline_;
  if (is_open() && next_heartbeat_ && (!deadline || *next_heartbeat_ < *deadline)) deadline = next_heartbeat_;
  if (state_ == state::idle || state_ == state::closed) return std::nullopt;
  return deadline;
}

void voice_session::on_timer(time_point now) {
  if (state_ == state::closing) {
    if (close_deadline_ && now >= *close_deadline_) finish(close_sent_, {}, false, {});
    return;
  }
  if (state_ == state::idle || state_ == state::closed) return;
  if (setup_deadline_ && now >= *setup_deadline_) {
    if (state_ == state::upgrading) return finish(ws::close_code::abnormal, {}, false, voice_errc::join_timeout);
    return fail(voice_errc::join_timeout, close_resumable);
  }
  if (is_open() && next_heartbeat_ && now >= *next_heartbeat_) {
    if (pending_nonce_ && ++missed_acks_ >= options_.max_missed_acks) {
      return fail(voice_errc::zombie_connection, close_resumable);
    }
    send_heartbeat(now);
    flush_websocket();
    // On the schedule, not from `now`, so late timer calls do not stretch the interval; after a
    // long stall (a suspended process) restart from now rather than beating in a burst.
    *next_heartbeat_ += heartbeat_interval_;
    if (*next_heartbeat_ <= now) next_heartbeat_ = now + heartbeat_interval_;
  }
}

void voice_session::send_heartbeat(time_point now) {
  const std::int64_t nonce =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  pending_nonce_ = nonce;
  send_text(pv::encode(pv::heartbeat{nonce, last_seq_}));
}

std::optional<voice_event> voice_session::next_event() {
  if (events_.empty()) return std::nullopt;
  voice_event event = std::move(events_.front());
  events_.pop_front();
  return event;
}

void voice_session::take_output(std::string& buffer) noexcept {
  buffer.clear();
  std::swap(buffer, output_);
}

std::array<std::uint8_t, proto::voice::ip_discovery_size> voice_session::discovery_request() const noexcept {
  std::array<std::uint8_t, pv::ip_discovery_size> out{};
  auto written = pv::write_ip_discovery({pv::ip_discovery_type::request, ssrc_, {}, 0}, out);
  assert(written);
  (void)written;
  return out;
}

result<void> voice_session::on_discovery_response(std::span<const std::uint8_t> datagram, time_point) {
  if (state_ != state::discovering) return voice_errc::not_ready;
  auto reply = pv::parse_ip_discovery(datagram);
  if (!reply) return reply.error();
  if (reply->type != pv::ip_discovery_type::response || reply->ssrc != ssrc_) return voice_errc::bad_discovery;
  send_text(pv::encode(pv::select_protocol{std::string(reply->address), reply->port, mode_}));
  state_ = state::selecting;
  flush_websocket();
  return {};
}

result<void> voice_session::set_speaking(std::uint32_t flags, time_point) {
  if (state_ != state::ready) return voice_errc::not_ready;
  send_text(pv::encode(pv::speaking{flags, 0, ssrc_}));
  flush_websocket();
  return {};
}

result<void> voice_session::close(std::uint16_t code, time_point now, std::string_view reason) {
  if (!is_open()) return voice_errc::not_connected;
  if (auto sent = websocket_->send_close(code, reason); !sent) return sent.error();
  if (code == ws::close_code::normal || code == ws::close_code::going_away) resumable_ = false;
  close_sent_ = code;
  close_deadline_ = now + close_timeout;
  state_ = state::closing;
  flush_websocket();
  return {};
}

void voice_session::send_text(const std::string& text) {
  (void)websocket_->send_text(text); // fails only once closing/closed, where nothing is sent
}

void voice_session::fail(error_code why, std::uint16_t code) {
  if (websocket_) (void)websocket_->send_close(code);
  finish(code, {}, false, why);
}

void voice_session::finish(std::uint16_t code, std::string_view reason, bool by_server, error_code why) {
  closed_event closed{code, std::string(reason), why, by_server}; // `reason` may view the codec's input
  flush_websocket();
  websocket_.reset();
  upgrade_.reset();
  next_heartbeat_.reset();
  pending_nonce_.reset();
  setup_deadline_.reset();
  close_deadline_.reset();
  state_ = state::closed;
  events_.emplace_back(std::move(closed));
}

void voice_session::flush_websocket() {
  if (!websocket_ || !websocket_->has_output()) return;
  websocket_->take_output(scratch_);
  output_ += scratch_;
}

} // namespace parley::client::voice
