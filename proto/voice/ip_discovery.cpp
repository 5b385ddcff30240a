// IP discovery encoding and decoding (voice.md §7.1; clients.md §7: the address is read from
// offset 8 up to the first NUL, the port from the last two bytes, big-endian).
#include "proto/voice/ip_discovery.hpp"

#include "proto/voice/detail/big_endian.hpp"
#include "proto/voice/packet_error.hpp"

#include <cstring>

namespace parley::proto::voice {
namespace {

constexpr std::uint16_t length_field = 70; // bytes after the length field
constexpr std::size_t address_offset = 8;
constexpr std::size_t port_offset = 72;

} // namespace

result<ip_discovery> parse_ip_discovery(std::span<const std::uint8_t> datagram) noexcept {
  if (datagram.size() != ip_discovery_size) return packet_errc::bad_discovery_size;
  const std::uint8_t* p = datagram.data();
  std::uint16_t type = detail::load_u16(p);
  if (type != 1 && type != 2) return packet_errc::bad_discovery_type;
  if (detail::load_u16(p + 2) != length_field) return packet_errc::bad_discovery_length;
  ip_discovery out;
  out.type = static_cast<ip_discovery_type>(type);
  out.ssrc = detail::load_u32(p + 4);
  std::size_t n = 0;
  while (n < ip_discovery_address_size && p[address_offset + n] != 0) {
    std::uint8_t c = p[address_offset + n];
    if (c < 0x20 || c > 0x7E) return packet_errc::bad_discovery_address;
    ++n;
  }
  if (n == ip_discovery_address_size) return packet_errc::bad_discovery_address;
  out.address = std::string_view(reinterpret_cast<const char*>(p + address_offset), n);
  out.port = detail::load_u16(p + port_offset);
  return out;
}

result<std::size_t> write_ip_discovery(const ip_discovery& message, std::span<std::uint8_t> out) noexcept {
  if (message.address.size() >= ip_discovery_address_size) return packet_errc::address_too_long;
  if (out.size() < ip_discovery_size) return packet_errc::output_too_small;
  std::uint8_t* p = out.data();
  std::memset(p, 0, ip_discovery_size);
  detail::store_u16(p, static_cast<std::uint16_t>(message.type));
  detail::store_u16(p + 2, length_field);
  detail::store_u32(p + 4, message.ssrc);
  if (!message.address.empty()) std::memcpy(p + address_offset, message.address.data(), message.address.size());
  detail::store_u16(p + port_offset, message.port);
  return ip_discovery_size;
}

} // namespace parley::proto::voice
