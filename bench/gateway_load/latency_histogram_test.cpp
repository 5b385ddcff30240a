// Tests for the log-linear latency histogram.
#include "bench/gateway_load/latency_histogram.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace parley::bench::gateway_load {
namespace {

TEST(latency_histogram, buckets_tile_the_range) {
  for (std::size_t b = 0; b + 1 < latency_histogram::bucket_count; ++b) {
    ASSERT_EQ(latency_histogram::bucket_of(latency_histogram::bucket_low(b)), b);
    ASSERT_EQ(latency_histogram::bucket_of(latency_histogram::bucket_high(b)), b);
    ASSERT_EQ(latency_histogram::bucket_high(b) + 1, latency_histogram::bucket_low(b + 1));
  }
  EXPECT_EQ(latency_histogram::bucket_of(UINT64_MAX), latency_histogram::bucket_count - 1);
}

TEST(latency_histogram, exact_below_128_and_close_above) {
  latency_histogram h;
  for (std::uint64_t v = 1; v <= 100; ++v) h.add(v);
  EXPECT_EQ(h.percentile(0.5), 50u);
  EXPECT_EQ(h.percentile(0.99), 99u);
  EXPECT_EQ(h.percentile(1.0), 100u);
  EXPECT_EQ(h.max(), 100u);

  for (std::uint64_t v : {200u, 1'000u, 12'345u, 987'654u, 5'000'000u}) {
    latency_histogram one;
    one.add(v);
    const auto p = static_cast<double>(one.percentile(0.5));
    EXPECT_NEAR(p, static_cast<double>(v), static_cast<double>(v) * 0.016) << v;
  }
}

TEST(latency_histogram, json_round_trip_and_merge) {
  latency_histogram a, b;
  for (std::uint64_t v = 0; v < 1000; ++v) a.add(v * 7);
  for (std::uint64_t v = 0; v < 500; ++v) b.add(100'000 + v);
  auto parsed = latency_histogram::from_json(a.to_json());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->count(), a.count());
  EXPECT_EQ(parsed->max(), a.max());
  EXPECT_EQ(parsed->percentile(0.9), a.percentile(0.9));
  parsed->merge(b);
  EXPECT_EQ(parsed->count(), 1500u);
  EXPECT_EQ(parsed->max(), 100'499u);
  EXPECT_GE(parsed->percentile(0.8), 99'000u); // the top third is b's
  EXPECT_FALSE(latency_histogram::from_json(boost::json::parse(R"({"buckets":[[99999,1]],"max":1})")));
  EXPECT_FALSE(latency_histogram::from_json(boost::json::parse(R"([1,2])")));
}

TEST(latency_histogram, empty) {
  latency_histogram h;
  EXPECT_EQ(h.percentile(0.5), 0u);
  EXPECT_EQ(h.count(), 0u);
}

} // namespace
} // namespace parley::bench::gateway_load
