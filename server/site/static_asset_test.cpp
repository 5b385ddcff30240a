// make_static_asset (ETags, gzip variant) and the If-None-Match / Accept-Encoding checks.
#include "server/site/static_asset.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

namespace parley::server::site {
namespace {

std::string gunzip(const std::string& in) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

TEST(static_asset, text_gets_gzip_variant_with_its_own_etag) {
  std::string js;
  for (int i = 0; i < 200; ++i) js += "export const x" + std::to_string(i) + " = 1;\n";
  const auto a = make_static_asset("/js/a.js", js);
  EXPECT_EQ(a.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(a.body, js);
  ASSERT_FALSE(a.gzip_body.empty());
  EXPECT_LT(a.gzip_body.size(), js.size());
  EXPECT_EQ(gunzip(a.gzip_body), js);
  EXPECT_NE(a.etag, a.gzip_etag);
  EXPECT_EQ(a.etag.front(), '"');
  EXPECT_EQ(a.etag.back(), '"');
  EXPECT_NE(make_static_asset("/js/a.js", js + " ").etag, a.etag);
  EXPECT_EQ(make_static_asset("/js/b.js", js).etag, a.etag);
}

TEST(static_asset, images_and_tiny_files_stay_plain) {
  EXPECT_TRUE(make_static_asset("/icon.png", std::string(4000, 'a')).gzip_body.empty());
  EXPECT_TRUE(make_static_asset("/a.css", "a{}").gzip_body.empty());
  EXPECT_EQ(make_static_asset("/icon.svg", "<svg/>").content_type, "image/svg+xml");
  EXPECT_EQ(make_static_asset("/x.unknown", "").content_type, "application/octet-stream");
  EXPECT_EQ(make_static_asset("/dir.d/noext", "").content_type, "application/octet-stream");
}

TEST(static_asset, if_none_match) {
  EXPECT_TRUE(etag_matches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("\"x\", W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("*", "\"abc\""));
  EXPECT_FALSE(etag_matches("\"abcd\"", "\"abc\""));
  EXPECT_FALSE(etag_matches("", "\"abc\""));
  EXPECT_FALSE(etag_matches(",,,", "\"abc\""));
}

TEST(static_asset, accept_encoding) {
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0.000"));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip("xgzip"));
  EXPECT_FALSE(accepts_gzip(""));
}

} // namespace
} // namespace parley::server::site
