// Tests of IP discovery encoding and decoding (voice.md §7.1, clients.md §7) and of datagram
// classification (§7.2).
#include "proto/voice/ip_discovery.hpp"

#include "proto/voice/datagram_kind.hpp"
#include "proto/voice/packet_error.hpp"
#include "proto/voice/test_bytes.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace parley::proto::voice {
namespace {

using test::to_hex;
using bytes = std::vector<std::uint8_t>;

bytes request_from_client(std::uint32_t ssrc) {
  // What discord.js and discord.py send: type 1, length 70, SSRC, 66 zero bytes.
  bytes b(74, 0);
  b[1] = 1;
  b[3] = 70;
  b[4] = static_cast<std::uint8_t>(ssrc >> 24);
  b[5] = static_cast<std::uint8_t>(ssrc >> 16);
  b[6] = static_cast<std::uint8_t>(ssrc >> 8);
  b[7] = static_cast<std::uint8_t>(ssrc);
  return b;
}

TEST(ip_discovery, parses_a_client_request) {
  bytes req = request_from_client(0xdeadbeef);
  auto r = parse_ip_discovery(req);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->type, ip_discovery_type::request);
  EXPECT_EQ(r->ssrc, 0xdeadbeefu);
  EXPECT_TRUE(r->address.empty());
  EXPECT_EQ(r->port, 0);
}

TEST(ip_discovery, response_layout_is_exact) {
  bytes out(80, 0xEE);
  auto n = write_ip_discovery({ip_discovery_type::response, 0x01020304, "203.0.113.5", 50000}, out);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 74u);
  std::string expected = "0002004601020304" + to_hex(std::string("203.0.113.5")) + std::string(2 * 53, '0') + "c350";
  EXPECT_EQ(to_hex(bytes(out.begin(), out.begin() + 74)), expected);
  EXPECT_EQ(out[74], 0xEE); // nothing written past 74 bytes
}

TEST(ip_discovery, round_trips) {
  const std::string longest(63, '7');
  for (const ip_discovery& m : {ip_discovery{ip_discovery_type::request, 1, "", 0},
                                ip_discovery{ip_discovery_type::response, 0xffffffff, "127.0.0.1", 65535},
                                ip_discovery{ip_discovery_type::response, 7, "2001:db8::1", 1},
                                ip_discovery{ip_discovery_type::response, 7, longest, 443}}) {
    std::array<std::uint8_t, 74> buf{};
    ASSERT_TRUE(write_ip_discovery(m, buf));
    auto back = parse_ip_discovery(buf);
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(back->type, m.type);
    EXPECT_EQ(back->ssrc, m.ssrc);
    EXPECT_EQ(back->address, m.address);
    EXPECT_EQ(back->port, m.port);
    EXPECT_EQ(classify_datagram(buf), datagram_kind::ip_discovery);
  }
}

TEST(ip_discovery, refuses_what_does_not_fit) {
  std::array<std::uint8_t, 74> buf{};
  EXPECT_EQ(write_ip_discovery({ip_discovery_type::response, 1, std::string(64, '1'), 1}, buf).error(),
            make_error_code(packet_errc::address_too_long));
  std::array<std::uint8_t, 73> small{};
  EXPECT_EQ(write_ip_discovery({ip_discovery_type::response, 1, "1.2.3.4", 1}, small).error(),
            make_error_code(packet_errc::output_too_small));
}

TEST(ip_discovery, named_errors) {
  bytes good = request_from_client(5);
  bytes wrong_type = good;
  wrong_type[1] = 3;
  EXPECT_EQ(parse_ip_discovery(wrong_type).error(), make_error_code(packet_errc::bad_discovery_type));
  bytes wrong_high_type = good;
  wrong_high_type[0] = 1; // 0x0101
  EXPECT_EQ(parse_ip_discovery(wrong_high_type).error(), make_error_code(packet_errc::bad_discovery_type));
  bytes wrong_length = good;
  wrong_length[3] = 74;
  EXPECT_EQ(parse_ip_discovery(wrong_length).error(), make_error_code(packet_errc::bad_discovery_length));
  bytes no_nul = good;
  for (std::size_t i = 8; i < 72; ++i) no_nul[i] = '1';
  EXPECT_EQ(parse_ip_discovery(no_nul).error(), make_error_code(packet_errc::bad_discovery_address));
  bytes control_char = good;
  control_char[8] = '\n';
  EXPECT_EQ(parse_ip_discovery(control_char).error(), make_error_code(packet_errc::bad_discovery_address));
  bytes longer = good;
  longer.push_back(0);
  EXPECT_EQ(parse_ip_discovery(longer).error(), make_error_code(packet_errc::bad_discovery_size));
}

TEST(ip_discovery, every_truncation_is_an_error) {
  std::array<std::uint8_t, 74> full{};
  ASSERT_TRUE(write_ip_discovery({ip_discovery_type::response, 9, "198.51.100.7", 1234}, full));
  for (std::size_t n = 0; n < full.size(); ++n) {
    bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    auto r = parse_ip_discovery(cut);
    ASSERT_FALSE(r) << n;
    EXPECT_EQ(r.error(), make_error_code(packet_errc::bad_discovery_size));
  }
}

TEST(datagram_kind, classifies_the_shared_flow) {
  EXPECT_EQ(classify_datagram(request_from_client(1)), datagram_kind::ip_discovery);
  bytes rtp = {0x80, 0x78, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
  EXPECT_EQ(classify_datagram(rtp), datagram_kind::rtp);
  bytes rtcp_rr = {0x81, 201, 0, 7, 0, 0, 0, 1};
  EXPECT_EQ(classify_datagram(rtcp_rr), datagram_kind::rtcp);
  bytes rtcp_sr = {0x80, 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0};
  EXPECT_EQ(classify_datagram(rtcp_sr), datagram_kind::rtcp);
  bytes keep_alive = {0x05, 0, 0, 0, 0, 0, 0, 0}; // discord.js: LE counter + 4 zeros
  EXPECT_EQ(classify_datagram(keep_alive), datagram_kind::other);
  bytes short_rtp = {0x80, 0x78, 0, 1, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(classify_datagram(short_rtp), datagram_kind::other);
  bytes discovery_sized_rtp(74, 0);
  discovery_sized_rtp[0] = 0x80;
  discovery_sized_rtp[1] = 0x78;
  EXPECT_EQ(classify_datagram(discovery_sized_rtp), datagram_kind::rtp);
  EXPECT_EQ(classify_datagram({}), datagram_kind::other);
}

} // namespace
} // namespace parley::proto::voice
