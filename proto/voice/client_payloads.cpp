// Decoding and encoding of the payloads a voice client sends (voice.md §3.4, §4, §5.1).
#include "proto/voice/client_payloads.hpp"

#include "proto/voice/detail/json_read.hpp"
#include "proto/voice/opcode.hpp"
#include "proto/voice/payload_error.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <utility>

namespace parley::proto::voice {
namespace {

using detail::field;

constexpr std::int64_t u32_max = 0xFFFFFFFF;

std::string envelope(opcode op, boost::json::value d) {
  boost::json::object o;
  o["op"] = static_cast<int>(op);
  o["d"] = std::move(d);
  return boost::json::serialize(o);
}

std::optional<std::int64_t> read_seq_ack(const boost::json::object& o, bool& ok) {
  ok = true;
  const auto* v = field(o, "seq_ack");
  if (v == nullptr) return std::nullopt;
  auto n = detail::as_int(v, -1, INT64_MAX);
  if (!n) ok = false;
  return n;
}

} // namespace

result<identify> decode_identify(const boost::json::value& d) {
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return payload_errc::not_an_object;
  identify out;
  auto server_id = detail::as_snowflake(field(*o, "server_id"));
  if (!server_id) return payload_errc::bad_server_id;
  out.server_id = *server_id;
  auto user_id = detail::as_snowflake(field(*o, "user_id"));
  if (!user_id) return payload_errc::bad_user_id;
  out.user_id = *user_id;
  auto session_id = detail::as_string(field(*o, "session_id"));
  if (!session_id) return payload_errc::bad_session_id;
  out.session_id = *session_id;
  auto token = detail::as_string(field(*o, "token"));
  if (!token) return payload_errc::bad_token;
  out.token = *token;
  if (const auto* v = field(*o, "max_dave_protocol_version")) {
    auto n = detail::as_int(v, 0, 255);
    if (!n) return payload_errc::bad_max_dave_protocol_version;
    out.max_dave_protocol_version = static_cast<int>(*n);
  }
  return out;
}

result<select_protocol> decode_select_protocol(const boost::json::value& d) {
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return payload_errc::not_an_object;
  auto protocol = detail::as_string(field(*o, "protocol"));
  if (!protocol) return payload_errc::bad_protocol;
  if (*protocol != "udp") return payload_errc::unknown_protocol;
  const auto* data_value = field(*o, "data");
  const boost::json::object* data = data_value != nullptr ? data_value->if_object() : nullptr;
  if (data == nullptr) return payload_errc::bad_data;
  select_protocol out;
  auto address = detail::as_string(field(*data, "address"));
  if (!address) return payload_errc::bad_address;
  out.address = *address;
  auto port = detail::as_int(field(*data, "port"), 0, 65535);
  if (!port) return payload_errc::bad_port;
  out.port = static_cast<std::uint16_t>(*port);
  auto mode_name = detail::as_string(field(*data, "mode"));
  if (!mode_name) return payload_errc::bad_mode;
  auto mode = parse_encryption_mode(*mode_name);
  if (!mode) return payload_errc::unknown_mode;
  out.mode = *mode;
  return out;
}

result<heartbeat> decode_heartbeat(const boost::json::value& d) {
  heartbeat out;
  const boost::json::object* o = d.if_object();
  if (o == nullptr) {
    // Before v8 the nonce is the whole `d`.
    auto nonce = detail::as_int(&d, INT64_MIN, INT64_MAX);
    if (!nonce) return payload_errc::bad_nonce;
    out.nonce = *nonce;
    return out;
  }
  auto nonce = detail::as_int(field(*o, "t"), INT64_MIN, INT64_MAX);
  if (!nonce) return payload_errc::bad_nonce;
  out.nonce = *nonce;
  bool ok = true;
  out.seq_ack = read_seq_ack(*o, ok);
  if (!ok) return payload_errc::bad_seq_ack;
  return out;
}

result<speaking> decode_speaking(const boost::json::value& d) {
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return payload_errc::not_an_object;
  speaking out;
  const auto* flags = field(*o, "speaking");
  if (flags != nullptr && flags->is_bool()) {
    out.flags = flags->get_bool() ? speaking_microphone : 0;
  } else {
    auto n = detail::as_int(flags, 0, u32_max);
    if (!n) return payload_errc::bad_speaking;
    out.flags = static_cast<std::uint32_t>(*n);
  }
  if (const auto* delay = field(*o, "delay")) {
    auto n = detail::as_int(delay, INT64_MIN, INT64_MAX);
    if (!n) return payload_errc::bad_delay;
    out.delay = *n;
  }
  auto ssrc = detail::as_int(field(*o, "ssrc"), 0, u32_max);
  if (!ssrc) return payload_errc::bad_ssrc;
  out.ssrc = static_cast<std::uint32_t>(*ssrc);
  return out;
}

result<resume> decode_resume(const boost::json::value& d) {
  const boost::json::object* o = d.if_object();
  if (o == nullptr) return payload_errc::not_an_object;
  resume out;
  auto server_id = detail::as_snowflake(field(*o, "server_id"));
  if (!server_id) return payload_errc::bad_server_id;
  out.server_id = *server_id;
  auto session_id = detail::as_string(field(*o, "session_id"));
  if (!session_id) return payload_errc::bad_session_id;
  out.session_id = *session_id;
  auto token = detail::as_string(field(*o, "token"));
  if (!token) return payload_errc::bad_token;
  out.token = *token;
  bool ok = true;
  out.seq_ack = read_seq_ack(*o, ok);
  if (!ok) return payload_errc::bad_seq_ack;
  return out;
}

std::string encode(const identify& payload) {
  boost::json::object d;
  d["server_id"] = std::to_string(payload.server_id);
  d["user_id"] = std::to_string(payload.user_id);
  d["session_id"] = payload.session_id;
  d["token"] = payload.token;
  d["max_dave_protocol_version"] = payload.max_dave_protocol_version;
  return envelope(opcode::identify, std::move(d));
}

std::string encode(const select_protocol& payload) {
  boost::json::object data;
  data["address"] = payload.address;
  data["port"] = payload.port;
  data["mode"] = to_string(payload.mode);
  boost::json::object d;
  d["protocol"] = "udp";
  d["data"] = std::move(data);
  return envelope(opcode::select_protocol, std::move(d));
}

std::string encode(const heartbeat& payload) {
  boost::json::object d;
  d["t"] = payload.nonce;
  if (payload.seq_ack) d["seq_ack"] = *payload.seq_ack;
  return envelope(opcode::heartbeat, std::move(d));
}

std::string encode(const speaking& payload) {
  boost::json::object d;
  d["speaking"] = payload.flags;
  d["delay"] = payload.delay;
  d["ssrc"] = payload.ssrc;
  return envelope(opcode::speaking, std::move(d));
}

std::string encode(const resume& payload) {
  boost::json::object d;
  d["server_id"] = std::to_string(payload.server_id);
  d["session_id"] = payload.session_id;
  d["token"] = payload.token;
  if (payload.seq_ack) d["seq_ack"] = *payload.seq_ack;
  return envelope(opcode::resume, std::move(d));
}

} // namespace parley::proto::voice
