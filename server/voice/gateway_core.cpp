// The voice gateway v8 state machine (voice.md §3-§6, §10); see gateway_core.hpp for the table.
#include "server/voice/gateway_core.hpp"

#include "proto/voice/client_payloads.hpp"
#include "proto/voice/message.hpp"
#include "proto/voice/opcode.hpp"
#include "proto/voice/payload_error.hpp"
#include "proto/voice/server_payloads.hpp"

#include <algorithm>

namespace parley::server::voice {

namespace pv = proto::voice;
using pv::close_code;

namespace {

// a comes after b in u16 sequence space (voice.md §5: numbers wrap modulo 65536).
bool seq_after(std::uint16_t a, std::uint16_t b) noexcept {
  const auto d = static_cast<std::uint16_t>(a - b);
  return d != 0 && d < 0x8000;
}

bool mute_of(const service::voice_state& s) noexcept { return s.mute || s.self_mute || s.suppress; }
bool deaf_of(const service::voice_state& s) noexcept { return s.deaf || s.self_deaf; }

constexpr int dave_transition_ready = static_cast<int>(pv::opcode::dave_transition_ready);
constexpr int dave_invalid_commit_welcome = static_cast<int>(pv::opcode::dave_mls_invalid_commit_welcome);

} // namespace

gateway_core::gateway_core(gateway_config config, credentials_check check, key_source keys)
    : config_(std::move(config)), check_(std::move(check)), keys_(std::move(keys)) {
  // voice.md §3.4 [rec]: AES first (discord.js prefers it), XChaCha second (discord.py takes the
  // first it supports and only knows XChaCha among the current modes).
  modes_.emplace_back(pv::to_string(pv::encryption_mode::aead_aes256_gcm_rtpsize));
  modes_.emplace_back(pv::to_string(pv::encryption_mode::aead_xchacha20_poly1305_rtpsize));
  if (config_.legacy_modes) {
    for (auto m : {pv::encryption_mode::xsalsa20_poly1305_lite_rtpsize, pv::encryption_mode::aead_aes256_gcm,
                   pv::encryption_mode::xsalsa20_poly1305_lite, pv::encryption_mode::xsalsa20_poly1305_suffix,
                   pv::encryption_mode::xsalsa20_poly1305})
      modes_.emplace_back(pv::to_string(m));
  }
}

gateway_core::~gateway_core() = default;

// --- connections ---------------------------------------------------------------------------------

void gateway_core::open(conn_id id, int version, time_point now) {
  auto& c = *connections_.emplace(id, std::make_unique<connection>()).first->second;
  c.id = id;
  c.version = version;
  c.opened = now;
  c.last_heartbeat = now;
  c.window_start = now;
  // voice.md §3.1: versions below 4 (and none) have been refused since 2024.
  if (version < 4 || version > 8) return fail(c, close_code::bad_request, now);
  send(c, pv::encode(pv::hello{static_cast<double>(config_.heartbeat_interval.count())}));
}

void gateway_core::receive_text(conn_id id, std::string_view text, time_point now) {
  auto it = connections_.find(id);
  if (it == connections_.end() || it->second->closed) return;
  auto& c = *it->second;
  if (!within_rate_limit(c, now)) return fail(c, close_code::rate_limited, now);
  auto message = pv::decode_message(text, pv::max_client_message_size);
  if (!message) return fail(c, message.error(), now);
  handle(c, message->op, message->d, now);
}

void gateway_core::receive_binary(conn_id id, std::span<const std::byte> bytes, time_point now) {
  auto it = connections_.find(id);
  if (it == connections_.end() || it->second->closed) return;
  auto& c = *it->second;
  if (!within_rate_limit(c, now)) return fail(c, close_code::rate_limited, now);
  if (bytes.empty()) return fail(c, close_code::decode_error, now);
  // Client binary messages are DAVE's MLS key package (26) and commit/welcome (28) (voice.md
  // §3.2). Sessions are described with dave_protocol_version 0, so there is nothing to do.
  const auto op = static_cast<int>(bytes[0]);
  if (op == static_cast<int>(pv::opcode::dave_mls_key_package) ||
      op == static_cast<int>(pv::opcode::dave_mls_commit_welcome))
    return;
  fail(c, close_code::unknown_opcode, now);
}

bool gateway_core::within_rate_limit(connection& c, time_point now) const noexcept {
  if (now - c.window_start >= std::chrono::minutes(1)) {
    c.window_start = now;
    c.window_messages = 0;
  }
  return ++c.window_messages <= config_.max_messages_per_minute;
}

void gateway_core::closed(conn_id id, std::optional<std::uint16_t> peer_code, time_point now) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  auto& c = *it->second;
  if (!c.closed && c.s) {
    // A client that says goodbye (1000/1001) is gone; any other end is a drop it may resume.
    if (peer_code && (*peer_code == 1000 || *peer_code == 1001)) end_session(*c.s, now);
    else detach(*c.s, now);
  }
  connections_.erase(it);
}

