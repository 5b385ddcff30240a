// Tests of route keys: one key per route and top-level resource (rest.md §4.1).
#include "client/rest/route_key.hpp"

#include <gtest/gtest.h>

namespace parley::client::rest {
namespace {

TEST(RouteKey, ChannelIdIsTheMajorParameterAndOtherIdsArePlaceholders) {
  const auto key = route_key_of("PATCH", "/channels/123/messages/456");
  EXPECT_EQ(key.route, "PATCH /channels/{id}/messages/{id}");
  EXPECT_EQ(key.major, "123");
  EXPECT_EQ(route_key_of("PATCH", "/channels/123/messages/789"), key) << "messages of one channel share a key";
  const auto other = route_key_of("PATCH", "/channels/124/messages/456");
  EXPECT_EQ(other.route, key.route);
  EXPECT_NE(other.major, key.major);
}

TEST(RouteKey, QueryAndMethodAreHandled) {
  const auto get = route_key_of("GET", "/channels/5/messages?before=10&limit=50");
  EXPECT_EQ(get.route, "GET /channels/{id}/messages");
  EXPECT_EQ(get.major, "5");
  EXPECT_NE(route_key_of("POST", "/channels/5/messages").route, get.route);
}

TEST(RouteKey, GuildsAndWebhooks) {
  const auto guild = route_key_of("GET", "/guilds/77/members/88");
  EXPECT_EQ(guild.route, "GET /guilds/{id}/members/{id}");
  EXPECT_EQ(guild.major, "77");
  const auto hook = route_key_of("POST", "/webhooks/9/secret-token");
  EXPECT_EQ(hook.route, "POST /webhooks/{id}/{token}");
  EXPECT_EQ(hook.major, "9/secret-token");
  EXPECT_NE(route_key_of("POST", "/webhooks/9/other-token").major, hook.major);
}

TEST(RouteKey, RoutesWithoutTopLevelResource) {
  EXPECT_EQ(route_key_of("GET", "/users/@me"), (route_key{"GET /users/@me", ""}));
  EXPECT_EQ(route_key_of("GET", "/users/42"), (route_key{"GET /users/{id}", ""}));
  EXPECT_EQ(route_key_of("POST", "/guilds"), (route_key{"POST /guilds", ""}));
  EXPECT_EQ(route_key_of("GET", "/gateway/bot"), (route_key{"GET /gateway/bot", ""}));
  EXPECT_EQ(route_key_of("POST", "/invites/AbC12"), (route_key{"POST /invites/{value}", ""}));
}

TEST(RouteKey, ReactionEmojisArePlaceholders) {
  const auto unicode = route_key_of("PUT", "/channels/1/messages/2/reactions/%F0%9F%91%8D/@me");
  EXPECT_EQ(unicode.route, "PUT /channels/{id}/messages/{id}/reactions/{value}/@me");
  EXPECT_EQ(route_key_of("PUT", "/channels/1/messages/3/reactions/party:123/@me"), unicode);
  EXPECT_EQ(route_key_of("DELETE", "/channels/1/messages/2/reactions/x/99").route,
            "DELETE /channels/{id}/messages/{id}/reactions/{value}/{id}");
}

TEST(RouteKey, OddPathsDoNotBreakIt) {
  EXPECT_EQ(route_key_of("GET", "//channels//7//").route, "GET /channels/{id}");
  EXPECT_EQ(route_key_of("GET", "//channels//7//").major, "7");
  EXPECT_EQ(route_key_of("GET", "").route, "GET ");
  EXPECT_EQ(route_key_of("GET", "/channels/abc/messages").major, "") << "not an id: no major parameter";
}

} // namespace
} // namespace parley::client::rest
