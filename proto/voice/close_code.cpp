// Names and messages of the voice close codes (voice.md §6).
#include "proto/voice/close_code.hpp"

#include <string>

namespace parley::proto::voice {
namespace {

const char* message_of(close_code code) noexcept {
  switch (code) {
    case close_code::unknown_opcode: return "unknown opcode";
    case close_code::decode_error: return "failed to decode payload";
    case close_code::not_authenticated: return "not authenticated";
    case close_code::authentication_failed: return "authentication failed";
    case close_code::already_authenticated: return "already authenticated";
    case close_code::session_no_longer_valid: return "session no longer valid";
    case close_code::session_timeout: return "session timeout";
    case close_code::server_not_found: return "server not found";
    case close_code::unknown_protocol: return "unknown protocol";
    case close_code::disconnected: return "disconnected";
    case close_code::voice_server_crashed: return "voice server crashed";
    case close_code::unknown_encryption_mode: return "unknown encryption mode";
    case close_code::e2ee_required: return "E2EE/DAVE protocol required";
    case close_code::bad_request: return "bad request";
    case close_code::rate_limited: return "disconnected: rate limited";
    case close_code::call_terminated: return "disconnected: call terminated";
  }
  return nullptr;
}

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.voice.close"; }
  std::string message(int ev) const override {
    const char* m = message_of(static_cast<close_code>(ev));
    return m != nullptr ? m : "unknown voice close code";
  }
};

} // namespace

const boost::system::error_category& voice_close_category() noexcept {
  static const category instance;
  return instance;
}

bool is_voice_close_code(int code) noexcept { return message_of(static_cast<close_code>(code)) != nullptr; }

const char* close_code_name(close_code code) noexcept {
  switch (code) {
    case close_code::unknown_opcode: return "unknown_opcode";
    case close_code::decode_error: return "decode_error";
    case close_code::not_authenticated: return "not_authenticated";
    case close_code::authentication_failed: return "authentication_failed";
    case close_code::already_authenticated: return "already_authenticated";
    case close_code::session_no_longer_valid: return "session_no_longer_valid";
    case close_code::session_timeout: return "session_timeout";
    case close_code::server_not_found: return "server_not_found";
    case close_code::unknown_protocol: return "unknown_protocol";
    case close_code::disconnected: return "disconnected";
    case close_code::voice_server_crashed: return "voice_server_crashed";
    case close_code::unknown_encryption_mode: return "unknown_encryption_mode";
    case close_code::e2ee_required: return "e2ee_required";
    case close_code::bad_request: return "bad_request";
    case close_code::rate_limited: return "rate_limited";
    case close_code::call_terminated: return "call_terminated";
  }
  return "";
}

} // namespace parley::proto::voice
