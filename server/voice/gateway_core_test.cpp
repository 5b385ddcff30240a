// Voice gateway transcripts (voice.md §3-§6, §10): every close code, resume with buffered
// messages, speaking relay, Clients Connect/Disconnect, service changes, timeouts.
#include "server/voice/gateway_core.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <deque>
#include <map>

namespace parley::server::voice {
namespace {

namespace json = boost::json;
using proto::voice::close_code;
using namespace std::chrono_literals;

constexpr std::uint64_t guild = 100;
constexpr std::uint64_t lounge = 200;
constexpr std::uint64_t stage = 201;

// The core plus what it said, per connection, in order.
class transcript {
 public:
  explicit transcript(gateway_config config = base_config())
      : core(std::move(config),
             [this](std::uint64_t server, std::uint64_t user, std::string_view session, std::string_view token) {
               credentials_verdict v;
               for (const auto& s : states) {
                 if (s.guild_id != server || s.user_id != user) continue;
                 if (s.session_id == session && s.token == token) {
                   v.result = credentials_verdict::kind::ok;
                   v.state = s;
                   return v;
                 }
                 return v;  // authentication_failed
               }
               v.result = credentials_verdict::kind::server_not_found;
               return v;
             },
             [this](std::span<std::uint8_t> key) {
               for (auto& b : key) b = key_byte++;
             }) {}

  static gateway_config base_config() {
    gateway_config c;
    c.heartbeat_interval = 1000ms;
    c.resume_window = 5000ms;
    c.udp_ip = "203.0.113.5";
    c.udp_port = 50000;
    return c;
  }

  service::voice_state user(std::uint64_t user_id, std::uint64_t channel = lounge) {
    service::voice_state s;
    s.guild_id = guild;
    s.channel_id = channel;
    s.user_id = user_id;
    s.session_id = "session-" + std::to_string(user_id);
    s.token = "token-" + std::to_string(user_id);
    states.push_back(s);
    return states.back();
  }

  void open(conn_id c, int version = 8) {
    core.open(c, version, now);
    pump();
  }
  void say(conn_id c, std::string_view text) {
    core.receive_text(c, text, now);
    pump();
  }
  void say(conn_id c, const char* text) { say(c, std::string_view(text)); }
  void say(conn_id c, const std::string& text) { say(c, std::string_view(text)); }
  void say(conn_id c, const json::object& v) { say(c, std::string_view(json::serialize(v))); }
  void binary(conn_id c, std::string_view bytes) {
    core.receive_binary(c, std::as_bytes(std::span<const char>(bytes.data(), bytes.size())), now);
    pump();
  }
  void drop(conn_id c, std::optional<std::uint16_t> code = std::nullopt) {
    core.closed(c, code, now);
    pump();
  }
  void advance(std::chrono::milliseconds d) {
    now += d;
    if (auto dl = core.next_deadline(); dl && *dl <= now) core.on_deadline(now);
    pump();
  }
  void change(service::voice_change ch) {
    core.apply(ch, now);
    pump();
  }

  json::object identify_payload(std::uint64_t user_id, std::string token = {}) const {
    const auto& s = find(user_id);
    return {{"op", 0},
            {"d", {{"server_id", std::to_string(s.guild_id)}, {"user_id", std::to_string(user_id)},
                   {"session_id", s.session_id}, {"token", token.empty() ? s.token : token}}}};
  }
  // Opens `c`, identifies `user_id` and returns Ready's d.
  json::object join(conn_id c, std::uint64_t user_id) {
    open(c);
    EXPECT_EQ(next(c).at("op"), 8);
    say(c, identify_payload(user_id));
    auto ready = next(c);
    EXPECT_EQ(ready.at("op"), 2) << json::serialize(ready);
    return ready.at("d").as_object();
  }

  const service::voice_state& find(std::uint64_t user_id) const {
    for (const auto& s : states)
      if (s.user_id == user_id) return s;
    throw std::runtime_error("no such user");
  }

