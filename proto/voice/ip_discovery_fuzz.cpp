// Fuzz target for IP discovery decoding (voice.md §7.1): whatever parses must re-encode to a
// datagram that parses to the same fields.
#include "proto/voice/ip_discovery.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace parley::proto::voice;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed = parse_ip_discovery(std::span<const std::uint8_t>(data, size));
  if (!parsed) return 0;
  std::array<std::uint8_t, ip_discovery_size> out{};
  if (!write_ip_discovery(*parsed, out)) std::abort();
  auto again = parse_ip_discovery(out);
  if (!again || again->type != parsed->type || again->ssrc != parsed->ssrc || again->address != parsed->address ||
      again->port != parsed->port) {
    std::abort();
  }
  return 0;
}
