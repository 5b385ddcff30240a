// Tests for the replay ring's bounds (count, bytes, age) and replay decisions (gateway.md §3.6).
#include "proto/gateway/replay_ring.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::proto::gateway {
namespace {

using namespace std::chrono_literals;

const time_point t0 = time_point{} + 1000h;

std::shared_ptr<const dispatch_event> event(std::size_t body_size = 10) {
  return dispatch_event::make("MESSAGE_CREATE", boost::json::value(std::string(body_size, 'x')));
}

std::vector<std::uint64_t> seqs(const std::vector<replay_entry>& entries) {
  std::vector<std::uint64_t> out;
  for (const auto& e : entries) out.push_back(e.seq);
  return out;
}

TEST(replay_ring, replays_everything_after_seq_in_order) {
  replay_ring ring;
  for (std::uint64_t s = 1; s <= 5; ++s) ring.push(s, event(), t0);
  auto r = ring.since(2, 5, t0);
  ASSERT_TRUE(r);
  EXPECT_EQ(seqs(*r), (std::vector<std::uint64_t>{3, 4, 5}));
  auto all = ring.since(0, 5, t0);
  ASSERT_TRUE(all);
  EXPECT_EQ(seqs(*all), (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
  auto none = ring.since(5, 5, t0);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(replay_ring, seq_ahead_of_last_sent_is_refused) {
  replay_ring ring;
  for (std::uint64_t s = 1; s <= 3; ++s) ring.push(s, event(), t0);
  EXPECT_FALSE(ring.since(4, 3, t0));
}

TEST(replay_ring, empty_ring_resumes_only_when_nothing_was_missed) {
  replay_ring ring;
  EXPECT_TRUE(ring.since(0, 0, t0));
  EXPECT_TRUE(ring.since(7, 7, t0));
  EXPECT_FALSE(ring.since(6, 7, t0));
}

TEST(replay_ring, count_bound) {
  replay_ring ring(replay_limits{.max_events = 4, .max_bytes = 1 << 20, .max_age = 1h});
  for (std::uint64_t s = 1; s <= 10; ++s) ring.push(s, event(), t0);
  EXPECT_EQ(ring.size(), 4u);
  EXPECT_EQ(ring.oldest_seq(), 7u);
  EXPECT_FALSE(ring.since(5, 10, t0)); // needs 6, gone
  auto r = ring.since(6, 10, t0);
  ASSERT_TRUE(r);
  EXPECT_EQ(seqs(*r), (std::vector<std::uint64_t>{7, 8, 9, 10}));
}

TEST(replay_ring, byte_bound) {
  std::size_t one = event(100)->retained_size();
  replay_ring ring(replay_limits{.max_events = 100, .max_bytes = one * 3, .max_age = 1h});
  for (std::uint64_t s = 1; s <= 5; ++s) ring.push(s, event(100), t0);
  EXPECT_EQ(ring.size(), 3u);
  EXPECT_EQ(ring.bytes(), one * 3);
  EXPECT_EQ(ring.oldest_seq(), 3u);
  // A bigger event pushes out as many old ones as it needs.
  ring.push(6, event(100 + one), t0);
  EXPECT_EQ(ring.oldest_seq(), 5u);
  EXPECT_LE(ring.bytes(), one * 3);
}

TEST(replay_ring, event_bigger_than_the_budget_empties_the_ring) {
  replay_ring ring(replay_limits{.max_events = 100, .max_bytes = 500, .max_age = 1h});
  ring.push(1, event(), t0);
  ring.push(2, event(1000), t0);
  EXPECT_TRUE(ring.empty());
  EXPECT_FALSE(ring.since(1, 2, t0)); // seq 2 was never kept: no silent gap
  EXPECT_TRUE(ring.since(2, 2, t0));
}

TEST(replay_ring, age_bound) {
  replay_ring ring(replay_limits{.max_events = 100, .max_bytes = 1 << 20, .max_age = 60s});
  ring.push(1, event(), t0);
  ring.push(2, event(), t0 + 30s);
  ring.push(3, event(), t0 + 50s);
  EXPECT_TRUE(ring.since(0, 3, t0 + 60s));  // exactly max_age old is still kept
  EXPECT_FALSE(ring.since(0, 3, t0 + 61s)); // seq 1 expired
  auto r = ring.since(1, 3, t0 + 61s);
  ASSERT_TRUE(r);
  EXPECT_EQ(seqs(*r), (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(ring.size(), 2u);
  ring.expire(t0 + 200s);
  EXPECT_TRUE(ring.empty());
  EXPECT_EQ(ring.bytes(), 0u);
  EXPECT_TRUE(ring.since(3, 3, t0 + 200s)); // nothing missed: still resumable
}

TEST(replay_ring, gap_in_recorded_seqs_is_not_replayed) {
  replay_ring ring;
  ring.push(1, event(), t0);
  ring.push(3, event(), t0); // 2 was sent but never recorded
  EXPECT_FALSE(ring.since(0, 3, t0));
  EXPECT_FALSE(ring.since(1, 3, t0));
  EXPECT_TRUE(ring.since(2, 3, t0));
}

TEST(replay_ring, wraps_around_and_shares_events) {
  replay_ring ring(replay_limits{.max_events = 8, .max_bytes = 1 << 20, .max_age = 1h});
  auto shared = event();
  for (std::uint64_t s = 1; s <= 100; ++s) ring.push(s, shared, t0);
  auto r = ring.since(92, 100, t0);
  ASSERT_TRUE(r);
  EXPECT_EQ(seqs(*r), (std::vector<std::uint64_t>{93, 94, 95, 96, 97, 98, 99, 100}));
  EXPECT_EQ((*r)[0].event.get(), shared.get());
  EXPECT_EQ(shared.use_count(), 1 + 8 + 8);
  ring.clear();
  r.reset();
  EXPECT_EQ(shared.use_count(), 1);
}

TEST(replay_ring, count_bound_that_is_not_a_power_of_two_wraps_correctly) {
  // Storage rounds up to a power of two (positions wrap with a mask); the bound stays exact.
  replay_ring ring(replay_limits{.max_events = 5, .max_bytes = 1 << 20, .max_age = 1h});
  for (std::uint64_t s = 1; s <= 23; ++s) {
    ring.push(s, event(), t0);
    EXPECT_EQ(ring.size(), std::min<std::size_t>(s, 5));
    EXPECT_EQ(ring.oldest_seq(), s <= 5 ? 1 : s - 4);
  }
  auto r = ring.since(18, 23, t0);
  ASSERT_TRUE(r);
  EXPECT_EQ(seqs(*r), (std::vector<std::uint64_t>{19, 20, 21, 22, 23}));
  EXPECT_FALSE(ring.since(17, 23, t0));
}

} // namespace
} // namespace parley::proto::gateway