  // The next message sent on `c` (fails the test if none).
  json::object next(conn_id c) {
    auto& q = texts[c];
    if (q.empty()) {
      ADD_FAILURE() << "nothing sent on connection " << c;
      return {};
    }
    auto v = json::parse(q.front()).as_object();
    q.pop_front();
    return v;
  }
  bool silent(conn_id c) { return texts[c].empty(); }
  std::optional<close_code> closed_with(conn_id c) const {
    auto it = closes.find(c);
    if (it == closes.end()) return std::nullopt;
    return it->second;
  }

  template <class T>
  std::vector<T> media_of() const {
    std::vector<T> out;
    for (const auto& m : media)
      if (const auto* x = std::get_if<T>(&m)) out.push_back(*x);
    return out;
  }

  std::vector<service::voice_state> states;
  std::uint8_t key_byte = 1;
  gateway_core core;
  time_point now{std::chrono::seconds(1000)};
  std::map<conn_id, std::deque<std::string>> texts;
  std::map<conn_id, close_code> closes;
  std::vector<media_command> media;

 private:
  void pump() {
    for (auto& o : core.take_output()) {
      if (auto* t = std::get_if<send_text>(&o)) {
        EXPECT_FALSE(closes.contains(t->conn)) << "text after close on " << t->conn << ": " << t->text;
        texts[t->conn].push_back(t->text);
      } else {
        const auto& cl = std::get<close_connection>(o);
        EXPECT_FALSE(closes.contains(cl.conn)) << "second close on " << cl.conn;
        closes[cl.conn] = cl.code;
      }
    }
    for (auto& m : core.take_media_commands()) media.push_back(std::move(m));
  }
};

json::value parse(std::string_view s) { return json::parse(s); }

TEST(voice_gateway, hello_identify_ready) {
  transcript t;
  t.user(1);
  t.open(7);
  auto hello = t.next(7);
  EXPECT_EQ(hello.at("op"), 8);
  EXPECT_EQ(hello.at("d").at("heartbeat_interval"), 1000);
  t.say(7, t.identify_payload(1));
  auto ready = t.next(7);
  EXPECT_EQ(ready.at("op"), 2);
  EXPECT_FALSE(ready.contains("seq"));  // §5: Ready is not numbered
  const auto& d = ready.at("d").as_object();
  EXPECT_NE(d.at("ssrc").as_int64(), 0);
  EXPECT_EQ(d.at("ip"), "203.0.113.5");
  EXPECT_EQ(d.at("port"), 50000);
  EXPECT_EQ(d.at("modes"), parse(R"(["aead_aes256_gcm_rtpsize","aead_xchacha20_poly1305_rtpsize"])"));
  EXPECT_TRUE(t.silent(7));  // alone in the call: no op 11
  auto added = t.media_of<add_participant>();
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0].ssrc, d.at("ssrc").as_int64());
  EXPECT_EQ(added[0].user_id, 1u);
  EXPECT_EQ(added[0].channel_id, lounge);
}

TEST(voice_gateway, legacy_modes_only_when_configured) {
  auto config = transcript::base_config();
  config.legacy_modes = true;
  transcript t(config);
  t.user(1);
  auto ready = t.join(1, 1);
  EXPECT_EQ(ready.at("modes").as_array().size(), 7u);
  EXPECT_EQ(ready.at("modes").as_array()[0], "aead_aes256_gcm_rtpsize");
  t.say(1, R"({"op":1,"d":{"protocol":"udp","data":{"address":"1.2.3.4","port":5,"mode":"xsalsa20_poly1305_lite"}}})");
  EXPECT_EQ(t.next(1).at("d").at("mode"), "xsalsa20_poly1305_lite");
  EXPECT_FALSE(t.closed_with(1));
}

TEST(voice_gateway, ssrcs_are_unique) {
  transcript t;
  t.user(1);
  t.user(2);
  auto a = t.join(1, 1);
  auto b = t.join(2, 2);
  EXPECT_NE(a.at("ssrc"), b.at("ssrc"));
}

TEST(voice_gateway, heartbeat_is_acknowledged_in_the_version_form) {
  transcript t;
  t.open(1);
  t.next(1);
  t.say(1, R"({"op":3,"d":{"t":1501184119561,"seq_ack":-1}})");
  EXPECT_EQ(t.next(1), parse(R"({"op":6,"d":{"t":1501184119561}})"));
  t.open(2, 4);  // @discordjs/voice 0.18: a bare nonce each way
  t.next(2);
  t.say(2, R"({"op":3,"d":42})");
  EXPECT_EQ(t.next(2), parse(R"({"op":6,"d":42})"));
}

