#include "service/members.hpp"

#include "model/application.hpp"
#include "model/permission_bits.hpp"
#include "model/timestamp.hpp"
#include "service/credentials.hpp"
#include "service/community_test_fixture.hpp"

namespace parley::service {
namespace {

using model::json_code;
namespace perm = model::permission;
namespace json = boost::json;

class members_test : public testing::community_fixture {
 protected:
  void SetUp() override {
    community_fixture::SetUp();
    alice = make_user("alice");
    bob = make_user("bob");
    carol = make_user("carol");
    guild_id = make_guild(alice);
    join(guild_id, bob);
    join(guild_id, carol);
    mod = make_role(guild_id, "mod",
                    perm::manage_roles | perm::manage_nicknames | perm::kick_members | perm::moderate_members |
                        perm::mute_members,
                    5);
    low = make_role(guild_id, "low", 0, 2);
    give_role(guild_id, bob, mod.id);
    take_events();
  }
  model::user alice, bob, carol;
  model::snowflake guild_id = 0;
  model::role mod, low;
};

TEST_F(members_test, list_search_and_get) {
  members m(*ctx_);
  auto all = m.list(carol, guild_id, 0, 1000);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 3u);
  auto page = m.list(carol, guild_id, alice.id, 1);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].user.id, bob.id);
  auto found = m.search(carol, guild_id, "CA", 10);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].user.username, "carol");
  EXPECT_EQ(m.get(carol, guild_id, 12345).error().code(), json_code::unknown_member);
  auto outsider = make_user("dave");
  EXPECT_EQ(m.list(outsider, guild_id, 0, 10).error().code(), json_code::unknown_guild);
}

TEST_F(members_test, bots_need_the_members_intent_to_list) {
  model::user bot;
  bot.id = ids_.next(static_cast<std::uint64_t>(clock_.now));
  bot.username = "Lister";
  bot.discriminator = "0002";
  bot.bot = true;
  model::application app;
  app.id = bot.id;
  app.name = "Lister";
  app.owner_id = alice.id;
  app.bot_user_id = bot.id;
  app.verify_key = std::string(64, 'a');
  ASSERT_TRUE(store_->insert_application(app, bot, {{}, bot.id, clock_.now}));
  join(guild_id, bot);
  members m(*ctx_);
  EXPECT_EQ(m.list(bot, guild_id, 0, 10).error().code(), json_code::missing_access);
  app.flags = model::application_flags::gateway_guild_members;
  ASSERT_TRUE(store_->update_application(app));
  EXPECT_TRUE(m.list(bot, guild_id, 0, 10));
}

TEST_F(members_test, each_field_needs_its_permission) {
  members m(*ctx_);
  // carol has no moderation bits.
  EXPECT_EQ(m.modify(as(carol), guild_id, bob.id, {{"nick", "x"}}).error().code(), json_code::missing_permissions);
  EXPECT_EQ(m.modify(as(carol), guild_id, bob.id, {{"mute", true}}).error().code(), json_code::missing_permissions);
  EXPECT_EQ(m.modify(as(bob), guild_id, carol.id, {{"deaf", true}}).error().code(), json_code::missing_permissions);

  auto nick = m.modify(as(bob, "be nice"), guild_id, carol.id, {{"nick", "Caz"}, {"mute", true}});
  ASSERT_TRUE(nick) << nick.error().message();
  EXPECT_EQ(nick->member.nick, "Caz");
  EXPECT_TRUE((*store_->member(guild_id, carol.id))->member.mute);
  auto events = take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1]->name, "GUILD_AUDIT_LOG_ENTRY_CREATE");
  EXPECT_EQ(events[0]->name, "GUILD_MEMBER_UPDATE");
  EXPECT_EQ(events[0]->data.at("guild_id").as_string(), std::to_string(guild_id));
  EXPECT_EQ(events[0]->data.at("user").at("id").as_string(), std::to_string(carol.id));
  auto entries = store_->audit_entries(guild_id, {});
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].action_type, 24);
  EXPECT_EQ((*entries)[0].reason, "be nice");

  // Nobody renames the owner but the owner; a member renames itself with CHANGE_NICKNAME.
  EXPECT_FALSE(m.modify(as(bob), guild_id, alice.id, {{"nick", "boss"}}));
  EXPECT_TRUE(m.modify_self(as(carol), guild_id, {{"nick", "me"}}));
  set_everyone(guild_id, perm::view_channel);
  EXPECT_EQ(m.modify_self(as(carol), guild_id, {{"nick", "again"}}).error().code(), json_code::missing_permissions);
  auto bad = m.modify(as(bob), guild_id, carol.id, {{"nick", std::string(40, 'x')}, {"roles", "x"}});
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().errors().contains("nick"));
  EXPECT_TRUE(bad.error().errors().contains("roles"));
}

