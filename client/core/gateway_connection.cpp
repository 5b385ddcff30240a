// The gateway client state machine (gateway_connection.hpp; gateway.md §1-§4). Transitions:
//
//   state          | input                      | action                              | next
//   ---------------+----------------------------+-------------------------------------+--------------
//   idle, closed   | connect()                  | queue upgrade request               | upgrading
//   upgrading      | 101 accepted               | open the WebSocket codec            | awaiting_hello
//   upgrading      | bad response               | closed_event(1006, error)           | closed
//   awaiting_hello | op 10                      | reset backoff, schedule first beat  | connected
//   connected      | identify() / resume()      | queue op 2 / op 6                   | identifying / resuming
//   identifying    | READY                      | keep session id, resume URL         | ready
//   resuming       | RESUMED                    |                                     | ready
//   ident./res./rdy| op 9                       | (false: drop the session)           | connected
//   open           | op 0                       | track seq, queue the event          | (same)
//   open           | op 1                       | heartbeat now                       | (same)
//   open           | op 11                      | ACK received                        | (same)
//   open           | op 7, close()              | send Close                          | closing
//   closing        | server Close, close timeout|                                     | closed
//   open           | server Close, transport    | echo (codec), closed_event          | closed
//                  | loss, protocol error,      |                                     |
//                  | zombie, hello timeout      |                                     |
//
// "open" = awaiting_hello..ready. In closing, payloads are still decoded (a dispatch advances
// seq, so a resume does not replay it) but nothing is sent.
#include "client/core/gateway_connection.hpp"

#include "client/core/client_error.hpp"
#include "client/core/client_payload.hpp"
#include "client/core/client_websocket.hpp"
#include "client/core/close_policy.hpp"
#include "client/core/envelope_scan.hpp"
#include "client/core/gateway_target.hpp"
#include "proto/gateway/opcode.hpp"
#include "proto/websocket/close_code.hpp"
#include "proto/websocket/error.hpp"
#include "proto/websocket/handshake.hpp"

#include <array>
#include <cassert>
#include <utility>

