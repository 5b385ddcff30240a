// Known-answer, cross-check, tampering and truncation tests of the transport encryption modes
// (voice.md §8). The fixed vectors come from testdata/make_transport_vectors.py, a second
// implementation of the layouts (Python `cryptography`, its own HChaCha20, libsodium via ctypes);
// the cross-checks below decrypt our output with raw OpenSSL/libsodium calls and the layout
// written out again here.
#include "proto/voice/transport_cipher.hpp"

#include "proto/voice/packet_error.hpp"
#include "proto/voice/rtp_header.hpp"
#include "proto/voice/test_bytes.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sodium.h>

#include <array>
#include <cstring>
#include <optional>

namespace parley::proto::voice {
namespace {

using test::from_hex;
using test::to_hex;
using bytes = std::vector<std::uint8_t>;

constexpr std::uint32_t counter = 0x01020304;
constexpr std::string_view plain_hex = "8078123400000960aabbccddf8fffe01080f161d242b323940474e55";
// X set, CC = 1: CSRC 0x22222222, extension 0xBEDE length 1, body 10aa0000, then the payload.
constexpr std::string_view extended_hex =
    "91781234000009601122334422222222bede000110aa0000f8fffe01080f161d242b323940474e55";
constexpr std::string_view payload_hex = "f8fffe01080f161d242b323940474e55";

struct known_answer {
  encryption_mode mode;
  std::string_view plain;    // encryption of plain_hex
  std::string_view extended; // encryption of extended_hex
};

constexpr known_answer known_answers[] = {
    {encryption_mode::aead_aes256_gcm_rtpsize,
     "8078123400000960aabbccddd9aa235c1f9e6e6cdfcca582f087f93b869c85bdbd7df3aa3d866b7494801b6601020304",
     "91781234000009601122334422222222bede000131ffdd5def6e8670f3e881a694eb8557b05814a451e8436103e24759d82cf8e7ddbfad"
     "f201020304"},
    {encryption_mode::aead_xchacha20_poly1305_rtpsize,
     "8078123400000960aabbccdd8e97ee4d96655402a2c847beb01e6aa5311370221d98758362363454010946a501020304",
     "91781234000009601122334422222222bede000166c2104c6695bc1e8eec639ad47216c97c021a36dfc83e71ae81afa9c49d2cc81c81ce"
     "5e01020304"},
    {encryption_mode::xsalsa20_poly1305_lite_rtpsize,
     "8078123400000960aabbccdd9879a2df5c7d8b76176395c46630a228358c98972d6b7033eac47559e4f8ad2e01020304",
     "91781234000009601122334422222222bede00016096b716578b34fd4c4c36574ea2953addd96696dd9b982fc6e0517d8094d14209e5e2"
     "dd01020304"},
    {encryption_mode::aead_aes256_gcm,
     "8078123400000960aabbccddd9aa235c1f9e6e6cdfcca582f087f93b869c85bdbd7df3aa3d866b7494801b6601020304",
     "9178123400000960112233440377ff7fa94f7870eb4d97bb483f496ff8104cecf48a3b6a08b6770a9a80f2c32f94729187f816d28b568a"
     "9001020304"},
    {encryption_mode::xsalsa20_poly1305,
     "8078123400000960aabbccddd06c19196410092514b2914fadcb5104e1c8f2f5e7d95eec758a10d0098c8ab5",
     "917812340000096011223344c0f3ac69d57e68e724c5a56b5bb0952eb1fb45c6d262bbaa9f1d594347cb88a58f2471ddeae9f2903b92bd"
     "c1"},
    {encryption_mode::xsalsa20_poly1305_suffix,
     "8078123400000960aabbccdd9879a2df5c7d8b76176395c46630a228358c98972d6b7033eac47559e4f8ad2e01020304000000000000000000"
     "0000000000000000000000",
     "9178123400000960112233441dd6df1e5c1d0e79fcc642423e228f5def5144b49bba662fde4547605c401d7a41adba95987273e2522914"
     "24010203040000000000000000000000000000000000000000"},
    {encryption_mode::xsalsa20_poly1305_lite,
     "8078123400000960aabbccdd9879a2df5c7d8b76176395c46630a228358c98972d6b7033eac47559e4f8ad2e01020304",
     "9178123400000960112233441dd6df1e5c1d0e79fcc642423e228f5def5144b49bba662fde4547605c401d7a41adba95987273e2522914"
     "2401020304"},
};

std::array<std::uint8_t, 32> test_key() {
  std::array<std::uint8_t, 32> k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(i);
  return k;
}

transport_cipher make(encryption_mode mode) {
  auto key = test_key();
  auto c = transport_cipher::create(mode, key);
  EXPECT_TRUE(c) << c.error().message();
  return std::move(*c);
}

bytes seal(transport_cipher& c, const bytes& plain, std::uint32_t nonce = counter) {
  bytes out(plain.size() + c.overhead());
  auto n = c.encrypt(plain, nonce, out);
  EXPECT_TRUE(n) << n.error().message();
  EXPECT_EQ(*n, out.size());
  return out;
}

result<bytes> open(transport_cipher& c, bytes packet) {
  auto n = c.decrypt(std::span<std::uint8_t>(packet));
  if (!n) return n.error();
  packet.resize(*n);
  return packet;
}

// --- An independent decryption with the raw libraries, the layout spelled out per voice.md §8.

std::size_t cleartext_size(encryption_mode mode, const bytes& pkt) {
  if (!is_rtpsize(mode)) return 12;
  return 12 + 4 * (pkt[0] & 0x0F) + ((pkt[0] & 0x10) ? 4 : 0);
}

std::optional<bytes> raw_open(encryption_mode mode, const bytes& pkt) {
  auto key = test_key();
  const std::size_t h = cleartext_size(mode, pkt);
  bytes out(pkt.begin(), pkt.begin() + static_cast<std::ptrdiff_t>(h));
  switch (mode) {
    case encryption_mode::aead_aes256_gcm_rtpsize:
    case encryption_mode::aead_aes256_gcm: {
      // packet = header ‖ ciphertext ‖ tag(16) ‖ counter(4); IV = counter ‖ 8 zeros; AAD = header.
      std::uint8_t iv[12] = {};
      std::memcpy(iv, pkt.data() + pkt.size() - 4, 4);
      const std::size_t ct = pkt.size() - h - 20;
      std::uint8_t tag[16];
      std::memcpy(tag, pkt.data() + h + ct, 16);
      EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
      int len = 0;
      out.resize(h + ct + 16);
      bool ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, key.data(), iv) == 1 &&
                EVP_DecryptUpdate(ctx, nullptr, &len, pkt.data(), static_cast<int>(h)) == 1 &&
                EVP_DecryptUpdate(ctx, out.data() + h, &len, pkt.data() + h, static_cast<int>(ct)) == 1 &&
                EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, tag) == 1 &&
                EVP_DecryptFinal_ex(ctx, out.data() + h + ct, &len) == 1;
      EVP_CIPHER_CTX_free(ctx);
      if (!ok) return std::nullopt;
      out.resize(h + ct);
      return out;
    }
    case encryption_mode::aead_xchacha20_poly1305_rtpsize: {
      // libsodium "combined" = ciphertext ‖ tag; nonce = counter ‖ 20 zeros; AAD = header.
      std::uint8_t nonce[24] = {};
      std::memcpy(nonce, pkt.data() + pkt.size() - 4, 4);
      const std::size_t combined = pkt.size() - h - 4;
      out.resize(h + combined);
      unsigned long long m = 0;
      if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data() + h, &m, nullptr, pkt.data() + h, combined,
                                                     pkt.data(), h, nonce, key.data()) != 0) {
        return std::nullopt;
      }
      out.resize(h + m);
      return out;
    }
    default: {
      // secretbox "easy" = MAC ‖ ciphertext.
      std::uint8_t nonce[24] = {};
      std::size_t suffix = 4;
      if (mode == encryption_mode::xsalsa20_poly1305) {
        std::memcpy(nonce, pkt.data(), 12);
        suffix = 0;
      } else if (mode == encryption_mode::xsalsa20_poly1305_suffix) {
        std::memcpy(nonce, pkt.data() + pkt.size() - 24, 24);
        suffix = 24;
      } else {
        std::memcpy(nonce, pkt.data() + pkt.size() - 4, 4);
      }
      const std::size_t boxed = pkt.size() - h - suffix;
      out.resize(h + boxed - 16);
      if (crypto_secretbox_open_easy(out.data() + h, pkt.data() + h, boxed, nonce, key.data()) != 0) {
        return std::nullopt;
      }
      return out;
    }
  }
}

