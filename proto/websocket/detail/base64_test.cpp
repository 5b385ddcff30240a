// Base64 against the RFC 4648 §10 test vectors, and the canonical-form check.
#include "proto/websocket/detail/base64.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace parley::proto::websocket::detail {
namespace {

std::string encode(std::string_view s) {
  return base64_encode(std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

TEST(base64, rfc4648_vectors) {
  EXPECT_EQ(encode(""), "");
  EXPECT_EQ(encode("f"), "Zg==");
  EXPECT_EQ(encode("fo"), "Zm8=");
  EXPECT_EQ(encode("foo"), "Zm9v");
  EXPECT_EQ(encode("foob"), "Zm9vYg==");
  EXPECT_EQ(encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(encode("\xfb\xff"), "+/8=");
}

TEST(base64, decoded_size) {
  EXPECT_EQ(base64_decoded_size(""), 0);
  EXPECT_EQ(base64_decoded_size("Zg=="), 1);
  EXPECT_EQ(base64_decoded_size("Zm8="), 2);
  EXPECT_EQ(base64_decoded_size("Zm9vYmFy"), 6);
  EXPECT_EQ(base64_decoded_size("dGhlIHNhbXBsZSBub25jZQ=="), 16);
  EXPECT_EQ(base64_decoded_size("Zg="), -1);      // length not a multiple of 4
  EXPECT_EQ(base64_decoded_size("Zh=="), -1);     // bits under the padding
  EXPECT_EQ(base64_decoded_size("Zm9="), -1);     // bits under the padding
  EXPECT_EQ(base64_decoded_size("Z==="), -1);     // too much padding
  EXPECT_EQ(base64_decoded_size("Zm 9"), -1);     // outside the alphabet
  EXPECT_EQ(base64_decoded_size("Zm=v"), -1);     // '=' inside
  EXPECT_EQ(base64_decoded_size("===="), -1);
}

} // namespace
} // namespace parley::proto::websocket::detail
