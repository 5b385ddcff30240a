#include "service/messages.hpp"

#include <map>

#include <boost/json/serialize.hpp>

#include "model/application.hpp"
#include "model/permission_bits.hpp"
#include "service/channels.hpp"
#include "service/community_test_fixture.hpp"

namespace parley::service {
namespace {

using model::json_code;
namespace perm = model::permission;
namespace json = boost::json;

// Attachment bytes in memory, recording the order of calls.
class memory_files final : public store::file_store {
 public:
  result<void> put(model::snowflake channel_id, model::snowflake id, std::string_view bytes) override {
    files[{channel_id, id}] = std::string(bytes);
    return {};
  }
  result<void> remove(model::snowflake channel_id, model::snowflake id) override {
    files.erase({channel_id, id});
    return {};
  }
  result<void> remove_channel(model::snowflake channel_id) override {
    std::erase_if(files, [&](const auto& f) { return f.first.first == channel_id; });
    return {};
  }
  std::optional<std::filesystem::path> locate(model::snowflake, model::snowflake) const override { return std::nullopt; }
  std::map<std::pair<model::snowflake, model::snowflake>, std::string> files;
};

class messages_test : public testing::community_fixture {
 protected:
  void SetUp() override {
    community_fixture::SetUp();
    alice = make_user("alice");
    bob = make_user("bob");
    guild_id = make_guild(alice);
    join(guild_id, bob);
    auto chans = store_->channels_of_guild(guild_id);
    ASSERT_TRUE(chans);
    for (const auto& c : *chans)
      if (c.type == model::channel_type::guild_text) text_id = c.id;
    view.attachment_base_url = "http://h:1";
    take_events();
  }
  json::object send(const model::user& u, json::object body) {
    auto r = svc().create(u, text_id, body, {});
    EXPECT_TRUE(r) << (r ? std::string() : json::serialize(r.error().to_json()));
    return r ? *r : json::object{};
  }
  messages svc() { return messages(*ctx_, view); }
  model::snowflake id_of(const json::object& o) { return *model::parse_snowflake(o.at("id").as_string()); }

