// The guild/channel/member cache fed by dispatch JSON (gateway.md §3.4, §7, §11.1, §11.3, §11.4).
#include "client/runtime/guild_cache.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace parley::client {
namespace {

void apply(guild_cache& c, std::string_view name, std::string_view json) { c.apply(name, boost::json::parse(json)); }

constexpr std::string_view guild_create_json = R"({"id":"10","name":"G","owner_id":"1","member_count":2,
  "channels":[{"id":"100","type":0,"name":"general"},{"id":"101","type":2,"name":"voice","guild_id":"10"}],
  "threads":[],"members":[{"user":{"id":"1","username":"owner"},"roles":["10"],"nick":null},
                           {"user":{"id":"2","username":"ann"},"roles":[],"nick":"A"}]})";

TEST(guild_cache, ready_then_guild_create_fills_guild_channels_members) {
  guild_cache c;
  apply(c, "READY", R"({"session_id":"s","guilds":[{"id":"10","unavailable":true}]})");
  ASSERT_TRUE(c.guild(10));
  EXPECT_TRUE(c.guild(10)->unavailable);
  apply(c, "GUILD_CREATE", guild_create_json);
  const auto* g = c.guild(10);
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->unavailable);
  EXPECT_EQ(g->name, "G");
  EXPECT_EQ(g->owner_id, 1u);
  EXPECT_FALSE(g->data.contains("channels")); // lists are not stored twice
  EXPECT_EQ(g->data.at("member_count"), 2);
  EXPECT_EQ(g->channel_ids, (std::vector<std::uint64_t>{100, 101}));
  ASSERT_TRUE(c.channel(100));
  EXPECT_EQ(c.channel(100)->guild_id, 10u); // filled in: §11.3 channels may lack guild_id
  EXPECT_EQ(c.channel(100)->name, "general");
  EXPECT_EQ(c.channel(101)->type, 2);
  ASSERT_TRUE(c.member(10, 2));
  EXPECT_EQ(c.member(10, 2)->username, "ann");
  EXPECT_EQ(c.member(10, 2)->nick, "A");
  EXPECT_EQ(c.member(10, 1)->roles, (std::vector<std::uint64_t>{10}));
  EXPECT_EQ(c.member(10, 3), nullptr);
}

TEST(guild_cache, channel_and_member_events) {
  guild_cache c;
  apply(c, "GUILD_CREATE", guild_create_json);
  apply(c, "CHANNEL_CREATE", R"({"id":"102","guild_id":"10","type":0,"name":"new","parent_id":"5"})");
  EXPECT_EQ(c.guild(10)->channel_ids.size(), 3u);
  EXPECT_EQ(c.channel(102)->parent_id, 5u);
  apply(c, "CHANNEL_UPDATE", R"({"id":"102","guild_id":"10","type":0,"name":"renamed"})");
  EXPECT_EQ(c.channel(102)->name, "renamed");
  EXPECT_EQ(c.guild(10)->channel_ids.size(), 3u); // an update does not list it twice
  apply(c, "CHANNEL_DELETE", R"({"id":"100","guild_id":"10","type":0})");
  EXPECT_EQ(c.channel(100), nullptr);
  EXPECT_EQ(c.guild(10)->channel_ids, (std::vector<std::uint64_t>{101, 102}));

  apply(c, "GUILD_MEMBER_ADD", R"({"guild_id":"10","user":{"id":"3","username":"bob"},"roles":[]})");
  ASSERT_TRUE(c.member(10, 3));
  apply(c, "GUILD_MEMBER_UPDATE", R"({"guild_id":"10","user":{"id":"3","username":"bob2"},"roles":["7","8"],"nick":"B"})");
  EXPECT_EQ(c.member(10, 3)->username, "bob2");
  EXPECT_EQ(c.member(10, 3)->nick, "B");
  EXPECT_EQ(c.member(10, 3)->roles, (std::vector<std::uint64_t>{7, 8}));
  EXPECT_FALSE(c.member(10, 3)->data.contains("guild_id"));
  apply(c, "GUILD_MEMBER_REMOVE", R"({"guild_id":"10","user":{"id":"3"}})");
  EXPECT_EQ(c.member(10, 3), nullptr);

  apply(c, "GUILD_MEMBERS_CHUNK", R"({"guild_id":"10","members":[{"user":{"id":"4","username":"c"},"roles":[]}],
      "chunk_index":0,"chunk_count":1})");
  ASSERT_TRUE(c.member(10, 4));
  // Members of unknown guilds are not invented.
  apply(c, "GUILD_MEMBER_ADD", R"({"guild_id":"99","user":{"id":"3"},"roles":[]})");
  EXPECT_EQ(c.member(99, 3), nullptr);
}

TEST(guild_cache, guild_update_and_delete) {
  guild_cache c;
  apply(c, "GUILD_CREATE", guild_create_json);
  apply(c, "GUILD_UPDATE", R"({"id":"10","name":"G2","owner_id":"2"})");
  EXPECT_EQ(c.guild(10)->name, "G2");
  EXPECT_EQ(c.guild(10)->owner_id, 2u);
  EXPECT_TRUE(c.member(10, 1)); // GUILD_UPDATE carries no member list: members stay
  EXPECT_TRUE(c.channel(100));
  apply(c, "GUILD_DELETE", R"({"id":"10","unavailable":true})"); // outage: kept, marked
  ASSERT_TRUE(c.guild(10));
  EXPECT_TRUE(c.guild(10)->unavailable);
  EXPECT_EQ(c.guild(10)->name, "G2");
  apply(c, "GUILD_DELETE", R"({"id":"10"})"); // left or removed: gone with its channels
  EXPECT_EQ(c.guild(10), nullptr);
  EXPECT_EQ(c.channel(100), nullptr);
  EXPECT_EQ(c.channel_count(), 0u);
}

TEST(guild_cache, garbage_is_ignored) {
  guild_cache c;
  apply(c, "GUILD_CREATE", "[]");
  apply(c, "GUILD_CREATE", R"({"name":"no id"})");
  apply(c, "CHANNEL_CREATE", R"({"id":"x"})");
  apply(c, "GUILD_MEMBER_UPDATE", R"({"guild_id":"1"})");
  apply(c, "MESSAGE_CREATE", R"({"id":"1"})");
  EXPECT_EQ(c.guild_count(), 0u);
  EXPECT_EQ(c.channel_count(), 0u);
}

} // namespace
} // namespace parley::client
