// Tests for fan-out trigger selection and request bodies.
#include "bench/gateway_load/fanout_trigger.hpp"

#include <gtest/gtest.h>

namespace parley::bench::gateway_load {
namespace {

TEST(fanout_trigger, user_update) {
  auto t = parse_trigger("user-update");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->method, "PATCH");
  EXPECT_EQ(t->target, "/api/v10/users/@me");
  EXPECT_EQ(t->event_name, "USER_UPDATE");
  EXPECT_TRUE(t->trigger_account_only);
  std::string body;
  trigger_body(*t, "plb.1.2", body);
  EXPECT_EQ(body, R"({"global_name":"plb.1.2"})");
}

TEST(fanout_trigger, message_create) {
  auto t = parse_trigger("message-create:123456789012345678");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->method, "POST");
  EXPECT_EQ(t->target, "/api/v10/channels/123456789012345678/messages");
  EXPECT_EQ(t->event_name, "MESSAGE_CREATE");
  EXPECT_FALSE(t->trigger_account_only);
  std::string body;
  trigger_body(*t, "plb.1.2", body);
  EXPECT_EQ(body, R"({"content":"plb.1.2"})");
}

TEST(fanout_trigger, sink_is_no_rest_call) {
  auto t = parse_trigger("sink");
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->via_rest);
  EXPECT_EQ(t->event_name, "MESSAGE_CREATE");
  EXPECT_FALSE(t->trigger_account_only);
  EXPECT_TRUE(parse_trigger("user-update")->via_rest);
  auto u = parse_trigger("sink:user-update");
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->via_rest);
  EXPECT_EQ(u->event_name, "USER_UPDATE");
}

TEST(fanout_trigger, rejects_unknown_specs) {
  EXPECT_FALSE(parse_trigger("message-create:"));
  EXPECT_FALSE(parse_trigger("sink:"));
  EXPECT_FALSE(parse_trigger("message-create:12a"));
  EXPECT_FALSE(parse_trigger("message-create:/../x"));
  EXPECT_FALSE(parse_trigger("guild-update"));
}

} // namespace
} // namespace parley::bench::gateway_load
