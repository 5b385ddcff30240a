// Tests of the message object (message_json.hpp, rest.md §6.6): the fields discord.py and
// discord.js read (clients.md §5), attachments, reactions, replies and redaction.
#include "model/message_json.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "model/timestamp.hpp"

namespace parley::model {
namespace {

namespace json = boost::json;

user make_user(snowflake id, std::string name) {
  user u;
  u.id = id;
  u.username = std::move(name);
  u.email = "secret@example.com";
  return u;
}

message make_message() {
  message m;
  m.id = snowflake_at(1700000000123) + 5;
  m.channel_id = 77;
  m.guild_id = 88;
  m.author_id = 1;
  m.content = "hello <@2>";
  m.mention_users = {2};
  m.mention_roles = {99};
  m.embeds_json = R"([{"type":"rich","title":"t"}])";
  m.components_json = R"([{"type":1,"components":[]}])";
  m.nonce_json = "42";
  attachment a;
  a.id = 500;
  a.filename = "my cat.png";
  a.size = 10;
  a.content_type = "image/png";
  a.width = 3;
  a.height = 4;
  m.attachments = {a};
  return m;
}

TEST(message_json, carries_every_field_the_libraries_read) {
  const auto author = make_user(1, "alice");
  const std::vector<user> mentions{make_user(2, "bob")};
  auto m = make_message();
  m.edited_ms = 1700000001000;
  const auto o = to_json(m, author, mentions, nullptr, nullptr, {"http://h:1", false});
  for (const char* key : {"id", "channel_id", "type", "content", "author", "tts", "pinned", "mention_everyone",
                          "embeds", "attachments", "edited_timestamp", "timestamp", "mentions", "mention_roles",
                          "flags", "components", "nonce"})
    EXPECT_TRUE(o.contains(key)) << key;
  EXPECT_EQ(o.at("id").as_string(), to_string(m.id));
  EXPECT_EQ(o.at("channel_id"), "77");
  EXPECT_EQ(o.at("type"), 0);
  EXPECT_EQ(o.at("content"), "hello <@2>");
  EXPECT_EQ(o.at("timestamp"), "2023-11-14T22:13:20.123000+00:00");
  EXPECT_EQ(o.at("edited_timestamp").as_string(), format_iso8601(1700000001000));
  EXPECT_EQ(o.at("nonce"), 42) << "an integer nonce echoes as an integer";
  EXPECT_FALSE(o.at("author").as_object().contains("email")) << "public user only";
  EXPECT_EQ(o.at("mentions").at(0).at("id"), "2");
  EXPECT_EQ(o.at("mention_roles").at(0), "99");
  EXPECT_EQ(o.at("embeds").at(0).at("title"), "t");
  EXPECT_EQ(o.at("components").at(0).at("type"), 1);
  const auto& a = o.at("attachments").at(0).as_object();
  EXPECT_EQ(a.at("url"), "http://h:1/attachments/77/500/my%20cat.png");
  EXPECT_EQ(a.at("proxy_url"), a.at("url"));
  EXPECT_EQ(a.at("width"), 3);
  EXPECT_EQ(a.at("content_type"), "image/png");
  EXPECT_FALSE(o.contains("reactions")) << "absent without reactions";
  EXPECT_FALSE(o.contains("message_reference"));
  EXPECT_FALSE(o.contains("referenced_message"));
  m.edited_ms.reset();
  m.nonce_json = "\"abc\"";
  const auto plain = to_json(m, author, mentions, nullptr, nullptr, {});
  EXPECT_TRUE(plain.at("edited_timestamp").is_null());
  EXPECT_EQ(plain.at("nonce"), "abc");
}

TEST(message_json, redaction_empties_what_message_content_guards) {
  const auto author = make_user(1, "alice");
  const auto o = to_json(make_message(), author, {}, nullptr, nullptr, {"", true});
  EXPECT_EQ(o.at("content"), "");
  EXPECT_TRUE(o.at("embeds").as_array().empty());
  EXPECT_TRUE(o.at("attachments").as_array().empty());
  EXPECT_TRUE(o.at("components").as_array().empty());
  EXPECT_EQ(o.at("mention_roles").at(0), "99") << "mentions stay";
}

TEST(message_json, reactions_and_replies) {
  const auto author = make_user(1, "alice");
  auto m = make_message();
  reaction_count r;
  r.emoji.name = "\xF0\x9F\x91\x8D";
  r.count = 3;
  r.burst_count = 1;
  r.me = true;
  reaction_count custom;
  custom.emoji.id = 555;
  custom.emoji.name = "party";
  custom.emoji.animated = true;
  custom.count = 1;
  m.reactions = {r, custom};
  m.type = message_type::reply;
  m.reference = message_reference{0, 1234, std::nullopt, 88};
  auto referenced = make_message();
  referenced.id = 1234;
  referenced.content = "question";
  const auto bob = make_user(2, "bob");
  const auto o = to_json(m, author, {}, &referenced, &bob, {});
  const auto& first = o.at("reactions").at(0).as_object();
  EXPECT_EQ(first.at("count"), 3);
  EXPECT_EQ(first.at("count_details").at("burst"), 1);
  EXPECT_EQ(first.at("count_details").at("normal"), 2);
  EXPECT_EQ(first.at("me"), true);
  EXPECT_TRUE(first.at("emoji").at("id").is_null());
  EXPECT_EQ(o.at("reactions").at(1).at("emoji").at("id"), "555");
  EXPECT_EQ(o.at("reactions").at(1).at("emoji").at("animated"), true);
  EXPECT_EQ(o.at("type"), 19);
  EXPECT_EQ(o.at("message_reference").at("message_id"), "1234");
  EXPECT_EQ(o.at("message_reference").at("channel_id"), "77") << "filled from the message's channel";
  EXPECT_EQ(o.at("referenced_message").at("content"), "question");
  EXPECT_EQ(o.at("referenced_message").at("author").at("username"), "bob");
  EXPECT_FALSE(o.at("referenced_message").as_object().contains("referenced_message"));
  const auto gone = to_json(m, author, {}, nullptr, nullptr, {});
  ASSERT_TRUE(gone.contains("referenced_message"));
  EXPECT_TRUE(gone.at("referenced_message").is_null()) << "null = deleted";
}

} // namespace
} // namespace parley::model
