// Server-side gateway connection state machine (gateway.md §2 opcode rules, §3 lifecycle,
// §4 close codes, §10 rate limits).
//
// Transitions (any input not listed leaves the state unchanged):
//
//   state              input                              → state              output / event
//   created            start()                            → awaiting_identify  Hello
//   any but closed     op 1 (d null or integer)           → (same)             ACK
//   awaiting_identify  op 2 valid                         → identifying        identify_requested
//   awaiting_identify  op 6 valid                         → resuming           resume_requested
//   awaiting_identify  op 3/4/8/31/43                     → closed             4003
//   identifying,       op 3/4/8 valid                     → (same)             held (≤ max_pending,
//     resuming                                                                 else 4008)
//   identifying,       op 2 or 6                          → closed             4005
//     resuming, ready
//   identifying        accept_identify()                  → ready              held requests released
//   resuming           accept_resume()                    → ready              held requests released
//   any started        invalid_session(r)                 → awaiting_identify  op 9 r, held dropped
//   ready              op 3/4/8 valid                     → ready              request event
//   ready, ident./res. op 31/43                           → (same)             ignored
//   any started        op other than 1-4, 6, 8, 31, 43    → closed             4001
//   any started        op 1/2/3/4/6/8 with malformed d    → closed             4001 (4013/4010 for
//                                                                              Identify intents/shard)
//   any started        over 4096 bytes, unparseable,      → closed             4002
//                      not an object
//   any started        payload 121 in one 60 s window     → closed             4008
//   any started        silence for heartbeat_timeout      → closed             4000 (resumable)
//   any started        reconnect() + reconnect_grace      → closed             4000 (resumable)
//   any started        close(code)                        → closed             code
//   closed             anything                           → closed             nothing
//
// While the server checks an Identify/Resume (identifying/resuming) the client has not seen
// READY yet, so well-behaved clients only heartbeat. Requests that arrive anyway are validated at
// once (a malformed one closes with 4001) and held, at most max_pending_requests of them; they
// become events after accept_*() and are dropped by invalid_session() or a close. Holding rather
// than closing tolerates clients that send a presence right after Identify.
#include "proto/gateway/connection.hpp"

#include "proto/gateway/control_payload.hpp"
#include "proto/gateway/inbound_payload.hpp"
#include "proto/gateway/opcode.hpp"

#include <boost/json/monotonic_resource.hpp>

#include <algorithm>
#include <cassert>

