// Messages for the RFC 6455 codec's error category.
#include "proto/websocket/error.hpp"

#include <string>

namespace parley::proto::websocket {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.websocket"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::reserved_bits_set: return "reserved frame bits set";
      case errc::reserved_opcode: return "reserved opcode";
      case errc::unmasked_client_frame: return "client frame not masked";
      case errc::masked_server_frame: return "server frame masked";
      case errc::bad_length_encoding: return "invalid payload length encoding";
      case errc::control_frame_too_long: return "control frame payload above 125 bytes";
      case errc::fragmented_control: return "fragmented control frame";
      case errc::unexpected_continuation: return "continuation frame without a message";
      case errc::expected_continuation: return "new message inside a fragmented message";
      case errc::bad_close_payload: return "close frame payload of one byte";
      case errc::bad_close_code: return "invalid close code";
      case errc::invalid_utf8: return "invalid UTF-8";
      case errc::frame_too_big: return "frame too big";
      case errc::message_too_big: return "message too big";
      case errc::not_open: return "connection not open for sending";
      case errc::control_payload_too_long: return "control payload too long";
      case errc::invalid_close_code: return "close code may not be sent";
      case errc::invalid_close_reason: return "close reason is not UTF-8";
      case errc::malformed_response: return "malformed HTTP response";
      case errc::bad_status: return "handshake status is not 101";
      case errc::missing_upgrade: return "missing Upgrade: websocket";
      case errc::missing_connection: return "missing Connection: upgrade";
      case errc::missing_accept: return "missing Sec-WebSocket-Accept";
      case errc::bad_accept: return "wrong Sec-WebSocket-Accept";
      case errc::unexpected_extension: return "server selected an extension that was not offered";
      case errc::header_too_large: return "handshake header block too large";
      case errc::invalid_header: return "invalid header name or value";
    }
    return "unknown websocket error";
  }
};

} // namespace

const boost::system::error_category& websocket_category() noexcept {
  static const category instance;
  return instance;
}

} // namespace parley::proto::websocket
