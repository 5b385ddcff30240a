// Payloads of op 3, op 4 and op 8 (gateway.md §7-§9).
#include "client/runtime/gateway_requests.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace parley::client {
namespace {

TEST(gateway_requests, voice_state_join_and_leave) {
  EXPECT_EQ(voice_state_payload(1, 2, true, false),
            boost::json::parse(R"({"guild_id":"1","channel_id":"2","self_mute":true,"self_deaf":false})"));
  EXPECT_EQ(voice_state_payload(1, std::nullopt, false, true),
            boost::json::parse(R"({"guild_id":"1","channel_id":null,"self_mute":false,"self_deaf":true})"));
}

TEST(gateway_requests, presence) {
  presence_params p;
  p.status = "dnd";
  p.activities.emplace_back(boost::json::object{{"name", "chess"}, {"type", 0}});
  EXPECT_EQ(presence_payload(p),
            boost::json::parse(R"({"since":null,"activities":[{"name":"chess","type":0}],"status":"dnd","afk":false})"));
  p.since = 1700000000000;
  EXPECT_EQ(presence_payload(p).at("since"), 1700000000000);
}

TEST(gateway_requests, guild_members_query_or_ids) {
  guild_members_request everyone{.guild_id = 5};
  EXPECT_EQ(guild_members_payload(everyone), boost::json::parse(R"({"guild_id":"5","query":"","limit":0})"));
  guild_members_request ids{.guild_id = 5, .user_ids = {7, 8}, .presences = true, .nonce = "n1"};
  EXPECT_EQ(guild_members_payload(ids),
            boost::json::parse(R"({"guild_id":"5","user_ids":["7","8"],"presences":true,"nonce":"n1"})"));
}

} // namespace
} // namespace parley::client
