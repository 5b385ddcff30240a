// Errors of the voice gateway JSON payload decoders (voice.md §3): one value per envelope
// problem and one per field, so a caller can say which field was wrong; plus the close code a
// server sends for each.
#pragma once

#include "proto/voice/close_code.hpp"

#include <boost/system/error_code.hpp>
#include <type_traits>

namespace parley::proto::voice {

enum class payload_errc {
  // Envelope {op, d, seq}.
  too_large = 1,    // above the decoder's size limit
  not_json,         // not JSON, or nested deeper than the limit
  not_an_object,    // the message or its `d` is not an object where one is required
  bad_op,           // `op` missing or not an integer
  bad_seq,          // top-level `seq` present but not an integer 0-65535
  // Fields, named after their JSON key.
  bad_server_id,
  bad_user_id,
  bad_session_id,
  bad_token,
  bad_max_dave_protocol_version,
  bad_protocol,     // `protocol` missing or not a string
  unknown_protocol, // `protocol` is a string other than "udp" (close 4012)
  bad_data,         // Select Protocol `data` missing or not an object
  bad_address,
  bad_port,
  bad_mode,         // `mode` missing or not a string
  unknown_mode,     // `mode` names no encryption mode we know (close 4016)
  bad_nonce,        // heartbeat / heartbeat ACK `t` (or the bare < v8 nonce) not an integer
  bad_seq_ack,
  bad_speaking,
  bad_delay,
  bad_ssrc,
  bad_heartbeat_interval,
  bad_ip,
  bad_modes,
  bad_secret_key,   // not an array of exactly 32 integers 0-255
  bad_dave_protocol_version,
  bad_user_ids,
};

const boost::system::error_category& payload_category() noexcept;

inline boost::system::error_code make_error_code(payload_errc e) noexcept {
  return {static_cast<int>(e), payload_category()};
}

// The close code a server sends when a client payload fails with `e` (voice.md §6): 4002 for an
// undecodable message and for a bad Identify/Resume field, 4001 for a missing or non-integer
// op, 4012 for a protocol other than "udp", 4016 for an unknown mode, 4020 for any other field.
close_code close_code_for(payload_errc e) noexcept;

} // namespace parley::proto::voice

template <>
struct boost::system::is_error_code_enum<parley::proto::voice::payload_errc> : std::true_type {};
