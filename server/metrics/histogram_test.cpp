// Tests of histogram bucketing: inclusive upper bounds, cumulative counts, the sum.
#include "server/metrics/histogram.hpp"

#include <chrono>
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace parley::server::metrics {
namespace {

TEST(histogram, cumulative_buckets_with_inclusive_bounds) {
  const histogram::config c{{0.1, 0.5, 1}};
  histogram h{c};
  h.observe(0.0625);
  h.observe(0.1);  // on the bound: belongs to le="0.1"
  h.observe(0.25);
  h.observe(3);
  h.observe(-1);   // below every bound
  const auto s = h.read();
  EXPECT_EQ(s.cumulative, (std::vector<std::uint64_t>{3, 4, 4, 5}));
  EXPECT_DOUBLE_EQ(s.sum, 0.0625 + 0.1 + 0.25 + 3 - 1);
}

TEST(histogram, nan_is_ignored_and_infinity_counts_in_the_last_bucket) {
  const histogram::config c{{1}};
  histogram h{c};
  h.observe(std::nan(""));
  EXPECT_EQ(h.read().cumulative, (std::vector<std::uint64_t>{0, 0}));
  EXPECT_EQ(h.read().sum, 0);
  h.observe(std::numeric_limits<double>::infinity());
  EXPECT_EQ(h.read().cumulative, (std::vector<std::uint64_t>{0, 1}));
}

TEST(histogram, durations_in_seconds) {
  const histogram::config c{{0.001, 0.01}};
  histogram h{c};
  h.observe(std::chrono::microseconds(500));
  h.observe(std::chrono::milliseconds(5));
  h.observe(std::chrono::seconds(1));
  const auto s = h.read();
  EXPECT_EQ(s.cumulative, (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_DOUBLE_EQ(s.sum, 1.0055);
}

TEST(histogram, default_latency_buckets_increase) {
  const auto bounds = default_latency_buckets();
  ASSERT_FALSE(bounds.empty());
  for (std::size_t i = 1; i < bounds.size(); ++i) {
    EXPECT_LT(bounds[i - 1], bounds[i]);
  }
}

} // namespace
} // namespace parley::server::metrics
