// Names of the transport encryption modes (voice.md §8, Ready `modes`).
#include "proto/voice/encryption_mode.hpp"

#include <array>

namespace parley::proto::voice {
namespace {

constexpr std::array<std::string_view, encryption_mode_count> names = {
    "aead_aes256_gcm_rtpsize", "aead_xchacha20_poly1305_rtpsize", "xsalsa20_poly1305_lite_rtpsize",
    "aead_aes256_gcm",         "xsalsa20_poly1305",               "xsalsa20_poly1305_suffix",
    "xsalsa20_poly1305_lite",
};

} // namespace

std::string_view to_string(encryption_mode mode) noexcept {
  auto i = static_cast<std::size_t>(mode);
  return i < names.size() ? names[i] : std::string_view{};
}

std::optional<encryption_mode> parse_encryption_mode(std::string_view name) noexcept {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<encryption_mode>(i);
  }
  return std::nullopt;
}

} // namespace parley::proto::voice