TEST(voice_gateway, select_protocol_gives_a_session_description) {
  transcript t;
  t.user(1);
  auto ready = t.join(1, 1);
  t.say(1, R"({"op":1,"d":{"protocol":"udp","data":{"address":"198.51.100.7","port":40000,"mode":"aead_aes256_gcm_rtpsize"},"codecs":[]}})");
  auto sd = t.next(1);
  EXPECT_EQ(sd.at("op"), 4);
  EXPECT_EQ(sd.at("seq"), 1);  // the first numbered message (§5)
  EXPECT_EQ(sd.at("d").at("mode"), "aead_aes256_gcm_rtpsize");
  EXPECT_EQ(sd.at("d").at("dave_protocol_version"), 0);
  const auto& key = sd.at("d").at("secret_key").as_array();
  ASSERT_EQ(key.size(), 32u);
  auto transports = t.media_of<set_transport>();
  ASSERT_EQ(transports.size(), 1u);
  EXPECT_EQ(transports[0].ssrc, ready.at("ssrc").as_int64());
  for (std::size_t i = 0; i < 32; ++i) EXPECT_EQ(key[i].as_int64(), transports[0].key[i]);
  EXPECT_EQ(key[0], 1);  // from the key source
}

// --- close codes ---------------------------------------------------------------------------------

struct close_case {
  const char* name;
  bool identify_first;
  const char* message;
  close_code expected;
};

class voice_gateway_close : public ::testing::TestWithParam<close_case> {};

TEST_P(voice_gateway_close, closes_with) {
  const auto& c = GetParam();
  transcript t;
  t.user(1);
  if (c.identify_first) t.join(1, 1);
  else {
    t.open(1);
    t.next(1);
  }
  t.say(1, c.message);
  EXPECT_EQ(t.closed_with(1), c.expected) << c.message;
  if (c.identify_first && c.expected != close_code::session_timeout) {
    // Any close but a timeout ends the session and its SFU participant.
    EXPECT_EQ(t.media_of<remove_participant>().size(), 1u);
  }
}

