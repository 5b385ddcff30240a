// The SFU packet path in memory (voice.md §7, §8, §10): IP discovery only for handed-out SSRCs,
// decrypt once and re-encrypt per listener with the listener's key and counter, deaf and mute,
// no reflection to undiscovered addresses, unauthentic and malformed packets dropped and counted.
#include "server/voice/sfu.hpp"

#include "proto/voice/ip_discovery.hpp"
#include "proto/voice/rtp_header.hpp"
#include "proto/voice/transport_cipher.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace parley::server::voice {
namespace {

namespace pv = proto::voice;
using pv::encryption_mode;

constexpr std::uint64_t lounge = 200;

struct sent_datagram {
  std::vector<std::uint8_t> bytes;
  udp_peer to;
};

// A client as the SFU sees it: SSRC, address, key, its own outbound counter.
struct client {
  std::uint32_t ssrc;
  udp_peer address;
  encryption_mode mode;
  std::array<std::uint8_t, 32> key{};
  std::uint32_t nonce = 1;
  std::uint16_t sequence = 100;

  pv::transport_cipher cipher() const { return std::move(*pv::transport_cipher::create(mode, key)); }

  std::vector<std::uint8_t> discovery() const {
    std::vector<std::uint8_t> d(pv::ip_discovery_size);
    EXPECT_TRUE(pv::write_ip_discovery({pv::ip_discovery_type::request, ssrc, {}, 0}, d));
    return d;
  }

  // An encrypted RTP packet carrying `payload`; `extension` adds a one-word RFC 8285 extension
  // (whose body is encrypted in the rtpsize modes).
  std::vector<std::uint8_t> rtp(std::string_view payload, bool extension = false) {
    pv::rtp_header h;
    h.sequence = sequence++;
    h.timestamp = 960u * h.sequence;
    h.ssrc = ssrc;
    h.extension = extension;
    h.extension_profile = pv::one_byte_extension_profile;
    h.extension_words = extension ? 1 : 0;
    std::vector<std::uint8_t> plain(64);
    auto n = *pv::write_rtp_header(h, {}, plain);
    plain.resize(n);
    if (extension) plain.insert(plain.end(), {0x10, 0xaa, 0, 0});
    plain.insert(plain.end(), payload.begin(), payload.end());
    auto c = cipher();
    std::vector<std::uint8_t> out(plain.size() + c.overhead());
    out.resize(*c.encrypt(plain, nonce++, out));
    return out;
  }

  // Decrypts what the SFU sent; the payload, or nullopt when it does not authenticate.
  std::optional<std::string> open(std::vector<std::uint8_t> packet, std::uint32_t* nonce_out = nullptr) const {
    auto c = cipher();
    if (nonce_out) *nonce_out = c.packet_nonce(packet);
    auto n = c.decrypt(packet);
    if (!n) return std::nullopt;
    auto parsed = pv::parse_rtp_packet(std::span<const std::uint8_t>(packet.data(), *n));
    if (!parsed) return std::nullopt;
    return std::string(parsed->payload.begin(), parsed->payload.end());
  }
};

class sfu_test : public ::testing::Test {
 protected:
  sfu_test()
      : router([this](std::span<const sfu::datagram_out> batch) {
          ++flushes;
          for (const auto& d : batch) sent.push_back({{d.bytes.begin(), d.bytes.end()}, d.to});
        }, 8) {}

  client make(std::uint32_t ssrc, encryption_mode mode = encryption_mode::aead_aes256_gcm_rtpsize) {
    client c{ssrc, udp_peer::v4(0xc6336400u + ssrc, static_cast<std::uint16_t>(40000 + ssrc)), mode};
    for (std::size_t i = 0; i < c.key.size(); ++i) c.key[i] = static_cast<std::uint8_t>(ssrc * 31 + i);
    return c;
  }

  // Ready, discovery, Select Protocol and op 5, as a connected client has done them.
  client connect(std::uint32_t ssrc, encryption_mode mode = encryption_mode::aead_aes256_gcm_rtpsize,
                 bool deaf = false, bool mute = false) {
    auto c = make(ssrc, mode);
    router.apply(add_participant{ssrc, 1000 + ssrc, lounge, mute, deaf});
    feed(c.discovery(), c.address);
    router.apply(set_transport{ssrc, mode, c.key});
    router.apply(set_speaking{ssrc, 1});
    sent.clear();
    return c;
  }

  void feed(std::vector<std::uint8_t> datagram, const udp_peer& from) {
    router.receive(datagram, from);
    router.flush();
  }

