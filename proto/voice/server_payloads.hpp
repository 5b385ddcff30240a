// The JSON payloads a voice server sends (voice.md §3.3, §3.4, §4, §5): Hello (8), Ready (2),
// Session Description (4), Speaking (5, server form), Heartbeat ACK (6), Resumed (9), Clients
// Connect (11), Client Disconnect (13). decode_* read the `d` of a decoded message (the
// client's side); encode builds the whole message text (the server's), with the top-level `seq`
// when given (§5: numbered messages).
#pragma once

#include "proto/base/result.hpp"
#include "proto/voice/encryption_mode.hpp"

#include <boost/json/value.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::proto::voice {

struct hello {
  double heartbeat_interval = 0; // milliseconds; clients accept a fraction
  friend bool operator==(const hello&, const hello&) = default;
};

struct ready {
  std::uint32_t ssrc = 0;
  std::string ip;
  std::uint16_t port = 0;
  std::vector<std::string> modes; // as offered, unknown names included; clients pick one they know
  friend bool operator==(const ready&, const ready&) = default;
};

struct session_description {
  encryption_mode mode = encryption_mode::aead_xchacha20_poly1305_rtpsize;
  std::array<std::uint8_t, secret_key_size> secret_key{};
  int dave_protocol_version = 0; // discord.py reads it unconditionally: always encoded
  friend bool operator==(const session_description&, const session_description&) = default;
};

// Op 5 as relayed by the server to the other participants.
struct speaking_update {
  std::uint64_t user_id = 0;
  std::uint32_t ssrc = 0;
  std::uint32_t flags = 0;
  friend bool operator==(const speaking_update&, const speaking_update&) = default;
};

struct heartbeat_ack {
  std::int64_t nonce = 0; // the heartbeat's `t`
  friend bool operator==(const heartbeat_ack&, const heartbeat_ack&) = default;
};

struct clients_connect {
  std::vector<std::uint64_t> user_ids;
  friend bool operator==(const clients_connect&, const clients_connect&) = default;
};

struct client_disconnect {
  std::uint64_t user_id = 0;
  friend bool operator==(const client_disconnect&, const client_disconnect&) = default;
};

// Errors are payload_errc values naming the field:
//   hello: not_an_object, bad_heartbeat_interval (a number > 0, integer or not).
//   ready: not_an_object, bad_ssrc (0-2^32-1), bad_ip (string), bad_port (0-65535), bad_modes
//     (array of strings). heartbeat_interval and other extra keys are ignored.
//   session_description: not_an_object, bad_mode, unknown_mode, bad_secret_key (exactly 32
//     integers 0-255), bad_dave_protocol_version (integer 0-255; absent means 0).
//   speaking_update: not_an_object, bad_user_id, bad_ssrc, bad_speaking.
//   heartbeat_ack: bad_nonce (`t`, or a bare integer before v8).
//   clients_connect: not_an_object, bad_user_ids (array of snowflakes).
//   client_disconnect: not_an_object, bad_user_id.
result<hello> decode_hello(const boost::json::value& d);
result<ready> decode_ready(const boost::json::value& d);
result<session_description> decode_session_description(const boost::json::value& d);
result<speaking_update> decode_speaking_update(const boost::json::value& d);
result<heartbeat_ack> decode_heartbeat_ack(const boost::json::value& d);
result<clients_connect> decode_clients_connect(const boost::json::value& d);
result<client_disconnect> decode_client_disconnect(const boost::json::value& d);

// Whole messages as sent by a server; snowflakes as strings. Hello, Ready, Heartbeat ACK and
// Resumed carry no seq (§5).
std::string encode(const hello& payload);
std::string encode(const ready& payload);
std::string encode(const heartbeat_ack& payload);
std::string encode_resumed();
std::string encode(const session_description& payload, std::optional<std::uint16_t> seq = std::nullopt);
std::string encode(const speaking_update& payload, std::optional<std::uint16_t> seq = std::nullopt);
std::string encode(const clients_connect& payload, std::optional<std::uint16_t> seq = std::nullopt);
std::string encode(const client_disconnect& payload, std::optional<std::uint16_t> seq = std::nullopt);

} // namespace parley::proto::voice