void gateway_core::send(connection& c, std::string text) {
  if (c.closed) return;
  output_.push_back(send_text{c.id, std::move(text)});
}

void gateway_core::fail(connection& c, close_code code, time_point now) {
  if (c.closed) return;
  output_.push_back(close_connection{c.id, code});
  c.closed = true;
  if (auto* s = c.s) {
    c.s = nullptr;
    s->conn = nullptr;
    // Only a timeout leaves the session resumable (voice.md §4 [rec]); every other close we
    // send tells the client to start over or stop.
    if (code == close_code::session_timeout) {
      s->detached_at = now;
    } else {
      end_session(*s, now);
    }
  }
}

void gateway_core::fail(connection& c, const boost::system::error_code& error, time_point now) {
  if (error.category() == pv::payload_category())
    return fail(c, pv::close_code_for(static_cast<pv::payload_errc>(error.value())), now);
  fail(c, close_code::decode_error, now);
}

// --- messages --------------------------------------------------------------------------------------

void gateway_core::handle(connection& c, int op, const boost::json::value& d, time_point now) {
  switch (static_cast<pv::opcode>(op)) {
    case pv::opcode::identify: return on_identify(c, d, now);
    case pv::opcode::select_protocol: return on_select_protocol(c, d, now);
    case pv::opcode::heartbeat: return on_heartbeat(c, d, now);
    case pv::opcode::speaking: return on_speaking(c, d, now);
    case pv::opcode::resume: return on_resume(c, d, now);
    default: break;
  }
  // Undocumented client opcodes and DAVE's JSON replies are ignored (voice.md §3.3 [rec]; no DAVE
  // transition is ever started here).
  if (pv::ignored_inbound_opcode(op) || op == dave_transition_ready || op == dave_invalid_commit_welcome) return;
  fail(c, close_code::unknown_opcode, now);
}

void gateway_core::on_identify(connection& c, const boost::json::value& d, time_point now) {
  if (c.s) return fail(c, close_code::already_authenticated, now);
  auto identify = pv::decode_identify(d);
  if (!identify) return fail(c, identify.error(), now);
  auto verdict = check_(identify->server_id, identify->user_id, identify->session_id, identify->token);
  switch (verdict.result) {
    case credentials_verdict::kind::ok: break;
    case credentials_verdict::kind::server_not_found: return fail(c, close_code::server_not_found, now);
    case credentials_verdict::kind::authentication_failed: return fail(c, close_code::authentication_failed, now);
  }
  // One voice session per user per guild: a new Identify with a valid token replaces the old
  // session (a client that reconnected without resuming).
  if (auto* old = find_session(verdict.state.guild_id, verdict.state.user_id)) {
    if (old->conn) fail(*old->conn, close_code::session_no_longer_valid, now);
    else end_session(*old, now);
  }
  auto owned = std::make_unique<session>();
  auto& s = *owned;
  s.ssrc = allocate_ssrc();
  s.state = std::move(verdict.state);
  s.conn = &c;
  c.s = &s;
  sessions_.emplace(s.ssrc, std::move(owned));
  join_call(s);
  send(c, pv::encode(pv::ready{s.ssrc, config_.udp_ip, config_.udp_port, modes_}));
  media_.push_back(add_participant{s.ssrc, s.state.user_id, s.state.channel_id, mute_of(s.state), deaf_of(s.state)});
  announce_join(s, now);
}

void gateway_core::on_resume(connection& c, const boost::json::value& d, time_point now) {
  if (c.s) return fail(c, close_code::already_authenticated, now);
  auto resume = pv::decode_resume(d);
  if (!resume) return fail(c, resume.error(), now);
  session* found = nullptr;
  for (auto& [ssrc, s] : sessions_) {
    if (s->state.guild_id == resume->server_id && s->state.session_id == resume->session_id &&
        s->state.token == resume->token) {
      found = s.get();
      break;
    }
  }
  if (!found) return fail(c, close_code::session_no_longer_valid, now);
  auto& s = *found;
  // The voice state may have ended while the session was detached without the service saying so
  // to us yet; the token must still be good.
  if (check_(resume->server_id, s.state.user_id, resume->session_id, resume->token).result !=
      credentials_verdict::kind::ok) {
    end_session(s, now);
    return fail(c, close_code::session_no_longer_valid, now);
  }
  // A message the client has not seen was dropped from the buffer: it cannot catch up (§5.1).
  const bool has_ack = resume->seq_ack && *resume->seq_ack >= 0;
  const auto ack = static_cast<std::uint16_t>(has_ack ? *resume->seq_ack : 0);
  if (s.evicted_through && (!has_ack || seq_after(*s.evicted_through, ack))) {
    if (s.conn) fail(*s.conn, close_code::session_no_longer_valid, now);
    else end_session(s, now);
    return fail(c, close_code::session_no_longer_valid, now);
  }
  if (s.conn) {
    // The old socket is still open (its drop not noticed yet): this one takes the session over.
    auto& old = *s.conn;
    output_.push_back(close_connection{old.id, close_code::session_no_longer_valid});
    old.closed = true;
    old.s = nullptr;
  }
  s.conn = &c;
  c.s = &s;
  if (has_ack) trim(s, *resume->seq_ack);
  send(c, pv::encode_resumed());
  for (const auto& m : s.sent) send(c, m.text);
}

