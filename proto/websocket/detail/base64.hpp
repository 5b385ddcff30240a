// Base64 with the standard alphabet and padding (RFC 4648 §4), for the handshake's
// Sec-WebSocket-Key and Sec-WebSocket-Accept values (RFC 6455 §4.1, §4.2.2).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace parley::proto::websocket::detail {

std::string base64_encode(std::span<const std::uint8_t> bytes);

// Number of bytes `text` decodes to, or -1 if it is not canonical padded base64 (wrong length,
// a character outside the alphabet, misplaced '=' or non-zero bits under the padding).
long base64_decoded_size(std::string_view text) noexcept;

} // namespace parley::proto::websocket::detail
