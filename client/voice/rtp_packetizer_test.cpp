// The packetizer in both AEAD modes: each packet decrypts with the same key, carries 0x80 0x78,
// our SSRC, sequence +1 and timestamp +960 per frame (wrapping), and a fresh nonce counter.
#include "client/voice/rtp_packetizer.hpp"

#include "proto/voice/rtp_header.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace parley::client::voice {
namespace {

namespace pv = proto::voice;

class RtpPacketizer : public ::testing::TestWithParam<pv::encryption_mode> {};

TEST_P(RtpPacketizer, PacketsDecryptInOrder) {
  std::array<std::uint8_t, 32> key{};
  key[0] = 42;
  auto sender = pv::transport_cipher::create(GetParam(), key);
  auto receiver = pv::transport_cipher::create(GetParam(), key);
  ASSERT_TRUE(sender && receiver);
  rtp_packetizer packetizer(0xCAFE, 65534, 0xFFFFFC40u, 1); // both counters wrap during the test
  std::vector<std::uint32_t> nonces;
  for (int i = 0; i < 4; ++i) {
    const std::vector<std::uint8_t> opus(10 + i, static_cast<std::uint8_t>(i));
    std::array<std::uint8_t, max_rtp_packet_size> packet{};
    auto size = packetizer.seal(opus, *sender, packet);
    ASSERT_TRUE(size);
    EXPECT_EQ(*size, 12 + opus.size() + 20);
    EXPECT_EQ(packet[0], 0x80);
    EXPECT_EQ(packet[1], 0x78);
    nonces.push_back(receiver->packet_nonce(std::span(packet).first(*size)));
    auto plain = receiver->decrypt(std::span(packet).first(*size));
    ASSERT_TRUE(plain);
    auto parsed = pv::parse_rtp_packet(std::span<const std::uint8_t>(packet).first(*plain));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->header.ssrc, 0xCAFEu);
    EXPECT_EQ(parsed->header.sequence, static_cast<std::uint16_t>(65534 + i));
    EXPECT_EQ(parsed->header.timestamp, static_cast<std::uint32_t>(0xFFFFFC40u + 960u * i));
    EXPECT_EQ(std::vector<std::uint8_t>(parsed->payload.begin(), parsed->payload.end()), opus);
  }
  EXPECT_EQ(nonces, (std::vector<std::uint32_t>{1, 2, 3, 4}));
  EXPECT_EQ(packetizer.sequence(), 2);
}

TEST_P(RtpPacketizer, RefusesASmallBuffer) {
  std::array<std::uint8_t, 32> key{};
  auto cipher = pv::transport_cipher::create(GetParam(), key);
  rtp_packetizer packetizer(1, 0, 0, 0);
  std::array<std::uint8_t, 20> opus{};
  std::array<std::uint8_t, 51> out{}; // 12 + 20 + 20 - 1
  EXPECT_FALSE(packetizer.seal(opus, *cipher, out));
  EXPECT_EQ(packetizer.sequence(), 0); // nothing consumed
}

INSTANTIATE_TEST_SUITE_P(AeadModes, RtpPacketizer,
                         ::testing::Values(pv::encryption_mode::aead_aes256_gcm_rtpsize,
                                           pv::encryption_mode::aead_xchacha20_poly1305_rtpsize));

} // namespace
} // namespace parley::client::voice
