// The gateway close codes 4000-4014 (gateway.md §4) as an error_code enum, and which of them keep
// the session resumable.
#pragma once

#include <boost/system/error_code.hpp>
#include <type_traits>

namespace parley::proto::gateway {

// Numeric values are the codes sent in the WebSocket Close frame. There is no 4006.
enum class close_code {
  unknown_error = 4000,
  unknown_opcode = 4001,
  decode_error = 4002,
  not_authenticated = 4003,
  authentication_failed = 4004,
  already_authenticated = 4005,
  invalid_seq = 4007,
  rate_limited = 4008,
  session_timed_out = 4009,
  invalid_shard = 4010,
  sharding_required = 4011,
  invalid_api_version = 4012,
  invalid_intents = 4013,
  disallowed_intents = 4014,
};

const boost::system::error_category& gateway_category() noexcept;

inline boost::system::error_code make_error_code(close_code c) noexcept {
  return {static_cast<int>(c), gateway_category()};
}

// True when the server keeps the session for the resume window after closing with `code`.
// Only codes that blame one payload or the pace of the connection (4000 unknown error, also used
// for heartbeat timeouts; 4001; 4002; 4008) leave the session intact. 4003/4005 mean the client
// lost track of its own state, 4007/4009 explicitly end the session, 4004 and 4010-4014 stop the
// bot. (discord.js re-identifies after 4003/4005/4007/4008 anyway; discord.py tries to resume and
// copes with the op 9 false it then gets.)
constexpr bool session_resumable_after(close_code code) noexcept {
  switch (code) {
    case close_code::unknown_error:
    case close_code::unknown_opcode:
    case close_code::decode_error:
    case close_code::rate_limited:
      return true;
    default:
      return false;
  }
}

// True when clients reconnect after `code` (gateway.md §4, "client should reconnect?").
constexpr bool client_reconnects_after(close_code code) noexcept {
  switch (code) {
    case close_code::authentication_failed:
    case close_code::invalid_shard:
    case close_code::sharding_required:
    case close_code::invalid_api_version:
    case close_code::invalid_intents:
    case close_code::disallowed_intents:
      return false;
    default:
      return true;
  }
}

} // namespace parley::proto::gateway

template <>
struct boost::system::is_error_code_enum<parley::proto::gateway::close_code> : std::true_type {};
