// UDP peer addresses for the SFU; see udp_peer.hpp.
#include "server/voice/udp_peer.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace parley::server::voice {

namespace {
constexpr std::array<std::uint8_t, 12> v4_mapped_prefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
} // namespace

udp_peer udp_peer::v4(std::uint32_t address, std::uint16_t port) noexcept {
  udp_peer p;
  std::memcpy(p.ip.data(), v4_mapped_prefix.data(), v4_mapped_prefix.size());
  p.ip[12] = static_cast<std::uint8_t>(address >> 24);
  p.ip[13] = static_cast<std::uint8_t>(address >> 16);
  p.ip[14] = static_cast<std::uint8_t>(address >> 8);
  p.ip[15] = static_cast<std::uint8_t>(address);
  p.port = port;
  return p;
}

udp_peer udp_peer::v6(std::span<const std::uint8_t, 16> address, std::uint16_t port) noexcept {
  udp_peer p;
  std::memcpy(p.ip.data(), address.data(), 16);
  p.port = port;
  return p;
}

std::optional<udp_peer> udp_peer::parse(std::string_view address, std::uint16_t port) noexcept {
  if (address.empty() || address.size() > 45) return std::nullopt;
  char text[46] = {};
  std::memcpy(text, address.data(), address.size());
  in_addr a4{};
  if (inet_pton(AF_INET, text, &a4) == 1) return v4(ntohl(a4.s_addr), port);
  in6_addr a6{};
  if (inet_pton(AF_INET6, text, &a6) == 1) return v6(std::span<const std::uint8_t, 16>(a6.s6_addr, 16), port);
  return std::nullopt;
}

bool udp_peer::is_v4() const noexcept {
  return std::memcmp(ip.data(), v4_mapped_prefix.data(), v4_mapped_prefix.size()) == 0;
}

std::uint32_t udp_peer::v4_address() const noexcept {
  return std::uint32_t{ip[12]} << 24 | std::uint32_t{ip[13]} << 16 | std::uint32_t{ip[14]} << 8 | ip[15];
}

std::size_t udp_peer::format_address(std::span<char> out) const noexcept {
  if (out.size() < INET6_ADDRSTRLEN) return 0;
  const char* ok = is_v4() ? inet_ntop(AF_INET, ip.data() + 12, out.data(), static_cast<socklen_t>(out.size()))
                           : inet_ntop(AF_INET6, ip.data(), out.data(), static_cast<socklen_t>(out.size()));
  return ok ? std::strlen(out.data()) : 0;
}

} // namespace parley::server::voice
