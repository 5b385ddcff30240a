// Voice states (gateway.md §9, voice.md §2, rest.md §7.3 member voice fields): op 4 checks, tokens,
// the events published, session end, removals seen on the bus, and the member routes' mute, deaf,
// move and disconnect.
#include "service/voice_states.hpp"

#include <boost/json/serialize.hpp>

#include "model/permission_bits.hpp"
#include "service/channels.hpp"
#include "service/community_test_fixture.hpp"
#include "service/members.hpp"

namespace parley::service {
namespace {

using model::json_code;
namespace perm = model::permission;
namespace json = boost::json;

class voice_states_test : public testing::community_fixture {
 protected:
  void SetUp() override {
    community_fixture::SetUp();
    alice = make_user("alice");
    bob = make_user("bob");
    carol = make_user("carol");
    guild_id = make_guild(alice);
    join(guild_id, bob);
    join(guild_id, carol);
    channels c(*ctx_);
    voice = c.create(as(alice), guild_id, {{"name", "Lounge"}, {"type", 2}})->id;
    other_voice = c.create(as(alice), guild_id, {{"name", "Den"}, {"type", 2}})->id;
    small = c.create(as(alice), guild_id, {{"name", "Booth"}, {"type", 2}, {"user_limit", 1}})->id;
    stage = c.create(as(alice), guild_id, {{"name", "Stage"}, {"type", 13}})->id;
    text = c.create(as(alice), guild_id, {{"name", "chat"}})->id;
    vs.emplace(*ctx_, "voice.example:8443");
    vs->on_change([this](const voice_change& ch) { changes.push_back(ch); });
    take_events();
  }

  model::api_result<voice_reply> op4(const model::user& u, const std::string& session, model::snowflake channel,
                                     bool self_mute = false, bool self_deaf = false, model::snowflake guild = 0) {
    voice_request r{guild ? guild : guild_id, std::nullopt, self_mute, self_deaf};
    if (channel) r.channel_id = channel;
    return vs->request(u.id, session, r);
  }
  static std::string str(const json::value& v) { return std::string(v.as_string()); }
  const bus::event* only_voice_event() {
    auto events = take_events();
    EXPECT_EQ(events.size(), 1u);
    if (events.size() != 1 || events[0]->name != "VOICE_STATE_UPDATE") return nullptr;
    EXPECT_EQ(events[0]->to.scope, bus::audience::kind::guild);
    EXPECT_EQ(events[0]->to.id, guild_id);
    last_ = events[0];
    return last_.get();
  }

  // The last VOICE_STATE_UPDATE about `user` among the events published since the last look.
  const bus::event* last_voice_event_for(model::snowflake user) {
    last_.reset();
    for (const auto& e : take_events())
      if (e->name == "VOICE_STATE_UPDATE" && e->data.at("user_id").as_string() == model::to_string(user)) last_ = e;
    return last_.get();
  }