  model::user alice, bob;
  model::snowflake guild_id = 0, text_id = 0;
  message_view view;
};

TEST_F(messages_test, create_answers_the_message_and_publishes_message_create_with_guild_fields) {
  auto o = send(bob, {{"content", "hello <@" + std::to_string(alice.id) + ">"}, {"nonce", "n1"}, {"tts", true}});
  EXPECT_EQ(o.at("content").as_string(), "hello <@" + std::to_string(alice.id) + ">");
  EXPECT_EQ(o.at("nonce"), "n1");
  EXPECT_EQ(o.at("author").at("username"), "bob");
  EXPECT_EQ(o.at("mentions").at(0).at("id").as_string(), std::to_string(alice.id));
  EXPECT_EQ(o.at("tts"), true) << "@everyone holds SEND_TTS_MESSAGES by default";
  auto events = take_events();
  ASSERT_EQ(events.size(), 1u);
  const auto& e = *events[0];
  EXPECT_EQ(e.name, "MESSAGE_CREATE");
  EXPECT_EQ(e.to.scope, bus::audience::kind::channel);
  EXPECT_EQ(e.to.id, text_id);
  const auto& d = e.data.as_object();
  EXPECT_EQ(d.at("guild_id").as_string(), std::to_string(guild_id));
  EXPECT_EQ(d.at("channel_type"), 0);
  EXPECT_EQ(d.at("nonce"), "n1");
  ASSERT_TRUE(d.contains("member"));
  EXPECT_FALSE(d.at("member").as_object().contains("user"));
  ASSERT_TRUE(e.redacted);
  EXPECT_EQ(e.redacted->at("content"), "");
  EXPECT_EQ(e.redacted->at("id"), d.at("id"));
  EXPECT_EQ(e.content_readers, (std::vector<model::snowflake>{bob.id, alice.id}));
}

TEST_F(messages_test, bots_may_dm_only_users_they_share_a_guild_with) {
  const auto bot = make_user("dm bot", true);
  const auto stranger = make_user("stranger");
  auto open = [&](const model::user& other) {
    model::channel c;
    c.id = ids_.next(static_cast<std::uint64_t>(clock_.now));
    c.type = model::channel_type::dm;
    auto dm = store_->open_dm(c, bot.id, other.id);
    EXPECT_TRUE(dm);
    return dm ? dm->channel.channel.id : 0;
  };
  const auto to_bob = open(bob), to_stranger = open(stranger);
  auto refused = svc().create(bot, to_bob, {{"content", "hi"}}, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(static_cast<int>(refused.error().code()), 50007);
  join(guild_id, bot);
  EXPECT_TRUE(svc().create(bot, to_bob, {{"content", "hi"}}, {}));
  EXPECT_FALSE(svc().create(bot, to_stranger, {{"content", "hi"}}, {})) << "the stranger is in none of its guilds";
  EXPECT_TRUE(svc().create(stranger, to_stranger, {{"content", "people may answer"}}, {}));
}

TEST_F(messages_test, create_errors) {
  auto long_content = svc().create(bob, text_id, {{"content", std::string(2001, 'x')}}, {});
  ASSERT_FALSE(long_content);
  EXPECT_EQ(long_content.error().code(), json_code::invalid_form_body);
  EXPECT_EQ(long_content.error().errors().at("content").at("_errors").at(0).at("code"), "BASE_TYPE_MAX_LENGTH");
  auto empty = svc().create(bob, text_id, {{"content", ""}}, {});
  EXPECT_EQ(static_cast<int>(empty.error().code()), 50006);
  auto reply_missing = svc().create(bob, text_id, {{"content", "x"}, {"message_reference", {{"message_id", "12345"}}}}, {});
  ASSERT_FALSE(reply_missing);
  EXPECT_TRUE(reply_missing.error().errors().contains("message_reference"));
  auto plain = svc().create(bob, text_id,
                            {{"content", "x"}, {"message_reference", {{"message_id", "12345"}, {"fail_if_not_exists", false}}}}, {});
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->at("type"), 0);
  EXPECT_FALSE(plain->contains("message_reference"));
  upload up;
  up.filename = "a.txt";
  up.bytes = "abc";
  auto no_files = svc().create(bob, text_id, {}, {up});
  ASSERT_FALSE(no_files);
  EXPECT_EQ(no_files.error().status(), 400) << "a store without files refuses uploads";

  set_everyone(guild_id, perm::view_channel | perm::read_message_history);
  auto refused = svc().create(bob, text_id, {{"content", "x"}}, {});
  EXPECT_EQ(refused.error().code(), json_code::missing_permissions);
  auto reply = svc().create(alice, text_id, {{"content", "owner may"}}, {});
  EXPECT_TRUE(reply);
  EXPECT_EQ(take_events().size(), 2u);
}

TEST_F(messages_test, mentions_follow_permissions_and_allowed_mentions) {
  auto quiet = make_role(guild_id, "quiet", 0, 1);
  set_everyone(guild_id, default_everyone_permissions() & ~perm::mention_everyone);
  const std::string role_mention = "<@&" + std::to_string(quiet.id) + ">";
  auto o = send(bob, {{"content", "@everyone " + role_mention + " <@" + std::to_string(alice.id) + ">"}});
  EXPECT_EQ(o.at("mention_everyone"), false);
  EXPECT_TRUE(o.at("mention_roles").as_array().empty()) << "not mentionable, no MENTION_EVERYONE";
  EXPECT_EQ(o.at("mentions").as_array().size(), 1u);
  auto owner = send(alice, {{"content", "@here " + role_mention}});
  EXPECT_EQ(owner.at("mention_everyone"), true);
  EXPECT_EQ(owner.at("mention_roles").at(0).as_string(), std::to_string(quiet.id));
  auto limited = send(alice, {{"content", "@everyone <@" + std::to_string(bob.id) + ">"},
                              {"allowed_mentions", {{"parse", json::array{}}}}});
  EXPECT_EQ(limited.at("mention_everyone"), false);
  EXPECT_TRUE(limited.at("mentions").as_array().empty());
  auto conflict = svc().create(alice, text_id, {{"content", "x"},
      {"allowed_mentions", {{"parse", json::array{"users"}}, {"users", json::array{std::to_string(bob.id)}}}}}, {});
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code(), json_code::invalid_form_body);
}

TEST_F(messages_test, replies_need_read_message_history_and_ping_the_replied_author) {
  auto original = send(alice, {{"content", "question"}});
  auto reply = send(bob, {{"content", "answer"}, {"message_reference", {{"message_id", original.at("id")}}}});
  EXPECT_EQ(reply.at("type"), 19);
  EXPECT_EQ(reply.at("referenced_message").at("content"), "question");
  EXPECT_EQ(reply.at("mentions").at(0).at("id"), original.at("author").at("id"));
  auto quiet = send(bob, {{"content", "answer"}, {"message_reference", {{"message_id", original.at("id")}}},
                          {"allowed_mentions", {{"replied_user", false}}}});
  EXPECT_TRUE(quiet.at("mentions").as_array().empty());
  set_everyone(guild_id, perm::view_channel | perm::send_messages);
  auto refused = svc().create(bob, text_id, {{"content", "x"}, {"message_reference", {{"message_id", original.at("id")}}}}, {});
  EXPECT_EQ(static_cast<int>(refused.error().code()), 160002);
}

TEST_F(messages_test, enforce_nonce_returns_the_first_message_once) {
  auto first = send(bob, {{"content", "x"}, {"nonce", 77}, {"enforce_nonce", true}});
  auto second = send(bob, {{"content", "y"}, {"nonce", 77}, {"enforce_nonce", true}});
  EXPECT_EQ(first.at("id"), second.at("id"));
  EXPECT_EQ(second.at("content"), "x");
  EXPECT_EQ(count(take_events(), "MESSAGE_CREATE"), 1u);
  auto third = send(bob, {{"content", "z"}, {"nonce", 77}});
  EXPECT_NE(third.at("id"), first.at("id")) << "without enforce_nonce a nonce only echoes";
}

TEST_F(messages_test, slowmode_answers_429_20016_until_the_interval_passed) {
  channels ch(*ctx_);
  ASSERT_TRUE(ch.modify(as(alice), text_id, {{"rate_limit_per_user", 10}}));
  send(bob, {{"content", "1"}});
  clock_.now += 4000;
  auto limited = svc().create(bob, text_id, {{"content", "2"}}, {});
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().status(), 429);
  EXPECT_EQ(static_cast<int>(limited.error().code()), 20016);
  EXPECT_NEAR(slowmode_retry_after(limited.error()).value_or(-1), 6.0, 0.01);
  EXPECT_TRUE(svc().create(alice, text_id, {{"content", "owner bypasses"}}, {}));
  clock_.now += 6001;
  EXPECT_TRUE(svc().create(bob, text_id, {{"content", "3"}}, {}));
}

