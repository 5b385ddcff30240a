// Tests for the gateway's guild state: the permission checks that narrow guild and channel
// audiences (bus/bus.hpp any_permission, VIEW_CHANNEL) and their updates from dispatches.
#include "server/gateway/guild_cache.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "model/permission_bits.hpp"

namespace parley::server::gateway {
namespace {

namespace perm = model::permission;

constexpr model::snowflake guild_id = 1000;
constexpr model::snowflake owner = 1, plain = 2, manager = 3, admin = 4, muted = 5, stranger = 99;
constexpr model::snowflake managers_role = 2000, admins_role = 2001;
constexpr model::snowflake lobby = 3000, secret = 3001;
constexpr std::int64_t now_ms = 1'700'000'000'000;

model::role role(model::snowflake id, model::permissions perms, int position) {
  model::role r;
  r.id = id;
  r.guild_id = guild_id;
  r.perms = perms;
  r.position = position;
  return r;
}

model::channel channel(model::snowflake id, std::vector<model::permission_overwrite> overwrites = {}) {
  model::channel c;
  c.id = id;
  c.guild_id = guild_id;
  c.overwrites = std::move(overwrites);
  return c;
}

service::session_guild session_guild(model::snowflake user, std::vector<model::snowflake> roles,
                                     std::optional<std::int64_t> timed_out_until = std::nullopt) {
  service::session_guild g;
  g.guild.id = guild_id;
  g.guild.owner_id = owner;
  g.roles = {role(guild_id, perm::view_channel | perm::send_messages | perm::read_message_history, 0),
             role(managers_role, perm::manage_channels, 1), role(admins_role, perm::administrator, 2)};
  // The secret channel: hidden from @everyone, shown to the managers' role.
  g.channels = {channel(lobby),
                channel(secret, {{guild_id, model::permission_overwrite::kind::role, 0, perm::view_channel},
                                 {managers_role, model::permission_overwrite::kind::role, perm::view_channel, 0}})};
  g.self.guild_id = guild_id;
  g.self.user_id = user;
  g.self.roles = std::move(roles);
  g.self.communication_disabled_until_ms = timed_out_until;
  return g;
}

class guild_cache_test : public ::testing::Test {
 protected:
  void SetUp() override {
    cache.add(session_guild(owner, {}));
    cache.add(session_guild(plain, {}));
    cache.add(session_guild(manager, {managers_role}));
    cache.add(session_guild(admin, {admins_role}));
    cache.add(session_guild(muted, {managers_role}, now_ms + 60'000));
  }
  guild_cache cache;
};

TEST_F(guild_cache_test, guild_permissions_by_role_owner_and_administrator) {
  EXPECT_FALSE(cache.guild_permissions(guild_id, plain, now_ms) & perm::manage_channels);
  EXPECT_TRUE(cache.guild_permissions(guild_id, plain, now_ms) & perm::send_messages);
  EXPECT_TRUE(cache.guild_permissions(guild_id, manager, now_ms) & perm::manage_channels);
  EXPECT_FALSE(cache.guild_permissions(guild_id, manager, now_ms) & perm::ban_members);
  EXPECT_EQ(cache.guild_permissions(guild_id, owner, now_ms), perm::all);
  EXPECT_EQ(cache.guild_permissions(guild_id, admin, now_ms), perm::all);
  // A timed-out member keeps only VIEW_CHANNEL and READ_MESSAGE_HISTORY until the timeout ends.
  EXPECT_EQ(cache.guild_permissions(guild_id, muted, now_ms), perm::view_channel | perm::read_message_history);
  EXPECT_TRUE(cache.guild_permissions(guild_id, muted, now_ms + 120'000) & perm::manage_channels);
}

TEST_F(guild_cache_test, unknown_guild_channel_or_member_holds_nothing) {
  EXPECT_EQ(cache.guild_permissions(guild_id, stranger, now_ms), 0u);
  EXPECT_EQ(cache.guild_permissions(guild_id + 1, owner, now_ms), 0u);
  EXPECT_EQ(cache.channel_permissions(guild_id, 4242, owner, now_ms), 0u);
  EXPECT_EQ(cache.channel_permissions(guild_id, lobby, stranger, now_ms), 0u);
  EXPECT_FALSE(cache.can_view(guild_id, lobby, stranger, now_ms));
}

TEST_F(guild_cache_test, channel_permissions_through_overwrites) {
  EXPECT_TRUE(cache.can_view(guild_id, lobby, plain, now_ms));
  EXPECT_FALSE(cache.can_view(guild_id, secret, plain, now_ms));
  EXPECT_EQ(cache.channel_permissions(guild_id, secret, plain, now_ms), 0u) << "no VIEW_CHANNEL: nothing else either";
  EXPECT_TRUE(cache.can_view(guild_id, secret, manager, now_ms));
  EXPECT_TRUE(cache.channel_permissions(guild_id, secret, manager, now_ms) & perm::manage_channels);
  EXPECT_EQ(cache.channel_permissions(guild_id, secret, owner, now_ms), perm::all);
  EXPECT_EQ(cache.channel_permissions(guild_id, secret, admin, now_ms), perm::all);
}

TEST_F(guild_cache_test, channel_update_changes_visibility) {
  const auto opened = boost::json::parse(R"({"id":"3001","guild_id":"1000","type":0,"permission_overwrites":[]})");
  cache.apply_before("CHANNEL_UPDATE", opened);
  EXPECT_TRUE(cache.can_view(guild_id, secret, plain, now_ms));
  const auto closed = boost::json::parse(
      R"({"id":"3001","guild_id":"1000","type":0,"permission_overwrites":[{"id":"2","type":1,"allow":"0","deny":"1024"}]})");
  cache.apply_before("CHANNEL_UPDATE", closed);
  EXPECT_FALSE(cache.can_view(guild_id, secret, plain, now_ms));
  EXPECT_TRUE(cache.can_view(guild_id, secret, manager, now_ms));
  cache.apply_after("CHANNEL_DELETE", closed);
  EXPECT_FALSE(cache.can_view(guild_id, secret, owner, now_ms));
}

TEST_F(guild_cache_test, role_and_member_updates_change_permissions) {
  const auto grant = boost::json::parse(
      R"({"guild_id":"1000","role":{"id":"1000","position":0,"permissions":"1040"}})");  // VIEW_CHANNEL | MANAGE_CHANNELS
  cache.apply_before("GUILD_ROLE_UPDATE", grant);
  EXPECT_TRUE(cache.guild_permissions(guild_id, plain, now_ms) & perm::manage_channels);
  EXPECT_FALSE(cache.guild_permissions(guild_id, plain, now_ms) & perm::send_messages);

  const auto promoted = boost::json::parse(R"({"guild_id":"1000","user":{"id":"2"},"roles":["2001"]})");
  cache.apply_before("GUILD_MEMBER_UPDATE", promoted);
  EXPECT_EQ(cache.guild_permissions(guild_id, plain, now_ms), perm::all);

  cache.apply_after("GUILD_ROLE_DELETE", boost::json::parse(R"({"guild_id":"1000","role_id":"2001"})"));
  EXPECT_EQ(cache.guild_permissions(guild_id, plain, now_ms), perm::view_channel | perm::manage_channels);
  EXPECT_NE(cache.guild_permissions(guild_id, admin, now_ms), perm::all);

  cache.apply_before("GUILD_UPDATE", boost::json::parse(R"({"id":"1000","owner_id":"2"})"));
  EXPECT_EQ(cache.guild_permissions(guild_id, plain, now_ms), perm::all);
  EXPECT_NE(cache.guild_permissions(guild_id, owner, now_ms), perm::all);
}

TEST(guild_cache, guild_create_for_a_joining_user) {
  guild_cache cache;
  const auto d = boost::json::parse(R"({"id":"1000","owner_id":"1",
    "roles":[{"id":"1000","position":0,"permissions":"1024"},{"id":"2000","position":1,"permissions":"16"}],
    "channels":[{"id":"3000","type":0},{"id":"3001","type":0,
                 "permission_overwrites":[{"id":"1000","type":0,"allow":"0","deny":"1024"}]}],
    "members":[{"user":{"id":"1"},"roles":[]},{"user":{"id":"7"},"roles":["2000"]}]})");
  cache.add_from_guild_create(d, 7);
  EXPECT_TRUE(cache.guild_permissions(guild_id, 7, now_ms) & perm::manage_channels);
  EXPECT_TRUE(cache.can_view(guild_id, 3000, 7, now_ms));
  EXPECT_FALSE(cache.can_view(guild_id, 3001, 7, now_ms));
  EXPECT_EQ(cache.guild_permissions(guild_id, 1, now_ms), 0u) << "only the joining user's membership is kept";
  cache.forget_member(guild_id, 7);
  EXPECT_EQ(cache.guild_permissions(guild_id, 7, now_ms), 0u);
}

} // namespace
} // namespace parley::server::gateway
