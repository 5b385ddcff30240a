// Tests of the read state use cases (service/read_states.hpp) and of what READY carries for them
// and for private channels (gateway_sessions::load_private_state, ready): acks move forward only,
// only where the caller can see, MESSAGE_ACK to the caller's sessions, mention counts in READY.
#include "service/read_states.hpp"

#include <string>

#include <gtest/gtest.h>

#include "service/community_test_fixture.hpp"
#include "service/gateway_sessions.hpp"
#include "service/private_channels.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::service {
namespace {

namespace json = boost::json;
using model::json_code;

class read_states_test : public testing::community_fixture {
 protected:
  void SetUp() override {
    community_fixture::SetUp();
    svc_.emplace(*ctx_);
    alice = make_user("alice");
    bob = make_user("bob");
    carol = make_user("carol");
    robot = make_user("robot", true);
  }

  model::snowflake dm_of(const model::user& a, const model::user& b) {
    auto r = private_channels(*ctx_).open(a, {{"recipient_id", model::to_string(b.id)}});
    EXPECT_TRUE(r);
    take_events();
    return r ? r->channel.id : 0;
  }

  // A message and its user mentions written straight into the database: creating messages is
  // another use case's; these tests need rows to count.
  void put_message(model::snowflake id, model::snowflake channel_id, model::snowflake author,
                   std::vector<model::snowflake> mentions) {
    auto db = store::sqlite::connection::open(dir_ / "parley.db", store::sqlite::connection::access::read_write_create);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("PRAGMA busy_timeout = 5000"));
    std::string sql =
        "INSERT INTO messages (id, channel_id, author_id, type, content, tts, mention_everyone, mention_roles, "
        "embeds, components, flags, has) VALUES (" +
        std::to_string(id) + ", " + std::to_string(channel_id) + ", " + std::to_string(author) +
        ", 0, 'hi', 0, 0, '[]', '[]', '[]', 0, 0);";
    int position = 0;
    for (const auto user : mentions)
      sql += "INSERT INTO message_mentions (message_id, user_id, channel_id, position) VALUES (" + std::to_string(id) +
             ", " + std::to_string(user) + ", " + std::to_string(channel_id) + ", " + std::to_string(position++) + ");";
    sql += "UPDATE channels SET last_message_id = " + std::to_string(id) + " WHERE id = " + std::to_string(channel_id);
    ASSERT_TRUE(db->exec(sql.c_str()));
  }

  std::optional<read_states> svc_;  // made in SetUp, once ctx_ exists
  read_states& svc() { return *svc_; }
  model::user alice, bob, carol, robot;
};

TEST_F(read_states_test, ack_moves_forward_and_tells_the_callers_sessions) {
  const auto dm = dm_of(alice, bob);
  put_message(1000, dm, bob.id, {alice.id});
  put_message(1001, dm, bob.id, {});
  put_message(1002, dm, bob.id, {alice.id});

  auto s = svc().ack(alice, dm, 1000, {{"token", nullptr}});
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->last_message_id, 1000u);
  EXPECT_EQ(s->mention_count, 1);  // 1002
  auto events = take_events();
  ASSERT_EQ(events.size(), 1u);
  const auto& e = *events.front();
  EXPECT_EQ(e.name, "MESSAGE_ACK");
  EXPECT_EQ(e.to.scope, bus::audience::kind::user);
  EXPECT_EQ(e.to.id, alice.id);
  EXPECT_EQ(e.data.as_object().at("channel_id").as_string(), model::to_string(dm));
  EXPECT_EQ(e.data.as_object().at("message_id").as_string(), "1000");
  EXPECT_TRUE(e.data.as_object().contains("version"));

  s = svc().ack(alice, dm, 1002, {});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->mention_count, 0);
  s = svc().ack(alice, dm, 1001, {{"manual", true}});  // backwards: stays
  ASSERT_TRUE(s);
  EXPECT_EQ(s->last_message_id, 1002u);
  take_events();
  auto states = svc().of(alice);
  ASSERT_TRUE(states);
  ASSERT_EQ(states->size(), 1u);
  EXPECT_EQ(states->front().last_message_id, 1002u);
}