void gateway_core::on_select_protocol(connection& c, const boost::json::value& d, time_point now) {
  if (!c.s) return fail(c, close_code::not_authenticated, now);
  auto select = pv::decode_select_protocol(d);
  if (!select) return fail(c, select.error(), now);
  const auto name = pv::to_string(select->mode);
  if (std::find(modes_.begin(), modes_.end(), name) == modes_.end())
    return fail(c, close_code::unknown_encryption_mode, now);
  auto& s = *c.s;
  pv::session_description description;
  description.mode = select->mode;
  keys_(description.secret_key);
  description.dave_protocol_version = 0;  // transport encryption only until DAVE lands
  media_.push_back(set_transport{s.ssrc, select->mode, description.secret_key});
  send_numbered(s, [&](std::uint16_t seq) { return pv::encode(description, seq); }, now);
  description.secret_key.fill(0);
}

void gateway_core::on_speaking(connection& c, const boost::json::value& d, time_point now) {
  if (!c.s) return fail(c, close_code::not_authenticated, now);
  auto speaking = pv::decode_speaking(d);
  if (!speaking) return fail(c, speaking.error(), now);
  auto& s = *c.s;
  // The SSRC is ours to give (Ready): a client cannot speak for another.
  if (speaking->ssrc != s.ssrc) return fail(c, close_code::bad_request, now);
  s.speaking = speaking->flags;
  media_.push_back(set_speaking{s.ssrc, speaking->flags});
  const pv::speaking_update update{s.state.user_id, s.ssrc, speaking->flags};
  auto call = calls_.find(s.state.channel_id);
  if (call == calls_.end()) return;
  for (auto* other : call->second)
    if (other != &s) send_numbered(*other, [&](std::uint16_t seq) { return pv::encode(update, seq); }, now);
}

void gateway_core::on_heartbeat(connection& c, const boost::json::value& d, time_point now) {
  auto heartbeat = pv::decode_heartbeat(d);
  if (!heartbeat) return fail(c, heartbeat.error(), now);
  c.last_heartbeat = now;
  if (c.version >= 8) send(c, pv::encode(pv::heartbeat_ack{heartbeat->nonce}));
  else send(c, "{\"op\":6,\"d\":" + std::to_string(heartbeat->nonce) + "}");  // before v8: the bare nonce
  if (c.s && heartbeat->seq_ack && *heartbeat->seq_ack >= 0) trim(*c.s, *heartbeat->seq_ack);
}

// --- sessions --------------------------------------------------------------------------------------

template <class Make>
void gateway_core::send_numbered(session& s, Make&& make, time_point now) {
  const std::uint16_t seq = s.next_seq;
  s.next_seq = static_cast<std::uint16_t>(seq + 1);
  if (s.next_seq == 0) s.next_seq = 1;  // discord.js ignores a seq of 0
  while (!s.sent.empty() &&
         (s.sent.size() >= config_.max_buffered || now - s.sent.front().sent > config_.buffer_age)) {
    s.evicted_through = s.sent.front().seq;
    s.sent.pop_front();
  }
  s.sent.push_back(buffered{seq, now, make(seq)});
  if (s.conn) send(*s.conn, s.sent.back().text);
}

void gateway_core::trim(session& s, std::int64_t seq_ack) {
  const auto ack = static_cast<std::uint16_t>(seq_ack);
  while (!s.sent.empty() && !seq_after(s.sent.front().seq, ack)) s.sent.pop_front();
}

void gateway_core::detach(session& s, time_point now) {
  if (s.conn) s.conn->s = nullptr;
  s.conn = nullptr;
  s.detached_at = now;
}

void gateway_core::end_session(session& s, time_point now) {
  if (s.conn) s.conn->s = nullptr;
  s.conn = nullptr;
  leave_call(s);
  announce_leave(s, now);
  media_.push_back(remove_participant{s.ssrc});
  sessions_.erase(s.ssrc);  // destroys s
}

void gateway_core::join_call(session& s) { calls_[s.state.channel_id].push_back(&s); }

