// Transport encryption of voice RTP packets, one object per (mode, key) (voice.md §8): AES-256-GCM
// through an OpenSSL EVP context set up once, XChaCha20-Poly1305 and XSalsa20-Poly1305 (secretbox)
// through libsodium. Packet in, packet out; no allocation per packet.
#pragma once

#include "proto/base/result.hpp"
#include "proto/voice/encryption_mode.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace parley::proto::voice {

// Wire layouts (H = cleartext header: 12 + 4*CC (+4 if X) bytes in the rtpsize modes, the first
// 12 bytes otherwise; N = the sender's 32-bit nonce counter, big-endian):
//   aead_aes256_gcm_rtpsize, aead_aes256_gcm   H ‖ ciphertext ‖ tag(16) ‖ N(4)
//       12-byte IV = N ‖ 8 zero bytes; AAD = H                                   (§8.2, §8.4)
//   aead_xchacha20_poly1305_rtpsize           H ‖ ciphertext ‖ tag(16) ‖ N(4)
//       24-byte nonce = N ‖ 20 zero bytes; AAD = H                               (§8.3)
//   xsalsa20_poly1305                         H ‖ tag(16) ‖ ciphertext
//       24-byte nonce = the 12-byte header ‖ 12 zero bytes, not transmitted      (§8.4)
//   xsalsa20_poly1305_suffix                  H ‖ tag(16) ‖ ciphertext ‖ nonce(24)
//   xsalsa20_poly1305_lite(_rtpsize)          H ‖ tag(16) ‖ ciphertext ‖ N(4)
//       24-byte nonce = N ‖ 20 zero bytes (also what _suffix sends: unique, not random)
// The secretbox modes have no AAD: their header is not authenticated.
// The plaintext is everything after H of the plain RTP packet: in the rtpsize modes the
// extension body (when X), then the payload and any RTP padding (§8.1, §8.5).
//
// Not thread-safe: the AES contexts are mutated by every call. One object per client connection,
// used from the thread that owns the connection. A moved-from cipher may only be destroyed or
// assigned to.
class transport_cipher {
 public:
  // Errors: bad_key_size (key not 32 bytes), crypto_unavailable (OpenSSL or libsodium refused).
  // Calls sodium_init() the first time (idempotent, thread-safe).
  static result<transport_cipher> create(encryption_mode mode, std::span<const std::uint8_t> key) noexcept;

  transport_cipher(transport_cipher&&) noexcept;
  transport_cipher& operator=(transport_cipher&&) noexcept;
  ~transport_cipher(); // wipes the key

  encryption_mode mode() const noexcept { return mode_; }
  std::size_t overhead() const noexcept { return encryption_overhead(mode_); }
  // The cleartext header size of `packet` in this mode, or 0 when packet[0] is missing.
  std::size_t cleartext_header_size(std::span<const std::uint8_t> packet) const noexcept;

  // Encrypts the plain RTP packet `packet` (header, then what follows it in clear form) into
  // `out`, which needs packet.size() + overhead() bytes. `out` may start at packet.data() (in
  // place) or be disjoint from it; a partial overlap is a precondition violation. `nonce` is the
  // counter to send; it must never repeat under one key (voice.md §8.6). xsalsa20_poly1305
  // ignores it (its nonce is the header, so a repeated header repeats the nonce: that mode is
  // for old clients only). Returns the encrypted size. Errors: truncated (shorter than the
  // cleartext header), bad_version, output_too_small.
  result<std::size_t> encrypt(std::span<const std::uint8_t> packet, std::uint32_t nonce,
                              std::span<std::uint8_t> out) noexcept;

  // Decrypts and verifies `packet` in place; the plain packet (cleartext header, then the
  // decrypted bytes) starts at packet.data(). Returns its size (packet.size() - overhead()).
  // Errors: truncated, bad_version, too_short_for_mode, authentication_failed (the packet's
  // plaintext region is then unspecified).
  result<std::size_t> decrypt(std::span<std::uint8_t> packet) noexcept;
  // As above into `out` (packet.size() - overhead() bytes; disjoint from `packet`, or equal to
  // it). Additional error: output_too_small.
  result<std::size_t> decrypt(std::span<const std::uint8_t> packet, std::span<std::uint8_t> out) noexcept;

  // The nonce counter carried by an encrypted packet of this mode (its last 4 bytes), or 0 for
  // the modes without one (xsalsa20_poly1305; _suffix's 24 bytes are not a counter).
  std::uint32_t packet_nonce(std::span<const std::uint8_t> packet) const noexcept;

 private:
  struct evp_contexts;
  struct evp_deleter {
    void operator()(evp_contexts* contexts) const noexcept;
  };
  explicit transport_cipher(encryption_mode mode) noexcept : mode_(mode) {}
  result<std::size_t> open(const std::uint8_t* in, std::size_t size, std::uint8_t* out) noexcept;

  encryption_mode mode_;
  std::array<std::uint8_t, secret_key_size> key_{}; // used by the libsodium modes
  std::unique_ptr<evp_contexts, evp_deleter> evp_; // set for the AES-GCM modes
};

} // namespace parley::proto::voice
