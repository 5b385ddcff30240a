// Tests for the upgrade query-string parser (gateway.md §1.1).
#include "proto/gateway/connect_params.hpp"

#include "proto/gateway/close_code.hpp"

#include <gtest/gtest.h>

namespace parley::proto::gateway {
namespace {

TEST(connect_params, library_urls) {
  auto js = parse_connect_params("/gateway?v=10&encoding=json");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->version, 10);
  EXPECT_EQ(js->encoding, encoding::json);
  EXPECT_EQ(js->compress, transport_compression::none);

  auto py = parse_connect_params("/?encoding=json&v=9&compress=zlib-stream");
  ASSERT_TRUE(py);
  EXPECT_EQ(py->version, 9);
  EXPECT_EQ(py->compress, transport_compression::zlib_stream);

  auto dpp = parse_connect_params("/?v=10&encoding=etf&compress=zstd-stream");
  ASSERT_TRUE(dpp);
  EXPECT_EQ(dpp->encoding, encoding::etf);
  EXPECT_EQ(dpp->compress, transport_compression::zstd_stream);

  auto bare_query = parse_connect_params("v=10&encoding=etf");
  ASSERT_TRUE(bare_query);
  EXPECT_EQ(bare_query->encoding, encoding::etf);
}

TEST(connect_params, defaults) {
  for (const char* target : {"/gateway", "/", "", "/gateway?", "/?foo=bar", "/?encoding=", "/?compress="}) {
    auto p = parse_connect_params(target);
    ASSERT_TRUE(p) << target;
    EXPECT_EQ(p->version, 10) << target;
    EXPECT_EQ(p->encoding, encoding::json) << target;
    EXPECT_EQ(p->compress, transport_compression::none) << target;
  }
}

TEST(connect_params, unsupported_version_is_4012) {
  for (const char* target : {"/?v=8", "/?v=6", "/?v=11", "/?v=", "/?v", "/?v=ten", "/?v=10x", "/?v=-10",
                             "/?v=0010000", "/?v=10&v=7"}) {
    auto p = parse_connect_params(target);
    ASSERT_FALSE(p) << target;
    EXPECT_EQ(p.error(), close_code::invalid_api_version) << target;
  }
  EXPECT_TRUE(parse_connect_params("/?v=7&v=10"));
}

TEST(connect_params, unknown_encoding_is_4002) {
  for (const char* target : {"/?encoding=xml", "/?encoding=JSON", "/?v=10&encoding=etfx"}) {
    auto p = parse_connect_params(target);
    ASSERT_FALSE(p) << target;
    EXPECT_EQ(p.error(), close_code::decode_error) << target;
  }
}

TEST(connect_params, version_error_wins_over_encoding_error) {
  auto p = parse_connect_params("/?v=5&encoding=xml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error(), close_code::invalid_api_version);
}

TEST(connect_params, unknown_compress_means_none) {
  auto p = parse_connect_params("/?v=10&compress=brotli");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->compress, transport_compression::none);
  auto long_value = parse_connect_params("/?v=10&compress=zlib-stream-but-much-longer-than-anything");
  ASSERT_TRUE(long_value);
  EXPECT_EQ(long_value->compress, transport_compression::none);
}

TEST(connect_params, percent_encoding_and_fragment) {
  auto p = parse_connect_params("/?%76=%31%30&encoding=%65tf&compress=zlib%2Dstream#frag");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->version, 10);
  EXPECT_EQ(p->encoding, encoding::etf);
  EXPECT_EQ(p->compress, transport_compression::zlib_stream);
  // A broken escape is kept literally (and then does not match).
  EXPECT_FALSE(parse_connect_params("/?v=1%"));
  EXPECT_FALSE(parse_connect_params("/?v=%zz"));
}

} // namespace
} // namespace parley::proto::gateway
