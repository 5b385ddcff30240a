#include "service/channels.hpp"

#include "model/permission_bits.hpp"
#include "service/community_test_fixture.hpp"

namespace parley::service {
namespace {

using model::json_code;
namespace perm = model::permission;
namespace json = boost::json;

class channels_test : public testing::community_fixture {
 protected:
  void SetUp() override {
    community_fixture::SetUp();
    alice = make_user("alice");
    bob = make_user("bob");
    guild_id = make_guild(alice);
    join(guild_id, bob);
    take_events();
  }
  model::user alice, bob;
  model::snowflake guild_id = 0;
};

TEST_F(channels_test, create_needs_manage_channels_and_publishes_to_the_channel_audience) {
  channels c(*ctx_);
  auto refused = c.create(as(bob), guild_id, {{"name", "bobs"}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), json_code::missing_permissions);

  auto made = c.create(as(alice, "for news"), guild_id, {{"name", "Big News"}, {"type", 5}, {"topic", "t"}});
  ASSERT_TRUE(made) << made.error().message();
  EXPECT_EQ(made->name, "big-news");
  EXPECT_EQ(made->type, model::channel_type::guild_announcement);
  EXPECT_EQ(made->position, 1) << "below the default channels (both at 0)";
  auto events = take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]->name, "GUILD_AUDIT_LOG_ENTRY_CREATE");  // right after the commit
  events.erase(events.begin());
  EXPECT_EQ(events[0]->name, "CHANNEL_CREATE");
  EXPECT_EQ(events[0]->to.scope, bus::audience::kind::channel);
  EXPECT_EQ(events[0]->to.id, made->id);
  EXPECT_EQ(events[0]->to.guild_id, guild_id);
  auto entries = store_->audit_entries(guild_id, {});
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].action_type, 10);
  EXPECT_EQ((*entries)[0].target_id, made->id);
  EXPECT_EQ((*entries)[0].reason, "for news");

  auto bad = c.create(as(alice), guild_id, {{"type", 1}, {"bitrate", "x"}, {"permission_overwrites", 3}});
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().errors().contains("name"));
  EXPECT_TRUE(bad.error().errors().contains("type"));
  EXPECT_TRUE(bad.error().errors().contains("bitrate"));
  EXPECT_TRUE(bad.error().errors().contains("permission_overwrites"));
  auto empty_name = c.create(as(alice), guild_id, {{"name", ""}});
  ASSERT_FALSE(empty_name);
  EXPECT_EQ(empty_name.error().errors().at("name").at("_errors").as_array().size(), 1u) << "reported once";
}

TEST_F(channels_test, a_private_channel_is_invisible_to_a_member_without_view_channel) {
  channels c(*ctx_);
  json::array ows{json::object{{"id", std::to_string(guild_id)}, {"type", 0}, {"deny", std::to_string(perm::view_channel)}}};
  auto secret = c.create(as(alice), guild_id, {{"name", "secret"}, {"permission_overwrites", ows}});
  ASSERT_TRUE(secret) << secret.error().message();
  auto mine = c.list(bob, guild_id);
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->size(), 2u);
  for (const auto& ch : *mine) EXPECT_NE(ch.id, secret->id);
  EXPECT_EQ(c.list(alice, guild_id)->size(), 3u);
  auto hidden = c.get(bob, secret->id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code(), json_code::unknown_channel);
  auto hidden_patch = c.modify(as(bob), secret->id, {{"name", "x"}});
  EXPECT_EQ(hidden_patch.error().code(), json_code::unknown_channel);
  EXPECT_TRUE(c.get(alice, secret->id));

  // A member overwrite lets bob in.
  ASSERT_TRUE(c.put_overwrite(as(alice), secret->id, bob.id, {{"type", 1}, {"allow", std::to_string(perm::view_channel)}}));
  EXPECT_TRUE(c.get(bob, secret->id));
  auto events = take_events();
  EXPECT_EQ(count(events, "CHANNEL_UPDATE"), 1u);
  ASSERT_TRUE(c.delete_overwrite(as(alice), secret->id, bob.id));
  EXPECT_FALSE(c.get(bob, secret->id));
  EXPECT_EQ(c.delete_overwrite(as(alice), secret->id, bob.id).error().code(), json_code::unknown_overwrite);
}

