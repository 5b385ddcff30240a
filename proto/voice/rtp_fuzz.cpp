// Fuzz target for the RTP parsers, datagram classification and every transport decryption mode
// (voice.md §7.2-§7.4, §8) with a fixed key; inputs that parse as RTP are also encrypted and must
// decrypt back to themselves.
#include "proto/voice/datagram_kind.hpp"
#include "proto/voice/rtp_header.hpp"
#include "proto/voice/transport_cipher.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

using namespace parley::proto::voice;

namespace {

std::array<std::optional<transport_cipher>, encryption_mode_count>& ciphers() {
  static auto instance = [] {
    std::array<std::optional<transport_cipher>, encryption_mode_count> all;
    std::array<std::uint8_t, secret_key_size> key{};
    for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i * 5 + 1);
    for (std::size_t m = 0; m < all.size(); ++m) {
      auto c = transport_cipher::create(static_cast<encryption_mode>(m), key);
      if (!c) std::abort();
      all[m].emplace(std::move(*c));
    }
    return all;
  }();
  return instance;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> input(data, size);
  (void)classify_datagram(input);
  (void)parse_rtp_header(input);
  (void)parse_rtp_packet(input);
  if (size == 0) return 0; // nothing to decrypt; memcpy below wants non-null pointers

  std::vector<std::uint8_t> buffer(input.begin(), input.end());
  std::vector<std::uint8_t> out(size + 64);
  for (auto& slot : ciphers()) {
    transport_cipher& c = *slot;
    // Out of place, then in place on a private copy.
    auto decrypted = c.decrypt(input, out);
    if (decrypted) (void)parse_rtp_packet(std::span<const std::uint8_t>(out.data(), *decrypted));
    std::memcpy(buffer.data(), data, size);
    (void)c.decrypt(std::span<std::uint8_t>(buffer));

    // Round trip: what encrypts must decrypt to the same bytes.
    auto sealed = c.encrypt(input, static_cast<std::uint32_t>(size), out);
    if (!sealed) continue;
    std::vector<std::uint8_t> packet(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*sealed));
    auto opened = c.decrypt(std::span<std::uint8_t>(packet));
    if (!opened || *opened != size || std::memcmp(packet.data(), data, size) != 0) std::abort();
  }
  return 0;
}
