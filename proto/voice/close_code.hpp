// The voice gateway close codes (voice.md §6) as an error_code enum, with what a client does
// after each.
#pragma once

#include <boost/system/error_code.hpp>
#include <type_traits>

namespace parley::proto::voice {

// Values are the codes sent in the WebSocket Close frame. 4007, 4008, 4010, 4013, 4018 and 4019
// are not defined.
enum class close_code {
  unknown_opcode = 4001,
  decode_error = 4002,
  not_authenticated = 4003,
  authentication_failed = 4004,
  already_authenticated = 4005,
  session_no_longer_valid = 4006,
  session_timeout = 4009,
  server_not_found = 4011,
  unknown_protocol = 4012,
  disconnected = 4014,
  voice_server_crashed = 4015,
  unknown_encryption_mode = 4016,
  e2ee_required = 4017,
  bad_request = 4020,
  rate_limited = 4021,
  call_terminated = 4022,
};

const boost::system::error_category& voice_close_category() noexcept;

inline boost::system::error_code make_error_code(close_code c) noexcept {
  return {static_cast<int>(c), voice_close_category()};
}

// True for a defined voice close code.
bool is_voice_close_code(int code) noexcept;

// The enumerator's name ("unknown_opcode"), or "" for an undefined code.
const char* close_code_name(close_code code) noexcept;

// False for the codes after which a client must not reconnect (§6: 4014, 4021, 4022).
constexpr bool client_reconnects_after(close_code code) noexcept {
  return code != close_code::disconnected && code != close_code::rate_limited && code != close_code::call_terminated;
}

// True when the client resumes (op 7) rather than starting over (§6: 4009 "resume or start
// over", 4015 "resume"; discord.js resumes after 4015 and codes below 4000).
constexpr bool client_resumes_after(close_code code) noexcept {
  return code == close_code::session_timeout || code == close_code::voice_server_crashed;
}

} // namespace parley::proto::voice

template <>
struct boost::system::is_error_code_enum<parley::proto::voice::close_code> : std::true_type {};