namespace parley::client {
namespace {

namespace ws = proto::websocket;
using proto::gateway::encoding;
using proto::gateway::opcode;

constexpr std::uint16_t abnormal_closure = ws::close_code::abnormal;

constexpr std::int64_t op(opcode o) noexcept { return static_cast<std::int64_t>(o); }

bool is_open(gateway_connection::state s) noexcept {
  using st = gateway_connection::state;
  return s == st::awaiting_hello || s == st::connected || s == st::identifying || s == st::resuming ||
         s == st::ready;
}

bool is_heartbeating(gateway_connection::state s) noexcept {
  using st = gateway_connection::state;
  return s == st::connected || s == st::identifying || s == st::resuming || s == st::ready;
}

std::optional<std::chrono::milliseconds> read_interval(const boost::json::value& d) {
  const auto* object = d.if_object();
  if (!object) return std::nullopt;
  const auto* interval = object->if_contains("heartbeat_interval");
  if (!interval) return std::nullopt;
  double ms = 0;
  if (interval->is_int64()) {
    ms = static_cast<double>(interval->get_int64());
  } else if (interval->is_uint64()) {
    ms = static_cast<double>(interval->get_uint64());
  } else if (interval->is_double()) {
    ms = interval->get_double();
  } else {
    return std::nullopt;
  }
  // Positive and below a day: a larger value is nonsense, and would overflow time_point math.
  if (!(ms >= 1 && ms <= 86'400'000)) return std::nullopt;
  return std::chrono::milliseconds{static_cast<std::int64_t>(ms)};
}

std::string read_string(const boost::json::value& d, std::string_view key) {
  const auto* object = d.if_object();
  if (!object) return {};
  const auto* field = object->if_contains(key);
  if (!field || !field->is_string()) return {};
  return std::string(field->get_string());
}

} // namespace

gateway_connection::gateway_connection(gateway_options options, random_source random)
    : options_(std::move(options)),
      random_(std::make_shared<random_source>(std::move(random))),
      policy_(options_.reconnect),
      decoder_(options_.params.compress) {
  assert(*random_);
}

result<void> gateway_connection::connect(std::string_view host, std::string_view path, time_point now) {
  if (state_ != state::idle && state_ != state::closed) return client_errc::already_connected;

  const std::string target = make_gateway_target(path, options_.params);
  auto request = begin_client_upgrade(*random_, host, target, options_.user_agent, upgrade_);
  if (!request) return request.error();

  // A new connection: new codec, new decompression context, new heartbeat; the session stays.
  websocket_.reset();
  decoder_ = transport_decoder(options_.params.compress);
  heartbeat_interval_ = std::chrono::milliseconds{0};
  next_heartbeat_.reset();
  last_heartbeat_sent_.reset();
  awaiting_ack_ = false;
  close_deadline_.reset();
  close_code_ = 0;
  hello_deadline_ = now + options_.hello_timeout;
  reconnect_allowed_ = true;
  output_.clear(); // leftovers of the previous connection belong to its socket
  output_ += *request;
  state_ = state::upgrading;
  return {};
}

void gateway_connection::receive(std::span<const std::byte> bytes, time_point now) {
  if (state_ == state::idle || state_ == state::closed) return;
  if (state_ == state::upgrading) {
    auto progress = upgrade_->feed(bytes);
    if (!progress) {
      finish(abnormal_closure, {}, false, progress.error());
      return;
    }
    if (progress->status == ws::handshake_status::need_more) return;
    bytes = progress->leftover; // views `bytes`: hand it to the codec before anything else
    upgrade_.reset();
    websocket_.emplace(ws::role::client, options_.websocket, client_masks(random_));
    state_ = state::awaiting_hello;
  }
  websocket_->feed(bytes);
  pump(now);
}

void gateway_connection::pump(time_point now) {
  while (websocket_ && state_ != state::closed) {
    const ws::event ev = websocket_->next_event();
    switch (ev.kind) {
      case ws::event_kind::need_more:
        flush_websocket();
        return;
      case ws::event_kind::text:
        on_message(ev.text(), false, now);
        break;
      case ws::event_kind::binary:
        on_message(ev.text(), true, now);
        break;
      case ws::event_kind::ping:
      case ws::event_kind::pong:
        break; // the codec already queued the pong
      case ws::event_kind::close:
        on_peer_close(ev.close_code, ev.reason());
        break;
      case ws::event_kind::error:
        fail(ev.error, ev.close_code);
        break;
    }
  }
  flush_websocket();
}

void gateway_connection::on_message(std::string_view message, bool binary, time_point now) {
  if (!binary) {
    // Text frames carry uncompressed JSON, even when compression was requested (clients.md §3.2:
    // a server may ignore `compress`); ETF is always binary.
    if (options_.params.encoding == encoding::etf) {
      fail(client_errc::bad_payload, ws::close_code::unsupported_data);
      return;
    }
    on_payload(message, now);
    return;
  }
  auto payload = decoder_.decode(message);
  if (!payload) {
    fail(payload.error(), ws::close_code::invalid_payload);
    return;
  }
  if (*payload) on_payload(**payload, now);
}

void gateway_connection::on_payload(std::string_view bytes, time_point now) {
  if (options_.raw_dispatch_data && options_.params.encoding == encoding::json && try_raw_dispatch(bytes)) return;
  auto payload = decode_server_payload(bytes, options_.params.encoding, options_.payload);
  if (!payload) {
    fail(payload.error(), ws::close_code::invalid_payload);
    return;
  }
  switch (static_cast<opcode>(payload->op)) {
    case opcode::dispatch:
      on_dispatch(std::move(*payload), bytes);
      return;
    case opcode::heartbeat:
      // The server wants a beat now (§3.2); in closing nothing is sent.
      if (is_open(state_)) send_heartbeat(now);
      return;
    case opcode::hello:
      on_hello(payload->d, now);
      return;
    case opcode::heartbeat_ack: {
      awaiting_ack_ = false;
      heartbeat_ack_event ack;
      if (last_heartbeat_sent_) ack.latency = now - *last_heartbeat_sent_;
      events_.emplace_back(ack);
      return;
    }
    case opcode::reconnect:
      if (!is_open(state_)) return;
      events_.emplace_back(reconnect_requested_event{});
      (void)close(options_.resume_close_code, now); // not 1000: the session must survive
      return;
    case opcode::invalid_session: {
      if (!is_open(state_)) return;
      const bool resumable = payload->d.is_bool() && payload->d.get_bool();
      if (!resumable) drop_session();
      if (state_ != state::awaiting_hello) state_ = state::connected;
      events_.emplace_back(invalid_session_event{resumable});
      return;
    }
    default:
      return; // an opcode newer than this client, or a client-only one: nothing to do
  }
}

void gateway_connection::on_hello(const boost::json::value& d, time_point now) {
  if (state_ != state::awaiting_hello) return; // Hello comes once per connection
  const auto interval = read_interval(d);
  if (!interval) {
    fail(client_errc::bad_hello, ws::close_code::protocol_error);
    return;
  }
  heartbeat_interval_ = *interval;
  hello_deadline_.reset();
  policy_.reset();
  // First beat after interval × jitter, jitter uniform in [0, 1) (§3.2), spreading reconnect storms.
  const auto jitter = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double, std::milli>(static_cast<double>(interval->count()) * unit_interval(*random_)));
  next_heartbeat_ = now + jitter;
  awaiting_ack_ = false;
  state_ = state::connected;
  events_.emplace_back(hello_event{*interval});
}

