// Tests of the DM and group DM use cases (service/private_channels.hpp) against a real store:
// one DM per pair, group DM limits, visibility to participants only, recipient add/remove with
// their events, and service::channels handing private channels over.
#include "service/private_channels.hpp"

#include <gtest/gtest.h>

#include "service/accounts.hpp"
#include "service/channels.hpp"
#include "service/community_test_fixture.hpp"

namespace parley::service {
namespace {

namespace json = boost::json;
using model::json_code;

class private_channels_test : public testing::community_fixture {
 protected:
  void SetUp() override {
    community_fixture::SetUp();
    svc_.emplace(*ctx_);
    alice = make_user("alice");
    bob = make_user("bob");
    carol = make_user("carol");
    robot = make_user("robot", true);
  }

  json::object dm_body(const model::user& u) { return {{"recipient_id", model::to_string(u.id)}}; }
  json::object group_body(std::initializer_list<const model::user*> users) {
    json::array ids;
    for (const auto* u : users) ids.push_back(json::value(model::to_string(u->id)));
    return {{"recipients", std::move(ids)}};
  }
  static std::vector<model::snowflake> user_ids_of(const bus::event& e) {
    std::vector<model::snowflake> out;
    if (e.to.scope == bus::audience::kind::user) out.push_back(e.to.id);
    else out = e.to.users;
    return out;
  }
  // Users each named event went to (user audiences), in order.
  static std::vector<model::snowflake> targets(const std::vector<bus::event_ptr>& events, std::string_view name) {
    std::vector<model::snowflake> out;
    for (const auto& e : events)
      if (e->name == name)
        for (auto id : user_ids_of(*e)) out.push_back(id);
    return out;
  }

  std::optional<private_channels> svc_;  // made in SetUp, once ctx_ exists
  private_channels& svc() { return *svc_; }
  model::user alice, bob, carol, robot;
};

TEST_F(private_channels_test, opening_a_dm_twice_gives_the_same_channel) {
  auto first = svc().open(alice, dm_body(bob));
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(first->channel.type, model::channel_type::dm);
  auto events = take_events();
  // CHANNEL_CREATE to each person, showing the other one as recipient.
  EXPECT_EQ(targets(events, "CHANNEL_CREATE"), (std::vector<model::snowflake>{alice.id, bob.id}));
  const auto& d = find(events, "CHANNEL_CREATE")->data.as_object();
  EXPECT_EQ(d.at("type").as_int64(), 1);
  ASSERT_EQ(d.at("recipients").as_array().size(), 1u);
  EXPECT_EQ(d.at("recipients").as_array()[0].as_object().at("username").as_string(), "bob");

  // Bob opens it from his side, with recipient_id as a JSON integer (discord.py does that).
  auto second = svc().open(bob, {{"recipient_id", alice.id}});
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_EQ(second->channel.id, first->channel.id);
  EXPECT_TRUE(take_events().empty());

  // Discord's client form {recipients: [id]} opens the same DM too.
  auto third = svc().open(alice, group_body({&bob}));
  ASSERT_TRUE(third);
  EXPECT_EQ(third->channel.id, first->channel.id);
}

TEST_F(private_channels_test, dm_errors_follow_discord) {
  auto self = svc().open(alice, dm_body(alice));
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().status(), 400);
  EXPECT_EQ(static_cast<int>(code_of(self.error())), 50033);

