// Datagram classification on the shared voice UDP flow (voice.md §7.2, §7.4).
#include "proto/voice/datagram_kind.hpp"

#include "proto/voice/ip_discovery.hpp"
#include "proto/voice/rtp_header.hpp"

namespace parley::proto::voice {

datagram_kind classify_datagram(std::span<const std::uint8_t> datagram) noexcept {
  // A discovery datagram starts with 0x00, so it can never have RTP's version bits set.
  if (datagram.size() == ip_discovery_size && datagram[0] == 0 && (datagram[1] == 1 || datagram[1] == 2)) {
    return datagram_kind::ip_discovery;
  }
  if (datagram.size() < 8 || (datagram[0] >> 6) != 2) return datagram_kind::other;
  if (is_rtcp_packet_type(datagram[1])) return datagram_kind::rtcp;
  return datagram.size() >= rtp_fixed_header_size ? datagram_kind::rtp : datagram_kind::other;
}

} // namespace parley::proto::voice