void gateway_connection::on_dispatch(server_payload&& payload, std::string_view bytes) {
  const std::uint64_t seq = payload.s.value_or(0);
  // Replayed events keep their original s (§3.5); never move backwards.
  if (payload.s && (!seq_ || *payload.s > *seq_)) seq_ = payload.s;
  if (payload.t == "READY") {
    ready_event ready{seq, read_string(payload.d, "session_id"), read_string(payload.d, "resume_gateway_url"),
                      std::move(payload.d)};
    session_id_ = ready.session_id;
    resume_gateway_url_ = ready.resume_gateway_url;
    resume_allowed_ = true;
    if (is_open(state_)) state_ = state::ready;
    events_.emplace_back(std::move(ready));
    return;
  }
  if (payload.t == "RESUMED") {
    if (is_open(state_)) state_ = state::ready;
    events_.emplace_back(resumed_event{seq});
    return;
  }
  dispatch_event event{std::move(payload.t), seq, std::move(payload.d), {}, {}};
  if (options_.keep_raw_payloads) event.raw.assign(bytes);
  events_.emplace_back(std::move(event));
}

// A plain dispatch without building `d`; anything else (other opcodes, READY and RESUMED, whose
// `d` the core reads, or bytes the scan rejects) goes through the full decoder.
bool gateway_connection::try_raw_dispatch(std::string_view bytes) {
  const auto envelope = scan_json_envelope(bytes);
  if (!envelope || envelope->op != op(opcode::dispatch) || !envelope->t) return false;
  const std::string_view name = *envelope->t;
  if (name == "READY" || name == "RESUMED" || name.find('\\') != std::string_view::npos) return false;
  if (envelope->s && (!seq_ || *envelope->s > *seq_)) seq_ = envelope->s;
  dispatch_event event{std::string(name), envelope->s.value_or(0), nullptr, {}, std::string(envelope->d)};
  if (options_.keep_raw_payloads) event.raw.assign(bytes);
  events_.emplace_back(std::move(event));
  return true;
}

void gateway_connection::on_peer_close(std::uint16_t code, std::string_view reason) {
  if (state_ == state::closing) {
    // The answer to our Close.
    finish(close_code_, reason, false, {});
    return;
  }
  // The server closed; the codec has queued the echo.
  if (!should_reconnect_after(code)) reconnect_allowed_ = false;
  if (!should_resume_after(code)) resume_allowed_ = false;
  finish(code, reason, true, {});
}

void gateway_connection::connection_lost(time_point) {
  if (state_ == state::idle || state_ == state::closed) return;
  if (state_ == state::closing) {
    finish(close_code_, {}, false, {});
    return;
  }
  finish(abnormal_closure, {}, true, client_errc::transport_closed);
}

std::optional<time_point> gateway_connection::next_deadline() const noexcept {
  std::optional<time_point> next;
  auto consider = [&next](const std::optional<time_point>& t) {
    if (t && (!next || *t < *next)) next = t;
  };
  if (state_ == state::closing) {
    consider(close_deadline_);
  } else if (state_ == state::upgrading || state_ == state::awaiting_hello) {
    consider(hello_deadline_);
  } else if (is_heartbeating(state_)) {
    consider(next_heartbeat_);
  }
  return next;
}

void gateway_connection::on_timer(time_point now) {
  if (state_ == state::closing) {
    if (close_deadline_ && now >= *close_deadline_) finish(close_code_, {}, false, client_errc::close_timeout);
    return;
  }
  if (state_ == state::upgrading || state_ == state::awaiting_hello) {
    if (hello_deadline_ && now >= *hello_deadline_) {
      if (websocket_) (void)websocket_->send_close(options_.resume_close_code);
      finish(websocket_ ? options_.resume_close_code : abnormal_closure, {}, false, client_errc::hello_timeout);
    }
    return;
  }
  if (!is_heartbeating(state_) || !next_heartbeat_ || now < *next_heartbeat_) return;
  if (awaiting_ack_) {
    // Zombie (§3.2): no ACK since our last beat. Close with a non-1000 code without waiting for
    // an answer the dead peer will not send, and resume on a new connection.
    (void)websocket_->send_close(options_.resume_close_code);
    finish(options_.resume_close_code, {}, false, client_errc::zombie_connection);
    return;
  }
  send_heartbeat(now);
  next_heartbeat_ = now + heartbeat_interval_;
}

std::optional<gateway_event> gateway_connection::next_event() {
  if (events_.empty()) return std::nullopt;
  gateway_event event = std::move(events_.front());
  events_.pop_front();
  return event;
}

void gateway_connection::take_output(std::string& buffer) noexcept {
  buffer.clear();
  std::swap(buffer, output_);
}

