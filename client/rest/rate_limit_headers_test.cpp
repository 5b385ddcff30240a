// Tests of reading the rate limit headers and 429 bodies (rest.md §4.1, §4.2).
#include "client/rest/rate_limit_headers.hpp"

#include <gtest/gtest.h>

namespace parley::client::rest {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RateLimitHeaders, NormalResponse) {
  rate_limit_header_values h;
  h.limit = "5";
  h.remaining = "4";
  h.reset = "1470173023.123";
  h.reset_after = "4.250";
  h.bucket = "abcd1234";
  const auto r = read_rate_limits(200, h, "", seconds{1470173019});
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.limit, 5u);
  EXPECT_EQ(r.remaining, 4u);
  EXPECT_EQ(r.reset_after, milliseconds{4250}) << "Reset-After wins over Reset";
  EXPECT_EQ(r.bucket, "abcd1234");
  EXPECT_FALSE(r.global);
  EXPECT_EQ(r.scope, limit_scope::none);
  EXPECT_FALSE(r.retry_after) << "only read on a 429";
  EXPECT_TRUE(r.has_bucket_headers());
}

TEST(RateLimitHeaders, ResetIsUsedWhenResetAfterIsMissing) {
  rate_limit_header_values h;
  h.reset = "1000.5";
  EXPECT_EQ(read_rate_limits(200, h, "", seconds{998}).reset_after, milliseconds{2500});
  EXPECT_EQ(read_rate_limits(200, h, "", seconds{2000}).reset_after, milliseconds{0}) << "a past reset is now";
}

TEST(RateLimitHeaders, NoHeaders) {
  const auto r = read_rate_limits(200, {}, "", {});
  EXPECT_FALSE(r.has_bucket_headers());
  EXPECT_FALSE(r.reset_after);
}

TEST(RateLimitHeaders, RouteLimited429) {
  rate_limit_header_values h;
  h.limit = "10";
  h.remaining = "0";
  h.reset_after = "64.57";
  h.bucket = "abcd1234";
  h.scope = "user";
  h.retry_after = "65";
  const auto r = read_rate_limits(429, h, R"({"message": "You are being rate limited.", "retry_after": 64.57, "global": false})", {});
  EXPECT_EQ(r.retry_after, milliseconds{64570}) << "the body's precise value wins over the header";
  EXPECT_FALSE(r.global);
  EXPECT_EQ(r.scope, limit_scope::user);
}

TEST(RateLimitHeaders, Global429FromBodyOrHeaders) {
  rate_limit_header_values h;
  h.retry_after = "1";
  auto r = read_rate_limits(429, h, R"({"retry_after": 0.2, "global": true})", {});
  EXPECT_TRUE(r.global);
  EXPECT_EQ(r.retry_after, milliseconds{200});
  h.global = "true";
  r = read_rate_limits(429, h, "not json", {});
  EXPECT_TRUE(r.global);
  EXPECT_EQ(r.retry_after, seconds{1}) << "the header when the body has none";
  h.global = "";
  h.scope = "global";
  EXPECT_TRUE(read_rate_limits(429, h, "{}", {}).global);
  h.scope = "Shared";
  r = read_rate_limits(429, h, R"({"retry_after": 3})", {});
  EXPECT_EQ(r.scope, limit_scope::shared);
  EXPECT_FALSE(r.global);
  EXPECT_EQ(r.retry_after, seconds{3}) << "integer retry_after";
}

TEST(RateLimitHeaders, GarbageIsIgnored) {
  rate_limit_header_values h;
  h.limit = "ten";
  h.remaining = "-1";
  h.reset_after = "1e999";
  h.retry_after = "nan";
  h.global = "yes";
  const auto r = read_rate_limits(429, h, R"({"retry_after": "soon", "global": "true"})", {});
  EXPECT_FALSE(r.limit);
  EXPECT_FALSE(r.remaining);
  EXPECT_FALSE(r.reset_after);
  EXPECT_FALSE(r.retry_after);
  EXPECT_FALSE(r.global);
  EXPECT_FALSE(read_rate_limits(429, {}, R"({"retry_after": -5})", {}).retry_after);
}

TEST(RateLimitHeaders, ParseSeconds) {
  EXPECT_EQ(parse_seconds("1"), milliseconds{1000});
  EXPECT_EQ(parse_seconds(" 0.250 "), milliseconds{250});
  EXPECT_EQ(parse_seconds("0.0011"), milliseconds{2}) << "rounded up: never wake too early";
  EXPECT_EQ(parse_seconds("0"), milliseconds{0});
  EXPECT_FALSE(parse_seconds(""));
  EXPECT_FALSE(parse_seconds("1s"));
  EXPECT_FALSE(parse_seconds("+1"));
  EXPECT_FALSE(parse_seconds("-0.5"));
  EXPECT_FALSE(parse_seconds("99999999999"));
}

} // namespace
} // namespace parley::client::rest
