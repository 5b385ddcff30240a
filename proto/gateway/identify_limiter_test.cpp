// Tests for max_concurrency buckets and the session start budget (gateway.md §6.2).
#include "proto/gateway/identify_limiter.hpp"

#include <gtest/gtest.h>

namespace parley::proto::gateway {
namespace {

using namespace std::chrono_literals;

const time_point t0 = time_point{} + 1000h;

TEST(identify_limiter, one_identify_per_bucket_per_5s) {
  identify_limiter l(identify_limits{.total = 1000, .max_concurrency = 1});
  EXPECT_EQ(l.try_identify(0, t0), identify_verdict::allowed);
  EXPECT_EQ(l.try_identify(1, t0 + 1s), identify_verdict::concurrency_limit);
  EXPECT_EQ(l.try_identify(0, t0 + 5s - 1ms), identify_verdict::concurrency_limit);
  EXPECT_EQ(l.bucket_ready_at(3), t0 + 5s);
  EXPECT_EQ(l.try_identify(1, t0 + 5s), identify_verdict::allowed);
  EXPECT_EQ(l.snapshot(t0 + 5s).remaining, 998u); // refusals consumed nothing
}

TEST(identify_limiter, buckets_are_shard_id_mod_max_concurrency) {
  identify_limiter l(identify_limits{.total = 1000, .max_concurrency = 4});
  for (std::uint32_t shard = 0; shard < 4; ++shard) {
    EXPECT_EQ(l.try_identify(shard, t0), identify_verdict::allowed) << shard;
  }
  EXPECT_EQ(l.try_identify(4, t0 + 1s), identify_verdict::concurrency_limit); // key 0
  EXPECT_EQ(l.try_identify(7, t0 + 1s), identify_verdict::concurrency_limit); // key 3
  EXPECT_EQ(l.try_identify(5, t0 + 5s), identify_verdict::allowed);          // key 1
  EXPECT_EQ(l.bucket_ready_at(9), t0 + 10s);
  EXPECT_EQ(l.bucket_ready_at(2), t0 + 5s);
}

TEST(identify_limiter, zero_max_concurrency_is_treated_as_one) {
  identify_limiter l(identify_limits{.total = 10, .max_concurrency = 0});
  EXPECT_EQ(l.snapshot(t0).max_concurrency, 1u);
  EXPECT_EQ(l.try_identify(5, t0), identify_verdict::allowed);
  EXPECT_EQ(l.try_identify(6, t0), identify_verdict::concurrency_limit);
}

TEST(identify_limiter, daily_budget) {
  identify_limiter l(identify_limits{.total = 3, .max_concurrency = 1, .window = 24h});
  auto fresh = l.snapshot(t0);
  EXPECT_EQ(fresh.total, 3u);
  EXPECT_EQ(fresh.remaining, 3u);
  EXPECT_EQ(fresh.reset_after, 0ms);
  EXPECT_EQ(l.try_identify(0, t0), identify_verdict::allowed);
  EXPECT_EQ(l.try_identify(0, t0 + 10s), identify_verdict::allowed);
  EXPECT_EQ(l.try_identify(0, t0 + 20s), identify_verdict::allowed);
  auto used = l.snapshot(t0 + 1h);
  EXPECT_EQ(used.remaining, 0u);
  EXPECT_EQ(used.reset_after, std::chrono::milliseconds(23h));
  EXPECT_EQ(l.try_identify(0, t0 + 1h), identify_verdict::daily_limit);
  EXPECT_EQ(l.try_identify(0, t0 + 24h - 1ms), identify_verdict::daily_limit);
  // The window runs from the first identify of the window.
  EXPECT_EQ(l.snapshot(t0 + 24h).remaining, 3u);
  EXPECT_EQ(l.try_identify(0, t0 + 24h), identify_verdict::allowed);
  EXPECT_EQ(l.snapshot(t0 + 24h).remaining, 2u);
  EXPECT_EQ(l.snapshot(t0 + 24h).reset_after, std::chrono::milliseconds(24h));
}

TEST(identify_limiter, daily_limit_reported_before_concurrency) {
  identify_limiter l(identify_limits{.total = 1, .max_concurrency = 1});
  EXPECT_EQ(l.try_identify(0, t0), identify_verdict::allowed);
  EXPECT_EQ(l.try_identify(0, t0 + 1s), identify_verdict::daily_limit);
}

} // namespace
} // namespace parley::proto::gateway