result<void> gateway_connection::check_can_send(bool need_hello) const {
  switch (state_) {
    case state::idle:
    case state::closed:
      return client_errc::not_connected;
    case state::closing:
      return client_errc::closing;
    case state::upgrading:
      return client_errc::no_hello_yet;
    case state::awaiting_hello:
      if (need_hello) return client_errc::no_hello_yet;
      return {};
    case state::connected:
    case state::identifying:
    case state::resuming:
    case state::ready:
      return {};
  }
  return client_errc::not_connected;
}

result<void> gateway_connection::send_payload(std::int64_t opcode_value, const boost::json::value& d) {
  scratch_.clear();
  write_client_payload(options_.params.encoding, opcode_value, d, scratch_);
  if (scratch_.size() > max_client_payload_size) return client_errc::payload_too_large;
  auto sent = options_.params.encoding == encoding::json
                  ? websocket_->send_text(scratch_)
                  : websocket_->send_binary(std::as_bytes(std::span(scratch_.data(), scratch_.size())));
  if (!sent) return sent.error();
  flush_websocket();
  return {};
}

result<void> gateway_connection::identify(const identify_params& params, time_point) {
  if (auto ok = check_can_send(true); !ok) return ok;
  if (state_ != state::connected) return client_errc::already_identifying;
  if (auto sent = send_payload(op(opcode::identify), identify_data(params)); !sent) return sent;
  token_ = params.token;
  drop_session(); // a new session starts; its READY brings the id
  resume_allowed_ = true;
  state_ = state::identifying;
  return {};
}

result<void> gateway_connection::resume(time_point) {
  if (auto ok = check_can_send(true); !ok) return ok;
  if (state_ != state::connected) return client_errc::already_identifying;
  if (session_id_.empty()) return client_errc::no_session;
  if (auto sent = send_payload(op(opcode::resume), resume_data(token_, session_id_, seq_)); !sent) return sent;
  state_ = state::resuming;
  return {};
}

result<void> gateway_connection::heartbeat(time_point now) {
  if (auto ok = check_can_send(false); !ok) return ok;
  send_heartbeat(now);
  return {};
}

result<void> gateway_connection::send(std::int64_t opcode_value, const boost::json::value& d) {
  if (auto ok = check_can_send(false); !ok) return ok;
  return send_payload(opcode_value, d);
}

result<void> gateway_connection::close(std::uint16_t code, time_point now, std::string_view reason) {
  if (state_ == state::idle || state_ == state::closed) return client_errc::not_connected;
  if (state_ == state::closing) return client_errc::closing;
  if (!ws::close_code::is_valid(code)) return ws::errc::invalid_close_code;
  if (state_ == state::upgrading) {
    // No WebSocket yet: nothing to say goodbye on.
    if (code == ws::close_code::normal || code == ws::close_code::going_away) {
      reconnect_allowed_ = resume_allowed_ = false;
    }
    finish(code, {}, false, {});
    return {};
  }
  if (auto sent = websocket_->send_close(code, reason); !sent) return sent;
  if (code == ws::close_code::normal || code == ws::close_code::going_away) {
    // The server ends the session on 1000/1001 (§3.6): this is a shutdown.
    reconnect_allowed_ = resume_allowed_ = false;
  }
  flush_websocket();
  state_ = state::closing;
  close_code_ = code;
  close_deadline_ = now + options_.close_timeout;
  return {};
}

void gateway_connection::send_heartbeat(time_point now) {
  if (!send_payload(op(opcode::heartbeat), heartbeat_data(seq_))) return;
  awaiting_ack_ = true;
  last_heartbeat_sent_ = now;
}

void gateway_connection::fail(error_code why, std::uint16_t code) {
  // The server broke the protocol (or its stream): tell it, and stop reading. The session is
  // kept: the fault is in this connection, and a resume starts it afresh.
  if (websocket_) (void)websocket_->send_close(code);
  finish(code, {}, false, why);
}

void gateway_connection::finish(std::uint16_t code, std::string_view reason, bool by_server, error_code why) {
  closed_event closed{code, std::string(reason), by_server, why}; // `reason` may view the codec's input
  flush_websocket();
  websocket_.reset();
  upgrade_.reset();
  next_heartbeat_.reset();
  hello_deadline_.reset();
  close_deadline_.reset();
  awaiting_ack_ = false;
  state_ = state::closed;
  events_.emplace_back(std::move(closed));
}

void gateway_connection::flush_websocket() {
  if (!websocket_ || !websocket_->has_output()) return;
  websocket_->take_output(scratch_);
  output_ += scratch_;
}

void gateway_connection::drop_session() noexcept {
  session_id_.clear();
  resume_gateway_url_.clear();
  seq_.reset();
}

} // namespace parley::client