  std::vector<sent_datagram> to(const client& c) const {
    std::vector<sent_datagram> out;
    for (const auto& s : sent)
      if (s.to == c.address) out.push_back(s);
    return out;
  }

  std::vector<sent_datagram> sent;
  int flushes = 0;
  sfu router;
};

TEST_F(sfu_test, discovery_is_answered_with_the_observed_address) {
  auto a = make(1);
  router.apply(add_participant{1, 1001, lounge, false, false});
  feed(a.discovery(), a.address);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, a.address);
  auto reply = pv::parse_ip_discovery(sent[0].bytes);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->type, pv::ip_discovery_type::response);
  EXPECT_EQ(reply->ssrc, 1u);
  EXPECT_EQ(reply->address, "198.51.100.1");
  EXPECT_EQ(reply->port, 40001);
  EXPECT_EQ(router.counters().discovery_answered, 1u);
}

TEST_F(sfu_test, discovery_for_an_ssrc_never_handed_out_is_not_answered) {
  auto a = make(1);
  feed(a.discovery(), a.address);
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(router.counters().discovery_refused, 1u);
}

TEST_F(sfu_test, once_pinned_discovery_from_another_address_is_refused) {
  auto a = connect(1);
  auto victim = udp_peer::v4(0x0a000001, 9);
  feed(a.discovery(), victim);
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(router.counters().discovery_refused, 1u);
}

TEST_F(sfu_test, a_packet_is_decrypted_once_and_encrypted_per_listener_with_its_key) {
  auto a = connect(1);
  auto b = connect(2, encryption_mode::aead_xchacha20_poly1305_rtpsize);
  auto c = connect(3);
  feed(a.rtp("opus-frame-1", true), a.address);
  EXPECT_TRUE(to(a).empty());  // never echoed to the speaker
  auto at_b = to(b);
  auto at_c = to(c);
  ASSERT_EQ(at_b.size(), 1u);
  ASSERT_EQ(at_c.size(), 1u);
  std::uint32_t nonce_b = 0, nonce_c = 0;
  EXPECT_EQ(b.open(at_b[0].bytes, &nonce_b), "opus-frame-1");
  EXPECT_EQ(c.open(at_c[0].bytes, &nonce_c), "opus-frame-1");
  // Each under its own key: the other's key does not open it.
  EXPECT_FALSE(c.open(at_b[0].bytes));
  // §8.6: the server's counters start far from the clients' own.
  EXPECT_EQ(nonce_b, 0x80000000u);
  EXPECT_EQ(nonce_c, 0x80000000u);
  // The sender's SSRC and sequence survive (receivers map SSRCs to users).
  auto header = pv::parse_rtp_header(at_b[0].bytes);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->ssrc, 1u);
  EXPECT_EQ(header->sequence, 100);
  EXPECT_TRUE(header->extension);
  feed(a.rtp("opus-frame-2"), a.address);
  std::uint32_t next_nonce = 0;
  EXPECT_EQ(b.open(to(b).back().bytes, &next_nonce), "opus-frame-2");
  EXPECT_EQ(next_nonce, 0x80000001u);
  EXPECT_EQ(router.counters().rtp_in, 2u);
  EXPECT_EQ(router.counters().rtp_out, 4u);
}

TEST_F(sfu_test, a_deafened_listener_gets_nothing_and_a_muted_speaker_is_not_forwarded) {
  auto a = connect(1);
  auto b = connect(2, encryption_mode::aead_aes256_gcm_rtpsize, /*deaf=*/true);
  auto c = connect(3, encryption_mode::aead_aes256_gcm_rtpsize, false, /*mute=*/true);
  feed(a.rtp("hello"), a.address);
  EXPECT_TRUE(to(b).empty());
  EXPECT_EQ(to(c).size(), 1u);
  sent.clear();
  feed(c.rtp("muted"), c.address);
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(router.counters().dropped_muted, 1u);
  // Flags change at run time (server mute lifted, deafen lifted).
  router.apply(set_flags{3, false, false});
  router.apply(set_flags{2, false, false});
  feed(c.rtp("unmuted"), c.address);
  EXPECT_EQ(a.open(to(a).at(0).bytes), "unmuted");
  EXPECT_EQ(b.open(to(b).at(0).bytes), "unmuted");
}

TEST_F(sfu_test, nothing_goes_to_a_listener_that_has_not_done_discovery) {
  auto a = connect(1);
  auto b = make(2);
  router.apply(add_participant{2, 1002, lounge, false, false});
  router.apply(set_transport{2, b.mode, b.key});  // Select Protocol without discovery
  feed(a.rtp("x"), a.address);
  EXPECT_TRUE(sent.empty());
}

