// Tests of the thin Discord objects and of reading Discord's error JSON (rest.md §3.2, §6).
#include "client/rest/objects.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "client/rest/rest_error.hpp"

namespace parley::client::rest {
namespace {

TEST(Objects, MessageWithAuthorAttachmentsAndReply) {
  auto v = boost::json::parse(R"({"id":"10","channel_id":"20","guild_id":"30","content":"hi",
    "author":{"id":"40","username":"bob","bot":true},
    "attachments":[{"id":"50","filename":"a.txt","size":5,"url":"http://x/a.txt","content_type":"text/plain"}],
    "message_reference":{"message_id":"9"},"pinned":false})");
  const auto m = message::from_json(std::move(v));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->id, 10u);
  EXPECT_EQ(m->channel_id, 20u);
  EXPECT_EQ(m->guild_id, 30u);
  EXPECT_EQ(m->content, "hi");
  EXPECT_EQ(m->author.id, 40u);
  EXPECT_TRUE(m->author.bot);
  ASSERT_EQ(m->attachments.size(), 1u);
  EXPECT_EQ(m->attachments[0].size, 5u);
  EXPECT_EQ(m->attachments[0].filename, "a.txt");
  EXPECT_EQ(m->referenced_message_id, 9u);
  EXPECT_TRUE(m->raw.contains("pinned")) << "fields without a member stay reachable";
}

TEST(Objects, MissingIdsAreInvalid) {
  EXPECT_EQ(user::from_json(boost::json::parse(R"({"username":"x"})")).error(),
            make_error_code(errc::invalid_response));
  EXPECT_FALSE(guild::from_json(boost::json::parse("[]")));
  EXPECT_FALSE(message::from_json(boost::json::parse(R"({"id":"1","attachments":[{"filename":"x"}]})")));
  EXPECT_FALSE(invite::from_json(boost::json::parse(R"({"guild":{"id":"1"}})")));
  EXPECT_FALSE(gateway_bot::from_json(boost::json::parse(R"({"shards":1})")));
}

TEST(Objects, MemberInviteGatewayBot) {
  const auto m = member::from_json(boost::json::parse(R"({"user":{"id":"5","username":"u"},"nick":"n","roles":["7","8"]})"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->member_user.id, 5u);
  EXPECT_EQ(m->roles, (std::vector<snowflake>{7, 8}));
  const auto i = invite::from_json(boost::json::parse(R"({"code":"abc","guild":{"id":"1"},"channel":{"id":"2"}})"));
  ASSERT_TRUE(i);
  EXPECT_EQ(i->code, "abc");
  EXPECT_EQ(i->guild_id, 1u);
  EXPECT_EQ(i->channel_id, 2u);
  const auto g = gateway_bot::from_json(boost::json::parse(
      R"({"url":"wss://x","shards":2,"session_start_limit":{"total":1000,"remaining":999,"reset_after":5000,"max_concurrency":1}})"));
  ASSERT_TRUE(g);
  EXPECT_EQ(g->shards, 2);
  EXPECT_EQ(g->session_start_remaining, 999);
  EXPECT_EQ(g->session_start_reset_after_ms, 5000);
}

TEST(RestError, DiscordErrorJson) {
  const auto e = rest_error::from_response(400, R"({"code":50035,"message":"Invalid Form Body",
    "errors":{"content":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Too long"}]}}})");
  EXPECT_EQ(e.ec, make_error_code(errc::http_status));
  EXPECT_EQ(e.status, 400u);
  EXPECT_EQ(e.code, 50035);
  EXPECT_EQ(e.message, "Invalid Form Body");
  EXPECT_EQ(e.errors.at("content").at("_errors").as_array()[0].at("code"), "BASE_TYPE_MAX_LENGTH");
  EXPECT_NE(e.describe().find("HTTP 400, code 50035: Invalid Form Body"), std::string::npos);
}

TEST(RestError, NonJsonErrorBody) {
  const auto e = rest_error::from_response(502, "<html>bad gateway</html>");
  EXPECT_EQ(e.status, 502u);
  EXPECT_EQ(e.code, 0);
  EXPECT_EQ(e.message, "HTTP 502");
  EXPECT_TRUE(e.errors.is_null());
}

} // namespace
} // namespace parley::client::rest
