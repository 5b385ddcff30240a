#include "service/guilds.hpp"

#include "model/permission_bits.hpp"
#include "service/audit_log.hpp"
#include "service/community_test_fixture.hpp"

namespace parley::service {
namespace {

using model::json_code;
namespace perm = model::permission;

class guilds_test : public testing::community_fixture {};

TEST_F(guilds_test, create_makes_default_channels_everyone_and_owner_and_tells_the_creator) {
  auto alice = make_user("alice");
  guilds g(*ctx_);
  auto r = g.create(alice, {{"name", "Alice's place"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->guild.owner_id, alice.id);
  ASSERT_EQ(r->roles.size(), 1u);
  EXPECT_EQ(r->roles[0].id, r->guild.id);
  EXPECT_EQ(r->roles[0].perms, default_everyone_permissions());
  EXPECT_TRUE(r->roles[0].perms & perm::view_channel);
  EXPECT_FALSE(r->roles[0].perms & perm::manage_guild);

  auto channels = store_->channels_of_guild(r->guild.id);
  ASSERT_TRUE(channels);
  ASSERT_EQ(channels->size(), 2u);
  EXPECT_EQ((*channels)[0].name, "general");
  EXPECT_EQ((*channels)[0].type, model::channel_type::guild_text);
  EXPECT_EQ((*channels)[1].name, "General");
  EXPECT_EQ((*channels)[1].type, model::channel_type::guild_voice);
  EXPECT_EQ(r->guild.system_channel_id, (*channels)[0].id);

  auto events = take_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->name, "GUILD_CREATE");
  EXPECT_EQ(events[0]->to.scope, bus::audience::kind::user);
  EXPECT_EQ(events[0]->to.id, alice.id);
  const auto& d = events[0]->data.as_object();
  EXPECT_EQ(d.at("channels").as_array().size(), 2u);
  EXPECT_EQ(d.at("members").as_array().size(), 1u);
  EXPECT_EQ(d.at("member_count").as_int64(), 1);
  EXPECT_EQ(d.at("roles").as_array().size(), 1u);
}

TEST_F(guilds_test, bad_names_are_field_errors) {
  auto alice = make_user("alice");
  guilds g(*ctx_);
  for (const auto& body : {boost::json::object{}, boost::json::object{{"name", "x"}}, boost::json::object{{"name", 5}}}) {
    auto r = g.create(alice, body);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), json_code::invalid_form_body);
    EXPECT_TRUE(r.error().errors().contains("name"));
  }
  EXPECT_TRUE(take_events().empty());
}

TEST_F(guilds_test, modify_needs_manage_guild_and_writes_audit_with_reason) {
  auto alice = make_user("alice");
  auto bob = make_user("bob");
  auto carol = make_user("carol");
  const auto id = make_guild(alice);
  join(id, bob);
  take_events();
  guilds g(*ctx_);
  auto refused = g.modify(as(bob), id, {{"name", "Bob's now"}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), json_code::missing_permissions);
  auto stranger = g.modify(as(carol), id, {{"name", "Nope"}});
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code(), json_code::unknown_guild);

  auto ok = g.modify(as(alice, "tidy up"), id, {{"name", "Renamed"}, {"afk_timeout", 900}});
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(ok->guild.name, "Renamed");
  EXPECT_EQ((*store_->guild_by_id(id))->guild.afk_timeout, 900);
  auto events = take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]->name, "GUILD_AUDIT_LOG_ENTRY_CREATE");
  EXPECT_EQ(events[0]->to.any_permission, model::permission::view_audit_log);
  events.erase(events.begin());
  EXPECT_EQ(events[0]->name, "GUILD_UPDATE");
  EXPECT_EQ(events[0]->to.scope, bus::audience::kind::guild);
  EXPECT_EQ(events[0]->data.at("name"), "Renamed");

  auto entries = store_->audit_entries(id, {});
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].action_type, 1);
  EXPECT_EQ((*entries)[0].reason, "tidy up");
  EXPECT_EQ((*entries)[0].user_id, alice.id);
  EXPECT_NE((*entries)[0].changes_json.find("\"Renamed\""), std::string::npos);

  auto bad = g.modify(as(alice), id, {{"afk_timeout", 61}, {"system_channel_id", "123"}});
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().errors().contains("afk_timeout"));
  EXPECT_TRUE(bad.error().errors().contains("system_channel_id"));
}

