#include "service/roles.hpp"

#include "model/permission_bits.hpp"
#include "service/community_test_fixture.hpp"

namespace parley::service {
namespace {

using model::json_code;
namespace perm = model::permission;
namespace json = boost::json;

class roles_test : public testing::community_fixture {
 protected:
  void SetUp() override {
    community_fixture::SetUp();
    alice = make_user("alice");
    bob = make_user("bob");
    guild_id = make_guild(alice);
    join(guild_id, bob);
    manager = make_role(guild_id, "manager", perm::manage_roles | perm::kick_members, 5);
    give_role(guild_id, bob, manager.id);
    take_events();
  }
  model::user alice, bob;
  model::snowflake guild_id = 0;
  model::role manager;
};

TEST_F(roles_test, create_defaults_and_grants_only_held_bits) {
  roles r(*ctx_);
  auto made = r.create(as(bob), guild_id, {});
  ASSERT_TRUE(made) << made.error().message();
  EXPECT_EQ(made->name, "new role");
  EXPECT_EQ(made->position, 1);
  EXPECT_EQ(made->perms, default_everyone_permissions() & (*store_->role_by_id(guild_id, guild_id))->perms);
  auto events = take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]->name, "GUILD_AUDIT_LOG_ENTRY_CREATE");  // right after the commit
  events.erase(events.begin());
  EXPECT_EQ(events[0]->name, "GUILD_ROLE_CREATE");
  EXPECT_EQ(events[0]->data.at("role").at("id").as_string(), std::to_string(made->id));

  auto too_much = r.create(as(bob), guild_id, {{"permissions", std::to_string(perm::ban_members)}});
  ASSERT_FALSE(too_much);
  EXPECT_EQ(too_much.error().code(), json_code::missing_permissions);
  auto ok = r.create(as(bob), guild_id, {{"name", "kickers"}, {"permissions", perm::kick_members}, {"color", 0xff0000}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->perms, perm::kick_members);
  EXPECT_EQ(ok->color, 0xff0000u);
  auto bad = r.create(as(bob), guild_id, {{"permissions", "1x"}, {"hoist", "yes"}});
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().errors().contains("permissions"));
  EXPECT_TRUE(bad.error().errors().contains("hoist"));
}

TEST_F(roles_test, hierarchy_refuses_roles_at_or_above_the_callers_highest) {
  roles r(*ctx_);
  auto above = make_role(guild_id, "above", 0, 7);
  auto same = make_role(guild_id, "same", 0, 5);  // newer id at the same position: below manager
  auto older_tie = manager;
  auto refused = r.modify(as(bob), guild_id, above.id, {{"name", "x"}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), json_code::missing_permissions);
  EXPECT_FALSE(r.modify(as(bob), guild_id, older_tie.id, {{"name", "self"}})) << "nobody edits their own top role";
  EXPECT_TRUE(r.modify(as(bob), guild_id, same.id, {{"name", "renamed"}}));
  EXPECT_TRUE(r.modify(as(alice), guild_id, above.id, {{"name", "owner may"}}));
  EXPECT_FALSE(r.remove(as(bob), guild_id, above.id));
  EXPECT_EQ(r.remove(as(alice), guild_id, guild_id).error().status(), 400) << "@everyone cannot be deleted";
  EXPECT_EQ(r.get(bob, guild_id, 99).error().code(), json_code::unknown_role);

  ASSERT_TRUE(r.remove(as(alice, "cleanup"), guild_id, above.id));
  EXPECT_FALSE(*store_->role_by_id(guild_id, above.id));
  auto events = take_events();
  ASSERT_NE(find(events, "GUILD_ROLE_DELETE"), nullptr);
  EXPECT_EQ(find(events, "GUILD_ROLE_DELETE")->data.at("role_id").as_string(), std::to_string(above.id));
}

TEST_F(roles_test, modify_may_keep_bits_the_caller_lacks_but_not_add_them) {
  roles r(*ctx_);
  auto low = make_role(guild_id, "low", perm::ban_members, 2);
  auto renamed = r.modify(as(bob), guild_id, low.id, {{"name", "renamed"}});
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->perms, perm::ban_members);
  EXPECT_FALSE(r.modify(as(bob), guild_id, low.id, {{"permissions", std::to_string(perm::ban_members | perm::manage_guild)}}));
  EXPECT_EQ(count(take_events(), "GUILD_ROLE_UPDATE"), 1u);
}

TEST_F(roles_test, reorder_moves_only_manageable_roles_below_the_caller) {
  roles r(*ctx_);
  auto a = make_role(guild_id, "a", 0, 2);
  auto b = make_role(guild_id, "b", 0, 3);
  json::array swap{json::object{{"id", std::to_string(a.id)}, {"position", 3}},
                   json::object{{"id", std::to_string(b.id)}, {"position", 2}}};
  auto after = r.reorder(as(bob), guild_id, swap);
  ASSERT_TRUE(after) << after.error().message();
  EXPECT_EQ((*store_->role_by_id(guild_id, a.id))->position, 3);
  EXPECT_EQ((*store_->role_by_id(guild_id, b.id))->position, 2);
  EXPECT_EQ(after->size(), 4u);
  EXPECT_EQ(count(take_events(), "GUILD_ROLE_UPDATE"), 2u);
  json::array too_high{json::object{{"id", std::to_string(a.id)}, {"position", 6}}};
  EXPECT_EQ(r.reorder(as(bob), guild_id, too_high).error().code(), json_code::missing_permissions);
  json::array everyone{json::object{{"id", std::to_string(guild_id)}, {"position", 2}}};
  EXPECT_EQ(r.reorder(as(alice), guild_id, everyone).error().code(), json_code::invalid_form_body);
}

} // namespace
} // namespace parley::service