TEST_F(messages_test, edit_delete_and_their_permissions) {
  auto mine = send(bob, {{"content", "typo"}});
  const auto id = id_of(mine);
  take_events();
  auto by_other = svc().edit(alice, text_id, id, {{"content", "x"}}, {});
  EXPECT_EQ(static_cast<int>(by_other.error().code()), 50005);
  auto flags = svc().edit(alice, text_id, id, {{"flags", 4}}, {});
  ASSERT_TRUE(flags) << "the owner holds MANAGE_MESSAGES";
  EXPECT_EQ(flags->at("flags"), 4);
  EXPECT_TRUE(flags->at("edited_timestamp").is_null()) << "a moderator's flag change is no edit";
  auto fixed = svc().edit(bob, text_id, id, {{"content", "fixed <@" + std::to_string(alice.id) + ">"}}, {});
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->at("content").as_string(), "fixed <@" + std::to_string(alice.id) + ">");
  EXPECT_FALSE(fixed->at("edited_timestamp").is_null());
  EXPECT_EQ(fixed->at("mentions").as_array().size(), 1u) << "mentions recomputed";
  auto events = take_events();
  ASSERT_EQ(count(events, "MESSAGE_UPDATE"), 2u);
  EXPECT_EQ(events[1]->data.at("tts"), false);

  auto alices = send(alice, {{"content", "owner's"}});
  auto refused = svc().remove(as(bob), text_id, id_of(alices));
  EXPECT_EQ(refused.error().code(), json_code::missing_permissions);
  ASSERT_TRUE(svc().remove(as(alice), text_id, id));  // MANAGE_MESSAGES
  auto gone = svc().get(bob, text_id, id);
  EXPECT_EQ(gone.error().code(), json_code::unknown_message);
  events = take_events();
  const auto* del = find(events, "MESSAGE_DELETE");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->data.at("id").as_string(), std::to_string(id));
  EXPECT_EQ(del->data.at("guild_id").as_string(), std::to_string(guild_id));
}

TEST_F(messages_test, bulk_delete_rules_and_event) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(std::string(send(bob, {{"content", "m"}}).at("id").as_string()));
  take_events();
  auto one = svc().bulk_delete(as(alice), text_id, json::object{{"messages", json::array{ids[0]}}});
  EXPECT_EQ(static_cast<int>(one.error().code()), 50016);
  auto dup = svc().bulk_delete(as(alice), text_id, json::object{{"messages", json::array{ids[0], ids[0]}}});
  EXPECT_EQ(static_cast<int>(dup.error().code()), 50034);
  auto not_mod = svc().bulk_delete(as(bob), text_id, json::object{{"messages", json::array{ids[0], ids[1]}}});
  EXPECT_EQ(not_mod.error().code(), json_code::missing_permissions);
  ASSERT_TRUE(svc().bulk_delete(as(alice), text_id, json::object{{"messages", json::array{ids[0], ids[1]}}}));
  auto events = take_events();
  const auto* bulk = find(events, "MESSAGE_DELETE_BULK");
  ASSERT_TRUE(bulk);
  EXPECT_EQ(bulk->data.at("ids").as_array().size(), 2u);
  clock_.now += 15LL * 24 * 3600 * 1000;
  auto old = svc().bulk_delete(as(alice), text_id, json::object{{"messages", json::array{ids[2], "1"}}});
  EXPECT_EQ(static_cast<int>(old.error().code()), 50034);
}