TEST_F(read_states_test, ack_only_where_the_caller_can_see) {
  const auto dm = dm_of(alice, bob);
  auto outsider = svc().ack(carol, dm, 1, {});
  ASSERT_FALSE(outsider);
  EXPECT_EQ(code_of(outsider.error()), json_code::unknown_channel);
  auto unknown = svc().ack(alice, 424242, 1, {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(code_of(unknown.error()), json_code::unknown_channel);
  auto bad_body = svc().ack(alice, dm, 1, {{"manual", "yes"}});
  ASSERT_FALSE(bad_body);
  EXPECT_EQ(code_of(bad_body.error()), json_code::invalid_form_body);
  EXPECT_TRUE(take_events().empty());

  // Guild channels: members only.
  const auto guild = make_guild(alice);
  auto channels = store_->channels_of_guild(guild);
  ASSERT_TRUE(channels && !channels->empty());
  model::snowflake text = 0;
  for (const auto& c : *channels)
    if (c.type == model::channel_type::guild_text) text = c.id;
  ASSERT_NE(text, 0u);
  EXPECT_TRUE(svc().ack(alice, text, 5, {}));
  auto stranger = svc().ack(carol, text, 5, {});
  ASSERT_FALSE(stranger);
  EXPECT_EQ(code_of(stranger.error()), json_code::unknown_channel);
}

TEST_F(read_states_test, ready_carries_private_channels_and_mentions_missed_while_offline) {
  const auto dm = dm_of(alice, bob);
  auto group = private_channels(*ctx_).open(carol, {{"recipients", json::array{json::value(model::to_string(alice.id)),
                                                                                json::value(model::to_string(bob.id))}}});
  ASSERT_TRUE(group);
  ASSERT_TRUE(svc().ack(alice, dm, 0, {}));
  // While alice is away: two mentions of her, one of bob.
  put_message(2000, dm, bob.id, {alice.id});
  put_message(2001, dm, bob.id, {bob.id});
  put_message(2002, dm, bob.id, {alice.id});

  gateway_sessions sessions(*ctx_);
  gateway_identity who;
  who.user = alice;
  ASSERT_TRUE(sessions.load_private_state(who));
  ready_params params{"session", "ws://x", 10, std::nullopt, {}};
  const auto d = sessions.ready(who, params);

  const auto& pcs = d.at("private_channels").as_array();
  ASSERT_EQ(pcs.size(), 2u);
  // The DM has the newest message, so it comes first.
  const auto& first = pcs[0].as_object();
  EXPECT_EQ(first.at("id").as_string(), model::to_string(dm));
  EXPECT_EQ(first.at("type").as_int64(), 1);
  EXPECT_EQ(first.at("last_message_id").as_string(), "2002");
  ASSERT_EQ(first.at("recipients").as_array().size(), 1u);
  EXPECT_EQ(first.at("recipients").as_array()[0].as_object().at("id").as_string(), model::to_string(bob.id));
  const auto& second = pcs[1].as_object();
  EXPECT_EQ(second.at("type").as_int64(), 3);
  EXPECT_EQ(second.at("owner_id").as_string(), model::to_string(carol.id));
  EXPECT_EQ(second.at("recipients").as_array().size(), 2u);

  const auto& rs = d.at("read_state").as_object();
  EXPECT_EQ(rs.at("partial").as_bool(), false);
  EXPECT_EQ(rs.at("version").as_int64(), 0);
  const auto& entries = rs.at("entries").as_array();
  ASSERT_EQ(entries.size(), 1u);
  const auto& entry = entries[0].as_object();
  EXPECT_EQ(entry.at("id").as_string(), model::to_string(dm));
  EXPECT_EQ(entry.at("last_message_id").as_string(), "0");
  EXPECT_EQ(entry.at("mention_count").as_int64(), 2);
  EXPECT_TRUE(entry.at("last_pin_timestamp").is_null());
}

TEST_F(read_states_test, bots_get_empty_private_channels_in_ready) {
  dm_of(robot, alice);
  gateway_sessions sessions(*ctx_);
  gateway_identity who;
  who.user = robot;
  ASSERT_TRUE(sessions.load_private_state(who));
  const auto d = sessions.ready(who, ready_params{"s", "ws://x", 10, std::nullopt, {}});
  EXPECT_TRUE(d.at("private_channels").as_array().empty());
  EXPECT_FALSE(d.contains("read_state"));
}

} // namespace
} // namespace parley::service
