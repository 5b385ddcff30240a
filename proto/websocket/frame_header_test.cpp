// Frame header encoding/decoding against the RFC 6455 §5.7 examples, length forms, and masking.
#include "proto/websocket/frame_header.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "proto/websocket/error.hpp"

namespace parley::proto::websocket {
namespace {

std::vector<std::byte> bytes(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

std::vector<std::byte> write(opcode op, bool fin, std::uint64_t size, std::optional<masking_key> mask = {}) {
  std::byte buffer[max_frame_header_size];
  const std::size_t n = write_frame_header(buffer, op, fin, size, mask);
  return {buffer, buffer + n};
}

constexpr masking_key rfc_key{std::byte{0x37}, std::byte{0xfa}, std::byte{0x21}, std::byte{0x3d}};

TEST(frame_header, writes_rfc_examples) {
  // §5.7: single-frame unmasked "Hello", masked "Hello", 256-byte and 64 KiB binary headers.
  EXPECT_EQ(write(opcode::text, true, 5), bytes({0x81, 0x05}));
  EXPECT_EQ(write(opcode::text, true, 5, rfc_key), bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d}));
  EXPECT_EQ(write(opcode::text, false, 3), bytes({0x01, 0x03}));
  EXPECT_EQ(write(opcode::continuation, true, 2), bytes({0x80, 0x02}));
  EXPECT_EQ(write(opcode::ping, true, 5), bytes({0x89, 0x05}));
  EXPECT_EQ(write(opcode::binary, true, 256), bytes({0x82, 0x7e, 0x01, 0x00}));
  EXPECT_EQ(write(opcode::binary, true, 65536),
            bytes({0x82, 0x7f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00}));
}

TEST(frame_header, masks_rfc_example) {
  std::string hello = "Hello";
  auto payload = std::as_writable_bytes(std::span(hello.data(), hello.size()));
  apply_mask(payload, rfc_key, 0);
  EXPECT_EQ(std::vector<std::byte>(payload.begin(), payload.end()), bytes({0x7f, 0x9f, 0x4d, 0x51, 0x58}));
  apply_mask(payload, rfc_key, 0);
  EXPECT_EQ(hello, "Hello");
}

TEST(frame_header, length_forms_round_trip) {
  for (std::uint64_t size : {0ULL, 1ULL, 125ULL, 126ULL, 127ULL, 65535ULL, 65536ULL, 1ULL << 40,
                             (1ULL << 63) - 1}) {
    for (bool masked : {false, true}) {
      const auto key = masked ? std::optional<masking_key>(rfc_key) : std::nullopt;
      const auto encoded = write(opcode::binary, size % 2 == 0, size, key);
      const std::size_t expected_size = (size < 126 ? 2 : size <= 0xffff ? 4 : 10) + (masked ? 4 : 0);
      ASSERT_EQ(encoded.size(), expected_size) << size;
      // Every strict prefix needs more bytes.
      for (std::size_t cut = 0; cut < encoded.size(); ++cut) {
        frame_header h;
        auto r = read_frame_header(std::span(encoded).first(cut), h);
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(*r, 0u);
      }
      frame_header h;
      auto r = read_frame_header(encoded, h);
      ASSERT_TRUE(r.has_value());
      EXPECT_EQ(*r, encoded.size());
      EXPECT_EQ(h.payload_size, size);
      EXPECT_EQ(h.op, opcode::binary);
      EXPECT_EQ(h.fin, size % 2 == 0);
      EXPECT_EQ(h.masked, masked);
      EXPECT_EQ(h.rsv, 0);
      if (masked) {
        EXPECT_EQ(h.mask, rfc_key);
      }
    }
  }
}

TEST(frame_header, reads_rsv_and_raw_opcode) {
  frame_header h;
  const auto in = bytes({0x73, 0x00}); // FIN clear, RSV1..3 set, opcode 3
  ASSERT_EQ(read_frame_header(in, h).value(), 2u);
  EXPECT_EQ(h.rsv, 7);
  EXPECT_EQ(static_cast<int>(h.op), 3);
  EXPECT_FALSE(h.fin);
  EXPECT_FALSE(is_known(h.op));
}

TEST(frame_header, rejects_non_minimal_and_top_bit_lengths) {
  frame_header h;
  // 5 in the 16-bit form.
  EXPECT_EQ(read_frame_header(bytes({0x82, 0x7e, 0x00, 0x05}), h).error(), errc::bad_length_encoding);
  // 65535 in the 64-bit form.
  EXPECT_EQ(read_frame_header(bytes({0x82, 0x7f, 0, 0, 0, 0, 0, 0, 0xff, 0xff}), h).error(),
            errc::bad_length_encoding);
  // Top bit of the 64-bit length.
  EXPECT_EQ(read_frame_header(bytes({0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0}), h).error(),
            errc::bad_length_encoding);
  // Boundaries that are fine.
  EXPECT_EQ(read_frame_header(bytes({0x82, 0x7e, 0x00, 0x7e}), h).value(), 4u);
  EXPECT_EQ(read_frame_header(bytes({0x82, 0x7f, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), h).value(), 10u);
  EXPECT_EQ(h.payload_size, 0x7fffffffffffffffULL);
}

TEST(frame_header, control_and_known_opcodes) {
  EXPECT_TRUE(is_control(opcode::close));
  EXPECT_TRUE(is_control(opcode::ping));
  EXPECT_TRUE(is_control(opcode::pong));
  EXPECT_FALSE(is_control(opcode::text));
  EXPECT_FALSE(is_control(opcode::continuation));
  for (int v = 0; v < 16; ++v) {
    const bool known = v == 0 || v == 1 || v == 2 || v == 8 || v == 9 || v == 10;
    EXPECT_EQ(is_known(static_cast<opcode>(v)), known) << v;
  }
}

TEST(frame_header, mask_matches_bytewise_definition_at_every_offset) {
  const masking_key key{std::byte{0x01}, std::byte{0x23}, std::byte{0x45}, std::byte{0x67}};
  for (std::uint64_t offset = 0; offset < 8; ++offset) {
    for (std::size_t size = 0; size < 40; ++size) {
      std::vector<std::byte> data(size);
      for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<std::byte>(i * 7 + 3);
      const auto original = data;
      apply_mask(data, key, offset);
      for (std::size_t i = 0; i < size; ++i) {
        ASSERT_EQ(data[i], original[i] ^ key[(offset + i) % 4]) << offset << " " << size << " " << i;
      }
    }
  }
}

TEST(frame_header, mask_in_pieces_equals_mask_at_once) {
  std::vector<std::byte> whole(1000);
  for (std::size_t i = 0; i < whole.size(); ++i) whole[i] = static_cast<std::byte>(i);
  auto pieces = whole;
  apply_mask(whole, rfc_key, 0);
  std::size_t pos = 0;
  for (std::size_t step : {1, 3, 8, 13, 200, 775}) {
    apply_mask(std::span(pieces).subspan(pos, step), rfc_key, pos);
    pos += step;
  }
  ASSERT_EQ(pos, pieces.size());
  EXPECT_EQ(pieces, whole);
}

} // namespace
} // namespace parley::proto::websocket
