#include "service/applications.hpp"

#include "service/accounts.hpp"
#include "service/gateway_sessions.hpp"
#include "service/service_test_fixture.hpp"

namespace parley::service {
namespace {

class applications_test : public testing::service_fixture {
 protected:
  model::user person(std::string_view name) {
    accounts a(*ctx_);
    auto r = a.register_user({{"username", name}, {"password", "correct horse battery"}});
    EXPECT_TRUE(r);
    return *a.authenticate(r->token);
  }
};

TEST_F(applications_test, create_makes_a_bot_user_with_a_working_token) {
  applications apps(*ctx_);
  const auto owner = person("owner");
  auto created = apps.create(owner, {{"name", "Helper"}});
  ASSERT_TRUE(created);
  EXPECT_EQ(created->view.app.id, created->view.bot.id);
  EXPECT_TRUE(created->view.bot.bot);
  EXPECT_EQ(created->view.bot.discriminator.size(), 4u);
  auto bot = accounts(*ctx_).authenticate("Bot " + created->bot_token);
  ASSERT_TRUE(bot);
  EXPECT_EQ(bot->id, created->view.bot.id);
  auto current = apps.current(*bot);
  ASSERT_TRUE(current);
  EXPECT_EQ(current->owner.id, owner.id);
}

TEST_F(applications_test, only_owner_or_own_bot_can_see_it) {
  applications apps(*ctx_);
  const auto owner = person("owner2");
  const auto stranger = person("stranger");
  auto created = apps.create(owner, {{"name", "Private"}});
  ASSERT_TRUE(created);
  EXPECT_TRUE(apps.get(owner, created->view.app.id));
  EXPECT_EQ(apps.get(stranger, created->view.app.id).error().code(), model::json_code::unknown_application);
  EXPECT_TRUE(apps.get(created->view.bot, created->view.app.id));
  EXPECT_FALSE(apps.remove(created->view.bot, created->view.app.id)) << "a bot cannot delete itself";
  EXPECT_EQ(apps.create(created->view.bot, {{"name", "Nested"}}).error().code(), model::json_code::bots_cannot_use);
}

TEST_F(applications_test, flags_gate_privileged_intents) {
  applications apps(*ctx_);
  gateway_sessions gw(*ctx_);
  const auto owner = person("owner3");
  auto created = apps.create(owner, {{"name", "Intents"}});
  ASSERT_TRUE(created);
  auto who = gw.authenticate(created->bot_token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->allowed_privileged_intents, 0u);

  const auto id = created->view.app.id;
  EXPECT_FALSE(apps.update(owner, id, {{"flags", 1 << 3}})) << "only the intent flags may be set";
  ASSERT_TRUE(apps.update(owner, id, {{"flags", (1 << 14) | (1 << 18)}}));
  who = gw.authenticate(created->bot_token);
  EXPECT_EQ(who->allowed_privileged_intents, (1u << 1) | (1u << 15));

  auto person_identity = gw.authenticate(accounts(*ctx_).login({{"login", "owner3"}, {"password", "correct horse battery"}})->token);
  EXPECT_EQ(person_identity->allowed_privileged_intents, (1u << 1) | (1u << 8) | (1u << 15));
}

TEST_F(applications_test, reset_revokes_old_tokens_and_remove_deletes_the_bot) {
  applications apps(*ctx_);
  accounts a(*ctx_);
  const auto owner = person("owner4");
  auto created = apps.create(owner, {{"name", "Resettable"}});
  ASSERT_TRUE(created);
  auto fresh = apps.reset_bot_token(owner, created->view.app.id);
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(a.authenticate(created->bot_token));
  EXPECT_TRUE(a.authenticate(*fresh));
  ASSERT_TRUE(apps.remove(owner, created->view.app.id));
  EXPECT_FALSE(a.authenticate(*fresh));
  EXPECT_EQ(apps.get(owner, created->view.app.id).error().status(), 404);
}

TEST_F(applications_test, ready_carries_what_clients_read) {
  applications apps(*ctx_);
  gateway_sessions gw(*ctx_);
  const auto owner = person("owner5");
  auto created = apps.create(owner, {{"name", "Ready"}});
  auto who = gw.authenticate(created->bot_token);
  ASSERT_TRUE(who);
  const auto d = gw.ready(*who, {"abc", "ws://h:1/gateway", 10, std::make_pair(0u, 1u), {}});
  EXPECT_EQ(d.at("session_id"), "abc");
  EXPECT_EQ(d.at("resume_gateway_url"), "ws://h:1/gateway");
  EXPECT_EQ(d.at("application").at("id"), boost::json::value(model::to_string(created->view.app.id)));
  EXPECT_TRUE(d.at("application").as_object().contains("flags"));
  EXPECT_EQ(d.at("shard"), (boost::json::array{0, 1}));
  EXPECT_TRUE(d.at("guilds").as_array().empty());
  EXPECT_EQ(d.at("user").at("id"), boost::json::value(model::to_string(created->view.bot.id)));
}

} // namespace
} // namespace parley::service
