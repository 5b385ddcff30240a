// WebSocket close status codes (RFC 6455 §7.4) and which of them may appear in a Close frame.
#pragma once

#include <cstdint>

namespace parley::proto::websocket::close_code {

inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t unsupported_data = 1003;
// Never on the wire: stands for "Close frame without a code" in events and accessors.
inline constexpr std::uint16_t no_status = 1005;
// Never on the wire: the connection dropped without a Close frame.
inline constexpr std::uint16_t abnormal = 1006;
inline constexpr std::uint16_t invalid_payload = 1007;
inline constexpr std::uint16_t policy_violation = 1008;
inline constexpr std::uint16_t message_too_big = 1009;
inline constexpr std::uint16_t mandatory_extension = 1010;
inline constexpr std::uint16_t internal_error = 1011;

// Codes a Close frame may carry, in either direction: 1000-1003, 1007-1011 (§7.4.1; 1004 is
// reserved, 1005/1006/1015 are local-only), 3000-3999 (registered) and 4000-4999 (private use,
// e.g. the Discord gateway's 4000-4014).
constexpr bool is_valid(std::uint16_t code) noexcept {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
         (code >= 3000 && code <= 4999);
}

} // namespace parley::proto::websocket::close_code
