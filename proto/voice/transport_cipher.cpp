// Transport encryption modes of voice.md §8 (§8.1 cleartext header, §8.2 AES-256-GCM, §8.3
// XChaCha20-Poly1305, §8.4 the deprecated secretbox modes, §8.5 receiving).
#include "proto/voice/transport_cipher.hpp"

#include "proto/voice/detail/big_endian.hpp"
#include "proto/voice/packet_error.hpp"
#include "proto/voice/rtp_header.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sodium.h>

#include <cassert>
#include <climits>
#include <cstring>

namespace parley::proto::voice {

struct transport_cipher::evp_contexts {
  struct deleter {
    void operator()(EVP_CIPHER_CTX* ctx) const noexcept { EVP_CIPHER_CTX_free(ctx); }
  };
  // One per direction so neither switches the other's state; both hold the expanded key, so a
  // packet only sets its IV.
  std::unique_ptr<EVP_CIPHER_CTX, deleter> encrypt;
  std::unique_ptr<EVP_CIPHER_CTX, deleter> decrypt;
};

void transport_cipher::evp_deleter::operator()(evp_contexts* contexts) const noexcept { delete contexts; }

namespace {

enum class primitive { aes256_gcm, xchacha20_poly1305, xsalsa20_poly1305 };

constexpr primitive primitive_of(encryption_mode mode) noexcept {
  switch (mode) {
    case encryption_mode::aead_aes256_gcm_rtpsize:
    case encryption_mode::aead_aes256_gcm: return primitive::aes256_gcm;
    case encryption_mode::aead_xchacha20_poly1305_rtpsize: return primitive::xchacha20_poly1305;
    default: return primitive::xsalsa20_poly1305;
  }
}

constexpr std::size_t aes_iv_size = 12;
constexpr std::size_t long_nonce_size = 24;
static_assert(long_nonce_size == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(long_nonce_size == crypto_secretbox_NONCEBYTES);
static_assert(tag_size == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(tag_size == crypto_secretbox_MACBYTES);
static_assert(secret_key_size == crypto_secretbox_KEYBYTES);
static_assert(secret_key_size == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

// Validates what every mode needs of a packet before touching it: a version-2 header of the
// mode's cleartext size. Returns that size.
result<std::size_t> header_size(encryption_mode mode, const std::uint8_t* p, std::size_t size) noexcept {
  if (size < rtp_fixed_header_size) return packet_errc::truncated;
  if ((p[0] >> 6) != 2) return packet_errc::bad_version;
  std::size_t h = is_rtpsize(mode) ? rtpsize_header_size(p[0]) : rtp_fixed_header_size;
  if (size < h) return packet_errc::truncated;
  return h;
}

bool aes_seal(EVP_CIPHER_CTX* ctx, const std::uint8_t* iv, const std::uint8_t* aad, std::size_t aad_size,
              const std::uint8_t* in, std::size_t size, std::uint8_t* out, std::uint8_t* tag) noexcept {
  int n = 0;
  if (EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, iv) != 1) return false;
  if (EVP_EncryptUpdate(ctx, nullptr, &n, aad, static_cast<int>(aad_size)) != 1) return false;
  if (size != 0 && EVP_EncryptUpdate(ctx, out, &n, in, static_cast<int>(size)) != 1) return false;
  if (EVP_EncryptFinal_ex(ctx, out + size, &n) != 1) return false;
  return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag_size), tag) == 1;
}

bool aes_open(EVP_CIPHER_CTX* ctx, const std::uint8_t* iv, const std::uint8_t* aad, std::size_t aad_size,
              const std::uint8_t* in, std::size_t size, const std::uint8_t* tag, std::uint8_t* out) noexcept {
  int n = 0;
  std::uint8_t tag_copy[tag_size]; // the ctrl takes a non-const pointer, and `out` may cover `tag`
  std::memcpy(tag_copy, tag, tag_size);
  if (EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, iv) != 1) return false;
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag_size), tag_copy) != 1) return false;
  if (EVP_DecryptUpdate(ctx, nullptr, &n, aad, static_cast<int>(aad_size)) != 1) return false;
  if (size != 0 && EVP_DecryptUpdate(ctx, out, &n, in, static_cast<int>(size)) != 1) return false;
  return EVP_DecryptFinal_ex(ctx, out + size, &n) == 1;
}

// The 24-byte nonce of the counter modes, or the 12-byte IV when `size` is 12.
void counter_nonce(std::uint32_t counter, std::uint8_t* nonce, std::size_t size) noexcept {
  std::memset(nonce, 0, size);
  detail::store_u32(nonce, counter);
}

} // namespace

