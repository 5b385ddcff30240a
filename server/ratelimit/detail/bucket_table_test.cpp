// Tests of the bounded bucket storage and its eviction order.
#include "server/ratelimit/detail/bucket_table.hpp"

#include <gtest/gtest.h>

namespace parley::server::ratelimit::detail {
namespace {

using namespace std::chrono_literals;

const time_point t0 = time_point{} + 1000h;

bucket_key key(std::uint64_t n) { return {n, 0, caller_identity::user(n)}; }

TEST(bucket_table, insert_find_consume_renew) {
  bucket_table table{4, 1};
  EXPECT_EQ(table.find(key(1)), bucket_table::npos);
  table.insert(key(1), 0, 3, t0 + 1s, t0);
  const auto i = table.find(key(1));
  ASSERT_NE(i, bucket_table::npos);
  EXPECT_EQ(table.remaining(i), 3u);
  EXPECT_EQ(table.reset_at(i), t0 + 1s);
  table.consume(i);
  EXPECT_EQ(table.remaining(table.find(key(1))), 2u);
  table.renew(i, 9, t0 + 5s);
  EXPECT_EQ(table.remaining(i), 9u);
  EXPECT_EQ(table.reset_at(i), t0 + 5s);
  EXPECT_EQ(table.find(key(2)), bucket_table::npos);
  EXPECT_EQ(table.size(), 1u);
}

TEST(bucket_table, full_table_evicts_the_bucket_resetting_soonest) {
  bucket_table table{3, 2};
  // Class 0 has 10 s windows, class 1 has 1 s windows.
  table.insert(key(1), 0, 1, t0 + 10s, t0);
  table.insert(key(2), 1, 1, t0 + 1s, t0);
  table.insert(key(3), 1, 1, t0 + 1100ms, t0 + 100ms);
  table.insert(key(4), 0, 1, t0 + 10200ms, t0 + 200ms);
  EXPECT_EQ(table.size(), 3u);
  EXPECT_EQ(table.find(key(2)), bucket_table::npos);
  EXPECT_EQ(table.evicted_live(), 1u);

  // Renewal moves a bucket to its list's tail: key 3 now resets after key 1.
  table.renew(table.find(key(3)), 1, t0 + 10300ms);
  table.insert(key(5), 0, 1, t0 + 10400ms, t0 + 400ms);
  EXPECT_EQ(table.find(key(1)), bucket_table::npos);
  EXPECT_NE(table.find(key(3)), bucket_table::npos);
  EXPECT_NE(table.find(key(4)), bucket_table::npos);
  EXPECT_NE(table.find(key(5)), bucket_table::npos);
  EXPECT_EQ(table.evicted_live(), 2u);
}

TEST(bucket_table, expired_buckets_are_reclaimed_first) {
  bucket_table table{100, 1};
  for (std::uint64_t n = 0; n < 10; ++n) {
    table.insert(key(n), 0, 1, t0 + 1s + n * 1ms, t0 + n * 1ms);
  }
  // At t0 + 2 s all ten have expired; each insertion frees two.
  table.insert(key(100), 0, 1, t0 + 3s, t0 + 2s);
  EXPECT_EQ(table.size(), 9u);
  EXPECT_EQ(table.find(key(0)), bucket_table::npos);
  EXPECT_EQ(table.find(key(1)), bucket_table::npos);
  EXPECT_NE(table.find(key(2)), bucket_table::npos);
  for (std::uint64_t n = 101; n < 105; ++n) {
    table.insert(key(n), 0, 1, t0 + 3s, t0 + 2s);
  }
  EXPECT_EQ(table.size(), 5u);
  EXPECT_EQ(table.evicted_live(), 0u);
}

TEST(bucket_table, slots_are_reused) {
  bucket_table table{2, 1};
  for (std::uint64_t n = 0; n < 1000; ++n) {
    table.insert(key(n), 0, 1, t0 + std::chrono::milliseconds(n + 1), t0 + std::chrono::milliseconds(n));
    ASSERT_LE(table.size(), 2u);
    ASSERT_NE(table.find(key(n)), bucket_table::npos);
  }
  EXPECT_EQ(table.evicted_live(), 0u);
}

} // namespace
} // namespace parley::server::ratelimit::detail