TEST_F(guilds_test, ownership_transfer_is_the_owners_alone) {
  auto alice = make_user("alice");
  auto bob = make_user("bob");
  auto carol = make_user("carol");
  const auto id = make_guild(alice);
  join(id, bob);
  auto admin = make_role(id, "admin", perm::administrator, 1);
  give_role(id, bob, admin.id);
  guilds g(*ctx_);
  auto by_admin = g.modify(as(bob), id, {{"owner_id", std::to_string(bob.id)}});
  ASSERT_FALSE(by_admin);
  EXPECT_EQ(by_admin.error().code(), json_code::missing_permissions);
  auto to_stranger = g.modify(as(alice), id, {{"owner_id", std::to_string(carol.id)}});
  ASSERT_FALSE(to_stranger);
  EXPECT_EQ(to_stranger.error().code(), json_code::unknown_member);
  auto ok = g.modify(as(alice), id, {{"owner_id", bob.id}});  // an integer snowflake works too
  ASSERT_TRUE(ok);
  EXPECT_EQ((*store_->guild_by_id(id))->guild.owner_id, bob.id);
}

TEST_F(guilds_test, delete_is_owner_only_and_tells_the_guild) {
  auto alice = make_user("alice");
  auto bob = make_user("bob");
  const auto id = make_guild(alice);
  join(id, bob);
  take_events();
  guilds g(*ctx_);
  auto refused = g.remove(bob, id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().status(), 403);
  ASSERT_TRUE(g.remove(alice, id));
  EXPECT_FALSE(*store_->guild_by_id(id));
  auto events = take_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->name, "GUILD_DELETE");
  EXPECT_EQ(events[0]->to.scope, bus::audience::kind::guild);
  EXPECT_EQ(events[0]->data.at("id").as_string(), std::to_string(id));
  EXPECT_EQ(g.get(alice, id).error().code(), json_code::unknown_guild);
}

TEST_F(guilds_test, leave_removes_a_member_but_not_the_owner) {
  auto alice = make_user("alice");
  auto bob = make_user("bob");
  const auto id = make_guild(alice);
  join(id, bob);
  take_events();
  guilds g(*ctx_);
  auto owner = g.leave(alice, id);
  ASSERT_FALSE(owner);
  EXPECT_EQ(owner.error().status(), 400);
  ASSERT_TRUE(g.leave(bob, id));
  EXPECT_FALSE(*store_->member(id, bob.id));
  auto events = take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]->name, "GUILD_MEMBER_REMOVE");
  EXPECT_EQ(events[0]->to.scope, bus::audience::kind::guild);
  EXPECT_EQ(events[1]->name, "GUILD_DELETE");
  EXPECT_EQ(events[1]->to.scope, bus::audience::kind::user);
  EXPECT_EQ(events[1]->to.id, bob.id);
  EXPECT_EQ(g.leave(bob, id).error().code(), json_code::unknown_guild);
}

TEST_F(guilds_test, list_mine_reports_owner_and_base_permissions) {
  auto alice = make_user("alice");
  auto bob = make_user("bob");
  const auto first = make_guild(alice, "First");
  const auto second = make_guild(bob, "Second");
  join(second, alice);
  guilds g(*ctx_);
  auto r = g.list_mine(alice, {});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].guild.id, first);
  EXPECT_TRUE((*r)[0].owner);
  EXPECT_EQ((*r)[0].perms, perm::all);
  EXPECT_FALSE((*r)[1].owner);
  EXPECT_EQ((*r)[1].perms, default_everyone_permissions());
  auto page = g.list_mine(alice, store::id_page{first, 0, 10});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].guild.id, second);
}

TEST_F(guilds_test, audit_log_needs_view_audit_log) {
  auto alice = make_user("alice");
  auto bob = make_user("bob");
  const auto id = make_guild(alice);
  join(id, bob);
  guilds g(*ctx_);
  ASSERT_TRUE(g.modify(as(alice), id, {{"name", "One"}}));
  ASSERT_TRUE(g.modify(as(alice), id, {{"name", "Two"}}));
  audit_log log(*ctx_);
  EXPECT_EQ(log.query(bob, id, {}).error().code(), json_code::missing_permissions);
  auto page = log.query(alice, id, {});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->entries.size(), 2u);
  EXPECT_GT(page->entries[0].id, page->entries[1].id) << "newest first";
  ASSERT_EQ(page->users.size(), 1u);
  EXPECT_EQ(page->users[0].id, alice.id);
  EXPECT_TRUE(page->users[0].password_hash.empty());
  store::audit_log_query q;
  q.action_type = 22;
  EXPECT_TRUE(log.query(alice, id, q)->entries.empty());
}

} // namespace
} // namespace parley::service