TEST_F(channels_test, overwrites_only_carry_bits_the_actor_has) {
  channels c(*ctx_);
  auto mod = make_role(guild_id, "mod", perm::manage_roles | perm::manage_channels | perm::view_channel, 1);
  give_role(guild_id, bob, mod.id);
  auto general = (*store_->channels_of_guild(guild_id))[0];
  // bob lacks BAN_MEMBERS: cannot allow it to anyone.
  auto refused = c.put_overwrite(as(bob), general.id, guild_id, {{"type", 0}, {"allow", std::to_string(perm::ban_members)}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), json_code::missing_permissions);
  // Nor MANAGE_ROLES (only administrators may write that one).
  EXPECT_FALSE(c.put_overwrite(as(bob), general.id, guild_id, {{"type", 0}, {"allow", std::to_string(perm::manage_roles)}}));
  ASSERT_TRUE(c.put_overwrite(as(bob), general.id, guild_id, {{"type", 0}, {"deny", std::to_string(perm::view_channel)}}));
  auto entries = store_->audit_entries(guild_id, {});
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].action_type, 13);
  // An overwrite for a role that does not exist.
  EXPECT_EQ(c.put_overwrite(as(alice), general.id, 42, {{"type", 0}}).error().code(), json_code::unknown_role);
  // Bad bodies.
  auto bad = c.put_overwrite(as(alice), general.id, guild_id, {{"type", 7}, {"allow", "nope"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), json_code::invalid_form_body);
}

TEST_F(channels_test, modify_updates_fields_and_category_sync) {
  channels c(*ctx_);
  auto cat = c.create(as(alice), guild_id, {{"name", "Stuff"}, {"type", 4}});
  ASSERT_TRUE(cat);
  auto child = c.create(as(alice), guild_id, {{"name", "child"}, {"parent_id", std::to_string(cat->id)}});
  ASSERT_TRUE(child);
  EXPECT_EQ(child->parent_id, cat->id);
  take_events();
  json::array ows{json::object{{"id", std::to_string(guild_id)}, {"type", 0}, {"deny", std::to_string(perm::send_messages)}}};
  auto changed = c.modify(as(alice), cat->id, {{"permission_overwrites", ows}});
  ASSERT_TRUE(changed) << changed.error().message();
  auto synced = *store_->channel_by_id(child->id);
  ASSERT_EQ(synced->overwrites.size(), 1u) << "a synced child follows its category";
  EXPECT_EQ(count(take_events(), "CHANNEL_UPDATE"), 2u);

  auto topic = c.modify(as(alice), child->id, {{"topic", "hello"}, {"rate_limit_per_user", 10}, {"nsfw", true}});
  ASSERT_TRUE(topic);
  EXPECT_EQ(topic->topic, "hello");
  EXPECT_EQ((*store_->channel_by_id(child->id))->rate_limit_per_user, 10);
  EXPECT_EQ(c.modify(as(alice), child->id, {{"rate_limit_per_user", 99999}}).error().code(), json_code::invalid_form_body);
  EXPECT_EQ(c.modify(as(bob), child->id, {{"topic", "x"}}).error().code(), json_code::missing_permissions);

  take_events();
  ASSERT_TRUE(c.remove(as(alice), cat->id));
  EXPECT_FALSE((*store_->channel_by_id(child->id))->parent_id);
  auto events = take_events();
  EXPECT_EQ(count(events, "CHANNEL_DELETE"), 1u);
  EXPECT_EQ(count(events, "CHANNEL_UPDATE"), 1u) << "the orphaned child";
  EXPECT_EQ(c.get(alice, cat->id).error().code(), json_code::unknown_channel);
}

TEST_F(channels_test, reorder_moves_channels_and_refuses_two_parent_changes) {
  channels c(*ctx_);
  auto cat = c.create(as(alice), guild_id, {{"name", "Cat"}, {"type", 4}});
  auto a = c.create(as(alice), guild_id, {{"name", "a"}});
  auto b = c.create(as(alice), guild_id, {{"name", "b"}});
  ASSERT_TRUE(cat && a && b);
  take_events();
  json::array two{json::object{{"id", std::to_string(a->id)}, {"parent_id", std::to_string(cat->id)}},
                  json::object{{"id", std::to_string(b->id)}, {"parent_id", std::to_string(cat->id)}}};
  auto refused = c.reorder(as(alice), guild_id, two);
  ASSERT_FALSE(refused);
  EXPECT_EQ(static_cast<int>(refused.error().code()), 40009);
  json::array moves{json::object{{"id", std::to_string(a->id)}, {"position", 0}, {"parent_id", std::to_string(cat->id)}},
                    json::object{{"id", b->id}, {"position", 9}}};
  ASSERT_TRUE(c.reorder(as(alice), guild_id, moves));
  EXPECT_EQ((*store_->channel_by_id(a->id))->parent_id, cat->id);
  EXPECT_EQ((*store_->channel_by_id(b->id))->position, 9);
  EXPECT_EQ(count(take_events(), "CHANNEL_UPDATE"), 2u);
  EXPECT_EQ(c.reorder(as(bob), guild_id, moves).error().code(), json_code::missing_permissions);
  EXPECT_EQ(c.reorder(as(alice), guild_id, json::object{}).error().code(), json_code::invalid_form_body);
  json::array unknown{json::object{{"id", "12345"}, {"position", 1}}};
  EXPECT_EQ(c.reorder(as(alice), guild_id, unknown).error().code(), json_code::unknown_channel);
}

} // namespace
} // namespace parley::service