void gateway_core::leave_call(session& s) {
  auto it = calls_.find(s.state.channel_id);
  if (it == calls_.end()) return;
  std::erase(it->second, &s);
  if (it->second.empty()) calls_.erase(it);
}

void gateway_core::announce_join(session& s, time_point now) {
  // voice.md §10: the newcomer learns who is there and every known SSRC (discord.js maps SSRCs
  // to users only from op 5); the others learn of the newcomer.
  auto it = calls_.find(s.state.channel_id);
  if (it == calls_.end()) return;
  pv::clients_connect present;
  for (auto* other : it->second)
    if (other != &s) present.user_ids.push_back(other->state.user_id);
  if (present.user_ids.empty()) return;
  send_numbered(s, [&](std::uint16_t seq) { return pv::encode(present, seq); }, now);
  for (auto* other : it->second) {
    if (other == &s || !other->speaking) continue;
    const pv::speaking_update known{other->state.user_id, other->ssrc, *other->speaking};
    send_numbered(s, [&](std::uint16_t seq) { return pv::encode(known, seq); }, now);
  }
  const pv::clients_connect joined{{s.state.user_id}};
  for (auto* other : it->second)
    if (other != &s) send_numbered(*other, [&](std::uint16_t seq) { return pv::encode(joined, seq); }, now);
}

void gateway_core::announce_leave(session& s, time_point now) {
  auto it = calls_.find(s.state.channel_id);
  if (it == calls_.end()) return;
  const pv::client_disconnect left{s.state.user_id};
  for (auto* other : it->second)
    if (other != &s) send_numbered(*other, [&](std::uint16_t seq) { return pv::encode(left, seq); }, now);
}

gateway_core::session* gateway_core::find_session(std::uint64_t guild_id, std::uint64_t user_id) {
  for (auto& [ssrc, s] : sessions_)
    if (s->state.guild_id == guild_id && s->state.user_id == user_id) return s.get();
  return nullptr;
}

std::uint32_t gateway_core::allocate_ssrc() {
  // Unique among live sessions; 0 is never handed out (some clients treat it as "none").
  for (;;) {
    const auto ssrc = next_ssrc_++;
    if (next_ssrc_ == 0) next_ssrc_ = 1;
    if (ssrc != 0 && !sessions_.contains(ssrc)) return ssrc;
  }
}

// --- the service, time, shutdown ---------------------------------------------------------------------

void gateway_core::apply(const service::voice_change& change, time_point now) {
  if (!change.before) return;  // a join: nothing until its Identify
  auto* s = find_session(change.before->guild_id, change.before->user_id);
  if (!s || s->state.token != change.before->token) return;
  if (!change.after || change.token_revoked) {
    // Left, disconnected, moved by op 4 (a new token follows), or the gateway session ended:
    // the client must not reconnect this session (voice.md §2, §6).
    if (s->conn) fail(*s->conn, close_code::disconnected, now);
    else end_session(*s, now);
    return;
  }
  const auto& after = *change.after;
  if (after.channel_id != s->state.channel_id) {
    // Moved by a moderator with the same token: the session follows into the other call.
    announce_leave(*s, now);
    leave_call(*s);
    s->state = after;
    join_call(*s);
    media_.push_back(move_participant{s->ssrc, after.channel_id});
    announce_join(*s, now);
  }
  s->state = after;
  media_.push_back(set_flags{s->ssrc, mute_of(after), deaf_of(after)});
}

void gateway_core::shutdown() {
  for (auto& [id, c] : connections_) {
    if (c->closed) continue;
    output_.push_back(close_connection{id, close_code::voice_server_crashed});
    c->closed = true;
  }
}

time_point gateway_core::deadline_of(const connection& c) const noexcept {
  // Heartbeats alone do not keep an unidentified socket open.
  return (c.s ? c.last_heartbeat : c.opened) + 2 * config_.heartbeat_interval;
}

std::optional<time_point> gateway_core::next_deadline() const {
  std::optional<time_point> next;
  const auto consider = [&next](time_point t) {
    if (!next || t < *next) next = t;
  };
  for (const auto& [id, c] : connections_)
    if (!c->closed) consider(deadline_of(*c));
  for (const auto& [ssrc, s] : sessions_)
    if (!s->conn) consider(s->detached_at + config_.resume_window);
  return next;
}

void gateway_core::on_deadline(time_point now) {
  std::vector<connection*> late;
  for (auto& [id, c] : connections_)
    if (!c->closed && now >= deadline_of(*c)) late.push_back(c.get());
  for (auto* c : late) fail(*c, close_code::session_timeout, now);
  std::vector<session*> expired;
  for (auto& [ssrc, s] : sessions_)
    if (!s->conn && now >= s->detached_at + config_.resume_window) expired.push_back(s.get());
  for (auto* s : expired) end_session(*s, now);
}

} // namespace parley::server::voice
