// Tests for Presence Update parsing, including discord.py's legacy forms (gateway.md §8, §3.3).
#include "proto/gateway/presence.hpp"

#include "proto/gateway/close_code.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace parley::proto::gateway {
namespace {

result<presence> parse(std::string_view d) { return parse_presence(boost::json::parse(d)); }

bool malformed(std::string_view d) {
  auto r = parse(d);
  return !r && r.error() == close_code::unknown_opcode;
}

TEST(presence, full) {
  auto r = parse(R"({"since":1700000000000,"activities":[{"name":"a","type":1,"url":"https://twitch.tv/x"},
    {"name":"Custom Status","type":4,"state":"hi","emoji":{"name":"x"}}],"status":"dnd","afk":true})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->since, 1700000000000);
  ASSERT_EQ(r->activities.size(), 2u);
  EXPECT_EQ(r->activities[0].type, 1);
  EXPECT_EQ(r->activities[0].url, "https://twitch.tv/x");
  EXPECT_FALSE(r->activities[0].state);
  EXPECT_EQ(r->activities[1].state, "hi");
  EXPECT_EQ(r->status, status::dnd);
  EXPECT_TRUE(r->afk);
}

TEST(presence, every_status) {
  EXPECT_EQ(parse(R"({"status":"online"})")->status, status::online);
  EXPECT_EQ(parse(R"({"status":"idle"})")->status, status::idle);
  EXPECT_EQ(parse(R"({"status":"dnd"})")->status, status::dnd);
  EXPECT_EQ(parse(R"({"status":"invisible"})")->status, status::invisible);
  EXPECT_EQ(parse(R"({"status":"offline"})")->status, status::offline);
  EXPECT_TRUE(malformed(R"({"status":"Online"})"));
  EXPECT_TRUE(malformed(R"({"status":"away"})"));
  EXPECT_TRUE(malformed(R"({"status":1})"));
}

TEST(presence, defaults_and_nulls) {
  auto empty = parse("{}");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, status::online);
  EXPECT_FALSE(empty->since);
  EXPECT_FALSE(empty->afk);
  EXPECT_TRUE(empty->activities.empty());
  auto nulls = parse(R"({"since":null,"activities":null,"status":null,"afk":null})");
  ASSERT_TRUE(nulls);
  EXPECT_EQ(nulls->status, status::online);
}

TEST(presence, since_may_be_a_float) {
  EXPECT_EQ(parse(R"({"since":1700000000123.9})")->since, 1700000000123);
  EXPECT_EQ(parse(R"({"since":0.0})")->since, 0);
  EXPECT_TRUE(malformed(R"({"since":"0"})"));
  EXPECT_TRUE(malformed(R"({"since":1e300})"));
}

TEST(presence, legacy_game) {
  auto game = parse(R"({"game":{"name":"chess","type":0},"status":"idle"})");
  ASSERT_TRUE(game);
  ASSERT_EQ(game->activities.size(), 1u);
  EXPECT_EQ(game->activities[0].name, "chess");
  auto null_game = parse(R"({"game":null,"status":null})");
  ASSERT_TRUE(null_game);
  EXPECT_TRUE(null_game->activities.empty());
  // activities wins over game.
  auto both = parse(R"({"game":{"name":"old"},"activities":[{"name":"new"}]})");
  ASSERT_TRUE(both);
  ASSERT_EQ(both->activities.size(), 1u);
  EXPECT_EQ(both->activities[0].name, "new");
  EXPECT_TRUE(malformed(R"({"game":"chess"})"));
}

TEST(presence, malformed_activities) {
  EXPECT_TRUE(malformed(R"({"activities":{}})"));
  EXPECT_TRUE(malformed(R"({"activities":["x"]})"));
  EXPECT_TRUE(malformed(R"({"activities":[{"name":5}]})"));
  EXPECT_TRUE(malformed(R"({"activities":[{"name":"x","type":6}]})"));
  EXPECT_TRUE(malformed(R"({"activities":[{"name":"x","type":-1}]})"));
  EXPECT_TRUE(malformed(R"({"activities":[{"name":"x","type":"0"}]})"));
  EXPECT_TRUE(malformed(R"({"activities":[{"name":"x","state":1}]})"));
  EXPECT_TRUE(malformed(R"({"activities":[{"name":"x","url":false}]})"));
  EXPECT_TRUE(malformed(R"({"afk":"no"})"));
  EXPECT_TRUE(malformed("[]"));
  EXPECT_TRUE(malformed("null"));
}

} // namespace
} // namespace parley::proto::gateway