class each_mode : public ::testing::TestWithParam<known_answer> {};

TEST_P(each_mode, encrypts_to_known_answer) {
  auto c = make(GetParam().mode);
  EXPECT_EQ(to_hex(seal(c, from_hex(plain_hex))), GetParam().plain);
  EXPECT_EQ(to_hex(seal(c, from_hex(extended_hex))), GetParam().extended);
}

TEST_P(each_mode, decrypts_known_answer) {
  auto c = make(GetParam().mode);
  auto p = open(c, from_hex(GetParam().plain));
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(to_hex(*p), plain_hex);
  auto e = open(c, from_hex(GetParam().extended));
  ASSERT_TRUE(e) << e.error().message();
  EXPECT_EQ(to_hex(*e), extended_hex);
}

TEST_P(each_mode, raw_library_decrypts_our_output) {
  auto c = make(GetParam().mode);
  for (auto hex : {plain_hex, extended_hex}) {
    bytes plain = from_hex(hex);
    for (std::uint32_t nonce : {0u, 1u, 0x80000000u, 0xFFFFFFFFu}) {
      auto sealed = seal(c, plain, nonce);
      auto raw = raw_open(GetParam().mode, sealed);
      ASSERT_TRUE(raw) << to_string(GetParam().mode) << " " << hex;
      EXPECT_EQ(*raw, plain);
      EXPECT_EQ(c.packet_nonce(sealed), appended_nonce_size(GetParam().mode) == 4 ? nonce : 0u);
    }
  }
}