result<transport_cipher> transport_cipher::create(encryption_mode mode,
                                                  std::span<const std::uint8_t> key) noexcept {
  if (key.size() != secret_key_size) return packet_errc::bad_key_size;
  transport_cipher cipher(mode);
  if (primitive_of(mode) == primitive::aes256_gcm) {
    auto contexts = std::unique_ptr<evp_contexts, evp_deleter>(new (std::nothrow) evp_contexts);
    if (!contexts) return packet_errc::crypto_unavailable;
    contexts->encrypt.reset(EVP_CIPHER_CTX_new());
    contexts->decrypt.reset(EVP_CIPHER_CTX_new());
    if (!contexts->encrypt || !contexts->decrypt ||
        EVP_EncryptInit_ex(contexts->encrypt.get(), EVP_aes_256_gcm(), nullptr, key.data(), nullptr) != 1 ||
        EVP_DecryptInit_ex(contexts->decrypt.get(), EVP_aes_256_gcm(), nullptr, key.data(), nullptr) != 1) {
      return packet_errc::crypto_unavailable;
    }
    cipher.evp_ = std::move(contexts);
  } else {
    if (sodium_init() < 0) return packet_errc::crypto_unavailable;
    std::memcpy(cipher.key_.data(), key.data(), secret_key_size);
  }
  return cipher;
}

transport_cipher::transport_cipher(transport_cipher&& other) noexcept
    : mode_(other.mode_), key_(other.key_), evp_(std::move(other.evp_)) {
  sodium_memzero(other.key_.data(), other.key_.size());
}

transport_cipher& transport_cipher::operator=(transport_cipher&& other) noexcept {
  if (this != &other) {
    mode_ = other.mode_;
    key_ = other.key_;
    evp_ = std::move(other.evp_);
    sodium_memzero(other.key_.data(), other.key_.size());
  }
  return *this;
}

transport_cipher::~transport_cipher() { sodium_memzero(key_.data(), key_.size()); }

std::size_t transport_cipher::cleartext_header_size(std::span<const std::uint8_t> packet) const noexcept {
  if (packet.empty()) return 0;
  return is_rtpsize(mode_) ? rtpsize_header_size(packet[0]) : rtp_fixed_header_size;
}

std::uint32_t transport_cipher::packet_nonce(std::span<const std::uint8_t> packet) const noexcept {
  if (appended_nonce_size(mode_) != 4 || packet.size() < 4) return 0;
  return detail::load_u32(packet.data() + packet.size() - 4);
}

result<std::size_t> transport_cipher::encrypt(std::span<const std::uint8_t> packet, std::uint32_t nonce,
                                              std::span<std::uint8_t> out) noexcept {
  const std::uint8_t* in = packet.data();
  std::uint8_t* o = out.data();
  assert(o == in || o + out.size() <= in || in + packet.size() <= o);
  auto h = header_size(mode_, in, packet.size());
  if (!h) return h.error();
  const std::size_t plain = packet.size() - *h;
  const std::size_t total = packet.size() + overhead();
  if (out.size() < total) return packet_errc::output_too_small;
  if (plain > static_cast<std::size_t>(INT_MAX)) return packet_errc::output_too_small;
  if (o != in) std::memcpy(o, in, *h);

  std::uint8_t long_nonce[long_nonce_size];
  switch (primitive_of(mode_)) {
    case primitive::aes256_gcm: {
      std::uint8_t iv[aes_iv_size];
      counter_nonce(nonce, iv, sizeof iv);
      if (!aes_seal(evp_->encrypt.get(), iv, o, *h, in + *h, plain, o + *h, o + *h + plain)) {
        return packet_errc::crypto_unavailable;
      }
      detail::store_u32(o + *h + plain + tag_size, nonce);
      return total;
    }
    case primitive::xchacha20_poly1305: {
      counter_nonce(nonce, long_nonce, sizeof long_nonce);
      unsigned long long tag_written = 0;
      crypto_aead_xchacha20poly1305_ietf_encrypt_detached(o + *h, o + *h + plain, &tag_written, in + *h, plain, o,
                                                          *h, nullptr, long_nonce, key_.data());
      detail::store_u32(o + *h + plain + tag_size, nonce);
      return total;
    }
    case primitive::xsalsa20_poly1305: {
      if (mode_ == encryption_mode::xsalsa20_poly1305) {
        std::memcpy(long_nonce, o, rtp_fixed_header_size);
        std::memset(long_nonce + rtp_fixed_header_size, 0, sizeof long_nonce - rtp_fixed_header_size);
      } else {
        counter_nonce(nonce, long_nonce, sizeof long_nonce);
      }
      // The tag goes before the ciphertext: in place, shift the plaintext first.
      std::uint8_t* c = o + *h + tag_size;
      const std::uint8_t* m = in + *h;
      if (o == in) {
        std::memmove(c, m, plain);
        m = c;
      }
      crypto_secretbox_detached(c, o + *h, m, plain, long_nonce, key_.data());
      if (mode_ == encryption_mode::xsalsa20_poly1305_suffix) {
        std::memcpy(c + plain, long_nonce, sizeof long_nonce);
      } else if (appended_nonce_size(mode_) == 4) {
        detail::store_u32(c + plain, nonce);
      }
      return total;
    }
  }
  return packet_errc::crypto_unavailable;
}

