// SHA-1 against the FIPS 180-2 Appendix A examples and the padding boundaries.
#include "proto/websocket/detail/sha1.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::proto::websocket::detail {
namespace {

std::string hex(const std::array<std::uint8_t, 20>& digest) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (auto b : digest) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

TEST(sha1, fips_examples) {
  EXPECT_EQ(hex(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex(sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  // 56 bytes: the length no longer fits the first padding block.
  EXPECT_EQ(hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(hex(sha1(std::string(1000000, 'a'))), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(sha1, block_boundaries) {
  // 55 bytes pads into one block, 64 bytes into a second full block.
  EXPECT_EQ(hex(sha1(std::string(55, 'a'))), "c1c8bbdc22796e28c0e15163d20899b65621d65a");
  EXPECT_EQ(hex(sha1(std::string(64, 'a'))), "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

} // namespace
} // namespace parley::proto::websocket::detail
