// Tests of the reconnect backoff: growth, cap, reset and jitter bounds (reconnect_policy.hpp).
#include "client/core/reconnect_policy.hpp"

#include <gtest/gtest.h>

namespace parley::client {
namespace {

using namespace std::chrono_literals;

TEST(reconnect_policy, grows_exponentially_up_to_the_cap) {
  reconnect_policy policy({.initial_delay = 500ms, .max_delay = 5000ms, .multiplier = 2.0, .jitter = 0.0});
  const random_source random = make_seeded_random(7);
  std::vector<std::chrono::milliseconds> delays;
  for (int i = 0; i < 7; ++i) delays.push_back(policy.next_delay(random));
  EXPECT_EQ(delays, (std::vector<std::chrono::milliseconds>{500ms, 1000ms, 2000ms, 4000ms, 5000ms, 5000ms, 5000ms}));
  EXPECT_EQ(policy.attempts(), 7u);
  policy.reset();
  EXPECT_EQ(policy.next_delay(random), 500ms);
}

TEST(reconnect_policy, never_overflows_after_many_attempts) {
  reconnect_policy policy({.initial_delay = 1000ms, .max_delay = 60000ms, .multiplier = 10.0, .jitter = 0.0});
  const random_source random = make_seeded_random(1);
  for (int i = 0; i < 5000; ++i) EXPECT_EQ(policy.next_delay(random) <= 60000ms, true);
  EXPECT_EQ(policy.next_delay(random), 60000ms);
}

TEST(reconnect_policy, jitter_stays_within_bounds) {
  const random_source random = make_seeded_random(42);
  reconnect_policy policy({.initial_delay = 1000ms, .max_delay = 1000ms, .multiplier = 2.0, .jitter = 0.5});
  auto lowest = 1000ms, highest = 0ms;
  for (int i = 0; i < 2000; ++i) {
    const auto d = policy.next_delay(random);
    ASSERT_GE(d, 500ms);
    ASSERT_LE(d, 1000ms);
    lowest = std::min(lowest, d);
    highest = std::max(highest, d);
  }
  // Jitter really spreads the delays over the band.
  EXPECT_LT(lowest, 550ms);
  EXPECT_GT(highest, 950ms);
  // Extreme draws: u = 0 gives the base, u -> 1 gives just above base * (1 - jitter).
  reconnect_policy edge({.initial_delay = 1000ms, .max_delay = 1000ms, .multiplier = 2.0, .jitter = 0.5});
  EXPECT_EQ(edge.next_delay([] { return std::uint64_t{0}; }), 1000ms);
  EXPECT_EQ(edge.next_delay([] { return ~std::uint64_t{0}; }), 500ms);
}

TEST(reconnect_policy, options_are_sanitized) {
  reconnect_policy policy({.initial_delay = 2000ms, .max_delay = 10ms, .multiplier = 0.1, .jitter = 7.0});
  EXPECT_EQ(policy.options().max_delay, 2000ms);
  EXPECT_EQ(policy.options().multiplier, 1.0);
  EXPECT_EQ(policy.options().jitter, 1.0);
}

} // namespace
} // namespace parley::client