  model::user alice, bob, carol;
  model::snowflake guild_id = 0, voice = 0, other_voice = 0, small = 0, stage = 0, text = 0;
  std::optional<voice_states> vs;
  std::vector<voice_change> changes;
  bus::event_ptr last_;
};

TEST_F(voice_states_test, join_publishes_the_state_and_issues_a_token) {
  auto r = op4(bob, "sess-b", voice, false, true);
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_TRUE(r->server);
  const auto token = str(r->server->at("token"));
  EXPECT_EQ(token.size(), 32u);
  EXPECT_EQ(str(r->server->at("guild_id")), model::to_string(guild_id));
  EXPECT_EQ(str(r->server->at("endpoint")), "voice.example:8443");

  const auto* e = only_voice_event();
  ASSERT_TRUE(e);
  const auto& d = e->data.as_object();
  EXPECT_EQ(str(d.at("guild_id")), model::to_string(guild_id));
  EXPECT_EQ(str(d.at("channel_id")), model::to_string(voice));
  EXPECT_EQ(str(d.at("user_id")), model::to_string(bob.id));
  EXPECT_EQ(str(d.at("session_id")), "sess-b");
  EXPECT_EQ(str(d.at("member").at("user").at("id")), model::to_string(bob.id));
  EXPECT_TRUE(d.at("member").as_object().contains("joined_at"));  // discord.js resolves the member from it
  EXPECT_TRUE(d.at("self_deaf").as_bool());
  EXPECT_FALSE(d.at("self_mute").as_bool());
  EXPECT_FALSE(d.at("mute").as_bool());
  EXPECT_FALSE(d.at("suppress").as_bool());
  EXPECT_TRUE(d.at("request_to_speak_timestamp").is_null());
  EXPECT_EQ(json::serialize(r->state), json::serialize(d));  // the requester's own copy is the same

  auto ok = vs->validate(guild_id, bob.id, "sess-b", token);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->channel_id, voice);
  EXPECT_FALSE(vs->validate(guild_id, bob.id, "sess-b", token.substr(0, 31) + (token[31] == 'a' ? "b" : "a")));
  EXPECT_FALSE(vs->validate(guild_id, bob.id, "other", token));
  EXPECT_FALSE(vs->validate(guild_id, carol.id, "sess-b", token));
  EXPECT_FALSE(vs->validate(guild_id + 1, bob.id, "sess-b", token));
  EXPECT_FALSE(vs->validate(guild_id, bob.id, "sess-b", ""));

  ASSERT_EQ(changes.size(), 1u);
  EXPECT_FALSE(changes[0].before);
  ASSERT_TRUE(changes[0].after);
  EXPECT_EQ(changes[0].after->token, token);
  EXPECT_FALSE(changes[0].token_revoked);

  // Each join gets its own token.
  auto c = op4(carol, "sess-c", voice);
  ASSERT_TRUE(c && c->server);
  EXPECT_NE(str(c->server->at("token")), token);
}

TEST_F(voice_states_test, bad_requests_change_nothing) {
  EXPECT_FALSE(op4(bob, "s", text));                        // not a voice channel
  EXPECT_FALSE(op4(bob, "s", 12345));                       // no such channel
  EXPECT_FALSE(op4(bob, "s", voice, false, false, 999));    // the channel is not in that guild
  EXPECT_FALSE(op4(bob, "s", 0));                           // leaving while not in voice
  auto outsider = make_user("outsider");
  EXPECT_FALSE(op4(outsider, "s", voice));                  // not a member
  EXPECT_TRUE(take_events().empty());
  EXPECT_FALSE(vs->of(guild_id, bob.id));
  EXPECT_TRUE(changes.empty());
}

TEST_F(voice_states_test, connect_and_view_channel_are_required) {
  set_everyone(guild_id, default_everyone_permissions() & ~perm::connect);
  EXPECT_EQ(op4(bob, "s", voice).error().code(), json_code::missing_permissions);
  set_everyone(guild_id, default_everyone_permissions() & ~perm::view_channel);
  EXPECT_FALSE(op4(bob, "s", voice));
  EXPECT_TRUE(take_events().empty());
  // A role granting CONNECT again lets bob in.
  set_everyone(guild_id, default_everyone_permissions() & ~perm::connect);
  auto speaker = make_role(guild_id, "speaker", perm::connect, 1);
  give_role(guild_id, bob, speaker.id);
  EXPECT_TRUE(op4(bob, "s", voice));
  EXPECT_FALSE(op4(carol, "s", voice));
}

TEST_F(voice_states_test, user_limit_turns_away_all_but_movers) {
  ASSERT_TRUE(op4(bob, "b", small));
  take_events();
  EXPECT_FALSE(op4(carol, "c", small));
  EXPECT_TRUE(take_events().empty());
  // bob may repeat his own request in a full channel (a rejoin).
  EXPECT_TRUE(op4(bob, "b", small));
  // MOVE_MEMBERS bypasses the limit (the owner holds every permission).
  EXPECT_TRUE(op4(alice, "a", small));
  auto mover = make_role(guild_id, "mover", perm::move_members, 1);
  give_role(guild_id, carol, mover.id);
  EXPECT_TRUE(op4(carol, "c", small));
  // Once bob leaves, the count drops for people without the bypass.
  ASSERT_TRUE(op4(alice, "a", 0));
  ASSERT_TRUE(op4(carol, "c", 0));
  auto dave = make_user("dave");
  join(guild_id, dave);
  EXPECT_FALSE(op4(dave, "d", small));
  ASSERT_TRUE(op4(bob, "b", 0));
  EXPECT_TRUE(op4(dave, "d", small));
}

TEST_F(voice_states_test, one_channel_per_guild_moves_and_revokes_the_token) {
  auto first = op4(bob, "b", voice);
  ASSERT_TRUE(first && first->server);
  const auto old_token = str(first->server->at("token"));
  changes.clear();
  take_events();
  auto moved = op4(bob, "b", other_voice);
  ASSERT_TRUE(moved && moved->server);
  const auto new_token = str(moved->server->at("token"));
  EXPECT_NE(new_token, old_token);
  EXPECT_FALSE(vs->validate(guild_id, bob.id, "b", old_token));
  EXPECT_TRUE(vs->validate(guild_id, bob.id, "b", new_token));
  const auto* e = only_voice_event();
  ASSERT_TRUE(e);
  EXPECT_EQ(str(e->data.at("channel_id")), model::to_string(other_voice));
  EXPECT_EQ(vs->of(guild_id, bob.id)->channel_id, other_voice);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_TRUE(changes[0].token_revoked);
  EXPECT_EQ(changes[0].before->channel_id, voice);
  EXPECT_EQ(changes[0].after->channel_id, other_voice);
  // GUILD_CREATE lists bob once.
  EXPECT_EQ(vs->guild_create_json(guild_id).size(), 1u);
}

TEST_F(voice_states_test, self_flags_keep_the_connection_and_a_repeat_is_a_rejoin) {
  auto first = op4(bob, "b", voice);
  ASSERT_TRUE(first && first->server);
  const auto token = str(first->server->at("token"));
  take_events();
  changes.clear();
  auto muted = op4(bob, "b", voice, true, false);
  ASSERT_TRUE(muted);
  EXPECT_FALSE(muted->server);  // no VOICE_SERVER_UPDATE: discord.py would reconnect on one
  EXPECT_TRUE(vs->validate(guild_id, bob.id, "b", token));
  const auto* e = only_voice_event();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->data.at("self_mute").as_bool());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_FALSE(changes[0].token_revoked);

