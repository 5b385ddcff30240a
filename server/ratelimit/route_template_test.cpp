// Tests of the route key checks (rest.md §4.1: buckets split by top-level resource).
#include "server/ratelimit/route_template.hpp"

#include <gtest/gtest.h>

namespace parley::server::ratelimit {
namespace {

TEST(route_template, valid_routes) {
  EXPECT_TRUE(is_valid_route("GET /users/@me"));
  EXPECT_TRUE(is_valid_route("POST /channels/{channel_id}/messages"));
  EXPECT_FALSE(is_valid_route(""));
  EXPECT_FALSE(is_valid_route("/users/@me"));
  EXPECT_FALSE(is_valid_route(" /users/@me"));
  EXPECT_FALSE(is_valid_route("get /users/@me"));
  EXPECT_FALSE(is_valid_route("GET users"));
  EXPECT_FALSE(is_valid_route("GET "));
  EXPECT_FALSE(is_valid_route("GET /a b"));
}

TEST(route_template, top_level_resources) {
  EXPECT_TRUE(has_top_level_resource("POST /channels/{channel_id}/messages"));
  EXPECT_TRUE(has_top_level_resource("GET /channels/{channel_id}"));
  EXPECT_TRUE(has_top_level_resource("PATCH /guilds/{guild_id}/members/{user_id}"));
  EXPECT_TRUE(has_top_level_resource("POST /webhooks/{webhook_id}/{webhook_token}"));
  EXPECT_FALSE(has_top_level_resource("GET /users/{user_id}"));
  EXPECT_FALSE(has_top_level_resource("GET /users/@me/guilds"));
  EXPECT_FALSE(has_top_level_resource("POST /guilds"));
  EXPECT_FALSE(has_top_level_resource("GET /guilds/{x}y/roles"));
  EXPECT_FALSE(has_top_level_resource("GET /guilds/{guild_id"));
  EXPECT_FALSE(has_top_level_resource("GET /invites/{code}"));
  EXPECT_FALSE(has_top_level_resource("GET"));
}

} // namespace
} // namespace parley::server::ratelimit
