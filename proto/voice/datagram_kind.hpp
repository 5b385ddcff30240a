// Classification of one UDP datagram on the voice port (voice.md §7.2): IP discovery, RTCP, RTP
// or anything else (keep-alives), from its size and first two bytes.
#pragma once

#include <cstdint>
#include <span>

namespace parley::proto::voice {

enum class datagram_kind {
  ip_discovery, // 74 bytes whose first u16 is 1 (request) or 2 (response)
  rtcp,         // version 2, byte 1 in 200-204, at least the 8-byte RTCP header + SSRC
  rtp,          // version 2, at least the 12-byte fixed header, not RTCP
  other,        // keep-alives (discord.js sends 8 bytes) and garbage: refresh NAT state, drop
};

datagram_kind classify_datagram(std::span<const std::uint8_t> datagram) noexcept;

} // namespace parley::proto::voice