INSTANTIATE_TEST_SUITE_P(
    codes, voice_gateway_close,
    ::testing::Values(
        close_case{"unknown_opcode", false, R"({"op":42,"d":{}})", close_code::unknown_opcode},
        close_case{"server_opcode_from_client", true, R"({"op":8,"d":{}})", close_code::unknown_opcode},
        close_case{"missing_op", false, R"({"d":{}})", close_code::unknown_opcode},
        close_case{"not_json", false, "{nope", close_code::decode_error},
        close_case{"identify_missing_token", false,
                   R"({"op":0,"d":{"server_id":"100","user_id":"1","session_id":"session-1"}})",
                   close_code::decode_error},
        close_case{"select_before_identify", false,
                   R"({"op":1,"d":{"protocol":"udp","data":{"address":"1.2.3.4","port":5,"mode":"aead_aes256_gcm_rtpsize"}}})",
                   close_code::not_authenticated},
        close_case{"speaking_before_identify", false, R"({"op":5,"d":{"speaking":1,"delay":0,"ssrc":1}})",
                   close_code::not_authenticated},
        close_case{"bad_token", false,
                   R"({"op":0,"d":{"server_id":"100","user_id":"1","session_id":"session-1","token":"wrong"}})",
                   close_code::authentication_failed},
        close_case{"wrong_session", false,
                   R"({"op":0,"d":{"server_id":"100","user_id":"1","session_id":"other","token":"token-1"}})",
                   close_code::authentication_failed},
        close_case{"not_in_voice_there", false,
                   R"({"op":0,"d":{"server_id":"999","user_id":"1","session_id":"session-1","token":"token-1"}})",
                   close_code::server_not_found},
        close_case{"second_identify", true,
                   R"({"op":0,"d":{"server_id":"100","user_id":"1","session_id":"session-1","token":"token-1"}})",
                   close_code::already_authenticated},
        close_case{"resume_when_identified", true,
                   R"({"op":7,"d":{"server_id":"100","session_id":"session-1","token":"token-1","seq_ack":0}})",
                   close_code::already_authenticated},
        close_case{"resume_unknown_session", false,
                   R"({"op":7,"d":{"server_id":"100","session_id":"session-1","token":"token-1","seq_ack":0}})",
                   close_code::session_no_longer_valid},
        close_case{"unknown_protocol", true,
                   R"({"op":1,"d":{"protocol":"webrtc","data":{"address":"1.2.3.4","port":5,"mode":"aead_aes256_gcm_rtpsize"}}})",
                   close_code::unknown_protocol},
        close_case{"unknown_mode", true,
                   R"({"op":1,"d":{"protocol":"udp","data":{"address":"1.2.3.4","port":5,"mode":"rot13"}}})",
                   close_code::unknown_encryption_mode},
        close_case{"legacy_mode_not_offered", true,
                   R"({"op":1,"d":{"protocol":"udp","data":{"address":"1.2.3.4","port":5,"mode":"xsalsa20_poly1305"}}})",
                   close_code::unknown_encryption_mode},
        close_case{"select_bad_port", true,
                   R"({"op":1,"d":{"protocol":"udp","data":{"address":"1.2.3.4","port":70000,"mode":"aead_aes256_gcm_rtpsize"}}})",
                   close_code::bad_request},
        close_case{"speaking_for_another_ssrc", true, R"({"op":5,"d":{"speaking":1,"delay":0,"ssrc":999}})",
                   close_code::bad_request}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(voice_gateway, ignored_opcodes_do_not_close) {
  transcript t;
  t.user(1);
  t.join(1, 1);
  t.say(1, R"({"op":12,"d":{"audio_ssrc":1}})");
  t.say(1, R"({"op":15,"d":{"any":100}})");
  t.say(1, R"({"op":16,"d":{}})");
  t.say(1, R"({"op":23,"d":{"transition_id":0}})");
  t.binary(1, std::string_view("\x1a\x00", 2));  // op 26, a DAVE key package
  EXPECT_FALSE(t.closed_with(1));
  EXPECT_TRUE(t.silent(1));
  t.binary(1, "\x63");
  EXPECT_EQ(t.closed_with(1), close_code::unknown_opcode);
}

TEST(voice_gateway, versions_below_4_are_refused) {
  transcript t;
  t.open(1, 3);
  EXPECT_EQ(t.closed_with(1), close_code::bad_request);
  EXPECT_TRUE(t.silent(1));
}

TEST(voice_gateway, too_many_messages_is_4021) {
  auto config = transcript::base_config();
  config.max_messages_per_minute = 5;
  transcript t(config);
  t.open(1);
  for (int i = 0; i < 5; ++i) t.say(1, R"({"op":3,"d":{"t":1}})");
  EXPECT_FALSE(t.closed_with(1));
  t.say(1, R"({"op":3,"d":{"t":1}})");
  EXPECT_EQ(t.closed_with(1), close_code::rate_limited);
}

TEST(voice_gateway, missing_heartbeats_time_out_with_4009_and_the_session_resumes) {
  transcript t;
  t.user(1);
  t.join(1, 1);
  t.advance(1500ms);
  t.say(1, R"({"op":3,"d":{"t":1}})");
  t.next(1);
  t.advance(1500ms);  // 1.5 s after the last heartbeat: within two intervals
  EXPECT_FALSE(t.closed_with(1));
  t.advance(600ms);
  EXPECT_EQ(t.closed_with(1), close_code::session_timeout);
  EXPECT_TRUE(t.media_of<remove_participant>().empty());  // UDP state survives (§5.1)
  t.drop(1);
  t.open(2);
  t.next(2);
  t.say(2, R"({"op":7,"d":{"server_id":"100","session_id":"session-1","token":"token-1","seq_ack":0}})");
  EXPECT_EQ(t.next(2), parse(R"({"op":9,"d":null})"));
  EXPECT_FALSE(t.closed_with(2));
}

TEST(voice_gateway, an_unidentified_socket_is_closed_even_if_it_heartbeats) {
  transcript t;
  t.open(1);
  t.next(1);
  for (int i = 0; i < 4; ++i) {
    t.advance(500ms);
    t.say(1, R"({"op":3,"d":{"t":1}})");
  }
  EXPECT_EQ(t.closed_with(1), close_code::session_timeout);
}

TEST(voice_gateway, a_detached_session_expires_and_the_others_get_op_13) {
  transcript t;
  t.user(1);
  t.user(2);
  t.join(1, 1);
  t.join(2, 2);
  t.next(1);  // op 11 [2]
  t.drop(2);  // no Close frame: resumable
  EXPECT_TRUE(t.silent(1));
  for (int i = 0; i < 4; ++i) {
    t.advance(1000ms);
    t.say(1, R"({"op":3,"d":{"t":1}})");
    t.next(1);
  }
  EXPECT_TRUE(t.silent(1));
  t.advance(1000ms);  // the resume window (5 s) is over
  auto gone = t.next(1);
  EXPECT_EQ(gone.at("op"), 13);
  EXPECT_EQ(gone.at("d").at("user_id"), "2");
  EXPECT_EQ(t.media_of<remove_participant>().size(), 1u);
}

TEST(voice_gateway, a_clean_close_ends_the_session_at_once) {
  transcript t;
  t.user(1);
  t.user(2);
  t.join(1, 1);
  t.join(2, 2);
  t.next(1);
  t.drop(2, 1000);
  auto gone = t.next(1);
  EXPECT_EQ(gone.at("op"), 13);
  EXPECT_EQ(gone.at("d").at("user_id"), "2");
  t.open(3);
  t.next(3);
  t.say(3, R"({"op":7,"d":{"server_id":"100","session_id":"session-2","token":"token-2"}})");
  EXPECT_EQ(t.closed_with(3), close_code::session_no_longer_valid);
}

// --- relays -----------------------------------------------------------------------------------------

TEST(voice_gateway, clients_connect_and_speaking_are_relayed_within_the_call) {
  transcript t;
  t.user(1);
  t.user(2);
  t.user(3, stage);  // another channel of the guild: hears nothing of the lounge
  auto a = t.join(1, 1);
  t.join(3, 3);
  EXPECT_TRUE(t.silent(1));
  auto b = t.join(2, 2);
  auto present = t.next(2);
  EXPECT_EQ(present.at("op"), 11);
  EXPECT_EQ(present.at("d").at("user_ids"), parse(R"(["1"])"));
  auto joined = t.next(1);
  EXPECT_EQ(joined.at("op"), 11);
  EXPECT_EQ(joined.at("d").at("user_ids"), parse(R"(["2"])"));
  EXPECT_EQ(joined.at("seq"), 1);

  t.say(1, json::serialize(json::object{{"op", 5}, {"d", {{"speaking", 1}, {"delay", 0}, {"ssrc", a.at("ssrc")}}}}));
  auto relayed = t.next(2);
  EXPECT_EQ(relayed.at("op"), 5);
  EXPECT_EQ(relayed.at("d"), (json::object{{"user_id", "1"}, {"ssrc", a.at("ssrc")}, {"speaking", 1}}));
  EXPECT_EQ(relayed.at("seq"), 2);
  EXPECT_TRUE(t.silent(1));  // not echoed to the speaker
  EXPECT_TRUE(t.silent(3));
  ASSERT_EQ(t.media_of<set_speaking>().size(), 1u);

  // A newcomer learns who is there and the SSRC of everyone who spoke.
  t.user(4);
  t.join(4, 4);
  EXPECT_EQ(t.next(4).at("d").at("user_ids"), parse(R"(["1","2"])"));
  auto known = t.next(4);
  EXPECT_EQ(known.at("op"), 5);
  EXPECT_EQ(known.at("d").at("ssrc"), a.at("ssrc"));
  EXPECT_EQ(known.at("d").at("user_id"), "1");
  EXPECT_TRUE(t.silent(4));  // user 2 never spoke
  EXPECT_EQ(t.next(1).at("d").at("user_ids"), parse(R"(["4"])"));
  EXPECT_EQ(t.next(2).at("d").at("user_ids"), parse(R"(["4"])"));
  (void)b;
}

TEST(voice_gateway, resume_replays_unacknowledged_messages_with_their_numbers) {
  transcript t;
  t.user(1);
  t.user(2);
  auto a = t.join(1, 1);
  t.join(2, 2);
  t.next(2);  // op 11 [1], seq 1
  t.next(1);
  const auto speak = [&](int flags) {
    t.say(1, json::serialize(json::object{{"op", 5}, {"d", {{"speaking", flags}, {"delay", 0}, {"ssrc", a.at("ssrc")}}}}));
  };
  speak(1);  // seq 2
  speak(0);  // seq 3
  EXPECT_EQ(t.next(2).at("seq"), 2);
  EXPECT_EQ(t.next(2).at("seq"), 3);
  t.say(2, R"({"op":3,"d":{"t":5,"seq_ack":2}})");
  t.next(2);
  t.drop(2, 4000);  // not a goodbye
  speak(1);  // seq 4, buffered while detached
  t.open(9);
  t.next(9);
  t.say(9, R"({"op":7,"d":{"server_id":"100","session_id":"session-2","token":"token-2","seq_ack":2}})");
  EXPECT_EQ(t.next(9), parse(R"({"op":9,"d":null})"));
  auto r3 = t.next(9);
  EXPECT_EQ(r3.at("seq"), 3);
  EXPECT_EQ(r3.at("d").at("speaking"), 0);
  auto r4 = t.next(9);
  EXPECT_EQ(r4.at("seq"), 4);
  EXPECT_EQ(r4.at("d").at("speaking"), 1);
  EXPECT_TRUE(t.silent(9));
  speak(0);  // live again on the new socket
  EXPECT_EQ(t.next(9).at("seq"), 5);
  EXPECT_TRUE(t.media_of<remove_participant>().empty());
}

TEST(voice_gateway, resume_on_a_new_socket_takes_over_the_old_one) {
  transcript t;
  t.user(1);
  t.join(1, 1);
  t.open(2);
  t.next(2);
  t.say(2, R"({"op":7,"d":{"server_id":"100","session_id":"session-1","token":"token-1"}})");
  EXPECT_EQ(t.next(2).at("op"), 9);
  EXPECT_EQ(t.closed_with(1), close_code::session_no_longer_valid);
  EXPECT_TRUE(t.media_of<remove_participant>().empty());
}

TEST(voice_gateway, resume_past_an_evicted_message_is_4006) {
  auto config = transcript::base_config();
  config.max_buffered = 2;
  transcript t(config);
  t.user(1);
  t.user(2);
  auto a = t.join(1, 1);
  t.join(2, 2);
  t.next(1);
  t.drop(2);
  for (int i = 0; i < 3; ++i)
    t.say(1, json::serialize(json::object{{"op", 5}, {"d", {{"speaking", i & 1}, {"delay", 0}, {"ssrc", a.at("ssrc")}}}}));
  t.open(9);
  t.next(9);
  // seq 1 (op 11) was seen; 2 was evicted to keep 3 and 4.
  t.say(9, R"({"op":7,"d":{"server_id":"100","session_id":"session-2","token":"token-2","seq_ack":1}})");
  EXPECT_EQ(t.closed_with(9), close_code::session_no_longer_valid);
  EXPECT_EQ(t.next(1).at("op"), 13);  // the session is over
}

TEST(voice_gateway, resume_with_a_revoked_token_is_4006) {
  transcript t;
  t.user(1);
  t.join(1, 1);
  t.drop(1);
  t.states.clear();  // the voice state is gone, the service has not told us yet
  t.open(2);
  t.next(2);
  t.say(2, R"({"op":7,"d":{"server_id":"100","session_id":"session-1","token":"token-1","seq_ack":0}})");
  EXPECT_EQ(t.closed_with(2), close_code::session_no_longer_valid);
  EXPECT_EQ(t.media_of<remove_participant>().size(), 1u);
}

TEST(voice_gateway, a_second_identify_for_the_same_user_replaces_the_session) {
  transcript t;
  t.user(1);
  auto first = t.join(1, 1);
  auto second = t.join(2, 1);
  EXPECT_EQ(t.closed_with(1), close_code::session_no_longer_valid);
  EXPECT_NE(first.at("ssrc"), second.at("ssrc"));
  EXPECT_EQ(t.media_of<remove_participant>().size(), 1u);
  EXPECT_EQ(t.core.session_count(), 1u);
}

// --- the voice states service -----------------------------------------------------------------------

TEST(voice_gateway, a_state_that_ends_closes_with_4014) {
  transcript t;
  auto s1 = t.user(1);
  t.user(2);
  t.join(1, 1);
  t.join(2, 2);
  t.next(1);
  t.next(2);
  t.change(service::voice_change{s1, std::nullopt, true});
  EXPECT_EQ(t.closed_with(1), close_code::disconnected);
  EXPECT_EQ(t.next(2).at("op"), 13);
}

TEST(voice_gateway, a_new_token_closes_the_old_connection_with_4014) {
  transcript t;
  auto s1 = t.user(1);
  t.join(1, 1);
  auto after = s1;
  after.token = "token-new";
  t.change(service::voice_change{s1, after, true});
  EXPECT_EQ(t.closed_with(1), close_code::disconnected);
}

TEST(voice_gateway, changes_for_another_token_are_ignored) {
  transcript t;
  auto s1 = t.user(1);
  t.join(1, 1);
  auto stale = s1;
  stale.token = "older";
  t.change(service::voice_change{stale, std::nullopt, true});
  EXPECT_FALSE(t.closed_with(1));
}

TEST(voice_gateway, mute_and_deafen_reach_the_sfu) {
  transcript t;
  auto s1 = t.user(1);
  auto ready = t.join(1, 1);
  auto after = s1;
  after.mute = true;
  after.self_deaf = true;
  t.change(service::voice_change{s1, after, false});
  auto flags = t.media_of<set_flags>();
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].ssrc, ready.at("ssrc").as_int64());
  EXPECT_TRUE(flags[0].mute);
  EXPECT_TRUE(flags[0].deaf);
  EXPECT_FALSE(t.closed_with(1));
}

