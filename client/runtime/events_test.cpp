// Typed events from dispatch JSON (events.hpp) and their delivery (event_dispatcher.hpp).
#include "client/runtime/events.hpp"

#include "client/runtime/event_dispatcher.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace parley::client {
namespace {

boost::json::value json(std::string_view text) { return boost::json::parse(text); }

dispatch_event dispatch(std::string name, std::uint64_t seq, std::string_view d) {
  dispatch_event e;
  e.name = std::move(name);
  e.seq = seq;
  e.data = json(d);
  return e;
}

TEST(events, message_create_reads_ids_from_strings_and_integers) {
  auto e = make_event<message_create>(
      json(R"({"id":"1234567890123456789","channel_id":77,"guild_id":"5","author":{"id":"42"},"content":"hi","tts":false})"),
      9);
  EXPECT_EQ(e.seq, 9u);
  EXPECT_EQ(e.id, 1234567890123456789u);
  EXPECT_EQ(e.channel_id, 77u);
  EXPECT_EQ(e.guild_id, 5u);
  EXPECT_EQ(e.author_id, 42u);
  EXPECT_EQ(e.content, "hi");
  EXPECT_EQ(e.data.at("tts"), false); // the rest stays in data
}

TEST(events, malformed_fields_read_as_zero_not_as_errors) {
  auto e = make_event<message_delete>(json(R"({"id":"12x","channel_id":-3,"guild_id":null})"), 1);
  EXPECT_EQ(e.id, 0u);
  EXPECT_EQ(e.channel_id, 0u);
  EXPECT_EQ(e.guild_id, 0u);
  auto not_object = make_event<guild_create>(json("[1,2]"), 2);
  EXPECT_EQ(not_object.id, 0u);
  EXPECT_TRUE(not_object.data.empty());
}

TEST(events, snowflake_above_int64_survives) {
  auto e = make_event<channel_create>(json(R"({"id":"18446744073709551615","type":2,"name":"v","parent_id":"3"})"), 1);
  EXPECT_EQ(e.id, 18446744073709551615u);
  EXPECT_EQ(e.type, 2);
  EXPECT_EQ(e.parent_id, 3u);
  EXPECT_EQ(e.name, "v");
}

TEST(events, members_presence_typing_voice) {
  auto add = make_event<guild_member_add>(json(R"({"guild_id":"1","user":{"id":"2","username":"u"},"roles":[]})"), 3);
  EXPECT_EQ(add.guild_id, 1u);
  EXPECT_EQ(add.user_id, 2u);
  auto remove = make_event<guild_member_remove>(json(R"({"guild_id":"1","user":{"id":"8"}})"), 4);
  EXPECT_EQ(remove.user_id, 8u);
  auto presence = make_event<presence_update>(json(R"({"guild_id":"1","user":{"id":"2"},"status":"idle"})"), 5);
  EXPECT_EQ(presence.user_id, 2u);
  EXPECT_EQ(presence.status, "idle");
  auto typing = make_event<typing_start>(json(R"({"channel_id":"3","user_id":"2","timestamp":1700000000})"), 6);
  EXPECT_EQ(typing.channel_id, 3u);
  EXPECT_EQ(typing.user_id, 2u);
  EXPECT_EQ(typing.timestamp, 1700000000);
  auto voice = make_event<voice_state_update>(
      json(R"({"guild_id":"1","channel_id":null,"member":{"user":{"id":"9"}},"session_id":"s"})"), 7);
  EXPECT_EQ(voice.channel_id, 0u);
  EXPECT_EQ(voice.user_id, 9u); // from member.user when user_id is absent
  EXPECT_EQ(voice.session_id, "s");
  auto server = make_event<voice_server_update>(json(R"({"guild_id":"1","token":"t","endpoint":null})"), 8);
  EXPECT_EQ(server.token, "t");
  EXPECT_FALSE(server.endpoint);
  auto server2 = make_event<voice_server_update>(json(R"({"guild_id":"1","token":"t","endpoint":"h:1"})"), 8);
  EXPECT_EQ(server2.endpoint, "h:1");
}

TEST(events, ready_lists_guild_ids) {
  auto r = make_event<ready>(json(R"({"session_id":"abc","resume_gateway_url":"ws://x/gateway",
      "user":{"id":"11"},"guilds":[{"id":"1","unavailable":true},{"id":"2","unavailable":true}]})"), 1);
  EXPECT_EQ(r.session_id, "abc");
  EXPECT_EQ(r.resume_gateway_url, "ws://x/gateway");
  EXPECT_EQ(r.user_id, 11u);
  EXPECT_EQ(r.guild_ids, (std::vector<snowflake_id>{1, 2}));
}

TEST(event_dispatcher, typed_delivery_by_name_only_to_its_handlers) {
  event_dispatcher d;
  int creates = 0, updates = 0;
  std::uint64_t last_id = 0;
  d.on<message_create>([&](const message_create& m) {
    ++creates;
    last_id = m.id;
  });
  d.on<message_update>([&](const message_update&) { ++updates; });
  auto e = dispatch("MESSAGE_CREATE", 4, R"({"id":"6"})");
  EXPECT_TRUE(d.dispatch_typed(e));
  EXPECT_EQ(creates, 1);
  EXPECT_EQ(updates, 0);
  EXPECT_EQ(last_id, 6u);
  auto other = dispatch("WEBHOOKS_UPDATE", 5, "{}");
  EXPECT_FALSE(d.dispatch_typed(other)); // no typed event: raw only
  auto unheard = dispatch("TYPING_START", 6, R"({"user_id":"1"})");
  EXPECT_TRUE(d.dispatch_typed(unheard));
  EXPECT_FALSE(unheard.data.is_null()); // nobody listens: not converted, data untouched
}

TEST(event_dispatcher, handlers_run_in_order_and_may_register_more) {
  event_dispatcher d;
  std::vector<int> calls;
  d.on<disconnected>([&](const disconnected&) {
    calls.push_back(1);
    d.on<disconnected>([&](const disconnected&) { calls.push_back(3); });
  });
  d.on<disconnected>([&](const disconnected&) { calls.push_back(2); });
  d.emit(disconnected{});
  EXPECT_EQ(calls, (std::vector<int>{1, 2})); // the new handler waits for the next event
  d.emit(disconnected{});
  EXPECT_EQ(calls, (std::vector<int>{1, 2, 1, 2, 3}));
}

} // namespace
} // namespace parley::client
