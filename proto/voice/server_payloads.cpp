// Decoding and encoding of the payloads a voice server sends (voice.md §3.4, §4, §5).
#include "proto/voice/server_payloads.hpp"

#include "proto/voice/detail/json_read.hpp"
#include "proto/voice/opcode.hpp"
#include "proto/voice/payload_error.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <utility>

namespace parley::proto::voice {
namespace {

using detail::field;

constexpr std::int64_t u32_max = 0xFFFFFFFF;

std::string envelope(opcode op, boost::json::value d, std::optional<std::uint16_t> seq = std::nullopt) {
  boost::json::object o;
  o["op"] = static_cast<int>(op);
  o["d"] = std::move(d);
  if (seq) o["seq"] = *seq;
  return boost::json::serialize(o);
}

} // namespace

result<hello> decode_hello(const boost::json::value& d) {
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return payload_errc::not_an_object;
  const auto* v = field(*o, "heartbeat_interval");
  if (v == nullptr || !v->is_number()) return payload_errc::bad_heartbeat_interval;
  boost::system::error_code ec;
  double interval = v->to_number<double>(ec);
  if (ec || !std::isfinite(interval) || interval <= 0) return payload_errc::bad_heartbeat_interval;
  return hello{interval};
}

result<ready> decode_ready(const boost::json::value& d) {
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return payload_errc::not_an_object;
  ready out;
  auto ssrc = detail::as_int(field(*o, "ssrc"), 0, u32_max);
  if (!ssrc) return payload_errc::bad_ssrc;
  out.ssrc = static_cast<std::uint32_t>(*ssrc);
  auto ip = detail::as_string(field(*o, "ip"));
  if (!ip) return payload_errc::bad_ip;
  out.ip = *ip;
  auto port = detail::as_int(field(*o, "port"), 0, 65535);
  if (!port) return payload_errc::bad_port;
  out.port = static_cast<std::uint16_t>(*port);
  const auto* modes_value = field(*o, "modes");
  const boost::json::array* modes = modes_value != nullptr ? modes_value->if_array() : nullptr;
  if (modes == nullptr) return payload_errc::bad_modes;
  out.modes.reserve(modes->size());
  for (const auto& m : *modes) {
    auto name = detail::as_string(&m);
    if (!name) return payload_errc::bad_modes;
    out.modes.emplace_back(*name);
  }
  return out;
}

result<session_description> decode_session_description(const boost::json::value& d) {
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return payload_errc::not_an_object;
  session_description out;
  auto mode_name = detail::as_string(field(*o, "mode"));
  if (!mode_name) return payload_errc::bad_mode;
  auto mode = parse_encryption_mode(*mode_name);
  if (!mode) return payload_errc::unknown_mode;
  out.mode = *mode;
  const auto* key_value = field(*o, "secret_key");
  const boost::json::array* key = key_value != nullptr ? key_value->if_array() : nullptr;
  if (key == nullptr || key->size() != secret_key_size) return payload_errc::bad_secret_key;
  for (std::size_t i = 0; i < secret_key_size; ++i) {
    auto byte = detail::as_int(&(*key)[i], 0, 255);
    if (!byte) return payload_errc::bad_secret_key;
    out.secret_key[i] = static_cast<std::uint8_t>(*byte);
  }
  if (const auto* v = field(*o, "dave_protocol_version")) {
    auto n = detail::as_int(v, 0, 255);
    if (!n) return payload_errc::bad_dave_protocol_version;
    out.dave_protocol_version = static_cast<int>(*n);
  }
  return out;
}

result<speaking_update> decode_speaking_update(const boost::json::value& d) {
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return payload_errc::not_an_object;
  speaking_update out;
  auto user_id = detail::as_snowflake(field(*o, "user_id"));
  if (!user_id) return payload_errc::bad_user_id;
  out.user_id = *user_id;
  auto ssrc = detail::as_int(field(*o, "ssrc"), 0, u32_max);
  if (!ssrc) return payload_errc::bad_ssrc;
  out.ssrc = static_cast<std::uint32_t>(*ssrc);
  auto flags = detail::as_int(field(*o, "speaking"), 0, u32_max);
  if (!flags) return payload_errc::bad_speaking;
  out.flags = static_cast<std::uint32_t>(*flags);
  return out;
}

result<heartbeat_ack> decode_heartbeat_ack(const boost::json::value& d) {
  const boost::json::object* o = d.if_object();
  auto nonce = detail::as_int(o != nullptr ? field(*o, "t") : &d, INT64_MIN, INT64_MAX);
  if (!nonce) return payload_errc::bad_nonce;
  return heartbeat_ack{*nonce};
}

result<clients_connect> decode_clients_connect(const boost::json::value& d) {
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return payload_errc::not_an_object;
  const auto* ids_value = field(*o, "user_ids");
  const boost::json::array* ids = ids_value != nullptr ? ids_value->if_array() : nullptr;
  if (ids == nullptr) return payload_errc::bad_user_ids;
  clients_connect out;
  out.user_ids.reserve(ids->size());
  for (const auto& v : *ids) {
    auto id = detail::as_snowflake(&v);
    if (!id) return payload_errc::bad_user_ids;
    out.user_ids.push_back(*id);
  }
  return out;
}

result<client_disconnect> decode_client_disconnect(const boost::json::value& d) {
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return payload_errc::not_an_object;
  auto user_id = detail::as_snowflake(field(*o, "user_id"));
  if (!user_id) return payload_errc::bad_user_id;
  return client_disconnect{*user_id};
}

std::string encode(const hello& payload) {
  boost::json::object d;
  // Whole milliseconds go out as an integer: some clients parse the interval as one.
  double whole = std::floor(payload.heartbeat_interval);
  if (whole == payload.heartbeat_interval && whole >= 0 && whole < 9.0e15) {
    d["heartbeat_interval"] = static_cast<std::int64_t>(whole);
  } else {
    d["heartbeat_interval"] = payload.heartbeat_interval;
  }
  return envelope(opcode::hello, std::move(d));
}

std::string encode(const ready& payload) {
  boost::json::array modes;
  for (const auto& m : payload.modes) modes.emplace_back(m);
  boost::json::object d;
  d["ssrc"] = payload.ssrc;
  d["ip"] = payload.ip;
  d["port"] = payload.port;
  d["modes"] = std::move(modes);
  return envelope(opcode::ready, std::move(d));
}

std::string encode(const heartbeat_ack& payload) {
  boost::json::object d;
  d["t"] = payload.nonce;
  return envelope(opcode::heartbeat_ack, std::move(d));
}

std::string encode_resumed() { return envelope(opcode::resumed, nullptr); }

std::string encode(const session_description& payload, std::optional<std::uint16_t> seq) {
  boost::json::array key;
  for (std::uint8_t b : payload.secret_key) key.emplace_back(b);
  boost::json::object d;
  d["mode"] = to_string(payload.mode);
  d["secret_key"] = std::move(key);
  d["dave_protocol_version"] = payload.dave_protocol_version;
  return envelope(opcode::session_description, std::move(d), seq);
}

std::string encode(const speaking_update& payload, std::optional<std::uint16_t> seq) {
  boost::json::object d;
  d["user_id"] = std::to_string(payload.user_id);
  d["ssrc"] = payload.ssrc;
  d["speaking"] = payload.flags;
  return envelope(opcode::speaking, std::move(d), seq);
}

std::string encode(const clients_connect& payload, std::optional<std::uint16_t> seq) {
  boost::json::array ids;
  for (std::uint64_t id : payload.user_ids) ids.emplace_back(std::to_string(id));
  boost::json::object d;
  d["user_ids"] = std::move(ids);
  return envelope(opcode::clients_connect, std::move(d), seq);
}

std::string encode(const client_disconnect& payload, std::optional<std::uint16_t> seq) {
  boost::json::object d;
  d["user_id"] = std::to_string(payload.user_id);
  return envelope(opcode::client_disconnect, std::move(d), seq);
}

} // namespace parley::proto::voice
