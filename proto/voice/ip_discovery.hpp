// The 74-byte IP discovery request and response of the voice UDP path (voice.md §7.1).
#pragma once

#include "proto/base/result.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace parley::proto::voice {

inline constexpr std::size_t ip_discovery_size = 74;
inline constexpr std::size_t ip_discovery_address_size = 64; // NUL-terminated, zero-padded

enum class ip_discovery_type : std::uint16_t { request = 1, response = 2 };

struct ip_discovery {
  ip_discovery_type type = ip_discovery_type::request;
  std::uint32_t ssrc = 0;
  // The bytes before the first NUL of the address field; a view into the parsed datagram.
  // Empty in requests (clients send zeros).
  std::string_view address;
  std::uint16_t port = 0;
};

// Parses one datagram. Errors: bad_discovery_size (not 74 bytes), bad_discovery_type (type not
// 1 or 2), bad_discovery_length (length field not 70), bad_discovery_address (no NUL within 64
// bytes, or a byte before it outside printable ASCII 0x20-0x7E). Bytes after the NUL are not
// checked (clients read up to the first NUL).
result<ip_discovery> parse_ip_discovery(std::span<const std::uint8_t> datagram) noexcept;

// Writes a 74-byte datagram into `out` (the address zero-padded). Errors: output_too_small,
// address_too_long (more than 63 bytes; the field must keep its terminating NUL).
result<std::size_t> write_ip_discovery(const ip_discovery& message, std::span<std::uint8_t> out) noexcept;

} // namespace parley::proto::voice
