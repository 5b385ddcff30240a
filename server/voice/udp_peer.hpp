// A UDP peer address (IPv4 or IPv6 address and port) as the SFU compares, hashes and answers it
// in IP discovery (voice.md §7.1: the address "as it appeared to the server"). Plain bytes, no
// socket types, so the SFU's packet path can be driven from memory in tests and benchmarks.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace parley::server::voice {

struct udp_peer {
  // IPv4 is kept as an IPv4-mapped IPv6 address (::ffff:a.b.c.d), so a dual-stack socket and an
  // IPv4 socket name a client the same way.
  std::array<std::uint8_t, 16> ip{};
  std::uint16_t port = 0;

  static udp_peer v4(std::uint32_t address_host_order, std::uint16_t port) noexcept;
  static udp_peer v6(std::span<const std::uint8_t, 16> address, std::uint16_t port) noexcept;
  // A numeric address ("203.0.113.5", "2001:db8::1") and port, or nullopt.
  static std::optional<udp_peer> parse(std::string_view address, std::uint16_t port) noexcept;

  bool is_v4() const noexcept;
  std::uint32_t v4_address() const noexcept; // host order; meaningful when is_v4()

  // The address as discovery answers it: dotted quad for IPv4, RFC 5952 text for IPv6. Writes
  // at most 46 bytes plus a NUL into `out` and returns the text's size (0 when `out` is too small).
  std::size_t format_address(std::span<char> out) const noexcept;

  friend bool operator==(const udp_peer&, const udp_peer&) = default;
};

} // namespace parley::server::voice