TEST_P(each_mode, overhead_matches_the_wire) {
  auto c = make(GetParam().mode);
  EXPECT_EQ(from_hex(GetParam().plain).size() - from_hex(plain_hex).size(), c.overhead());
  EXPECT_EQ(c.overhead(), encryption_overhead(GetParam().mode));
}

TEST_P(each_mode, in_place_and_out_of_place_agree) {
  auto c = make(GetParam().mode);
  bytes plain = from_hex(extended_hex);
  bytes expected = seal(c, plain);
  bytes buffer = plain;
  buffer.resize(plain.size() + c.overhead());
  auto n = c.encrypt(std::span<const std::uint8_t>(buffer.data(), plain.size()), counter, buffer);
  ASSERT_TRUE(n);
  EXPECT_EQ(buffer, expected);
  bytes out(expected.size());
  auto m = c.decrypt(std::span<const std::uint8_t>(expected), out);
  ASSERT_TRUE(m);
  out.resize(*m);
  EXPECT_EQ(out, plain);
}

TEST_P(each_mode, every_flipped_bit_of_the_authenticated_region_is_rejected) {
  const auto mode = GetParam().mode;
  auto c = make(mode);
  bytes sealed = from_hex(GetParam().extended);
  // The AEAD modes authenticate the cleartext header too (AAD); the secretbox modes only what
  // follows it, except xsalsa20_poly1305 whose nonce is the 12-byte header.
  const bool header_unauthenticated = tag_precedes_ciphertext(mode) && mode != encryption_mode::xsalsa20_poly1305;
  const std::size_t first = header_unauthenticated ? cleartext_size(mode, sealed) : 0;
  for (std::size_t i = first; i < sealed.size(); ++i) {
    if (i == 0) continue; // byte 0 changes V/P/X/CC: tested below
    for (std::uint8_t bit : {0x01, 0x80}) {
      bytes tampered = sealed;
      tampered[i] ^= bit;
      auto r = open(c, tampered);
      ASSERT_FALSE(r) << to_string(mode) << " byte " << i << " bit " << int(bit);
      EXPECT_EQ(r.error(), make_error_code(packet_errc::authentication_failed));
    }
  }
  // Failures leave the cipher usable.
  auto good = open(c, sealed);
  ASSERT_TRUE(good);
  EXPECT_EQ(to_hex(*good), extended_hex);
}

TEST_P(each_mode, every_truncation_is_an_error) {
  auto c = make(GetParam().mode);
  bytes sealed = from_hex(GetParam().extended);
  for (std::size_t n = 0; n < sealed.size(); ++n) {
    // A separate allocation of exactly n bytes, so ASan sees any read past the end.
    bytes cut(sealed.begin(), sealed.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(c.decrypt(std::span<std::uint8_t>(cut))) << n;
  }
}

TEST_P(each_mode, wrong_key_or_nonce_fails) {
  auto key = test_key();
  key[31] ^= 1;
  auto other = transport_cipher::create(GetParam().mode, key);
  ASSERT_TRUE(other);
  auto r = open(*other, from_hex(GetParam().plain));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), make_error_code(packet_errc::authentication_failed));
}

INSTANTIATE_TEST_SUITE_P(modes, each_mode, ::testing::ValuesIn(known_answers),
                         [](const auto& param_info) { return std::string(to_string(param_info.param.mode)); });