TEST_F(members_test, roles_follow_the_hierarchy) {
  members m(*ctx_);
  auto ok = m.modify(as(bob), guild_id, carol.id, {{"roles", json::array{std::to_string(low.id)}}});
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ((*store_->member(guild_id, carol.id))->member.roles, std::vector<model::snowflake>{low.id});
  auto entries = store_->audit_entries(guild_id, {});
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].action_type, 25);
  EXPECT_NE((*entries)[0].changes_json.find("$add"), std::string::npos);
  // mod is bob's own top role: he cannot hand it out.
  EXPECT_EQ(m.modify(as(bob), guild_id, carol.id, {{"roles", json::array{std::to_string(mod.id)}}}).error().code(),
            json_code::missing_permissions);
  EXPECT_EQ(m.modify(as(bob), guild_id, carol.id, {{"roles", json::array{"777"}}}).error().code(), json_code::unknown_role);
  EXPECT_TRUE(m.modify(as(alice), guild_id, carol.id, {{"roles", json::array{mod.id}}}));
}

TEST_F(members_test, timeouts_are_bounded_and_spare_admins) {
  members m(*ctx_);
  const auto in_an_hour = model::format_iso8601(clock_.now + 3'600'000);
  auto ok = m.modify(as(bob), guild_id, carol.id, {{"communication_disabled_until", in_an_hour}});
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ((*store_->member(guild_id, carol.id))->member.communication_disabled_until_ms, clock_.now + 3'600'000);
  const auto too_far = model::format_iso8601(clock_.now + max_timeout_ms + 1000);
  EXPECT_EQ(m.modify(as(bob), guild_id, carol.id, {{"communication_disabled_until", too_far}}).error().code(),
            json_code::invalid_form_body);
  auto admin = make_role(guild_id, "admin", perm::administrator, 1);
  give_role(guild_id, carol, admin.id);
  ASSERT_TRUE(m.modify(as(bob), guild_id, carol.id, {{"communication_disabled_until", nullptr}}));
  EXPECT_EQ(m.modify(as(bob), guild_id, carol.id, {{"communication_disabled_until", in_an_hour}}).error().code(),
            json_code::missing_permissions);
}

TEST_F(members_test, kick_needs_the_permission_and_a_higher_role) {
  members m(*ctx_);
  EXPECT_EQ(m.kick(as(carol), guild_id, bob.id).error().code(), json_code::missing_permissions);
  EXPECT_EQ(m.kick(as(bob), guild_id, alice.id).error().code(), json_code::missing_permissions);
  EXPECT_EQ(m.kick(as(bob), guild_id, 4242).error().code(), json_code::unknown_member);
  ASSERT_TRUE(m.kick(as(bob, "spam"), guild_id, carol.id));
  EXPECT_FALSE(*store_->member(guild_id, carol.id));
  auto events = take_events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2]->name, "GUILD_AUDIT_LOG_ENTRY_CREATE");
  EXPECT_EQ(events[2]->data.at("action_type").as_int64(), 20);
  EXPECT_EQ(events[0]->name, "GUILD_MEMBER_REMOVE");
  EXPECT_EQ(events[1]->name, "GUILD_DELETE");
  EXPECT_EQ(events[1]->to.id, carol.id);
  auto entries = store_->audit_entries(guild_id, {});
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].action_type, 20);
  EXPECT_EQ((*entries)[0].target_id, carol.id);
}

TEST_F(members_test, a_bot_joins_through_authorization_with_a_managed_role) {
  model::user bot;
  bot.id = ids_.next(static_cast<std::uint64_t>(clock_.now));
  bot.username = "Helper";
  bot.discriminator = "0007";
  bot.bot = true;
  model::application app;
  app.id = bot.id;
  app.name = "Helper";
  app.owner_id = carol.id;
  app.bot_user_id = bot.id;
  app.verify_key = std::string(64, 'b');
  ASSERT_TRUE(store_->insert_application(app, bot, {{}, bot.id, clock_.now}));
  members m(*ctx_);
  const json::object body{{"guild_id", std::to_string(guild_id)}, {"permissions", std::to_string(perm::kick_members)},
                          {"authorize", true}};
  EXPECT_EQ(m.authorize_bot(as(carol), app.id, body).error().code(), json_code::missing_permissions);
  EXPECT_EQ(m.authorize_bot(as(alice), 999, body).error().code(), json_code::unknown_application);
  ASSERT_TRUE(m.authorize_bot(as(alice), app.id, body));
  auto joined = store_->member(guild_id, bot.id);
  ASSERT_TRUE(joined && *joined);
  ASSERT_EQ((*joined)->member.roles.size(), 1u);
  auto role = *store_->role_by_id(guild_id, (*joined)->member.roles[0]);
  EXPECT_TRUE(role->managed);
  EXPECT_EQ(role->bot_id, bot.id);
  EXPECT_EQ(role->perms, perm::kick_members);
  auto events = take_events();
  EXPECT_NE(find(events, "GUILD_ROLE_CREATE"), nullptr);
  EXPECT_NE(find(events, "GUILD_MEMBER_ADD"), nullptr);
  ASSERT_NE(find(events, "GUILD_CREATE"), nullptr);
  EXPECT_EQ(find(events, "GUILD_CREATE")->to.id, bot.id);
  store::audit_log_query q;
  q.action_type = 28;
  auto entries = store_->audit_entries(guild_id, q);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].target_id, bot.id);
  // A managed role cannot be handed to anyone else.
  EXPECT_EQ(m.modify(as(alice), guild_id, carol.id, {{"roles", json::array{std::to_string(role->id)}}}).error().code(),
            json_code::missing_permissions);
}