namespace parley::proto::gateway {
namespace {

template <class Event, class Parsed>
result<connection_event> to_event(Parsed&& parsed) {
  if (!parsed) return parsed.error();
  return connection_event{Event{std::move(*parsed)}};
}

} // namespace

connection::connection(connection_config config) : config_(config) {}

std::chrono::milliseconds connection::heartbeat_timeout() const noexcept {
  if (config_.heartbeat_timeout) return *config_.heartbeat_timeout;
  return std::max(config_.heartbeat_interval * 3 / 2, config_.heartbeat_interval + std::chrono::seconds(2));
}

void connection::start(time_point now) {
  assert(state_ == state::created);
  state_ = state::awaiting_identify;
  last_receive_ = now;
  window_start_ = now;
  presence_window_start_ = now;
  write_hello(config_.encoding, config_.heartbeat_interval, output_.emplace_back());
}

bool connection::count_payload(time_point now) noexcept {
  // A fixed window from the first payload after the previous window ended: two counters instead
  // of 120 timestamps per connection. A burst straddling a boundary can reach 2 × the limit in a
  // short span, which discord.js's own 115-per-60 s limiter never does.
  if (now - window_start_ >= config_.payload_window) {
    window_start_ = now;
    window_count_ = 0;
  }
  return ++window_count_ <= config_.max_payloads_per_window;
}

bool connection::presence_allowed(time_point now) noexcept {
  if (now - presence_window_start_ >= config_.presence_window) {
    presence_window_start_ = now;
    presence_count_ = 0;
  }
  return ++presence_count_ <= config_.max_presence_updates;
}

void connection::receive(std::string_view payload, time_point now) {
  assert(state_ != state::created);
  if (state_ == state::closed || state_ == state::created) return;
  last_receive_ = now;
  if (!count_payload(now)) return close(close_code::rate_limited);
  if (payload.size() > max_inbound_payload_size) return close(close_code::decode_error);

  // The decoded tree lives only for this call (the typed payloads copy what they keep), so it
  // is built in a stack arena: a payload normally costs no heap allocation.
  unsigned char arena[8192];
  boost::json::monotonic_resource resource(arena, sizeof arena);
  auto decoded = decode_payload(payload, config_.encoding, &resource);
  if (!decoded) return close(static_cast<close_code>(decoded.error().value()));
  const boost::json::value& d = decoded->d;

  const bool authenticated = state_ != state::awaiting_identify;
  result<connection_event> event = close_code::unknown_opcode;
  switch (static_cast<opcode>(decoded->op)) {
    case opcode::heartbeat:
      if (d.is_null()) {
        last_heartbeat_seq_.reset();
      } else if (d.is_int64()) {
        last_heartbeat_seq_ = d.get_int64();
      } else if (d.is_uint64()) {
        last_heartbeat_seq_ = static_cast<std::int64_t>(std::min<std::uint64_t>(d.get_uint64(), INT64_MAX));
      } else {
        return close(close_code::unknown_opcode);
      }
      write_heartbeat_ack(config_.encoding, output_.emplace_back());
      return;
    case opcode::identify:
    case opcode::resume: {
      if (authenticated) return close(close_code::already_authenticated);
      const bool is_identify = static_cast<opcode>(decoded->op) == opcode::identify;
      event = is_identify ? to_event<identify_requested>(parse_identify(d, config_.api_version))
                          : to_event<resume_requested>(parse_resume(d));
      if (!event) return close(static_cast<close_code>(event.error().value()));
      state_ = is_identify ? state::identifying : state::resuming;
      events_.push_back(std::move(*event));
      return;
    }
    case opcode::presence_update:
      if (!authenticated) return close(close_code::not_authenticated);
      event = to_event<presence_update_requested>(parse_presence(d));
      if (event && !presence_allowed(now)) return;
      break;
    case opcode::voice_state_update:
      if (!authenticated) return close(close_code::not_authenticated);
      event = to_event<voice_state_update_requested>(parse_voice_state_request(d));
      break;
    case opcode::request_guild_members:
      if (!authenticated) return close(close_code::not_authenticated);
      event = to_event<guild_members_requested>(parse_request_guild_members(d));
      break;
    case opcode::request_soundboard_sounds:
    case opcode::request_channel_info:
      // Accepted so clients that send them keep their connection; Parley has no answer yet.
      if (!authenticated) return close(close_code::not_authenticated);
      return;
    default:
      return close(close_code::unknown_opcode);
  }
  if (!event) return close(static_cast<close_code>(event.error().value()));
  deliver(std::move(*event));
}

void connection::deliver(connection_event event) {
  if (state_ == state::ready) {
    events_.push_back(std::move(event));
    return;
  }
  assert(state_ == state::identifying || state_ == state::resuming);
  if (pending_.size() >= config_.max_pending_requests) return close(close_code::rate_limited);
  pending_.push_back(std::move(event));
}

void connection::release_pending() {
  state_ = state::ready;
  for (auto& e : pending_) events_.push_back(std::move(e));
  pending_.clear();
  pending_.shrink_to_fit();
}

void connection::accept_identify() {
  if (state_ == state::closed) return;
  assert(state_ == state::identifying);
  release_pending();
}

void connection::accept_resume() {
  if (state_ == state::closed) return;
  assert(state_ == state::resuming);
  release_pending();
}

void connection::invalid_session(bool resumable) {
  if (state_ == state::closed) return;
  assert(state_ != state::created);
  state_ = state::awaiting_identify;
  pending_.clear();
  pending_.shrink_to_fit();
  write_invalid_session(config_.encoding, resumable, output_.emplace_back());
}

void connection::reconnect(time_point now) {
  if (state_ == state::closed) return;
  write_reconnect(config_.encoding, output_.emplace_back());
  if (!reconnect_deadline_) reconnect_deadline_ = now + config_.reconnect_grace;
}

void connection::request_heartbeat() {
  if (state_ == state::closed) return;
  write_heartbeat_request(config_.encoding, output_.emplace_back());
}

void connection::close(gateway::close_code code) {
  if (state_ == state::closed) return;
  state_ = state::closed;
  close_ = code;
  pending_.clear();
  pending_.shrink_to_fit();
  reconnect_deadline_.reset();
}

std::optional<connection_event> connection::next_event() {
  if (events_read_ == events_.size()) {
    events_.clear();
    events_read_ = 0;
    return std::nullopt;
  }
  return std::move(events_[events_read_++]);
}

std::optional<time_point> connection::next_deadline() const noexcept {
  if (state_ == state::created || state_ == state::closed) return std::nullopt;
  time_point deadline = last_receive_ + heartbeat_timeout();
  if (reconnect_deadline_) deadline = std::min(deadline, *reconnect_deadline_);
  return deadline;
}

void connection::on_deadline(time_point now) {
  auto deadline = next_deadline();
  if (!deadline || now < *deadline) return;
  close(close_code::unknown_error);
}

} // namespace parley::proto::gateway
