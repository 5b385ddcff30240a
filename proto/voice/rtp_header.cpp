// RTP header parsing and serialization (voice.md §7.3, RFC 3550 §5.1, RFC 8285 §4.2). Every
// field is read byte by byte after a bounds check.
#include "proto/voice/rtp_header.hpp"

#include "proto/voice/detail/big_endian.hpp"
#include "proto/voice/packet_error.hpp"

#include <cassert>

namespace parley::proto::voice {

result<rtp_header> parse_rtp_header(std::span<const std::uint8_t> packet) noexcept {
  if (packet.size() < rtp_fixed_header_size) return packet_errc::truncated;
  const std::uint8_t* p = packet.data();
  if ((p[0] >> 6) != 2) return packet_errc::bad_version;
  if (is_rtcp_packet_type(p[1])) return packet_errc::rtcp_packet;
  rtp_header h;
  h.padding = (p[0] & 0x20) != 0;
  h.extension = (p[0] & 0x10) != 0;
  h.csrc_count = p[0] & 0x0F;
  h.marker = (p[1] & 0x80) != 0;
  h.payload_type = p[1] & 0x7F;
  h.sequence = detail::load_u16(p + 2);
  h.timestamp = detail::load_u32(p + 4);
  h.ssrc = detail::load_u32(p + 8);
  if (packet.size() < h.rtpsize_header_size()) return packet_errc::truncated;
  if (h.extension) {
    h.extension_profile = detail::load_u16(p + h.csrc_end());
    h.extension_words = detail::load_u16(p + h.csrc_end() + 2);
  }
  return h;
}

result<rtp_packet> parse_rtp_packet(std::span<const std::uint8_t> packet) noexcept {
  auto header = parse_rtp_header(packet);
  if (!header) return header.error();
  rtp_packet out;
  out.header = *header;
  std::size_t offset = header->rtpsize_header_size();
  const std::size_t body = header->extension_body_size();
  if (packet.size() - offset < body) return packet_errc::truncated;
  out.extension_body = packet.subspan(offset, body);
  offset += body;
  std::size_t end = packet.size();
  if (header->padding) {
    // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
    if (end == offset) return packet_errc::bad_padding;
    std::size_t count = packet[end - 1];
    if (count == 0 || count > end - offset) return packet_errc::bad_padding;
    end -= count;
    out.padding_size = count;
  }
  out.payload = packet.subspan(offset, end - offset);
  return out;
}

result<std::size_t> write_rtp_header(const rtp_header& header, std::span<const std::uint32_t> csrcs,
                                     std::span<std::uint8_t> out) noexcept {
  assert(csrcs.size() <= max_csrc_count);
  assert(header.payload_type <= 0x7F);
  const std::size_t size = rtp_fixed_header_size + 4 * csrcs.size() + (header.extension ? 4 : 0);
  if (out.size() < size) return packet_errc::output_too_small;
  std::uint8_t* p = out.data();
  p[0] = static_cast<std::uint8_t>(0x80 | (header.padding ? 0x20 : 0) | (header.extension ? 0x10 : 0) |
                                   (csrcs.size() & 0x0F));
  p[1] = static_cast<std::uint8_t>((header.marker ? 0x80 : 0) | (header.payload_type & 0x7F));
  detail::store_u16(p + 2, header.sequence);
  detail::store_u32(p + 4, header.timestamp);
  detail::store_u32(p + 8, header.ssrc);
  std::size_t offset = rtp_fixed_header_size;
  for (std::uint32_t csrc : csrcs) {
    detail::store_u32(p + offset, csrc);
    offset += 4;
  }
  if (header.extension) {
    detail::store_u16(p + offset, header.extension_profile);
    detail::store_u16(p + offset + 2, header.extension_words);
  }
  return size;
}

} // namespace parley::proto::voice
