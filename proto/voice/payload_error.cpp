// Messages of the voice payload error category and the close code for each (voice.md §6).
#include "proto/voice/payload_error.hpp"

#include <string>

namespace parley::proto::voice {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.voice.payload"; }
  std::string message(int ev) const override {
    switch (static_cast<payload_errc>(ev)) {
      case payload_errc::too_large: return "payload too large";
      case payload_errc::not_json: return "payload is not JSON";
      case payload_errc::not_an_object: return "payload is not an object";
      case payload_errc::bad_op: return "missing or invalid op";
      case payload_errc::bad_seq: return "invalid seq";
      case payload_errc::bad_server_id: return "invalid server_id";
      case payload_errc::bad_user_id: return "invalid user_id";
      case payload_errc::bad_session_id: return "invalid session_id";
      case payload_errc::bad_token: return "invalid token";
      case payload_errc::bad_max_dave_protocol_version: return "invalid max_dave_protocol_version";
      case payload_errc::bad_protocol: return "invalid protocol";
      case payload_errc::unknown_protocol: return "unknown protocol";
      case payload_errc::bad_data: return "invalid data";
      case payload_errc::bad_address: return "invalid address";
      case payload_errc::bad_port: return "invalid port";
      case payload_errc::bad_mode: return "invalid mode";
      case payload_errc::unknown_mode: return "unknown encryption mode";
      case payload_errc::bad_nonce: return "invalid heartbeat nonce";
      case payload_errc::bad_seq_ack: return "invalid seq_ack";
      case payload_errc::bad_speaking: return "invalid speaking";
      case payload_errc::bad_delay: return "invalid delay";
      case payload_errc::bad_ssrc: return "invalid ssrc";
      case payload_errc::bad_heartbeat_interval: return "invalid heartbeat_interval";
      case payload_errc::bad_ip: return "invalid ip";
      case payload_errc::bad_modes: return "invalid modes";
      case payload_errc::bad_secret_key: return "invalid secret_key";
      case payload_errc::bad_dave_protocol_version: return "invalid dave_protocol_version";
      case payload_errc::bad_user_ids: return "invalid user_ids";
    }
    return "unknown voice payload error";
  }
};

} // namespace

const boost::system::error_category& payload_category() noexcept {
  static const category instance;
  return instance;
}

close_code close_code_for(payload_errc e) noexcept {
  switch (e) {
    case payload_errc::too_large:
    case payload_errc::not_json:
    case payload_errc::not_an_object:
    case payload_errc::bad_seq:
    case payload_errc::bad_server_id:
    case payload_errc::bad_user_id:
    case payload_errc::bad_session_id:
    case payload_errc::bad_token:
    case payload_errc::bad_max_dave_protocol_version:
      return close_code::decode_error;
    case payload_errc::bad_op: return close_code::unknown_opcode;
    case payload_errc::unknown_protocol: return close_code::unknown_protocol;
    case payload_errc::unknown_mode: return close_code::unknown_encryption_mode;
    default: return close_code::bad_request;
  }
}

} // namespace parley::proto::voice