result<std::size_t> transport_cipher::decrypt(std::span<std::uint8_t> packet) noexcept {
  return open(packet.data(), packet.size(), packet.data());
}

result<std::size_t> transport_cipher::decrypt(std::span<const std::uint8_t> packet,
                                              std::span<std::uint8_t> out) noexcept {
  assert(out.data() == packet.data() || out.data() + out.size() <= packet.data() ||
         packet.data() + packet.size() <= out.data());
  if (packet.size() >= overhead() && out.size() < packet.size() - overhead()) return packet_errc::output_too_small;
  return open(packet.data(), packet.size(), out.data());
}

result<std::size_t> transport_cipher::open(const std::uint8_t* in, std::size_t size, std::uint8_t* out) noexcept {
  auto h = header_size(mode_, in, size);
  if (!h) return h.error();
  if (size - *h < overhead()) return packet_errc::too_short_for_mode;
  const std::size_t plain = size - *h - overhead();
  if (plain > static_cast<std::size_t>(INT_MAX)) return packet_errc::too_short_for_mode;
  const std::size_t suffix = appended_nonce_size(mode_);
  const std::uint8_t* appended = in + size - suffix;
  std::uint8_t long_nonce[long_nonce_size];

  switch (primitive_of(mode_)) {
    case primitive::aes256_gcm: {
      std::uint8_t iv[aes_iv_size];
      counter_nonce(detail::load_u32(appended), iv, sizeof iv);
      // AAD is read from `in` before `out` is written; with out == in the header is unchanged.
      if (!aes_open(evp_->decrypt.get(), iv, in, *h, in + *h, plain, in + *h + plain, out + *h)) {
        return packet_errc::authentication_failed;
      }
      break;
    }
    case primitive::xchacha20_poly1305: {
      counter_nonce(detail::load_u32(appended), long_nonce, sizeof long_nonce);
      std::uint8_t tag[tag_size];
      std::memcpy(tag, in + *h + plain, tag_size);
      if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached(out + *h, nullptr, in + *h, plain, tag, in, *h,
                                                              long_nonce, key_.data()) != 0) {
        return packet_errc::authentication_failed;
      }
      break;
    }
    case primitive::xsalsa20_poly1305: {
      if (mode_ == encryption_mode::xsalsa20_poly1305) {
        std::memcpy(long_nonce, in, rtp_fixed_header_size);
        std::memset(long_nonce + rtp_fixed_header_size, 0, sizeof long_nonce - rtp_fixed_header_size);
      } else if (mode_ == encryption_mode::xsalsa20_poly1305_suffix) {
        std::memcpy(long_nonce, appended, sizeof long_nonce);
      } else {
        counter_nonce(detail::load_u32(appended), long_nonce, sizeof long_nonce);
      }
      std::uint8_t tag[tag_size];
      std::memcpy(tag, in + *h, tag_size);
      const std::uint8_t* c = in + *h + tag_size;
      if (out == in) {
        // Decrypt where the ciphertext lies (exact aliasing is allowed), then close the gap the
        // tag leaves.
        auto* m = const_cast<std::uint8_t*>(c);
        if (crypto_secretbox_open_detached(m, c, tag, plain, long_nonce, key_.data()) != 0) {
          return packet_errc::authentication_failed;
        }
        std::memmove(out + *h, m, plain);
      } else if (crypto_secretbox_open_detached(out + *h, c, tag, plain, long_nonce, key_.data()) != 0) {
        return packet_errc::authentication_failed;
      }
      break;
    }
  }
  if (out != in) std::memcpy(out, in, *h);
  return size - overhead();
}

} // namespace parley::proto::voice
