// The transport encryption modes of the voice UDP path and their wire sizes (voice.md §8;
// Discord "Voice Connections", Transport Encryption Modes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace parley::proto::voice {

enum class encryption_mode : std::uint8_t {
  aead_aes256_gcm_rtpsize,         // §8.2, preferred
  aead_xchacha20_poly1305_rtpsize, // §8.3, every server offers it
  xsalsa20_poly1305_lite_rtpsize,  // §8.4, deprecated
  aead_aes256_gcm,                 // §8.4, deprecated
  xsalsa20_poly1305,               // §8.4, deprecated
  xsalsa20_poly1305_suffix,        // §8.4, deprecated
  xsalsa20_poly1305_lite,          // §8.4, deprecated
};

inline constexpr std::size_t encryption_mode_count = 7;
inline constexpr std::size_t secret_key_size = 32;
inline constexpr std::size_t tag_size = 16;

// The name used in Ready `modes`, Select Protocol and Session Description.
std::string_view to_string(encryption_mode mode) noexcept;
// The mode named `name` (exact, case-sensitive), or nullopt for any other string.
std::optional<encryption_mode> parse_encryption_mode(std::string_view name) noexcept;

// True for the modes whose cleartext header is 12 + 4*CC (+ 4 with X) bytes (§8.1); the others
// leave exactly the 12-byte fixed header in clear.
constexpr bool is_rtpsize(encryption_mode mode) noexcept {
  return mode == encryption_mode::aead_aes256_gcm_rtpsize ||
         mode == encryption_mode::aead_xchacha20_poly1305_rtpsize ||
         mode == encryption_mode::xsalsa20_poly1305_lite_rtpsize;
}

// Bytes of nonce material appended to each packet (§8.2-§8.4): the 4-byte counter, the 24-byte
// random nonce of _suffix, nothing for xsalsa20_poly1305 (its nonce is the header).
constexpr std::size_t appended_nonce_size(encryption_mode mode) noexcept {
  switch (mode) {
    case encryption_mode::xsalsa20_poly1305: return 0;
    case encryption_mode::xsalsa20_poly1305_suffix: return 24;
    default: return 4;
  }
}

// Bytes an encrypted packet has beyond its plaintext: the 16-byte tag plus the appended nonce.
// aead_aes256_gcm_rtpsize, aead_xchacha20_poly1305_rtpsize, the _lite modes, aead_aes256_gcm: 20;
// xsalsa20_poly1305: 16; xsalsa20_poly1305_suffix: 40.
constexpr std::size_t encryption_overhead(encryption_mode mode) noexcept {
  return tag_size + appended_nonce_size(mode);
}

// Secretbox modes put the tag before the ciphertext, the AEAD modes after it (§8.4).
constexpr bool tag_precedes_ciphertext(encryption_mode mode) noexcept {
  return mode == encryption_mode::xsalsa20_poly1305 || mode == encryption_mode::xsalsa20_poly1305_suffix ||
         mode == encryption_mode::xsalsa20_poly1305_lite || mode == encryption_mode::xsalsa20_poly1305_lite_rtpsize;
}

} // namespace parley::proto::voice
