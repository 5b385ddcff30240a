// Tests of RTP header parsing and serialization (voice.md §7.3, RFC 3550 §5.1, RFC 8285).
#include "proto/voice/rtp_header.hpp"

#include "proto/voice/packet_error.hpp"
#include "proto/voice/test_bytes.hpp"

#include <gtest/gtest.h>

#include <array>

namespace parley::proto::voice {
namespace {

using test::from_hex;
using test::to_hex;
using bytes = std::vector<std::uint8_t>;

TEST(rtp_header, parses_what_bots_send) {
  bytes pkt = from_hex("80781234deadbeef11223344f8fffe");
  auto h = parse_rtp_header(pkt);
  ASSERT_TRUE(h) << h.error().message();
  EXPECT_FALSE(h->padding);
  EXPECT_FALSE(h->extension);
  EXPECT_EQ(h->csrc_count, 0);
  EXPECT_FALSE(h->marker);
  EXPECT_EQ(h->payload_type, opus_payload_type);
  EXPECT_EQ(h->sequence, 0x1234);
  EXPECT_EQ(h->timestamp, 0xdeadbeefu);
  EXPECT_EQ(h->ssrc, 0x11223344u);
  EXPECT_EQ(h->rtpsize_header_size(), 12u);
  auto p = parse_rtp_packet(pkt);
  ASSERT_TRUE(p);
  EXPECT_EQ(to_hex(p->payload), "f8fffe");
  EXPECT_TRUE(p->extension_body.empty());
}

TEST(rtp_header, parses_marker_csrcs_and_extension) {
  // 0x92: V=2, X, CC=2; 0xF8: marker + PT 120.
  bytes pkt = from_hex("9278000100000002000000030000000a0000000bbede0002" "1000aabb22ccdd00" "0102");
  auto h = parse_rtp_header(pkt);
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->extension);
  EXPECT_EQ(h->csrc_count, 2);
  EXPECT_EQ(h->csrc_end(), 20u);
  EXPECT_EQ(h->rtpsize_header_size(), 24u);
  EXPECT_EQ(h->extension_profile, one_byte_extension_profile);
  EXPECT_EQ(h->extension_words, 2);
  EXPECT_EQ(h->extension_body_size(), 8u);
  auto p = parse_rtp_packet(pkt);
  ASSERT_TRUE(p);
  EXPECT_EQ(to_hex(p->extension_body), "1000aabb22ccdd00");
  EXPECT_EQ(to_hex(p->payload), "0102");

  bytes marked = from_hex("80f8000100000002000000aa");
  auto m = parse_rtp_header(marked);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->marker);
  EXPECT_EQ(m->payload_type, 0x78);
}

TEST(rtp_header, removes_padding_and_rejects_bad_counts) {
  const bytes padded = from_hex("a07800010000000200000003010200000004");
  auto p = parse_rtp_packet(padded);
  ASSERT_TRUE(p);
  EXPECT_EQ(to_hex(p->payload), "0102");
  EXPECT_EQ(p->padding_size, 4u);
  // Padding may eat the whole payload.
  const bytes all_padding = from_hex("a078000100000002000000030002");
  auto all = parse_rtp_packet(all_padding);
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->payload.empty());
  for (auto hex : {"a078000100000002000000030100", "a078000100000002000000030103", "a07800010000000200000003"}) {
    auto r = parse_rtp_packet(from_hex(hex));
    ASSERT_FALSE(r) << hex;
    EXPECT_EQ(r.error(), make_error_code(packet_errc::bad_padding)) << hex;
  }
  // Padding cannot reach back into the extension body.
  auto r = parse_rtp_packet(from_hex("b0780001000000020000000300000001aabbccdd02"));
  EXPECT_EQ(r.error(), make_error_code(packet_errc::bad_padding));
}

TEST(rtp_header, named_errors) {
  EXPECT_EQ(parse_rtp_header(from_hex("40780001000000020000000301")).error(),
            make_error_code(packet_errc::bad_version));
  EXPECT_EQ(parse_rtp_header(from_hex("80c8000100000002000000030102")).error(),
            make_error_code(packet_errc::rtcp_packet));
  EXPECT_EQ(parse_rtp_header(from_hex("80cc000100000002000000030102")).error(),
            make_error_code(packet_errc::rtcp_packet));
  // 205 is not RTCP here: it is PT 77 with the marker set.
  EXPECT_TRUE(parse_rtp_header(from_hex("80cd00010000000200000003")));
  // The extension body announced (1 word) is missing.
  EXPECT_EQ(parse_rtp_packet(from_hex("9078000100000002000000aabede0001")).error(),
            make_error_code(packet_errc::truncated));
}

TEST(rtp_header, every_truncation_is_an_error) {
  const bytes full = from_hex("9278000100000002000000030000000a0000000bbede00021000aabb22ccdd00");
  ASSERT_TRUE(parse_rtp_packet(full));
  for (std::size_t n = 0; n < full.size(); ++n) {
    bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    auto r = parse_rtp_packet(cut);
    ASSERT_FALSE(r) << n;
    EXPECT_EQ(r.error(), make_error_code(packet_errc::truncated)) << n;
    // The header parser needs only the cleartext part (24 bytes).
    EXPECT_EQ(static_cast<bool>(parse_rtp_header(cut)), n >= 24) << n;
  }
}

TEST(rtp_header, writes_and_reads_back) {
  rtp_header h;
  h.padding = true;
  h.extension = true;
  h.marker = true;
  h.payload_type = 111;
  h.sequence = 0xfffe;
  h.timestamp = 0x01020304;
  h.ssrc = 0xa1b2c3d4;
  h.extension_profile = one_byte_extension_profile;
  h.extension_words = 3;
  const std::array<std::uint32_t, 2> csrcs = {7, 0xffffffff};
  bytes out(24);
  auto n = write_rtp_header(h, csrcs, out);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 24u);
  EXPECT_EQ(to_hex(out), "b2effffe01020304a1b2c3d400000007ffffffffbede0003");
  auto back = parse_rtp_header(out);
  ASSERT_TRUE(back);
  h.csrc_count = 2;
  EXPECT_EQ(*back, h);

  bytes small(23);
  EXPECT_EQ(write_rtp_header(h, csrcs, small).error(), make_error_code(packet_errc::output_too_small));

  rtp_header plain;
  plain.sequence = 1;
  plain.timestamp = 960;
  plain.ssrc = 42;
  bytes fixed(12);
  ASSERT_TRUE(write_rtp_header(plain, {}, fixed));
  EXPECT_EQ(to_hex(fixed), "80780001000003c00000002a");
}

TEST(rtp_header, rtpsize_size_from_first_byte) {
  EXPECT_EQ(rtpsize_header_size(0x80), 12u);
  EXPECT_EQ(rtpsize_header_size(0x90), 16u);
  EXPECT_EQ(rtpsize_header_size(0xA0), 12u);
  EXPECT_EQ(rtpsize_header_size(0x93), 28u);
  EXPECT_EQ(rtpsize_header_size(0x8F), 72u);
  EXPECT_TRUE(is_rtcp_packet_type(200));
  EXPECT_TRUE(is_rtcp_packet_type(204));
  EXPECT_FALSE(is_rtcp_packet_type(199));
  EXPECT_FALSE(is_rtcp_packet_type(205));
}

} // namespace
} // namespace parley::proto::voice
