// SHA-1 (FIPS 180-4 §6.1), only for the opening handshake's Sec-WebSocket-Accept (RFC 6455 §4.2.2),
// so proto/ needs no crypto library. Not for anything security-relevant.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace parley::proto::websocket::detail {

std::array<std::uint8_t, 20> sha1(std::string_view message) noexcept;

} // namespace parley::proto::websocket::detail