  // The same request again (@discordjs/voice's rejoin after a failed voice socket).
  auto again = op4(bob, "b", voice, true, false);
  ASSERT_TRUE(again && again->server);
  EXPECT_NE(str(again->server->at("token")), token);
  EXPECT_FALSE(vs->validate(guild_id, bob.id, "b", token));

  // Another session of bob takes the voice state over.
  auto other = op4(bob, "b2", voice, true, false);
  ASSERT_TRUE(other && other->server);
  EXPECT_EQ(vs->of(guild_id, bob.id)->session_id, "b2");
}

TEST_F(voice_states_test, leave_publishes_a_null_channel) {
  auto first = op4(bob, "b", voice);
  ASSERT_TRUE(first);
  const auto token = str(first->server->at("token"));
  take_events();
  changes.clear();
  auto left = op4(bob, "b", 0);
  ASSERT_TRUE(left);
  EXPECT_FALSE(left->server);
  EXPECT_TRUE(left->state.at("channel_id").is_null());
  const auto* e = only_voice_event();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->data.at("channel_id").is_null());
  EXPECT_EQ(str(e->data.at("user_id")), model::to_string(bob.id));
  EXPECT_FALSE(vs->of(guild_id, bob.id));
  EXPECT_FALSE(vs->validate(guild_id, bob.id, "b", token));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_FALSE(changes[0].after);
  EXPECT_TRUE(changes[0].token_revoked);
  EXPECT_TRUE(vs->guild_create_json(guild_id).empty());
}