TEST_F(messages_test, history_needs_read_message_history_and_pages) {
  std::vector<json::value> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(send(alice, {{"content", std::to_string(i)}}).at("id"));
  store::history_query q;
  q.limit = 2;
  auto page = svc().history(bob, text_id, q);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ(page->at(0).at("id"), ids[4]);
  q.before = *model::parse_snowflake(ids[1].as_string());
  page = svc().history(bob, text_id, q);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->at(0).at("id"), ids[0]);
  q.after = 5;
  EXPECT_FALSE(svc().history(bob, text_id, q)) << "two anchors";
  set_everyone(guild_id, perm::view_channel | perm::send_messages);
  auto blind = svc().history(bob, text_id, {});
  ASSERT_TRUE(blind);
  EXPECT_TRUE(blind->empty());
  EXPECT_EQ(svc().get(bob, text_id, *model::parse_snowflake(ids[0].as_string())).error().code(),
            json_code::missing_permissions);
}

TEST_F(messages_test, bots_without_the_message_content_flag_read_redacted_guild_messages) {
  model::user bot;
  bot.id = ids_.next(static_cast<std::uint64_t>(clock_.now));
  bot.username = "robot";
  bot.discriminator = "0001";
  bot.bot = true;
  model::application app;
  app.id = ids_.next(static_cast<std::uint64_t>(clock_.now));
  app.name = "robot";
  app.owner_id = alice.id;
  app.bot_user_id = bot.id;
  app.verify_key = "k";
  store::token t;
  t.hash[0] = 1;
  t.user_id = bot.id;
  ASSERT_TRUE(store_->insert_application(app, bot, t));
  join(guild_id, bot);
  auto plain = send(alice, {{"content", "secret"}});
  auto mention = send(alice, {{"content", "hey <@" + std::to_string(bot.id) + ">"}});
  auto read_plain = svc().get(bot, text_id, id_of(plain));
  ASSERT_TRUE(read_plain);
  EXPECT_EQ(read_plain->at("content"), "") << "no MESSAGE_CONTENT flag";
  auto read_mention = svc().get(bot, text_id, id_of(mention));
  ASSERT_TRUE(read_mention);
  EXPECT_NE(read_mention->at("content"), "") << "mentioned bots read content";
  auto own = svc().create(bot, text_id, {{"content", "mine"}}, {});
  ASSERT_TRUE(own);
  EXPECT_EQ(svc().get(bot, text_id, id_of(*own))->at("content"), "mine");
  app.flags = model::application_flags::gateway_message_content_limited;
  ASSERT_TRUE(store_->update_application(app));
  EXPECT_EQ(svc().get(bot, text_id, id_of(plain))->at("content"), "secret") << "with the flag";
  EXPECT_EQ(svc().get(bob, text_id, id_of(plain))->at("content"), "secret") << "people always read content";
}

TEST_F(messages_test, uploads_become_attachments_and_leave_with_their_message) {
  memory_files files;
  ctx_->files = &files;
  upload up;
  up.placeholder = 0;
  up.filename = "../etc/cat.png";
  up.content_type = "image/png";
  up.bytes = "PNGDATA";
  messages_options opts;
  opts.image_size = [](std::string_view type, std::string_view) -> std::optional<std::pair<int, int>> {
    if (type == "image/png") return std::pair{4, 3};
    return std::nullopt;
  };
  messages m(*ctx_, view, opts);
  auto made = m.create(bob, text_id, {{"attachments", json::array{json::object{{"id", 0}, {"description", "a cat"}}}}}, {up});
  ASSERT_TRUE(made) << json::serialize(made.error().to_json());
  const auto& a = made->at("attachments").at(0).as_object();
  EXPECT_EQ(a.at("filename"), "cat.png") << "path components stripped";
  EXPECT_EQ(a.at("size"), 7);
  EXPECT_EQ(a.at("width"), 4);
  EXPECT_EQ(a.at("description"), "a cat");
  EXPECT_EQ(a.at("url").as_string(), "http://h:1/attachments/" + std::to_string(text_id) + "/" +
                                         std::string(a.at("id").as_string()) + "/cat.png");
  ASSERT_EQ(files.files.size(), 1u);
  EXPECT_EQ(files.files.begin()->second, "PNGDATA");
  auto wrong = m.create(bob, text_id, {{"attachments", json::array{json::object{{"id", 5}}}}}, {up});
  ASSERT_FALSE(wrong) << "metadata for a placeholder without a file";
  EXPECT_EQ(files.files.size(), 1u);
  ASSERT_TRUE(m.remove(as(bob), text_id, id_of(*made)));
  EXPECT_TRUE(files.files.empty()) << "deleting the message deleted its file";
  ctx_->files = nullptr;
}

} // namespace
} // namespace parley::service
