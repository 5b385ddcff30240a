// Tests for the op 4, op 6 and op 8 parsers (gateway.md §9, §3.6, §7).
#include "proto/gateway/close_code.hpp"
#include "proto/gateway/request_guild_members.hpp"
#include "proto/gateway/resume.hpp"
#include "proto/gateway/voice_state_request.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <string>

namespace parley::proto::gateway {
namespace {

template <class F>
bool malformed(F parse, std::string_view d) {
  auto r = parse(boost::json::parse(d));
  return !r && r.error() == close_code::unknown_opcode;
}

TEST(voice_state_request, string_and_integer_snowflakes) {
  auto s = parse_voice_state_request(boost::json::parse(
      R"({"guild_id":"41771983423143937","channel_id":"41771983423143938","self_mute":true,"self_deaf":false})"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->guild_id, 41771983423143937u);
  EXPECT_EQ(s->channel_id, 41771983423143938u);
  EXPECT_TRUE(s->self_mute);
  EXPECT_FALSE(s->self_deaf);
  auto i = parse_voice_state_request(boost::json::parse(
      R"({"guild_id":41771983423143937,"channel_id":18446744073709551615,"self_mute":false,"self_deaf":true})"));
  ASSERT_TRUE(i);
  EXPECT_EQ(i->guild_id, 41771983423143937u);
  EXPECT_EQ(i->channel_id, 18446744073709551615u);
  EXPECT_TRUE(i->self_deaf);
}

TEST(voice_state_request, null_channel_means_leave) {
  auto r = parse_voice_state_request(boost::json::parse(R"({"guild_id":"1","channel_id":null})"));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->channel_id);
  EXPECT_FALSE(r->self_mute);
}

TEST(voice_state_request, malformed) {
  auto p = parse_voice_state_request;
  EXPECT_TRUE(malformed(p, R"({"channel_id":"1"})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":null})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"abc"})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":""})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":-1})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":1.5})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"18446744073709551616"})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"123456789012345678901"})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":["1"]})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"1","channel_id":"x"})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"1","self_mute":1})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"1","self_deaf":"true"})"));
  EXPECT_TRUE(malformed(p, "[]"));
}

TEST(resume, valid) {
  auto r = parse_resume(boost::json::parse(R"({"token":"Bot tok","session_id":"abc","seq":1337})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->token, "tok");
  EXPECT_EQ(r->session_id, "abc");
  EXPECT_EQ(r->seq, 1337u);
  auto null_seq = parse_resume(boost::json::parse(R"({"token":"t","session_id":"abc","seq":null})"));
  ASSERT_TRUE(null_seq);
  EXPECT_EQ(null_seq->seq, 0u);
}

TEST(resume, malformed) {
  auto p = parse_resume;
  EXPECT_TRUE(malformed(p, R"({"session_id":"a","seq":1})"));
  EXPECT_TRUE(malformed(p, R"({"token":"t","seq":1})"));
  EXPECT_TRUE(malformed(p, R"({"token":"t","session_id":5,"seq":1})"));
  EXPECT_TRUE(malformed(p, R"({"token":"t","session_id":"a","seq":-1})"));
  EXPECT_TRUE(malformed(p, R"({"token":"t","session_id":"a","seq":"1"})"));
  EXPECT_TRUE(malformed(p, R"({"token":"t","session_id":"a","seq":1.5})"));
  EXPECT_TRUE(malformed(p, "null"));
}

TEST(request_guild_members, discord_py_whole_guild) {
  auto r = parse_request_guild_members(
      boost::json::parse(R"({"guild_id":41771983423143937,"query":"","limit":0,"presences":true,"nonce":"abc"})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->guild_id, 41771983423143937u);
  EXPECT_EQ(r->query, "");
  EXPECT_EQ(r->limit, 0u);
  EXPECT_FALSE(r->user_ids);
  EXPECT_TRUE(r->presences);
  EXPECT_EQ(r->nonce, "abc");
}

TEST(request_guild_members, user_ids_single_or_array) {
  auto one = parse_request_guild_members(boost::json::parse(R"({"guild_id":"1","user_ids":"42"})"));
  ASSERT_TRUE(one);
  ASSERT_TRUE(one->user_ids);
  EXPECT_EQ(*one->user_ids, std::vector<std::uint64_t>{42});
  auto many = parse_request_guild_members(boost::json::parse(R"({"guild_id":"1","user_ids":["42",43],"query":"x"})"));
  ASSERT_TRUE(many);
  EXPECT_EQ(*many->user_ids, (std::vector<std::uint64_t>{42, 43}));
  EXPECT_FALSE(many->query); // user_ids wins
  EXPECT_FALSE(many->presences);

  std::string hundred = R"({"guild_id":"1","user_ids":[)";
  for (int i = 0; i < 100; ++i) hundred += (i ? "," : "") + std::to_string(i + 1);
  EXPECT_TRUE(parse_request_guild_members(boost::json::parse(hundred + "]}")));
  EXPECT_TRUE(malformed(parse_request_guild_members, hundred + ",101]}"));
}

TEST(request_guild_members, nonce_over_32_bytes_is_dropped) {
  auto ok = parse_request_guild_members(
      boost::json::parse(R"({"guild_id":"1","query":"a","limit":5,"nonce":"12345678901234567890123456789012"})"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->nonce->size(), 32u);
  auto long_nonce = parse_request_guild_members(
      boost::json::parse(R"({"guild_id":"1","query":"a","limit":5,"nonce":"123456789012345678901234567890123"})"));
  ASSERT_TRUE(long_nonce);
  EXPECT_FALSE(long_nonce->nonce);
  auto number = parse_request_guild_members(boost::json::parse(R"({"guild_id":"1","query":"a","limit":5,"nonce":7})"));
  ASSERT_TRUE(number);
  EXPECT_FALSE(number->nonce);
}

TEST(request_guild_members, malformed) {
  auto p = parse_request_guild_members;
  EXPECT_TRUE(malformed(p, R"({"guild_id":["1","2"],"query":"","limit":0})"));
  EXPECT_TRUE(malformed(p, R"({"query":"","limit":0})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"1"})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"1","query":""})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"1","limit":0})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"1","query":5,"limit":0})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"1","query":"","limit":-1})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"1","query":"","limit":"0"})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"1","user_ids":["x"]})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"1","user_ids":{}})"));
  EXPECT_TRUE(malformed(p, R"({"guild_id":"1","query":"","limit":0,"presences":"yes"})"));
}

} // namespace
} // namespace parley::proto::gateway