TEST_F(voice_states_test, a_sessions_requests_take_effect_in_the_order_sent) {
  // Sent: join (1), move (2), leave (3); run by the store threads as 2, 1, 3.
  voice_request join{guild_id, voice, false, false}, move{guild_id, other_voice, false, false}, leave{guild_id, std::nullopt, false, false};
  ASSERT_TRUE(vs->request(bob.id, "b", move, 2));
  EXPECT_FALSE(vs->request(bob.id, "b", join, 1));  // overtaken: bob stays where the later request put him
  EXPECT_EQ(vs->of(guild_id, bob.id)->channel_id, other_voice);
  ASSERT_TRUE(vs->request(bob.id, "b", leave, 3));
  EXPECT_FALSE(vs->of(guild_id, bob.id));
  EXPECT_EQ(count(take_events(), "VOICE_STATE_UPDATE"), 2u);
  // Orders are per session: carol's low numbers are not overtaken by bob's.
  EXPECT_TRUE(vs->request(carol.id, "c", join, 1));
  // A session's numbers are forgotten with it.
  vs->end_session(bob.id, "b");
  EXPECT_TRUE(vs->request(bob.id, "b", join, 1));
}

TEST_F(voice_states_test, stage_joins_suppressed_and_server_mute_persists) {
  auto r = op4(bob, "b", stage);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->state.at("suppress").as_bool());
  ASSERT_TRUE(op4(bob, "b", 0));
  // A member muted and deafened on the server stays so in every join.
  auto m = store_->member(guild_id, carol.id);
  auto mem = (*m)->member;
  mem.mute = mem.deaf = true;
  ASSERT_TRUE(store_->update_member(mem, nullptr));
  auto c = op4(carol, "c", voice);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->state.at("mute").as_bool());
  EXPECT_TRUE(c->state.at("deaf").as_bool());
  EXPECT_TRUE(vs->of(guild_id, carol.id)->mute);
}

TEST_F(voice_states_test, session_end_removes_only_that_sessions_states) {
  ASSERT_TRUE(op4(bob, "b1", voice));
  auto second_guild = make_guild(alice, "Second");
  join(second_guild, bob);
  channels c(*ctx_);
  auto v2 = c.create(as(alice), second_guild, {{"name", "v"}, {"type", 2}})->id;
  ASSERT_TRUE(op4(bob, "b1", v2, false, false, second_guild));
  ASSERT_TRUE(op4(carol, "c1", voice));
  take_events();
  changes.clear();
  vs->end_session(bob.id, "other-session");
  EXPECT_TRUE(take_events().empty());
  vs->end_session(bob.id, "b1");
  auto events = take_events();
  ASSERT_EQ(events.size(), 2u);
  for (const auto& e : events) {
    EXPECT_EQ(e->name, "VOICE_STATE_UPDATE");
    EXPECT_TRUE(e->data.at("channel_id").is_null());
    EXPECT_EQ(str(e->data.at("user_id")), model::to_string(bob.id));
  }
  EXPECT_FALSE(vs->of(guild_id, bob.id));
  EXPECT_FALSE(vs->of(second_guild, bob.id));
  EXPECT_TRUE(vs->of(guild_id, carol.id));
  EXPECT_EQ(changes.size(), 2u);
}

TEST_F(voice_states_test, guild_create_states_have_no_guild_id) {
  ASSERT_TRUE(op4(bob, "b", voice, true, true));
  auto states = vs->guild_create_json(guild_id);
  ASSERT_EQ(states.size(), 1u);
  const auto& s = states[0].as_object();
  EXPECT_FALSE(s.contains("guild_id"));
  EXPECT_EQ(str(s.at("channel_id")), model::to_string(voice));
  EXPECT_EQ(str(s.at("user_id")), model::to_string(bob.id));
  EXPECT_EQ(str(s.at("session_id")), "b");
  EXPECT_TRUE(s.at("self_mute").as_bool());
  EXPECT_TRUE(vs->guild_create_json(guild_id + 1).empty());
}

