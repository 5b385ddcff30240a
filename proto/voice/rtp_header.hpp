// The RTP header as Discord voice uses it (voice.md §7.3, RFC 3550 §5.1, RFC 8285 §4.2): parse
// the cleartext part of a packet, parse a whole decrypted packet into views, serialize a header.
#pragma once

#include "proto/base/result.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace parley::proto::voice {

inline constexpr std::size_t rtp_fixed_header_size = 12;
inline constexpr std::uint8_t opus_payload_type = 0x78; // 120
inline constexpr std::uint16_t one_byte_extension_profile = 0xBEDE;
inline constexpr std::size_t max_csrc_count = 15;

struct rtp_header {
  bool padding = false;
  bool extension = false;
  std::uint8_t csrc_count = 0; // 0-15
  bool marker = false;
  std::uint8_t payload_type = opus_payload_type; // 0-127
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  // The extension preamble (meaningful only when `extension`): profile, and the body length in
  // 32-bit words. The body follows the preamble and is encrypted in the rtpsize modes (§8.1).
  std::uint16_t extension_profile = 0;
  std::uint16_t extension_words = 0;

  // Bytes up to and including the CSRC list.
  std::size_t csrc_end() const noexcept { return rtp_fixed_header_size + 4u * csrc_count; }
  // Bytes left in clear by the rtpsize modes (§8.1): fixed header, CSRCs, extension preamble.
  std::size_t rtpsize_header_size() const noexcept { return csrc_end() + (extension ? 4u : 0u); }
  std::size_t extension_body_size() const noexcept { return extension ? 4u * extension_words : 0u; }
  friend bool operator==(const rtp_header&, const rtp_header&) = default;
};

// True when byte 1 of a datagram marks RTCP (SR 200 ... APP 204, §7.4). Those must be told apart
// before RTP parsing: masked with 0x7F they would read as payload types 72-76.
constexpr bool is_rtcp_packet_type(std::uint8_t byte1) noexcept { return byte1 >= 200 && byte1 <= 204; }

// The header size the rtpsize modes leave in clear, from byte 0 alone (V P X CC); used by the
// ciphers, which must not read the extension preamble before they know it is cleartext.
constexpr std::size_t rtpsize_header_size(std::uint8_t byte0) noexcept {
  return rtp_fixed_header_size + 4u * (byte0 & 0x0Fu) + ((byte0 & 0x10u) != 0 ? 4u : 0u);
}

// Parses the parts of `packet` that are cleartext in the rtpsize modes: the fixed header, the
// CSRC list and, when X is set, the 4-byte extension preamble. Works on an encrypted rtpsize
// packet as on a decrypted one. Errors: truncated (shorter than rtpsize_header_size()),
// bad_version, rtcp_packet. The CSRC values are not copied: read them from
// packet[12, csrc_end()) if needed.
result<rtp_header> parse_rtp_header(std::span<const std::uint8_t> packet) noexcept;

// A decrypted RTP packet as views into the caller's buffer (valid as long as it is).
struct rtp_packet {
  rtp_header header;
  std::span<const std::uint8_t> extension_body; // length × 4 bytes after the preamble (§8.5 step 6)
  std::span<const std::uint8_t> payload;        // Opus or DAVE frame, RTP padding removed (step 7)
  std::size_t padding_size = 0;
};

// Parses a whole plaintext packet (after decryption): header as above, then the extension body
// bounds, then the padding count when P is set. Errors: those of parse_rtp_header, truncated
// (extension body past the end), bad_padding (count 0 or larger than what follows the
// extension).
result<rtp_packet> parse_rtp_packet(std::span<const std::uint8_t> packet) noexcept;

// Writes `header` (V=2; P, X, CC from the header; CC = csrcs.size()) followed by the CSRCs and,
// when `header.extension`, the extension preamble. The caller writes the extension body (if
// any) and the payload after it. Returns the bytes written (rtpsize_header_size()); error
// output_too_small. Preconditions (asserted): csrcs.size() ≤ 15, payload_type ≤ 127.
result<std::size_t> write_rtp_header(const rtp_header& header, std::span<const std::uint32_t> csrcs,
                                     std::span<std::uint8_t> out) noexcept;

} // namespace parley::proto::voice
