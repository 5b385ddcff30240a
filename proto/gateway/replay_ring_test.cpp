// Tests for the replay log and the per-session replay ring over it: bounds (count, bytes, age),
// replay decisions (gateway.md §3.6), and events shared by many sessions kept once.
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

// One session's view: a ring over its own log.
struct fixture {
  explicit fixture(replay_limits ring_limits = {}, replay_log_limits log_limits = {})
      : log(log_limits), ring(ring_limits) {}
  void push(std::uint64_t seq, std::shared_ptr<const dispatch_event> e = event(), time_point now = t0) {
    ring.push(seq, log, log.append(std::move(e), now));
  }
  auto since(std::uint64_t after, std::uint64_t last) const { return ring.since(after, last, log); }
  replay_log log;
  replay_ring ring;
};

TEST(replay_ring, replays_everything_after_seq_in_order) {
  fixture f;
  for (std::uint64_t s = 1; s <= 5; ++s) f.push(s);
  auto r = f.since(2, 5);
  ASSERT_TRUE(r);
  EXPECT_EQ(seqs(*r), (std::vector<std::uint64_t>{3, 4, 5}));
  auto all = f.since(0, 5);
  ASSERT_TRUE(all);
  EXPECT_EQ(seqs(*all), (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
  auto none = f.since(5, 5);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(replay_ring, replays_the_very_events_that_were_sent) {
  fixture f;
  auto a = event(3), b = event(4);
  f.push(1, a);
  f.push(2, b);
  auto r = f.since(0, 2);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].event.get(), a.get());
  EXPECT_EQ((*r)[1].event.get(), b.get());
}

TEST(replay_ring, seq_ahead_of_last_sent_is_refused) {
  fixture f;
  for (std::uint64_t s = 1; s <= 3; ++s) f.push(s);
  EXPECT_FALSE(f.since(4, 3));
}

TEST(replay_ring, empty_ring_resumes_only_when_nothing_was_missed) {
  fixture f;
  EXPECT_TRUE(f.since(0, 0));
  EXPECT_TRUE(f.since(7, 7));
  EXPECT_FALSE(f.since(6, 7));
}

TEST(replay_ring, count_bound) {
  fixture f(replay_limits{.max_events = 4, .max_bytes = 1 << 20});
  for (std::uint64_t s = 1; s <= 10; ++s) f.push(s);
  EXPECT_EQ(f.ring.size(), 4u);
  EXPECT_EQ(f.ring.oldest_seq(), 7u);
  EXPECT_FALSE(f.since(5, 10)); // needs 6, gone
  auto r = f.since(6, 10);
  ASSERT_TRUE(r);
  EXPECT_EQ(seqs(*r), (std::vector<std::uint64_t>{7, 8, 9, 10}));
}

TEST(replay_ring, count_bound_that_is_not_a_power_of_two_wraps_correctly) {
  // Storage rounds up to a power of two (positions wrap with a mask); the bound stays exact.
  fixture f(replay_limits{.max_events = 5, .max_bytes = 1 << 20});
  for (std::uint64_t s = 1; s <= 23; ++s) {
    f.push(s);
    EXPECT_EQ(f.ring.size(), std::min<std::size_t>(s, 5));
    EXPECT_EQ(f.ring.oldest_seq(), s <= 5 ? 1 : s - 4);
  }
  auto r = f.since(18, 23);
  ASSERT_TRUE(r);
  EXPECT_EQ(seqs(*r), (std::vector<std::uint64_t>{19, 20, 21, 22, 23}));
  EXPECT_FALSE(f.since(17, 23));
}

TEST(replay_ring, byte_bound) {
  std::size_t one = event(100)->retained_size();
  fixture f(replay_limits{.max_events = 100, .max_bytes = one * 3});
  for (std::uint64_t s = 1; s <= 5; ++s) f.push(s, event(100));
  EXPECT_EQ(f.ring.size(), 3u);
  EXPECT_EQ(f.ring.bytes(), one * 3);
  EXPECT_EQ(f.ring.oldest_seq(), 3u);
  // A bigger event pushes out as many old ones as it needs.
  f.push(6, event(100 + one));
  EXPECT_EQ(f.ring.oldest_seq(), 5u);
  EXPECT_LE(f.ring.bytes(), one * 3);
}

TEST(replay_ring, event_bigger_than_the_budget_empties_the_ring) {
  fixture f(replay_limits{.max_events = 100, .max_bytes = 500});
  f.push(1);
  f.push(2, event(1000));
  EXPECT_TRUE(f.ring.empty());
  EXPECT_FALSE(f.since(1, 2)); // seq 2 was never kept: no silent gap
  EXPECT_TRUE(f.since(2, 2));
}

TEST(replay_ring, age_bound_is_the_logs) {
  fixture f({}, replay_log_limits{.max_events = 100, .max_bytes = 1 << 20, .max_age = 60s});
  f.push(1, event(), t0);
  f.push(2, event(), t0 + 30s);
  f.push(3, event(), t0 + 50s);
  f.log.expire(t0 + 60s);
  EXPECT_TRUE(f.since(0, 3));   // exactly max_age old is still kept
  f.log.expire(t0 + 61s);
  EXPECT_FALSE(f.since(0, 3));  // seq 1 expired
  auto r = f.since(1, 3);
  ASSERT_TRUE(r);
  EXPECT_EQ(seqs(*r), (std::vector<std::uint64_t>{2, 3}));
  f.log.expire(t0 + 200s);
  EXPECT_EQ(f.log.size(), 0u);
  EXPECT_EQ(f.log.bytes(), 0u);
  EXPECT_FALSE(f.since(2, 3));
  EXPECT_TRUE(f.since(3, 3)); // nothing missed: still resumable
  // The next push forgets the positions the log no longer holds.
  f.push(4, event(), t0 + 200s);
  EXPECT_EQ(f.ring.size(), 1u);
  EXPECT_EQ(f.ring.oldest_seq(), 4u);
}

TEST(replay_ring, push_drops_exactly_the_positions_the_log_evicted_as_the_ring_wraps) {
  // The log is shared with other sessions and bounded at 3 events. Each push of this ring must
  // drop precisely its entries the log no longer holds, oldest first, through wraps of the
  // ring's 4 slots; in between, other sessions' events push this ring's out of the log.
  replay_log log(replay_log_limits{.max_events = 3, .max_bytes = 1 << 20, .max_age = 60s});
  replay_ring ring(replay_limits{.max_events = 4, .max_bytes = 1 << 20});
  std::vector<std::pair<std::uint64_t, replay_log::position>> mine;  // seq, position
  std::uint64_t seq = 0;
  for (int round = 0; round < 16; ++round) {
    const auto at = log.append(event(), t0);
    ring.push(++seq, log, at);
    mine.emplace_back(seq, at);
    std::erase_if(mine, [&](const auto& e) { return e.second < log.first(); });
    ASSERT_EQ(ring.size(), mine.size()) << "round " << round;
    EXPECT_EQ(ring.oldest_seq(), mine.front().first) << "round " << round;
    auto r = ring.since(mine.front().first - 1, seq, log);
    ASSERT_TRUE(r) << "round " << round;
    EXPECT_EQ(seqs(*r).front(), mine.front().first);
    // Rounds 1, 4, 7, ...: two other events; rounds 2, 5, ...: one; else none.
    for (int k = 0; k < (round % 3 == 1 ? 2 : round % 3 == 2 ? 1 : 0); ++k) (void)log.append(event(), t0);
  }
}

TEST(replay_ring, gap_in_recorded_seqs_is_not_replayed) {
  fixture f;
  f.push(1);
  f.push(3); // 2 was sent but never recorded
  EXPECT_FALSE(f.since(0, 3));
  EXPECT_FALSE(f.since(1, 3));
  EXPECT_TRUE(f.since(2, 3));
}

TEST(replay_log, count_and_byte_bounds_evict_oldest_first) {
  const std::size_t one = event(100)->retained_size();
  replay_log log({.max_events = 3, .max_bytes = one * 10, .max_age = 1h});
  for (int i = 0; i < 5; ++i) EXPECT_EQ(log.append(event(100), t0), static_cast<replay_log::position>(i));
  EXPECT_EQ(log.size(), 3u);
  EXPECT_EQ(log.first(), 2u);
  EXPECT_EQ(log.end(), 5u);
  EXPECT_EQ(log.find(1), nullptr);
  EXPECT_NE(log.find(2), nullptr);
  EXPECT_EQ(log.find(5), nullptr);

  replay_log bytes_bound({.max_events = 100, .max_bytes = one * 2, .max_age = 1h});
  for (int i = 0; i < 4; ++i) bytes_bound.append(event(100), t0);
  EXPECT_EQ(bytes_bound.size(), 2u);
  EXPECT_EQ(bytes_bound.bytes(), one * 2);
}

TEST(replay_log, an_event_shared_by_many_sessions_is_kept_once) {
  replay_log log;
  auto shared = event();
  const auto at = log.append(shared, t0);
  std::vector<replay_ring> rings(100, replay_ring(replay_limits{.max_events = 8, .max_bytes = 1 << 20}));
  for (auto& ring : rings) ring.push(1, log, at);
  EXPECT_EQ(shared.use_count(), 2);  // ours and the log's: the rings hold positions, not references
  auto r = rings[42].since(0, 1, log);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].event.get(), shared.get());
}

} // namespace
} // namespace parley::proto::gateway
