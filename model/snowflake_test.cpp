#include "model/snowflake.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace parley::model {
namespace {

TEST(snowflake, time_round_trip) {
  snowflake_generator gen(3, 1);
  const std::uint64_t now = 1700000000123ULL;
  const snowflake id = gen.next(now);
  EXPECT_EQ(snowflake_time_ms(id), now);
  EXPECT_EQ((id & 0x3E0000) >> 17, 3u);
  EXPECT_EQ((id & 0x1F000) >> 12, 1u);
}

TEST(snowflake, strictly_increasing_when_clock_stalls_or_steps_back) {
  snowflake_generator gen;
  snowflake prev = gen.next(1700000000000ULL);
  for (int i = 0; i < 10000; ++i) {
    const snowflake id = gen.next(i % 2 ? 1700000000000ULL : 1699999999000ULL);
    ASSERT_GT(id, prev);
    prev = id;
  }
}

TEST(snowflake, at_time_is_lower_bound) {
  snowflake_generator gen;
  const std::uint64_t t = 1700000000000ULL;
  EXPECT_LE(snowflake_at(t), gen.next(t));
  EXPECT_EQ(snowflake_at(0), 0u);
}

TEST(snowflake, parses_strings_and_json_integers_with_full_precision) {
  EXPECT_EQ(parse_snowflake("18446744073709551615"), 18446744073709551615ULL);
  EXPECT_EQ(snowflake_from_json(boost::json::parse("1153846153846153846")), 1153846153846153846ULL);
  EXPECT_EQ(snowflake_from_json(boost::json::parse("18446744073709551615")), 18446744073709551615ULL);
  EXPECT_EQ(snowflake_from_json(boost::json::parse("\"42\"")), 42u);
  EXPECT_FALSE(parse_snowflake("18446744073709551616"));
  EXPECT_FALSE(parse_snowflake(""));
  EXPECT_FALSE(parse_snowflake("-1"));
  EXPECT_FALSE(parse_snowflake("+1"));
  EXPECT_FALSE(parse_snowflake("12a"));
  EXPECT_FALSE(snowflake_from_json(boost::json::parse("-5")));
  EXPECT_FALSE(snowflake_from_json(boost::json::parse("1.5")));
  EXPECT_FALSE(snowflake_from_json(boost::json::parse("null")));
}

} // namespace
} // namespace parley::model
