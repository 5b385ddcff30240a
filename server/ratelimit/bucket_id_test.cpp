// Tests of X-RateLimit-Bucket ids (rest.md §4.1): stable, per route, rendered as hex.
#include "server/ratelimit/bucket_id.hpp"

#include <string_view>

#include <gtest/gtest.h>

namespace parley::server::ratelimit {
namespace {

TEST(bucket_id, fnv1a_of_the_route) {
  // FNV-1a 64 reference values: the id must not change between releases or cluster nodes.
  EXPECT_EQ(bucket_id_of("").value, 0xcbf29ce484222325ULL);
  EXPECT_EQ(bucket_id_of("a").value, 0xaf63dc4c8601ec8cULL);
  EXPECT_NE(bucket_id_of("GET /channels/{channel_id}/messages"),
            bucket_id_of("POST /channels/{channel_id}/messages"));
}

TEST(bucket_id, hex_rendering) {
  const auto hex = to_hex(bucket_id{0x0123456789abcdefULL});
  EXPECT_EQ(std::string_view(hex.data(), hex.size()), "0123456789abcdef");
  const auto small = to_hex(bucket_id{0xa});
  EXPECT_EQ(std::string_view(small.data(), small.size()), "000000000000000a");
}

} // namespace
} // namespace parley::server::ratelimit