// The removals arrive as the services' own events (node wiring: subscribe_to the bus).
TEST_F(voice_states_test, kick_and_channel_delete_end_states) {
  ASSERT_TRUE(op4(bob, "b", voice));
  ASSERT_TRUE(op4(carol, "c", other_voice));
  take_events();
  ASSERT_TRUE(members(*ctx_).kick(as(alice), guild_id, bob.id));
  for (const auto& e : take_events()) vs->observe(*e);
  EXPECT_FALSE(vs->of(guild_id, bob.id));
  const auto* left = last_voice_event_for(bob.id);
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->data.at("channel_id").is_null());

  ASSERT_TRUE(channels(*ctx_).remove(as(alice), other_voice));
  for (const auto& e : take_events()) vs->observe(*e);
  EXPECT_FALSE(vs->of(guild_id, carol.id));
  EXPECT_TRUE(last_voice_event_for(carol.id));
}

TEST_F(voice_states_test, guild_delete_and_leaving_the_guild_end_states) {
  ASSERT_TRUE(op4(bob, "b", voice));
  ASSERT_TRUE(op4(carol, "c", voice));
  take_events();
  changes.clear();
  // A user-audience GUILD_DELETE: that user left the guild.
  bus::event left;
  left.name = "GUILD_DELETE";
  left.data = json::object{{"id", model::to_string(guild_id)}};
  left.to.scope = bus::audience::kind::user;
  left.to.id = bob.id;
  vs->observe(left);
  EXPECT_FALSE(vs->of(guild_id, bob.id));
  EXPECT_TRUE(vs->of(guild_id, carol.id));
  // The guild itself deleted: every state goes, the voice server is told.
  ASSERT_TRUE(guilds(*ctx_).remove(alice, guild_id));
  for (const auto& e : take_events()) vs->observe(*e);
  EXPECT_FALSE(vs->of(guild_id, carol.id));
  EXPECT_TRUE(vs->guild_create_json(guild_id).empty());
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_FALSE(changes[1].after);
  EXPECT_EQ(changes[1].before->user_id, carol.id);
}

class member_voice_test : public voice_states_test {
 protected:
  void SetUp() override {
    voice_states_test::SetUp();
    m.emplace(*ctx_);
    m->set_voice_states(&*vs);
    // bob moderates voice: mute and move, but not deafen.
    auto mod = make_role(guild_id, "voice mod", perm::mute_members | perm::move_members, 5);
    give_role(guild_id, bob, mod.id);
    take_events();
  }
  // What the gateway's bus subscription does: every published event reaches observe().
  std::vector<bus::event_ptr> settle() {
    auto events = take_events();
    for (const auto& e : events) vs->observe(*e);
    auto more = take_events();
    events.insert(events.end(), more.begin(), more.end());
    return events;
  }
  std::optional<members> m;
};

TEST_F(member_voice_test, server_mute_and_deaf_need_their_permission_and_voice) {
  constexpr auto not_in_voice = static_cast<json_code>(40032);
  EXPECT_EQ(m->modify(as(bob), guild_id, carol.id, {{"mute", true}}).error().code(), not_in_voice);
  EXPECT_EQ(m->modify(as(bob), guild_id, carol.id, {{"deaf", true}}).error().code(), json_code::missing_permissions);
  EXPECT_EQ(m->modify(as(carol), guild_id, bob.id, {{"mute", true}}).error().code(), json_code::missing_permissions);
  EXPECT_FALSE((*store_->member(guild_id, carol.id))->member.mute);

  ASSERT_TRUE(op4(carol, "c", voice));
  take_events();
  auto r = m->modify(as(bob), guild_id, carol.id, {{"mute", true}});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_TRUE((*store_->member(guild_id, carol.id))->member.mute);  // kept on the member
  auto events = settle();
  ASSERT_TRUE(find(events, "GUILD_MEMBER_UPDATE"));
  const auto* state = find(events, "VOICE_STATE_UPDATE");
  ASSERT_TRUE(state);
  EXPECT_TRUE(state->data.at("mute").as_bool());
  EXPECT_FALSE(state->data.at("deaf").as_bool());
  EXPECT_TRUE(vs->of(guild_id, carol.id)->mute);

  // A nick change publishes no voice state.
  ASSERT_TRUE(m->modify(as(alice), guild_id, carol.id, {{"nick", "Caz"}}));
  EXPECT_EQ(count(settle(), "VOICE_STATE_UPDATE"), 0u);
  // ... but the next state carries the new member.
  ASSERT_TRUE(m->modify(as(alice), guild_id, carol.id, {{"deaf", true}}));
  const auto* deaf = find(settle(), "VOICE_STATE_UPDATE");
  ASSERT_TRUE(deaf);
  EXPECT_TRUE(deaf->data.at("deaf").as_bool());
  EXPECT_EQ(deaf->data.at("member").at("nick").as_string(), "Caz");
}

