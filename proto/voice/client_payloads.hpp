// The JSON payloads a voice client sends (voice.md §3.3, §3.4, §4, §5.1): Identify (0), Select
// Protocol (1), Heartbeat (3), Speaking (5), Resume (7). decode_* read the `d` of a decoded
// message (the server's side); encode builds the whole `{"op":..,"d":..}` text (the client's).
#pragma once

#include "proto/base/result.hpp"
#include "proto/voice/encryption_mode.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace parley::proto::voice {

struct identify {
  std::uint64_t server_id = 0; // guild id (the channel id for DM calls)
  std::uint64_t user_id = 0;
  std::string session_id;      // main-gateway session id
  std::string token;           // from VOICE_SERVER_UPDATE
  int max_dave_protocol_version = 0; // 0 when absent: no DAVE
  friend bool operator==(const identify&, const identify&) = default;
};

struct select_protocol {
  // Only "udp" decodes; anything else is unknown_protocol (close 4012).
  std::string address;
  std::uint16_t port = 0;
  encryption_mode mode = encryption_mode::aead_xchacha20_poly1305_rtpsize;
  friend bool operator==(const select_protocol&, const select_protocol&) = default;
};

struct heartbeat {
  std::int64_t nonce = 0;              // `t` (v8) or the bare integer `d` (< v8)
  std::optional<std::int64_t> seq_ack; // v8: last seq received; -1 or absent when none
  friend bool operator==(const heartbeat&, const heartbeat&) = default;
};

// Speaking flags (§3.4).
inline constexpr std::uint32_t speaking_microphone = 1;
inline constexpr std::uint32_t speaking_soundshare = 2;
inline constexpr std::uint32_t speaking_priority = 4;

struct speaking {
  std::uint32_t flags = 0; // `speaking`; 0 = not speaking
  std::int64_t delay = 0;
  std::uint32_t ssrc = 0;
  friend bool operator==(const speaking&, const speaking&) = default;
};

struct resume {
  std::uint64_t server_id = 0;
  std::string session_id;
  std::string token;
  std::optional<std::int64_t> seq_ack;
  friend bool operator==(const resume&, const resume&) = default;
};

// Errors are payload_errc values naming the field (see payload_error.hpp for the close codes):
//   identify: not_an_object, bad_server_id, bad_user_id (snowflake string or integer),
//     bad_session_id, bad_token (strings), bad_max_dave_protocol_version (integer 0-255).
//   select_protocol: not_an_object, bad_protocol, unknown_protocol (not "udp"), bad_data,
//     bad_address (string), bad_port (0-65535), bad_mode, unknown_mode. Extra keys are ignored.
//   heartbeat: bad_nonce (neither an integer nor an object with an integer `t`), bad_seq_ack
//     (not an integer ≥ -1).
//   speaking: not_an_object, bad_speaking (integer 0-2^32-1, or a boolean from pre-v4 clients),
//     bad_delay (integer), bad_ssrc (integer 0-2^32-1, required).
//   resume: not_an_object, bad_server_id, bad_session_id, bad_token, bad_seq_ack.
result<identify> decode_identify(const boost::json::value& d);
result<select_protocol> decode_select_protocol(const boost::json::value& d);
result<heartbeat> decode_heartbeat(const boost::json::value& d);
result<speaking> decode_speaking(const boost::json::value& d);
result<resume> decode_resume(const boost::json::value& d);

// Whole messages as sent by a client. Snowflakes are written as strings; heartbeat in the v8
// form {t, seq_ack} (seq_ack omitted when empty).
std::string encode(const identify& payload);
std::string encode(const select_protocol& payload);
std::string encode(const heartbeat& payload);
std::string encode(const speaking& payload);
std::string encode(const resume& payload);

} // namespace parley::proto::voice
