#include "service/bans.hpp"

#include "model/permission_bits.hpp"
#include "service/community_test_fixture.hpp"

namespace parley::service {
namespace {

using model::json_code;
namespace perm = model::permission;
namespace json = boost::json;

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
  EXPECT_EQ(b.ban(as(carol), guild_id, bob.id, {}).error().code(), json_code::missing_permissions);
  EXPECT_EQ(b.ban(as(bob), guild_id, alice.id, {}).error().code(), json_code::missing_permissions);
  EXPECT_EQ(b.ban(as(bob), guild_id, carol.id, {{"delete_message_seconds", 700000}}).error().code(),
            json_code::invalid_form_body);
  ASSERT_TRUE(b.ban(as(bob, "rude"), guild_id, carol.id, {{"delete_message_seconds", 3600}}));
  EXPECT_FALSE(*store_->member(guild_id, carol.id));
  auto events = take_events();
  ASSERT_GE(events.size(), 4u);
  EXPECT_EQ(events[0]->name, "GUILD_BAN_ADD");
  EXPECT_EQ(events[0]->data.at("user").at("id").as_string(), std::to_string(carol.id));
  // Only moderators hear of bans (gateway.md §5).
  EXPECT_EQ(events[0]->to.any_permission, perm::ban_members | perm::view_audit_log);
  EXPECT_EQ(events[1]->name, "GUILD_MEMBER_REMOVE");
  EXPECT_EQ(events[1]->to.any_permission, 0u);
  EXPECT_EQ(events[2]->name, "GUILD_DELETE");
  EXPECT_EQ(events[2]->to.id, carol.id);
  EXPECT_EQ(events[3]->name, "GUILD_AUDIT_LOG_ENTRY_CREATE");
  EXPECT_EQ(events[3]->data.at("action_type").as_int64(), 22);
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
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]->name, "GUILD_BAN_REMOVE");
  EXPECT_EQ(events[0]->to.any_permission, perm::ban_members | perm::view_audit_log);
  EXPECT_EQ(events[1]->name, "GUILD_AUDIT_LOG_ENTRY_CREATE");
  EXPECT_EQ(b.unban(as(bob), guild_id, dave.id).error().code(), json_code::unknown_ban);
  EXPECT_EQ(b.get(bob, guild_id, dave.id).error().code(), json_code::unknown_ban);
}

TEST_F(bans_test, bulk_ban_reports_who_was_banned_and_who_was_not) {
  bans b(*ctx_);
  auto dave = make_user("dave");
  auto erin = make_user("erin");
  ASSERT_TRUE(b.ban(as(bob), guild_id, erin.id, {}));  // already banned: fails in bulk
  take_events();
  const json::object body{{"user_ids", json::array{std::to_string(carol.id), std::to_string(dave.id),
                                                   std::to_string(alice.id), std::to_string(erin.id), "31337",
                                                   std::to_string(carol.id)}}};
  // BAN_MEMBERS alone is not enough.
  EXPECT_EQ(b.bulk_ban(as(bob), guild_id, body).error().code(), json_code::missing_permissions);
  give_role(guild_id, bob, make_role(guild_id, "manager", perm::manage_guild, 1).id);
  EXPECT_EQ(b.bulk_ban(as(bob), guild_id, {}).error().code(), json_code::invalid_form_body);
  EXPECT_EQ(b.bulk_ban(as(bob), guild_id, {{"user_ids", json::array()}}).error().code(), json_code::invalid_form_body);
  json::array too_many;
  for (int i = 0; i < 201; ++i) too_many.push_back(json::string(std::to_string(1000 + i)));
  EXPECT_EQ(b.bulk_ban(as(bob), guild_id, {{"user_ids", too_many}}).error().code(), json_code::invalid_form_body);
  EXPECT_EQ(b.bulk_ban(as(bob), guild_id, {{"user_ids", json::array{"x"}}}).error().code(),
            json_code::invalid_form_body);

  auto r = b.bulk_ban(as(bob), guild_id, body);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->banned, (std::vector<model::snowflake>{carol.id, dave.id}));
  EXPECT_EQ(r->failed, (std::vector<model::snowflake>{alice.id, erin.id, 31337}));
  auto events = take_events();
  EXPECT_EQ(count(events, "GUILD_BAN_ADD"), 2u);
  EXPECT_EQ(count(events, "GUILD_AUDIT_LOG_ENTRY_CREATE"), 2u);
  // Nobody bannable: 500000.
  auto none = b.bulk_ban(as(bob), guild_id, {{"user_ids", json::array{std::to_string(alice.id)}}});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().status(), 500);
  EXPECT_EQ(none.error().code(), static_cast<json_code>(500000));
}

} // namespace
} // namespace parley::service