TEST_F(members_test, nick_and_roles_in_one_patch_write_two_entries) {
  members m(*ctx_);
  ASSERT_TRUE(m.modify(as(bob, "tidy"), guild_id, carol.id,
                       {{"nick", "cc"}, {"roles", json::array{std::to_string(low.id)}}}));
  auto entries = *store_->audit_entries(guild_id, {});
  ASSERT_EQ(entries.size(), 2u);
  // Newest first: the role entry follows the update entry.
  EXPECT_EQ(entries[0].action_type, 25);
  EXPECT_EQ(entries[1].action_type, 24);
  EXPECT_NE(entries[0].changes_json.find("$add"), std::string::npos);
  EXPECT_NE(entries[1].changes_json.find("\"nick\""), std::string::npos);
  auto events = take_events();
  ASSERT_EQ(count(events, "GUILD_AUDIT_LOG_ENTRY_CREATE"), 2u);
  const auto* e = find(events, "GUILD_AUDIT_LOG_ENTRY_CREATE");
  EXPECT_EQ(e->to.scope, bus::audience::kind::guild);
  EXPECT_EQ(e->to.any_permission, perm::view_audit_log);
  EXPECT_EQ(e->data.at("guild_id").as_string(), std::to_string(guild_id));
  EXPECT_EQ(e->data.at("action_type").as_int64(), 24);
  EXPECT_EQ(e->data.at("reason").as_string(), "tidy");
}

TEST_F(members_test, set_role_checks_permission_hierarchy_and_existence) {
  members m(*ctx_);
  auto top = make_role(guild_id, "top", 0, 9);
  EXPECT_EQ(m.set_role(as(carol), guild_id, carol.id, low.id, true).error().code(), json_code::missing_permissions);
  EXPECT_EQ(m.set_role(as(bob), guild_id, carol.id, top.id, true).error().code(), json_code::missing_permissions);
  EXPECT_EQ(m.set_role(as(bob), guild_id, carol.id, mod.id, true).error().code(), json_code::missing_permissions);
  EXPECT_EQ(m.set_role(as(bob), guild_id, carol.id, 4242, true).error().code(), json_code::unknown_role);
  EXPECT_EQ(m.set_role(as(bob), guild_id, carol.id, guild_id, true).error().code(), json_code::unknown_role);
  EXPECT_EQ(m.set_role(as(bob), guild_id, 4242, low.id, true).error().code(), json_code::unknown_member);
  take_events();
  ASSERT_TRUE(m.set_role(as(bob), guild_id, carol.id, low.id, true));
  EXPECT_EQ((*store_->member(guild_id, carol.id))->member.roles, std::vector<model::snowflake>{low.id});
  auto events = take_events();
  ASSERT_NE(find(events, "GUILD_MEMBER_UPDATE"), nullptr);
  EXPECT_EQ(find(events, "GUILD_MEMBER_UPDATE")->data.at("roles").as_array().size(), 1u);
  EXPECT_NE(find(events, "GUILD_AUDIT_LOG_ENTRY_CREATE"), nullptr);
  // Again: nothing changes, nothing is published.
  ASSERT_TRUE(m.set_role(as(bob), guild_id, carol.id, low.id, true));
  EXPECT_TRUE(take_events().empty());
  ASSERT_TRUE(m.set_role(as(bob), guild_id, carol.id, low.id, false));
  EXPECT_TRUE((*store_->member(guild_id, carol.id))->member.roles.empty());
  store::audit_log_query q;
  q.action_type = 25;
  EXPECT_EQ(store_->audit_entries(guild_id, q)->size(), 2u);
}

