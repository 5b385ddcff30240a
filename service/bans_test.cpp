#include "service/bans.hpp"

#include "model/permission_bits.hpp"
#include "service/community_test_fixture.hpp"

namespace parley::service {
namespace {

using model::json_code;
namespace perm = model::permission;

class bans_test : public testing::community_fixture {
 protected:
  void SetUp() override {
    community_fixture::SetUp();
    alice = make_user("alice");
    bob = make_user("bob");
    carol = make_user("carol");
    guild_id = make_guild(alice);
    join(guild_id, bob);
    join(guild_id, carol);
    auto mod = make_role(guild_id, "mod", perm::ban_members, 5);
    give_role(guild_id, bob, mod.id);
    take_events();
  }
  model::user alice, bob, carol;
  model::snowflake guild_id = 0;
};

TEST_F(bans_test, ban_removes_the_member_and_tells_everyone) {
  bans b(*ctx_);
  std::int64_t hooked = 0;
  b.on_delete_messages([&](model::snowflake, model::snowflake user, std::int64_t seconds) {
    EXPECT_EQ(user, carol.id);
    hooked = seconds;
  });
  EXPECT_EQ(b.ban(as(carol), guild_id, bob.id, {}).error().code(), json_code::missing_permissions);
  EXPECT_EQ(b.ban(as(bob), guild_id, alice.id, {}).error().code(), json_code::missing_permissions);
  EXPECT_EQ(b.ban(as(bob), guild_id, carol.id, {{"delete_message_seconds", 700000}}).error().code(),
            json_code::invalid_form_body);
  ASSERT_TRUE(b.ban(as(bob, "rude"), guild_id, carol.id, {{"delete_message_seconds", 3600}}));
  EXPECT_EQ(hooked, 3600);
  EXPECT_FALSE(*store_->member(guild_id, carol.id));
  auto events = take_events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]->name, "GUILD_BAN_ADD");
  EXPECT_EQ(events[0]->data.at("user").at("id").as_string(), std::to_string(carol.id));
  EXPECT_EQ(events[1]->name, "GUILD_MEMBER_REMOVE");
  EXPECT_EQ(events[2]->name, "GUILD_DELETE");
  EXPECT_EQ(events[2]->to.id, carol.id);
  auto entry = (*store_->audit_entries(guild_id, {}))[0];
  EXPECT_EQ(entry.action_type, 22);
  EXPECT_EQ(entry.reason, "rude");
  EXPECT_NE(entry.options_json.find("3600"), std::string::npos);

  auto got = b.get(bob, guild_id, carol.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->ban.reason, "rude");
  EXPECT_EQ(b.list(bob, guild_id, {})->size(), 1u);
  EXPECT_EQ(b.list(carol, guild_id, {}).error().code(), json_code::unknown_guild);
}

TEST_F(bans_test, a_non_member_can_be_banned_and_unbanned) {
  bans b(*ctx_);
  auto dave = make_user("dave");
  ASSERT_TRUE(b.ban(as(bob), guild_id, dave.id, {}));
  EXPECT_EQ(count(take_events(), "GUILD_MEMBER_REMOVE"), 0u);
  EXPECT_EQ(b.ban(as(bob), guild_id, 31337, {}).error().code(), json_code::unknown_user);
  ASSERT_TRUE(b.unban(as(bob), guild_id, dave.id));
  auto events = take_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->name, "GUILD_BAN_REMOVE");
  EXPECT_EQ(b.unban(as(bob), guild_id, dave.id).error().code(), json_code::unknown_ban);
  EXPECT_EQ(b.get(bob, guild_id, dave.id).error().code(), json_code::unknown_ban);
}

} // namespace
} // namespace parley::service