TEST(voice_gateway, a_move_with_the_same_token_follows_into_the_other_call) {
  transcript t;
  auto s1 = t.user(1);
  t.user(2);
  t.user(3, stage);
  auto a = t.join(1, 1);
  t.join(2, 2);
  t.join(3, 3);
  t.next(2);
  t.next(1);
  auto after = s1;
  after.channel_id = stage;
  t.change(service::voice_change{s1, after, false});
  EXPECT_FALSE(t.closed_with(1));
  EXPECT_EQ(t.next(2).at("op"), 13);
  EXPECT_EQ(t.next(1).at("d").at("user_ids"), parse(R"(["3"])"));
  EXPECT_EQ(t.next(3).at("d").at("user_ids"), parse(R"(["1"])"));
  auto moves = t.media_of<move_participant>();
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(moves[0].ssrc, a.at("ssrc").as_int64());
  EXPECT_EQ(moves[0].channel_id, stage);
}

TEST(voice_gateway, shutdown_closes_every_socket_with_4015) {
  transcript t;
  t.user(1);
  t.join(1, 1);
  t.open(2);
  t.core.shutdown();
  for (auto& o : t.core.take_output())
    if (auto* c = std::get_if<close_connection>(&o)) t.closes[c->conn] = c->code;
  EXPECT_EQ(t.closed_with(1), close_code::voice_server_crashed);
  EXPECT_EQ(t.closed_with(2), close_code::voice_server_crashed);
}

TEST(voice_gateway, sequence_numbers_skip_zero_when_they_wrap) {
  auto config = transcript::base_config();
  config.max_messages_per_minute = 1 << 20;
  transcript t(config);
  t.user(1);
  t.user(2);
  auto a = t.join(1, 1);
  t.join(2, 2);
  t.next(2);
  t.next(1);
  std::int64_t last = 1;
  for (int i = 0; i < 65536; ++i) {
    t.say(1, json::serialize(json::object{{"op", 5}, {"d", {{"speaking", i & 1}, {"delay", 0}, {"ssrc", a.at("ssrc")}}}}));
    auto m = t.next(2);
    const auto seq = m.at("seq").as_int64();
    ASSERT_NE(seq, 0);
    ASSERT_EQ(seq, last == 65535 ? 1 : last + 1);
    last = seq;
  }
}

} // namespace
} // namespace parley::server::voice