TEST(transport_cipher, rtpsize_aad_covers_the_extension_preamble_and_encrypts_its_body) {
  auto c = make(encryption_mode::aead_aes256_gcm_rtpsize);
  bytes plain = from_hex(extended_hex);
  bytes sealed = seal(c, plain);
  // 12 fixed + 4 CSRC + 4 preamble = 20 bytes in clear, the extension body is not.
  EXPECT_TRUE(std::equal(plain.begin(), plain.begin() + 20, sealed.begin()));
  EXPECT_NE(to_hex(bytes(sealed.begin() + 20, sealed.begin() + 24)), "10aa0000");
  EXPECT_EQ(c.cleartext_header_size(sealed), 20u);
  // Changing the declared extension length (preamble, AAD) breaks authentication.
  bytes tampered = sealed;
  tampered[19] ^= 0x02;
  EXPECT_FALSE(open(c, tampered));

  auto decrypted = open(c, sealed);
  ASSERT_TRUE(decrypted);
  auto parsed = parse_rtp_packet(*decrypted);
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->header.extension_profile, one_byte_extension_profile);
  EXPECT_EQ(to_hex(parsed->extension_body), "10aa0000");
  EXPECT_EQ(to_hex(parsed->payload), payload_hex);
}

TEST(transport_cipher, legacy_modes_keep_only_12_bytes_in_clear) {
  auto c = make(encryption_mode::aead_aes256_gcm);
  bytes sealed = seal(c, from_hex(extended_hex));
  EXPECT_EQ(c.cleartext_header_size(sealed), 12u);
  EXPECT_NE(to_hex(bytes(sealed.begin() + 12, sealed.begin() + 16)), "22222222");
}

TEST(transport_cipher, padding_survives_a_round_trip_and_is_removed_by_the_parser) {
  auto c = make(encryption_mode::aead_xchacha20_poly1305_rtpsize);
  // P set; payload f8fffe, then 3 bytes of padding whose last byte is the count.
  bytes plain = from_hex("a078000100000000000000aaf8fffe000003");
  auto decrypted = open(c, seal(c, plain));
  ASSERT_TRUE(decrypted);
  EXPECT_EQ(*decrypted, plain);
  auto parsed = parse_rtp_packet(*decrypted);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(to_hex(parsed->payload), "f8fffe");
  EXPECT_EQ(parsed->padding_size, 3u);
}

TEST(transport_cipher, refuses_bad_keys_and_small_buffers) {
  bytes short_key(31);
  auto r = transport_cipher::create(encryption_mode::aead_aes256_gcm_rtpsize, short_key);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), make_error_code(packet_errc::bad_key_size));

  auto c = make(encryption_mode::aead_aes256_gcm_rtpsize);
  bytes plain = from_hex(plain_hex);
  bytes out(plain.size() + c.overhead() - 1);
  auto e = c.encrypt(plain, 1, out);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error(), make_error_code(packet_errc::output_too_small));

  bytes sealed = seal(c, plain);
  bytes small(plain.size() - 1);
  auto d = c.decrypt(std::span<const std::uint8_t>(sealed), small);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error(), make_error_code(packet_errc::output_too_small));
}

TEST(transport_cipher, rejects_non_rtp_and_short_packets_with_named_errors) {
  auto c = make(encryption_mode::aead_aes256_gcm_rtpsize);
  bytes not_v2 = from_hex(plain_hex);
  not_v2[0] = 0x40;
  bytes out(not_v2.size() + 20);
  EXPECT_EQ(c.encrypt(not_v2, 1, out).error(), make_error_code(packet_errc::bad_version));
  bytes sealed = seal(c, from_hex(plain_hex));
  sealed[0] = 0x40;
  EXPECT_EQ(open(c, sealed).error(), make_error_code(packet_errc::bad_version));
  // A complete header but no room for tag and counter.
  bytes header_only = from_hex("8078123400000960aabbccdd0102030405");
  EXPECT_EQ(open(c, header_only).error(), make_error_code(packet_errc::too_short_for_mode));
  // CC = 15 announces 72 header bytes.
  bytes many_csrcs = from_hex("8f78123400000960aabbccdd0102030405060708");
  EXPECT_EQ(open(c, many_csrcs).error(), make_error_code(packet_errc::truncated));
}

TEST(transport_cipher, empty_payload_round_trips) {
  for (const auto& ka : known_answers) {
    auto c = make(ka.mode);
    bytes header = from_hex("8078000100000000000000aa");
    auto decrypted = open(c, seal(c, header));
    ASSERT_TRUE(decrypted) << to_string(ka.mode);
    EXPECT_EQ(*decrypted, header);
  }
}

TEST(transport_cipher, moved_from_cipher_is_replaced_cleanly) {
  auto a = make(encryption_mode::aead_aes256_gcm_rtpsize);
  auto b = make(encryption_mode::xsalsa20_poly1305_lite);
  b = std::move(a);
  EXPECT_EQ(b.mode(), encryption_mode::aead_aes256_gcm_rtpsize);
  EXPECT_EQ(to_hex(seal(b, from_hex(plain_hex))), known_answers[0].plain);
}

} // namespace
} // namespace parley::proto::voice