TEST_F(member_voice_test, get_voice_state) {
  constexpr auto unknown_voice_state = static_cast<json_code>(10065);
  EXPECT_EQ(m->voice_state_of(bob, guild_id, carol.id).error().code(), unknown_voice_state);
  ASSERT_TRUE(op4(carol, "c", voice, true, false));
  auto got = m->voice_state_of(bob, guild_id, carol.id);
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_EQ(got->at("guild_id").as_string(), model::to_string(guild_id));
  EXPECT_EQ(got->at("channel_id").as_string(), model::to_string(voice));
  EXPECT_EQ(got->at("session_id").as_string(), "c");
  EXPECT_TRUE(got->at("self_mute").as_bool());
  EXPECT_EQ(got->at("member").at("user").at("id").as_string(), model::to_string(carol.id));
  auto outsider = make_user("outsider");
  EXPECT_EQ(m->voice_state_of(outsider, guild_id, carol.id).error().code(), json_code::unknown_guild);
}

TEST_F(member_voice_test, move_and_disconnect_need_move_members) {
  constexpr auto not_in_voice = static_cast<json_code>(40032);
  EXPECT_EQ(m->modify(as(bob), guild_id, carol.id, {{"channel_id", model::to_string(other_voice)}}).error().code(),
            not_in_voice);
  EXPECT_EQ(m->modify(as(bob), guild_id, carol.id, {{"channel_id", nullptr}}).error().code(), not_in_voice);

  auto joined = op4(carol, "c", voice);
  ASSERT_TRUE(joined);
  const auto token = std::string(joined->server->at("token").as_string());
  take_events();
  changes.clear();
  auto dave = make_user("dave");
  join(guild_id, dave);
  EXPECT_EQ(m->modify(as(dave), guild_id, carol.id, {{"channel_id", model::to_string(other_voice)}}).error().code(),
            json_code::missing_permissions);
  EXPECT_EQ(m->modify(as(bob), guild_id, carol.id, {{"channel_id", model::to_string(text)}}).error().code(),
            static_cast<json_code>(50024));
  EXPECT_EQ(m->modify(as(bob), guild_id, carol.id, {{"channel_id", "123"}}).error().code(), json_code::unknown_channel);
  EXPECT_EQ(vs->of(guild_id, carol.id)->channel_id, voice);
  EXPECT_TRUE(take_events().empty());

  // The move fills even a full channel, and keeps the voice connection (same token).
  ASSERT_TRUE(op4(dave, "d", small));
  take_events();
  ASSERT_TRUE(m->modify(as(bob), guild_id, carol.id, {{"channel_id", model::to_string(small)}}));
  const auto* moved = find(settle(), "VOICE_STATE_UPDATE");
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->data.at("channel_id").as_string(), model::to_string(small));
  EXPECT_EQ(vs->of(guild_id, carol.id)->channel_id, small);
  EXPECT_TRUE(vs->validate(guild_id, carol.id, "c", token));
  ASSERT_FALSE(changes.empty());
  EXPECT_FALSE(changes.back().token_revoked);
  EXPECT_EQ(changes.back().after->channel_id, small);

  EXPECT_EQ(m->modify(as(dave), guild_id, carol.id, {{"channel_id", nullptr}}).error().code(),
            json_code::missing_permissions);
  ASSERT_TRUE(m->modify(as(bob), guild_id, carol.id, {{"channel_id", nullptr}}));
  const auto* gone = find(settle(), "VOICE_STATE_UPDATE");
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->data.at("channel_id").is_null());
  EXPECT_FALSE(vs->of(guild_id, carol.id));
  EXPECT_FALSE(vs->validate(guild_id, carol.id, "c", token));
  EXPECT_TRUE(changes.back().token_revoked);
}

}  // namespace
}  // namespace parley::service
