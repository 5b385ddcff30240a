// Errors of the RFC 6455 codec as an error_code category (STYLE.md "Errors"): why a handshake
// response was refused, why a peer's frames failed the connection (RFC 6455 §5, §7.4), and why a
// send was refused.
#pragma once

#include <boost/system/error_code.hpp>
#include <type_traits>

namespace parley::proto::websocket {

enum class errc {
  // Peer frames (§5.2-§5.5, §7.4). The connection event carries the close code to send.
  reserved_bits_set = 1,   // RSV1-3 set; no extension is ever negotiated (1002)
  reserved_opcode,         // opcode 3-7 or 11-15 (1002)
  unmasked_client_frame,   // §5.1: a server must fail unmasked client frames (1002)
  masked_server_frame,     // §5.1: a client must fail masked server frames (1002)
  bad_length_encoding,     // 64-bit length with the top bit set, or not the minimal encoding (1002)
  control_frame_too_long,  // control payload > 125 bytes (1002)
  fragmented_control,      // control frame without FIN (1002)
  unexpected_continuation, // continuation frame with no message in progress (1002)
  expected_continuation,   // new text/binary frame while a fragmented message is open (1002)
  bad_close_payload,       // close payload of one byte (1002)
  bad_close_code,          // close code that may not appear on the wire (1002)
  invalid_utf8,            // text message or close reason is not UTF-8 (1007)
  frame_too_big,           // frame above connection_options::max_frame_size (1009)
  message_too_big,         // message above connection_options::max_message_size (1009)

  // Our sends.
  not_open,                // a close was already sent, or the connection failed (nothing queued)
  control_payload_too_long, // ping/pong payload > 125 bytes or close reason > 123 bytes
  invalid_close_code,      // send_close with a code that may not be sent
  invalid_close_reason,    // send_close with a reason that is not UTF-8

  // Opening handshake (§4.1, §4.2).
  malformed_response,      // not an HTTP/1.1 status line and header fields
  bad_status,              // status is not 101
  missing_upgrade,         // no "Upgrade: websocket"
  missing_connection,      // no "Connection: upgrade"
  missing_accept,          // no Sec-WebSocket-Accept
  bad_accept,              // Sec-WebSocket-Accept does not match our key (or appears twice)
  unexpected_extension,    // server selected an extension we never offered
  header_too_large,        // header block above 16 KiB
  invalid_header,          // a header we were asked to write holds CR, LF or NUL, or a bad name
};

const boost::system::error_category& websocket_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), websocket_category()};
}

} // namespace parley::proto::websocket

template <>
struct boost::system::is_error_code_enum<parley::proto::websocket::errc> : std::true_type {};
