// WebSocket frame header encoding and decoding, and payload masking (RFC 6455 §5.2, §5.3).
// The writer fills a small caller buffer so a sender can emit `header + shared payload` with
// scatter/gather I/O and never copy the payload.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "proto/base/result.hpp"

namespace parley::proto::websocket {

enum class opcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xa,
};

constexpr bool is_control(opcode op) noexcept { return (static_cast<std::uint8_t>(op) & 0x8) != 0; }
// False for the reserved opcodes 3-7 and 11-15.
constexpr bool is_known(opcode op) noexcept {
  const auto v = static_cast<std::uint8_t>(op);
  return v <= 0x2 || (v >= 0x8 && v <= 0xa);
}

using masking_key = std::array<std::byte, 4>;

// 2 bytes + 8-byte extended length + 4-byte masking key.
inline constexpr std::size_t max_frame_header_size = 14;
inline constexpr std::size_t max_control_payload_size = 125;

struct frame_header {
  opcode op = opcode::continuation;
  bool fin = false;
  std::uint8_t rsv = 0; // RSV1..RSV3 as bits 2..0
  bool masked = false;
  masking_key mask{};
  std::uint64_t payload_size = 0;
};

// Writes the header of one frame into `out` with the minimal length encoding (§5.2) and returns
// its size (2 to 14 bytes). With a mask, the caller must mask the payload with the same key.
std::size_t write_frame_header(std::span<std::byte, max_frame_header_size> out, opcode op, bool fin,
                               std::uint64_t payload_size, std::optional<masking_key> mask = {}) noexcept;

// Reads a frame header from the front of `in`. Returns its size, or 0 if `in` does not hold the
// whole header yet. Fails with errc::bad_length_encoding for a 64-bit length with the top bit set
// or a length not in its minimal form (§5.2 "the minimal number of bytes MUST be used"). Opcode,
// RSV and mask rules depend on the role and are the connection's business.
result<std::size_t> read_frame_header(std::span<const std::byte> in, frame_header& out) noexcept;

// XORs `data` with `key` (§5.3). `offset` is the position of data[0] in the frame's payload, so a
// payload can be unmasked in pieces. Applying it twice restores the input.
void apply_mask(std::span<std::byte> data, masking_key key, std::uint64_t offset) noexcept;

} // namespace parley::proto::websocket
