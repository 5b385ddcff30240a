// Identify pacing per max_concurrency bucket (gateway.md §6.2).
#include "client/runtime/identify_limiter.hpp"

#include <gtest/gtest.h>

namespace parley::client {
namespace {

using namespace std::chrono_literals;
using tp = identify_limiter::time_point;

TEST(identify_limiter, one_identify_per_window_per_bucket) {
  identify_limiter limits(1);
  const tp t0{100s};
  EXPECT_EQ(limits.reserve(0, t0), t0);
  EXPECT_EQ(limits.reserve(0, t0 + 1s), t0 + 5s); // same bucket: waits for the window
  EXPECT_EQ(limits.reserve(1, t0 + 1s), t0 + 10s); // max_concurrency 1: every shard shares it
  EXPECT_EQ(limits.reserve(0, t0 + 30s), t0 + 30s); // an idle bucket does not bank slots
}

TEST(identify_limiter, shards_map_to_buckets_by_modulo) {
  identify_limiter limits(2);
  const tp t0{100s};
  EXPECT_EQ(limits.reserve(0, t0), t0);
  EXPECT_EQ(limits.reserve(1, t0), t0);      // bucket 1
  EXPECT_EQ(limits.reserve(2, t0), t0 + 5s); // bucket 0 again
  EXPECT_EQ(limits.reserve(3, t0), t0 + 5s); // bucket 1 again
}

TEST(identify_limiter, zero_concurrency_counts_as_one) {
  identify_limiter limits(0);
  EXPECT_EQ(limits.max_concurrency(), 1u);
  limits.set_max_concurrency(0);
  EXPECT_EQ(limits.max_concurrency(), 1u);
}

} // namespace
} // namespace parley::client