  auto unknown = svc().open(alice, {{"recipient_id", "12345"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().status(), 404);
  EXPECT_EQ(code_of(unknown.error()), json_code::unknown_user);

  auto malformed = svc().open(alice, {{"recipient_id", "abc"}});
  ASSERT_FALSE(malformed);
  EXPECT_EQ(code_of(malformed.error()), json_code::invalid_form_body);

  auto empty = svc().open(alice, json::object{});
  ASSERT_FALSE(empty);
  EXPECT_EQ(code_of(empty.error()), json_code::invalid_form_body);
}

TEST_F(private_channels_test, bots_get_no_channel_create_for_a_new_dm) {
  auto r = svc().open(robot, dm_body(alice));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(targets(take_events(), "CHANNEL_CREATE"), (std::vector<model::snowflake>{alice.id}));
}

TEST_F(private_channels_test, group_dm_is_owned_by_its_creator_and_capped_at_ten) {
  auto g = svc().open(alice, group_body({&bob, &carol, &bob}));
  ASSERT_TRUE(g) << g.error().message();
  EXPECT_EQ(g->channel.type, model::channel_type::group_dm);
  EXPECT_EQ(g->channel.owner_id, std::optional<model::snowflake>(alice.id));
  EXPECT_EQ(g->channel.recipients, (std::vector<model::snowflake>{alice.id, bob.id, carol.id}));
  const auto json = private_channel_json(*g, bob.id);
  EXPECT_EQ(json.at("owner_id").as_string(), model::to_string(alice.id));
  EXPECT_EQ(json.at("recipients").as_array().size(), 2u);  // alice and carol

  std::vector<model::user> many;
  json::array ids;
  for (int i = 0; i < 10; ++i) {
    many.push_back(make_user("user" + std::to_string(i)));
    ids.push_back(json::value(many.back().id));
  }
  auto too_many = svc().open(alice, {{"recipients", ids}});
  ASSERT_FALSE(too_many);
  EXPECT_EQ(static_cast<int>(code_of(too_many.error())), 30004);
  ids.pop_back();  // nine others + alice = ten
  auto full = svc().open(alice, {{"recipients", ids}});
  ASSERT_TRUE(full) << full.error().message();
  EXPECT_EQ(full->channel.recipients.size(), 10u);
}

TEST_F(private_channels_test, group_dm_from_access_tokens) {
  auto login = accounts(*ctx_).register_user({{"username", "dora"}, {"password", "correct horse battery"}});
  ASSERT_TRUE(login) << login.error().message();
  auto g = svc().open(robot, {{"access_tokens", json::array{json::value(login->token)}}, {"nicks", json::object{}}});
  ASSERT_TRUE(g) << g.error().message();
  EXPECT_EQ(g->channel.recipients.size(), 2u);
  EXPECT_EQ(g->channel.owner_id, std::optional<model::snowflake>(robot.id));
  auto bad = svc().open(robot, {{"access_tokens", json::array{"nope"}}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(static_cast<int>(code_of(bad.error())), 50025);
}

TEST_F(private_channels_test, private_channels_are_invisible_to_others) {
  auto dm = svc().open(alice, dm_body(bob));
  ASSERT_TRUE(dm);
  const auto id = dm->channel.id;
  EXPECT_TRUE(svc().get(bob, id));
  auto r = svc().get(carol, id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status(), 404);
  EXPECT_EQ(code_of(r.error()), json_code::unknown_channel);
  EXPECT_EQ(code_of(svc().modify(carol, id, {{"name", "x"}}).error()), json_code::unknown_channel);
  EXPECT_EQ(code_of(svc().close(carol, id).error()), json_code::unknown_channel);
  EXPECT_EQ(code_of(svc().add_recipient(carol, id, carol.id, {}).error()), json_code::unknown_channel);

  // The same through the guild channel service, which hands private channels over.
  channels guild_channels(*ctx_);
  EXPECT_EQ(code_of(guild_channels.get(bob, id).error()), json_code::unknown_channel);  // not wired: 404
  guild_channels.set_private_channels(&svc());
  auto seen = guild_channels.get(bob, id);
  ASSERT_TRUE(seen) << seen.error().message();
  EXPECT_EQ(seen->recipients, (std::vector<model::snowflake>{alice.id, bob.id}));
  EXPECT_EQ(code_of(guild_channels.get(carol, id).error()), json_code::unknown_channel);
  EXPECT_EQ(code_of(guild_channels.remove(as(carol), id).error()), json_code::unknown_channel);

  auto listed = svc().list(carol);
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
  listed = svc().list(bob);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().channel.id, id);
}

TEST_F(private_channels_test, group_recipient_add_remove_events) {
  auto g = svc().open(alice, group_body({&bob, &robot}));
  ASSERT_TRUE(g) << g.error().message();
  const auto id = g->channel.id;
  take_events();

  ASSERT_TRUE(svc().add_recipient(bob, id, carol.id, {}));  // any participant may add
  auto events = take_events();
  const auto* add = find(events, "CHANNEL_RECIPIENT_ADD");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->to.users, (std::vector<model::snowflake>{alice.id, bob.id, robot.id}));
  EXPECT_EQ(add->data.as_object().at("user").as_object().at("id").as_string(), model::to_string(carol.id));
  EXPECT_FALSE(add->data.as_object().at("user").as_object().contains("email"));
  EXPECT_EQ(targets(events, "CHANNEL_CREATE"), (std::vector<model::snowflake>{carol.id}));

  ASSERT_TRUE(svc().add_recipient(bob, id, carol.id, {}));  // again: nothing happens
  EXPECT_TRUE(take_events().empty());

  // Only the owner removes others; anyone may leave.
  auto denied = svc().remove_recipient(bob, id, carol.id);
  ASSERT_FALSE(denied);
  EXPECT_EQ(code_of(denied.error()), json_code::missing_permissions);
  ASSERT_TRUE(svc().remove_recipient(alice, id, carol.id));
  events = take_events();
  EXPECT_EQ(targets(events, "CHANNEL_DELETE"), (std::vector<model::snowflake>{carol.id}));
  const auto* removed = find(events, "CHANNEL_RECIPIENT_REMOVE");
  ASSERT_NE(removed, nullptr);
  EXPECT_EQ(removed->to.users, (std::vector<model::snowflake>{alice.id, bob.id, robot.id}));
  EXPECT_EQ(code_of(svc().get(carol, id).error()), json_code::unknown_channel);

  // The owner leaves (DELETE /channels/{id}): bob owns it and everyone hears about it.
  auto closed = svc().close(alice, id);
  ASSERT_TRUE(closed) << closed.error().message();
  events = take_events();
  EXPECT_EQ(targets(events, "CHANNEL_DELETE"), (std::vector<model::snowflake>{alice.id}));
  EXPECT_EQ(targets(events, "CHANNEL_UPDATE"), (std::vector<model::snowflake>{bob.id, robot.id}));
  const auto* update = find(events, "CHANNEL_UPDATE");
  EXPECT_EQ(update->data.as_object().at("owner_id").as_string(), model::to_string(bob.id));
  auto now = svc().get(bob, id);
  ASSERT_TRUE(now);
  EXPECT_EQ(now->channel.owner_id, std::optional<model::snowflake>(bob.id));
  EXPECT_EQ(now->channel.recipients, (std::vector<model::snowflake>{bob.id, robot.id}));
}

TEST_F(private_channels_test, group_dm_add_limits_and_dm_rules) {
  auto dm = svc().open(alice, dm_body(bob));
  ASSERT_TRUE(dm);
  auto to_dm = svc().add_recipient(alice, dm->channel.id, carol.id, {});
  ASSERT_FALSE(to_dm);
  EXPECT_EQ(static_cast<int>(code_of(to_dm.error())), 50003);
  EXPECT_EQ(static_cast<int>(code_of(svc().modify(alice, dm->channel.id, {{"name", "x"}}).error())), 50003);

  auto g = svc().open(alice, group_body({&bob, &carol}));
  ASSERT_TRUE(g);
  auto unknown = svc().add_recipient(alice, g->channel.id, 999, {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(code_of(unknown.error()), json_code::unknown_user);
  auto wrong_token = svc().add_recipient(alice, g->channel.id, robot.id, {{"access_token", "nope"}});
  ASSERT_FALSE(wrong_token);
  EXPECT_EQ(static_cast<int>(code_of(wrong_token.error())), 50025);
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(svc().add_recipient(alice, g->channel.id, make_user("more" + std::to_string(i)).id, {}));
  auto full = svc().add_recipient(alice, g->channel.id, robot.id, {});
  ASSERT_FALSE(full);
  EXPECT_EQ(static_cast<int>(code_of(full.error())), 30004);
}

TEST_F(private_channels_test, closing_a_dm_deletes_nothing) {
  auto dm = svc().open(alice, dm_body(bob));
  ASSERT_TRUE(dm);
  take_events();
  auto closed = svc().close(alice, dm->channel.id);
  ASSERT_TRUE(closed);
  EXPECT_EQ(targets(take_events(), "CHANNEL_DELETE"), (std::vector<model::snowflake>{alice.id}));
  EXPECT_TRUE(svc().get(alice, dm->channel.id));
  auto again = svc().open(alice, dm_body(bob));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->channel.id, dm->channel.id);
}

TEST_F(private_channels_test, rename_group_dm) {
  auto g = svc().open(alice, group_body({&bob, &carol}));
  ASSERT_TRUE(g);
  take_events();
  auto r = svc().modify(carol, g->channel.id, {{"name", "book club"}});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->channel.name, std::optional<std::string>("book club"));
  auto events = take_events();
  EXPECT_EQ(targets(events, "CHANNEL_UPDATE"), (std::vector<model::snowflake>{alice.id, bob.id, carol.id}));
  EXPECT_EQ(find(events, "CHANNEL_UPDATE")->data.as_object().at("name").as_string(), "book club");
  auto same = svc().modify(carol, g->channel.id, {{"name", "book club"}});
  ASSERT_TRUE(same);
  EXPECT_TRUE(take_events().empty());
  auto icon = svc().modify(carol, g->channel.id, {{"icon", "data:image/png;base64,AAAA"}});
  ASSERT_FALSE(icon);
  EXPECT_EQ(code_of(icon.error()), json_code::invalid_form_body);
  auto long_name = svc().modify(carol, g->channel.id, {{"name", std::string(101, 'x')}});
  ASSERT_FALSE(long_name);
  EXPECT_EQ(code_of(long_name.error()), json_code::invalid_form_body);
  auto cleared = svc().modify(alice, g->channel.id, {{"name", nullptr}});
  ASSERT_TRUE(cleared);
  EXPECT_FALSE(cleared->channel.name);
}

} // namespace
} // namespace parley::service