TEST_F(members_test, add_needs_the_users_token_and_the_field_permissions) {
  auto dave = make_user("dave");
  const auto token = issue_token(dave.id, clock_.now);
  ASSERT_TRUE(store_->insert_token({token.hash, dave.id, clock_.now}));
  const auto carol_token = issue_token(carol.id, clock_.now);
  ASSERT_TRUE(store_->insert_token({carol_token.hash, carol.id, clock_.now}));
  members m(*ctx_);
  const json::object body{{"access_token", token.secret}};
  // carol lacks CREATE_INSTANT_INVITE (the default @everyone grants it: take it away).
  set_everyone(guild_id, perm::view_channel);
  EXPECT_EQ(m.add(as(carol), guild_id, dave.id, body).error().code(), json_code::missing_permissions);
  EXPECT_EQ(m.add(as(carol), guild_id, dave.id, {}).error().code(), json_code::invalid_form_body);
  EXPECT_EQ(m.add(as(alice), guild_id, dave.id, {{"access_token", "nope"}}).error().code(),
            static_cast<json_code>(50025));
  // Somebody else's token does not add dave.
  EXPECT_EQ(m.add(as(alice), guild_id, dave.id, {{"access_token", carol_token.secret}}).error().code(),
            static_cast<json_code>(50025));
  // bob (mod: no DEAFEN_MEMBERS) may not deafen on the way in.
  give_role(guild_id, bob, make_role(guild_id, "inviter", perm::create_instant_invite, 1).id);
  EXPECT_EQ(m.add(as(bob), guild_id, dave.id, {{"access_token", token.secret}, {"deaf", true}}).error().code(),
            json_code::missing_permissions);
  take_events();
  auto added = m.add(as(bob), guild_id, dave.id,
                     {{"access_token", token.secret}, {"nick", "D"}, {"roles", json::array{std::to_string(low.id)}}});
  ASSERT_TRUE(added) << added.error().message();
  ASSERT_TRUE(added->has_value());
  EXPECT_EQ((*added)->member.nick, "D");
  EXPECT_EQ((*added)->member.roles, std::vector<model::snowflake>{low.id});
  auto events = take_events();
  EXPECT_NE(find(events, "GUILD_MEMBER_ADD"), nullptr);
  ASSERT_NE(find(events, "GUILD_CREATE"), nullptr);
  EXPECT_EQ(find(events, "GUILD_CREATE")->to.id, dave.id);
  // Already a member: nullopt (204), nothing published.
  auto again = m.add(as(bob), guild_id, dave.id, body);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->has_value());
  EXPECT_TRUE(take_events().empty());
}

TEST_F(members_test, prune_counts_and_removes_inactive_members_without_roles) {
  members m(*ctx_);
  auto dave = make_user("dave");
  join(guild_id, dave);  // joined "now": never prunable by days
  clock_.now += 10LL * 86400 * 1000;
  EXPECT_EQ(m.prune_count(carol, guild_id, 7, {}).error().code(), json_code::missing_permissions);
  EXPECT_EQ(m.prune_count(bob, guild_id, 7, {4242}).error().code(), json_code::unknown_role);
  // carol and dave have no roles and joined 10 days ago; bob has mod; alice owns the guild.
  EXPECT_EQ(*m.prune_count(bob, guild_id, 7, {}), 2u);
  EXPECT_EQ(*m.prune_count(bob, guild_id, 30, {}), 0u);
  EXPECT_EQ(*m.prune_count(bob, guild_id, 7, {mod.id}), 3u);
  EXPECT_EQ(m.prune(as(bob), guild_id, {{"days", 31}}).error().code(), json_code::invalid_form_body);
  take_events();
  auto pruned = m.prune(as(bob, "spring cleaning"), guild_id, {{"days", 7}});
  ASSERT_TRUE(pruned);
  ASSERT_TRUE(pruned->has_value());
  EXPECT_EQ(**pruned, 2u);
  EXPECT_FALSE(*store_->member(guild_id, carol.id));
  auto events = take_events();
  EXPECT_EQ(count(events, "GUILD_MEMBER_REMOVE"), 2u);
  EXPECT_EQ(count(events, "GUILD_DELETE"), 2u);
  ASSERT_NE(find(events, "GUILD_AUDIT_LOG_ENTRY_CREATE"), nullptr);
  store::audit_log_query q;
  q.action_type = 21;
  auto entries = *store_->audit_entries(guild_id, q);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_NE(entries[0].options_json.find("\"members_removed\":\"2\""), std::string::npos);
  EXPECT_NE(entries[0].options_json.find("\"delete_member_days\":\"7\""), std::string::npos);
  auto quiet = m.prune(as(bob), guild_id, {{"compute_prune_count", false}});
  ASSERT_TRUE(quiet);
  EXPECT_FALSE(quiet->has_value());
}

} // namespace
} // namespace parley::service
