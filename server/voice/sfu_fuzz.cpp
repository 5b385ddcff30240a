// Fuzz target: arbitrary datagrams into the SFU's packet path (sfu.hpp) from a participant's own
// address and from a stranger's, with two participants in a call (one AES, one XChaCha).
#include "server/voice/sfu.hpp"

#include "proto/voice/ip_discovery.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

using namespace parley::server::voice;
namespace pv = parley::proto::voice;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::size_t sent = 0;
  sfu router([&sent](std::span<const sfu::datagram_out> batch) {
    for (const auto& d : batch)
      if (d.bytes.size() > sfu::max_datagram) __builtin_trap();
    sent += batch.size();
  }, 4);
  const auto a = udp_peer::v4(0x0a000001, 1000), b = udp_peer::v4(0x0a000002, 2000);
  std::array<std::uint8_t, 32> key{};
  for (std::uint32_t ssrc : {1u, 2u}) {
    router.apply(add_participant{ssrc, ssrc, 7, false, false});
    std::array<std::uint8_t, pv::ip_discovery_size> d{};
    (void)pv::write_ip_discovery({pv::ip_discovery_type::request, ssrc, {}, 0}, d);
    router.receive(d, ssrc == 1 ? a : b);
    key[0] = static_cast<std::uint8_t>(ssrc);
    router.apply(set_transport{ssrc, ssrc == 1 ? pv::encryption_mode::aead_aes256_gcm_rtpsize
                                               : pv::encryption_mode::aead_xchacha20_poly1305_rtpsize, key});
    router.apply(set_speaking{ssrc, 1});
  }
  // The input is a sequence of datagrams: [u8 source][u16 length][bytes].
  std::vector<std::uint8_t> buffer;
  while (size >= 3) {
    const std::uint8_t source = data[0];
    std::size_t n = static_cast<std::size_t>(data[1]) << 8 | data[2];
    data += 3, size -= 3;
    n = std::min(n, size);
    buffer.assign(data, data + n);
    data += n, size -= n;
    const udp_peer from = source % 3 == 0 ? a : source % 3 == 1 ? b : udp_peer::v4(0x0a000063, source);
    router.receive(buffer, from);
  }
  router.flush();
  return 0;
}
