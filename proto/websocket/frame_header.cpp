// Frame header layout (RFC 6455 §5.2) and client-to-server masking (§5.3).
#include "proto/websocket/frame_header.hpp"

#include <cstring>

#include "proto/websocket/error.hpp"

namespace parley::proto::websocket {

std::size_t write_frame_header(std::span<std::byte, max_frame_header_size> out, opcode op, bool fin,
                               std::uint64_t payload_size, std::optional<masking_key> mask) noexcept {
  out[0] = static_cast<std::byte>((fin ? 0x80 : 0x00) | static_cast<std::uint8_t>(op));
  const std::byte mask_bit{mask ? std::uint8_t{0x80} : std::uint8_t{0x00}};
  std::size_t size = 2;
  if (payload_size < 126) {
    out[1] = mask_bit | static_cast<std::byte>(payload_size);
  } else if (payload_size <= 0xffff) {
    out[1] = mask_bit | std::byte{126};
    out[2] = static_cast<std::byte>(payload_size >> 8);
    out[3] = static_cast<std::byte>(payload_size);
    size = 4;
  } else {
    out[1] = mask_bit | std::byte{127};
    for (int i = 0; i < 8; ++i) out[2 + i] = static_cast<std::byte>(payload_size >> (56 - 8 * i));
    size = 10;
  }
  if (mask) {
    std::memcpy(out.data() + size, mask->data(), 4);
    size += 4;
  }
  return size;
}

result<std::size_t> read_frame_header(std::span<const std::byte> in, frame_header& out) noexcept {
  if (in.size() < 2) return std::size_t{0};
  const auto b0 = std::to_integer<std::uint8_t>(in[0]);
  const auto b1 = std::to_integer<std::uint8_t>(in[1]);
  const std::uint8_t length7 = b1 & 0x7f;
  const bool masked = (b1 & 0x80) != 0;
  const std::size_t length_bytes = length7 == 127 ? 8 : length7 == 126 ? 2 : 0;
  const std::size_t size = 2 + length_bytes + (masked ? 4 : 0);
  if (in.size() < size) return std::size_t{0};

  std::uint64_t payload_size = length7;
  if (length_bytes != 0) {
    payload_size = 0;
    for (std::size_t i = 0; i < length_bytes; ++i) {
      payload_size = (payload_size << 8) | std::to_integer<std::uint8_t>(in[2 + i]);
    }
    if (length_bytes == 2 && payload_size < 126) return errc::bad_length_encoding;
    if (length_bytes == 8 && (payload_size <= 0xffff || (payload_size >> 63) != 0)) {
      return errc::bad_length_encoding;
    }
  }

  out.fin = (b0 & 0x80) != 0;
  out.rsv = static_cast<std::uint8_t>((b0 >> 4) & 0x7);
  out.op = static_cast<opcode>(b0 & 0x0f);
  out.masked = masked;
  out.payload_size = payload_size;
  if (masked) std::memcpy(out.mask.data(), in.data() + 2 + length_bytes, 4);
  return size;
}

void apply_mask(std::span<std::byte> data, masking_key key, std::uint64_t offset) noexcept {
  // Rotate the key so rotated[0] applies to data[0], then XOR eight bytes per step; the
  // eight-byte key pattern is built byte-wise, so byte order does not matter.
  std::byte pattern[8];
  for (std::size_t i = 0; i < 8; ++i) pattern[i] = key[(offset + i) & 3];
  std::uint64_t word_key;
  std::memcpy(&word_key, pattern, 8);

  std::byte* p = data.data();
  std::size_t n = data.size();
  while (n >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    word ^= word_key;
    std::memcpy(p, &word, 8);
    p += 8;
    n -= 8;
  }
  for (std::size_t i = 0; i < n; ++i) p[i] ^= pattern[i];
}

} // namespace parley::proto::websocket
