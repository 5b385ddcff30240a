// Tests of the client-side rate limiter with a fake clock (rest.md §4): bucket discovery, shared
// bucket ids, major parameters, the global limit, route/shared/global 429s.
#include "client/rest/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace parley::client::rest {
namespace {

using std::chrono::milliseconds;

response_limits ok(std::string bucket, std::uint32_t limit, std::uint32_t remaining, milliseconds reset_after) {
  response_limits r;
  r.status = 200;
  r.bucket = std::move(bucket);
  r.limit = limit;
  r.remaining = remaining;
  r.reset_after = reset_after;
  return r;
}

response_limits too_many(milliseconds retry_after, bool global, limit_scope scope, std::string bucket = {}) {
  response_limits r;
  r.status = 429;
  r.retry_after = retry_after;
  r.global = global;
  r.scope = scope;
  r.bucket = std::move(bucket);
  return r;
}

class RateLimiterTest : public ::testing::Test {
 protected:
  limiter_time t0 = limiter_time{} + std::chrono::hours{1};
  limiter_time at(int ms) const { return t0 + milliseconds{ms}; }
  rate_limiter limiter;
  const route_key send_a = route_key_of("POST", "/channels/1/messages");
  const route_key send_b = route_key_of("POST", "/channels/2/messages");
  const route_key edit_a = route_key_of("PATCH", "/channels/1/messages/9");
  const route_key me = route_key_of("GET", "/users/@me");
};

TEST_F(RateLimiterTest, UnknownRouteSendsOneRequestToLearnItsBucket) {
  const auto first = limiter.acquire(send_a, at(0));
  ASSERT_TRUE(first.allowed);
  const auto second = limiter.acquire(send_a, at(1));
  EXPECT_FALSE(second.allowed);
  EXPECT_TRUE(second.wait_for_response);
  EXPECT_FALSE(second.global);
  EXPECT_GT(second.retry_at, at(1));

  limiter.on_response(first.ticket, send_a, ok("msgs", 3, 2, milliseconds{5000}), at(10));
  EXPECT_EQ(limiter.bucket_of(send_a), "msgs");
  EXPECT_TRUE(limiter.acquire(send_a, at(11)).allowed);
  EXPECT_TRUE(limiter.acquire(send_a, at(12)).allowed);
  const auto refused = limiter.acquire(send_a, at(13));
  EXPECT_FALSE(refused.allowed);
  EXPECT_FALSE(refused.wait_for_response);
  EXPECT_EQ(refused.retry_at, at(5010)) << "until the bucket resets";
  EXPECT_FALSE(limiter.acquire(send_a, at(5009)).allowed);
  EXPECT_TRUE(limiter.acquire(send_a, at(5010)).allowed) << "the window ended: full again";
}

TEST_F(RateLimiterTest, AbandonedDiscoveryLetsTheNextOneTry) {
  const auto first = limiter.acquire(me, at(0));
  ASSERT_TRUE(first.allowed);
  EXPECT_FALSE(limiter.acquire(me, at(1)).allowed);
  limiter.on_abandoned(first.ticket);
  EXPECT_TRUE(limiter.acquire(me, at(2)).allowed);
}

TEST_F(RateLimiterTest, MajorParametersSplitABucket) {
  auto a = limiter.acquire(send_a, at(0));
  limiter.on_response(a.ticket, send_a, ok("msgs", 1, 0, milliseconds{5000}), at(5));
  EXPECT_FALSE(limiter.acquire(send_a, at(6)).allowed);
  auto b = limiter.acquire(send_b, at(7));
  EXPECT_TRUE(b.allowed) << "another channel has its own counts";
  EXPECT_FALSE(limiter.acquire(send_b, at(8)).allowed) << "its first request learns them first";
  limiter.on_response(b.ticket, send_b, ok("msgs", 1, 0, milliseconds{5000}), at(9));
  EXPECT_FALSE(limiter.acquire(send_b, at(10)).allowed);
}

TEST_F(RateLimiterTest, RoutesSharingABucketIdShareItsCounts) {
  auto s = limiter.acquire(send_a, at(0));
  limiter.on_response(s.ticket, send_a, ok("shared", 2, 1, milliseconds{1000}), at(1));
  auto e = limiter.acquire(edit_a, at(2));
  ASSERT_TRUE(e.allowed);
  limiter.on_response(e.ticket, edit_a, ok("shared", 2, 0, milliseconds{999}), at(3));
  EXPECT_FALSE(limiter.acquire(send_a, at(4)).allowed) << "the edit used the send bucket's last request";
  EXPECT_FALSE(limiter.acquire(edit_a, at(4)).allowed);
  EXPECT_TRUE(limiter.acquire(edit_a, at(1002)).allowed);
}

TEST_F(RateLimiterTest, LateResponsesDoNotRaiseRemaining) {
  auto first = limiter.acquire(me, at(0));
  limiter.on_response(first.ticket, me, ok("me", 5, 4, milliseconds{1000}), at(1));
  auto r1 = limiter.acquire(me, at(2));
  auto r2 = limiter.acquire(me, at(3));
  ASSERT_TRUE(r1.allowed && r2.allowed);
  // r2 was counted first by the server; r1's answer (remaining 2) arrives after r2's (remaining 3).
  limiter.on_response(r2.ticket, me, ok("me", 5, 3, milliseconds{997}), at(4));
  limiter.on_response(r1.ticket, me, ok("me", 5, 2, milliseconds{996}), at(5));
  EXPECT_TRUE(limiter.acquire(me, at(6)).allowed);
  EXPECT_TRUE(limiter.acquire(me, at(7)).allowed);
  EXPECT_FALSE(limiter.acquire(me, at(8)).allowed) << "5 in the window";
}

TEST_F(RateLimiterTest, InFlightRequestsAreNotCountedTwice) {
  auto first = limiter.acquire(me, at(0));
  limiter.on_response(first.ticket, me, ok("me", 3, 2, milliseconds{1000}), at(1));
  auto r1 = limiter.acquire(me, at(2));
  auto r2 = limiter.acquire(me, at(3));
  ASSERT_TRUE(r1.allowed && r2.allowed);
  EXPECT_FALSE(limiter.acquire(me, at(4)).allowed);
}

TEST_F(RateLimiterTest, RoutesWithoutHeadersAreOnlyHeldToTheGlobalLimit) {
  const auto gateway = route_key_of("GET", "/gateway");
  auto first = limiter.acquire(gateway, at(0));
  response_limits plain;
  plain.status = 200;
  limiter.on_response(first.ticket, gateway, plain, at(1));
  int allowed = 1;
  for (int i = 0; i < 100; ++i) allowed += limiter.acquire(gateway, at(2)).allowed ? 1 : 0;
  EXPECT_EQ(allowed, 50) << "50 per second by default";
  const auto refused = limiter.acquire(gateway, at(3));
  EXPECT_TRUE(refused.global);
  EXPECT_EQ(refused.retry_at, at(1000));
  EXPECT_FALSE(limiter.acquire(me, at(500)).allowed) << "the global limit spans routes";
  EXPECT_TRUE(limiter.acquire(gateway, at(1000)).allowed);
}

TEST_F(RateLimiterTest, ConfiguredGlobalLimit) {
  rate_limiter small{limiter_config{.global_limit = 2, .global_window = milliseconds{100}}};
  EXPECT_TRUE(small.acquire(me, at(0)).allowed);
  EXPECT_TRUE(small.acquire(send_a, at(0)).allowed);
  EXPECT_FALSE(small.acquire(send_b, at(50)).allowed);
  EXPECT_TRUE(small.acquire(send_b, at(100)).allowed);
}

TEST_F(RateLimiterTest, Global429BlocksEveryRoute) {
  auto r = limiter.acquire(me, at(0));
  limiter.on_response(r.ticket, me, too_many(milliseconds{700}, true, limit_scope::global), at(10));
  EXPECT_EQ(limiter.global_blocked_until(), at(710));
  for (const auto* key : {&me, &send_a, &edit_a}) {
    const auto d = limiter.acquire(*key, at(20));
    EXPECT_FALSE(d.allowed);
    EXPECT_TRUE(d.global);
    EXPECT_EQ(d.retry_at, at(710));
  }
  EXPECT_TRUE(limiter.acquire(send_a, at(710)).allowed);
  EXPECT_TRUE(limiter.acquire(me, at(711)).allowed) << "no bucket learned from the global 429: discovery again";
}

TEST_F(RateLimiterTest, Route429BlocksOnlyItsBucket) {
  auto first = limiter.acquire(send_a, at(0));
  limiter.on_response(first.ticket, send_a, ok("msgs", 5, 4, milliseconds{5000}), at(1));
  auto r = limiter.acquire(send_a, at(2));
  ASSERT_TRUE(r.allowed);
  // Another process with the same token used the bucket up: the server refuses.
  auto limited = too_many(milliseconds{3000}, false, limit_scope::user, "msgs");
  limited.limit = 5;
  limited.remaining = 0;
  limited.reset_after = milliseconds{3000};
  limiter.on_response(r.ticket, send_a, limited, at(3));
  const auto d = limiter.acquire(send_a, at(4));
  EXPECT_FALSE(d.allowed);
  EXPECT_FALSE(d.global);
  EXPECT_EQ(d.retry_at, at(3003));
  EXPECT_TRUE(limiter.acquire(me, at(5)).allowed) << "other routes go on";
  EXPECT_TRUE(limiter.acquire(send_b, at(6)).allowed) << "other channels go on";
  EXPECT_TRUE(limiter.acquire(send_a, at(3003)).allowed);
}

TEST_F(RateLimiterTest, Shared429WithoutHeadersBlocksTheRouteResource) {
  auto r = limiter.acquire(send_a, at(0));
  limiter.on_response(r.ticket, send_a, too_many(milliseconds{250}, false, limit_scope::shared), at(1));
  EXPECT_FALSE(limiter.acquire(send_a, at(2)).allowed);
  EXPECT_EQ(limiter.acquire(send_a, at(2)).retry_at, at(251));
  EXPECT_TRUE(limiter.acquire(send_b, at(2)).allowed);
  EXPECT_TRUE(limiter.acquire(send_a, at(251)).allowed);
}

TEST_F(RateLimiterTest, A429WithoutRetryAfterFallsBackToResetAfterThenOneSecond) {
  auto r = limiter.acquire(me, at(0));
  auto limited = too_many(milliseconds{0}, false, limit_scope::user, "me");
  limited.retry_after.reset();
  limiter.on_response(r.ticket, me, limited, at(0));
  EXPECT_EQ(limiter.acquire(me, at(1)).retry_at, at(1000));
}

TEST_F(RateLimiterTest, BucketStateIsBounded) {
  rate_limiter small{limiter_config{.max_buckets = 8}};
  for (int channel = 1; channel <= 100; ++channel) {
    const auto key = route_key_of("POST", "/channels/" + std::to_string(channel) + "/messages");
    auto d = small.acquire(key, at(channel * 25));  // below the global 50/s
    ASSERT_TRUE(d.allowed) << channel;
    small.on_response(d.ticket, key, ok("msgs", 5, 4, milliseconds{5}), at(channel * 25 + 1));
  }
  EXPECT_LE(small.tracked_buckets(), 9u);
}

} // namespace
} // namespace parley::client::rest