TEST_F(sfu_test, rtp_before_op_5_is_forwarded_and_an_unknown_ssrc_is_dropped) {
  auto a = connect(1);
  auto b = make(2);
  router.apply(add_participant{2, 1002, lounge, false, false});
  feed(b.discovery(), b.address);
  router.apply(set_transport{2, b.mode, b.key});
  sent.clear();
  // @discordjs/voice's first packet races its op 5 (UDP beats the WebSocket): it must not be lost.
  feed(b.rtp("before op 5"), b.address);
  ASSERT_EQ(sent.size(), 1u);
  sent.clear();
  auto stranger = make(77);
  feed(stranger.rtp("who"), stranger.address);
  EXPECT_EQ(router.counters().dropped_unknown_ssrc, 1u);
  EXPECT_TRUE(sent.empty());
  (void)a;
}

TEST_F(sfu_test, unauthentic_and_malformed_packets_are_dropped_and_counted) {
  auto a = connect(1);
  auto b = connect(2);
  auto packet = a.rtp("payload");
  packet[14] ^= 1;  // a ciphertext bit
  feed(packet, a.address);
  EXPECT_EQ(router.counters().dropped_unauthentic, 1u);
  auto forged = b.rtp("spoofed");  // b's key, a's SSRC
  forged[8] = 0, forged[9] = 0, forged[10] = 0, forged[11] = 1;
  feed(forged, b.address);
  EXPECT_EQ(router.counters().dropped_unauthentic, 2u);
  std::vector<std::uint8_t> tiny{0x80, 0x78, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9};
  feed(tiny, a.address);
  EXPECT_EQ(router.counters().dropped_malformed, 1u);
  feed({1, 2, 3, 4, 0, 0, 0, 0}, a.address);  // a discord.js keep-alive
  EXPECT_EQ(router.counters().keepalive, 1u);
  std::vector<std::uint8_t> rtcp(28, 0);
  rtcp[0] = 0x80, rtcp[1] = 200;
  feed(rtcp, a.address);
  EXPECT_EQ(router.counters().rtcp, 1u);
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(router.counters().rtp_in, 0u);
}

TEST_F(sfu_test, only_an_authentic_packet_moves_a_pinned_address) {
  auto a = connect(1);
  auto b = connect(2);
  const auto rebound = udp_peer::v4(0xc6336401u, 50555);  // a's NAT gave it a new port
  feed(a.rtp("from the new port"), rebound);
  EXPECT_EQ(router.counters().roamed, 1u);
  EXPECT_EQ(to(b).size(), 1u);
  sent.clear();
  feed(b.rtp("reply"), b.address);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, rebound);
  // An attacker without the key cannot redirect b's stream at a victim.
  auto garbage = b.rtp("x");
  garbage[13] ^= 0xff;
  const auto victim = udp_peer::v4(0x0a000001, 9);
  feed(garbage, victim);
  sent.clear();
  feed(a.rtp("still to b"), rebound);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, b.address);
}

TEST_F(sfu_test, only_the_same_call_hears_a_speaker_and_moves_follow) {
  auto a = connect(1);
  auto b = connect(2);
  router.apply(move_participant{2, 999});
  feed(a.rtp("lounge only"), a.address);
  EXPECT_TRUE(sent.empty());
  router.apply(move_participant{1, 999});
  feed(a.rtp("together again"), a.address);
  EXPECT_EQ(b.open(to(b).at(0).bytes), "together again");
  router.apply(remove_participant{2});
  sent.clear();
  feed(a.rtp("alone"), a.address);
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(router.participant_count(), 1u);
}

TEST_F(sfu_test, output_is_batched) {
  auto a = connect(1);
  std::vector<client> listeners;
  for (std::uint32_t i = 2; i < 22; ++i) listeners.push_back(connect(i));
  flushes = 0;
  feed(a.rtp("many"), a.address);
  EXPECT_EQ(sent.size(), 20u);
  EXPECT_EQ(flushes, 3);  // batches of 8: 8 + 8 + 4
  for (const auto& l : listeners) EXPECT_EQ(l.open(to(l).at(0).bytes), "many");
}

TEST_F(sfu_test, legacy_listener_modes_are_served_too) {
  auto a = connect(1);
  auto b = connect(2, encryption_mode::xsalsa20_poly1305_lite);
  auto c = connect(3, encryption_mode::xsalsa20_poly1305_suffix);
  feed(a.rtp("old clients", true), a.address);
  EXPECT_EQ(b.open(to(b).at(0).bytes), "old clients");
  EXPECT_EQ(c.open(to(c).at(0).bytes), "old clients");
}

} // namespace
} // namespace parley::server::voice
