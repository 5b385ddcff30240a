#include "service/invites.hpp"

#include "model/permission_bits.hpp"
#include "service/bans.hpp"
#include "service/community_test_fixture.hpp"

namespace parley::service {
namespace {

using model::json_code;
namespace perm = model::permission;

class invites_test : public testing::community_fixture {
 protected:
  void SetUp() override {
    community_fixture::SetUp();
    alice = make_user("alice");
    bob = make_user("bob");
    guild_id = make_guild(alice);
    general = (*store_->channels_of_guild(guild_id))[0].id;
    take_events();
  }
  model::user alice, bob;
  model::snowflake guild_id = 0, general = 0;
};

TEST(invite_code, eight_alphanumerics) {
  const auto a = random_invite_code();
  EXPECT_EQ(a.size(), 8u);
  for (const char ch : a) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(ch))) << a;
  EXPECT_NE(a, random_invite_code());
}

TEST_F(invites_test, create_reuses_equivalent_invites_unless_unique) {
  invites inv(*ctx_);
  auto first = inv.create(as(alice), general, {});
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(first->invite.max_age, 86400);
  EXPECT_EQ(first->invite.guild_id, guild_id);
  auto events = take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]->name, "INVITE_CREATE");
  // Only those who may manage the channel's invites hear of them (gateway.md §5).
  EXPECT_EQ(events[0]->to.scope, bus::audience::kind::channel);
  EXPECT_EQ(events[0]->to.id, general);
  EXPECT_EQ(events[0]->to.any_permission, model::permission::manage_channels);
  EXPECT_EQ(events[1]->name, "GUILD_AUDIT_LOG_ENTRY_CREATE");
  auto again = inv.create(as(alice), general, {});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->invite.code, first->invite.code);
  EXPECT_TRUE(take_events().empty());
  auto unique = inv.create(as(alice), general, {{"unique", true}});
  ASSERT_TRUE(unique);
  EXPECT_NE(unique->invite.code, first->invite.code);
  EXPECT_EQ(inv.create(as(alice), general, {{"max_uses", 101}}).error().code(), json_code::invalid_form_body);
  EXPECT_EQ(inv.create(as(bob), general, {}).error().code(), json_code::unknown_channel);
  EXPECT_EQ(inv.list_guild(alice, guild_id)->invites.size(), 2u);
  EXPECT_EQ(inv.list_channel(alice, general)->invites.size(), 2u);
}

TEST_F(invites_test, accept_joins_once_and_announces) {
  invites inv(*ctx_);
  auto made = inv.create(as(alice), general, {{"max_uses", 2}});
  ASSERT_TRUE(made);
  take_events();
  auto joined = inv.accept(bob, made->invite.code);
  ASSERT_TRUE(joined) << joined.error().message();
  EXPECT_TRUE(*store_->member(guild_id, bob.id));
  auto events = take_events();
  ASSERT_NE(find(events, "GUILD_MEMBER_ADD"), nullptr);
  EXPECT_EQ(find(events, "GUILD_MEMBER_ADD")->to.scope, bus::audience::kind::guild);
  ASSERT_NE(find(events, "GUILD_CREATE"), nullptr);
  EXPECT_EQ(find(events, "GUILD_CREATE")->to.id, bob.id);
  EXPECT_EQ(find(events, "GUILD_CREATE")->data.at("member_count").as_int64(), 2);
  // Already a member: the invite answers, nothing changes, no use counted.
  ASSERT_TRUE(inv.accept(bob, made->invite.code));
  EXPECT_TRUE(take_events().empty());
  EXPECT_EQ((*store_->invite_by_code(made->invite.code, clock_.now))->uses, 1);
  // The second use exhausts it.
  auto carol = make_user("carol");
  ASSERT_TRUE(inv.accept(carol, made->invite.code));
  EXPECT_NE(find(take_events(), "INVITE_DELETE"), nullptr);
  auto dave = make_user("dave");
  EXPECT_EQ(inv.accept(dave, made->invite.code).error().code(), json_code::unknown_invite);
  EXPECT_EQ(inv.get(made->invite.code).error().code(), json_code::unknown_invite);
}

TEST_F(invites_test, banned_users_and_expired_invites_are_refused) {
  invites inv(*ctx_);
  auto made = inv.create(as(alice), general, {{"max_age", 60}});
  ASSERT_TRUE(made);
  bans b(*ctx_);
  ASSERT_TRUE(b.ban(as(alice), guild_id, bob.id, {}));
  auto refused = inv.accept(bob, made->invite.code);
  ASSERT_FALSE(refused);
  EXPECT_EQ(static_cast<int>(refused.error().code()), 40007);
  EXPECT_EQ(refused.error().status(), 403);
  EXPECT_FALSE(*store_->member(guild_id, bob.id));
  clock_.now += 61'000;
  auto carol = make_user("carol");
  EXPECT_EQ(inv.accept(carol, made->invite.code).error().code(), json_code::unknown_invite);
  EXPECT_EQ(inv.get("not-a-code!").error().code(), json_code::unknown_invite);
}

TEST_F(invites_test, delete_needs_manage_channels_or_manage_guild) {
  invites inv(*ctx_);
  auto made = inv.create(as(alice), general, {});
  ASSERT_TRUE(made);
  join(guild_id, bob);
  take_events();
  EXPECT_EQ(inv.remove(as(bob), made->invite.code).error().code(), json_code::missing_permissions);
  auto outsider = make_user("eve");
  EXPECT_EQ(inv.remove(as(outsider), made->invite.code).error().code(), json_code::unknown_invite);
  auto deleted = inv.remove(as(alice, "old"), made->invite.code);
  ASSERT_TRUE(deleted);
  auto events = take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]->name, "INVITE_DELETE");
  EXPECT_EQ(events[0]->to.scope, bus::audience::kind::channel);
  EXPECT_EQ(events[0]->to.any_permission, model::permission::manage_channels);
  EXPECT_EQ(events[1]->name, "GUILD_AUDIT_LOG_ENTRY_CREATE");
  EXPECT_EQ(events[0]->data.at("code").as_string(), made->invite.code);
  store::audit_log_query q;
  q.action_type = 42;
  EXPECT_EQ(store_->audit_entries(guild_id, q)->size(), 1u);
  EXPECT_EQ(inv.get(made->invite.code).error().code(), json_code::unknown_invite);
}

} // namespace
} // namespace parley::service
