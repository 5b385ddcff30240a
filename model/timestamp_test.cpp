#include "model/timestamp.hpp"

#include <gtest/gtest.h>

namespace parley::model {
namespace {

TEST(timestamp, formats_like_discord) {
  EXPECT_EQ(format_iso8601(1499794027299), "2017-07-11T17:27:07.299000+00:00");
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000000+00:00");
  EXPECT_EQ(format_iso8601(1709208000000), "2024-02-29T12:00:00.000000+00:00");
  EXPECT_EQ(format_iso8601(1709208000000).size(), iso8601_length);
}

TEST(timestamp, before_the_epoch_rounds_toward_the_past) {
  EXPECT_EQ(format_iso8601(-1), "1969-12-31T23:59:59.999000+00:00");
}

TEST(timestamp, clamps_to_four_digit_years) {
  EXPECT_EQ(format_iso8601(INT64_MAX), "9999-12-31T23:59:59.999000+00:00");
  EXPECT_EQ(format_iso8601(INT64_MIN), "0000-01-01T00:00:00.000000+00:00");
}

TEST(timestamp, append_keeps_existing_text) {
  std::string s = "at ";
  append_iso8601(s, 1499794027299);
  EXPECT_EQ(s, "at 2017-07-11T17:27:07.299000+00:00");
}

TEST(timestamp, parses_what_clients_send) {
  EXPECT_EQ(parse_iso8601("2017-07-11T17:27:07.299000+00:00"), 1499794027299);
  EXPECT_EQ(parse_iso8601("2017-07-11T17:27:07.299Z"), 1499794027299);     // discord.js toISOString
  EXPECT_EQ(parse_iso8601("2017-07-11T17:27:07.2999999Z"), 1499794027299);  // truncated, not rounded
  EXPECT_EQ(parse_iso8601("2017-07-11T17:27:07"), 1499794027000);
  EXPECT_EQ(parse_iso8601("2017-07-11 17:27:07.3"), 1499794027300);
  EXPECT_EQ(parse_iso8601("2017-07-11T19:27:07.299+02:00"), 1499794027299);
  EXPECT_EQ(parse_iso8601("2017-07-11T12:57:07.299-0430"), 1499794027299);
  EXPECT_EQ(parse_iso8601("1969-12-31T23:59:59.999Z"), -1);
}

TEST(timestamp, round_trips) {
  for (std::int64_t ms : {0LL, 1LL, 999LL, 1499794027299LL, 1709208000000LL, 253402300799999LL, -86400001LL})
    EXPECT_EQ(parse_iso8601(format_iso8601(ms)), ms) << ms;
}

TEST(timestamp, rejects_malformed_and_impossible) {
  for (const char* bad : {"", "2017-07-11", "2017-07-11T17:27", "2017-7-11T17:27:07Z", "2017-07-11T17:27:07.Z",
                          "2017-07-11T17:27:07+0", "2017-07-11T17:27:07 UTC", "2017-02-30T00:00:00Z",
                          "2017-13-01T00:00:00Z", "2017-07-11T24:00:00Z", "2017-07-11T17:60:00Z",
                          "2017-07-11T17:27:07Zjunk", "2017-07-11X17:27:07Z", "+017-07-11T17:27:07Z"})
    EXPECT_FALSE(parse_iso8601(bad).has_value()) << bad;
}

} // namespace
} // namespace parley::model
