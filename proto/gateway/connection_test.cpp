// Tests for the server-side connection state machine with fake time (gateway.md §2-§4, §10).
// The protocol transcripts (transcript_test.cpp) cover the lifecycle end to end; these pin the
// boundaries and the API details.
#include "proto/gateway/connection.hpp"

#include "proto/gateway/inbound_payload.hpp"

#include "proto/etf/encoder.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <string>

namespace parley::proto::gateway {
namespace {

using namespace std::chrono_literals;

const time_point t0 = time_point{} + 1000h;
constexpr std::string_view heartbeat = R"({"op":1,"d":null})";
constexpr std::string_view identify_json =
    R"({"op":2,"d":{"token":"tok","properties":{"os":"linux"},"intents":513}})";
constexpr std::string_view resume_json = R"({"op":6,"d":{"token":"tok","session_id":"s","seq":3}})";
constexpr std::string_view presence_json = R"({"op":3,"d":{"since":null,"activities":[],"status":"idle","afk":false}})";
constexpr std::string_view voice_json = R"({"op":4,"d":{"guild_id":"1","channel_id":null,"self_mute":false,"self_deaf":false}})";
constexpr std::string_view members_json = R"({"op":8,"d":{"guild_id":"1","query":"","limit":0}})";

std::vector<boost::json::value> drain(connection& c) {
  std::vector<boost::json::value> out;
  for (auto& s : c.take_output()) out.push_back(boost::json::parse(s));
  return out;
}

std::int64_t op_of(const boost::json::value& v) { return v.at("op").as_int64(); }

connection started(connection_config config = {}) {
  connection c(config);
  c.start(t0);
  drain(c);
  return c;
}

connection ready(connection_config config = {}) {
  connection c = started(config);
  c.receive(identify_json, t0);
  EXPECT_TRUE(c.next_event());
  c.accept_identify();
  EXPECT_EQ(c.current_state(), connection::state::ready);
  return c;
}

std::optional<close_code> close_after(connection& c, std::string_view payload) {
  c.receive(payload, t0);
  return c.pending_close();
}

TEST(connection, hello_first) {
  connection c;
  EXPECT_EQ(c.current_state(), connection::state::created);
  EXPECT_FALSE(c.next_deadline());
  c.start(t0);
  auto out = drain(c);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], boost::json::parse(R"({"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null})"));
  EXPECT_EQ(c.current_state(), connection::state::awaiting_identify);
}

TEST(connection, heartbeat_acked_in_every_open_state) {
  connection c = started();
  c.receive(heartbeat, t0);
  auto out = drain(c);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], boost::json::parse(R"({"op":11,"d":null,"s":null,"t":null})"));
  c.receive(identify_json, t0);
  c.receive(R"({"op":1,"d":0})", t0);
  EXPECT_EQ(drain(c).size(), 1u);
  EXPECT_EQ(c.last_heartbeat_seq(), 0);
  c.accept_identify();
  c.receive(R"({"op":1,"d":17})", t0);
  EXPECT_EQ(op_of(drain(c).at(0)), 11);
  EXPECT_EQ(c.last_heartbeat_seq(), 17);
}

TEST(connection, heartbeat_with_malformed_d_is_4001) {
  connection c = started();
  EXPECT_EQ(close_after(c, R"({"op":1,"d":"5"})"), close_code::unknown_opcode);
  connection c2 = started();
  EXPECT_EQ(close_after(c2, R"({"op":1,"d":{}})"), close_code::unknown_opcode);
}

TEST(connection, heartbeat_deadline_from_hello_then_from_each_payload) {
  connection_config config;
  config.heartbeat_interval = 10s;
  connection c(config);
  c.start(t0);
  EXPECT_EQ(c.heartbeat_timeout(), 15s);
  EXPECT_EQ(c.next_deadline(), t0 + 15s);
  c.on_deadline(t0 + 15s - 1ms);
  EXPECT_FALSE(c.pending_close());
  c.receive(heartbeat, t0 + 14s);
  EXPECT_EQ(c.next_deadline(), t0 + 29s);
  c.on_deadline(t0 + 15s);
  EXPECT_FALSE(c.pending_close());
  c.receive(identify_json, t0 + 20s); // any payload counts, not only heartbeats
  EXPECT_EQ(c.next_deadline(), t0 + 35s);
  c.on_deadline(t0 + 35s);
  EXPECT_EQ(c.pending_close(), close_code::unknown_error);
  EXPECT_TRUE(session_resumable_after(*c.pending_close()));
  EXPECT_FALSE(c.next_deadline());
}

TEST(connection, heartbeat_timeout_has_a_floor_for_short_intervals) {
  connection_config config;
  config.heartbeat_interval = 1s;
  EXPECT_EQ(connection(config).heartbeat_timeout(), 3s);
  config.heartbeat_interval = 41250ms;
  EXPECT_EQ(connection(config).heartbeat_timeout(), 61875ms);
  config.heartbeat_timeout = 500ms;
  EXPECT_EQ(connection(config).heartbeat_timeout(), 500ms);
}

TEST(connection, rate_limit_boundary) {
  connection c = started();
  for (int i = 0; i < 120; ++i) c.receive(heartbeat, t0 + std::chrono::milliseconds(i * 100));
  EXPECT_FALSE(c.pending_close());
  EXPECT_EQ(c.take_output().size(), 120u);
  c.receive(heartbeat, t0 + 59s);
  EXPECT_EQ(c.pending_close(), close_code::rate_limited);
  EXPECT_TRUE(c.take_output().empty()); // the 121st is not answered
}

TEST(connection, rate_limit_window_resets_after_60s) {
  connection c = started();
  for (int i = 0; i < 120; ++i) c.receive(heartbeat, t0);
  c.receive(heartbeat, t0 + 60s); // a new window starts
  for (int i = 0; i < 119; ++i) c.receive(heartbeat, t0 + 61s);
  EXPECT_FALSE(c.pending_close());
  c.receive(heartbeat, t0 + 62s);
  EXPECT_EQ(c.pending_close(), close_code::rate_limited);
}

TEST(connection, payload_size_limit) {
  std::string head = R"({"op":1,"d":null,"pad":")";
  std::string exact = head + std::string(4096 - head.size() - 2, ' ') + "\"}";
  connection c = started();
  c.receive(exact, t0);
  EXPECT_FALSE(c.pending_close());
  EXPECT_EQ(close_after(c, exact + " "), close_code::decode_error);
}

TEST(connection, decode_errors) {
  for (std::string_view bad : {"{", "[]", "42", ""}) {
    connection c = started();
    EXPECT_EQ(close_after(c, bad), close_code::decode_error) << bad;
  }
  connection no_op = started();
  EXPECT_EQ(close_after(no_op, R"({"d":null})"), close_code::unknown_opcode);
}

TEST(connection, requests_before_identify_are_4003) {
  for (std::string_view p : {presence_json, voice_json, members_json, std::string_view(R"({"op":31,"d":{}})"),
                             std::string_view(R"({"op":43,"d":{}})")}) {
    connection c = started();
    EXPECT_EQ(close_after(c, p), close_code::not_authenticated) << p;
  }
}

TEST(connection, unknown_opcodes_are_4001_in_every_state) {
  for (int op : {0, 5, 7, 9, 10, 11, 12, 30, 42, -1, 1000}) {
    std::string p = R"({"op":)" + std::to_string(op) + R"(,"d":null})";
    connection before = started();
    EXPECT_EQ(close_after(before, p), close_code::unknown_opcode) << op;
    connection after = ready();
    EXPECT_EQ(close_after(after, p), close_code::unknown_opcode) << op;
  }
}

TEST(connection, ops_31_and_43_are_ignored_once_ready) {
  connection c = ready();
  c.receive(R"({"op":31,"d":{"guild_ids":["1"]}})", t0);
  c.receive(R"({"op":43,"d":{"guild_id":"1","fields":["status"]}})", t0);
  EXPECT_FALSE(c.pending_close());
  EXPECT_FALSE(c.next_event());
  EXPECT_FALSE(c.has_output());
}

TEST(connection, identify_event_and_second_identify_is_4005) {
  connection c = started();
  c.receive(identify_json, t0);
  auto e = c.next_event();
  ASSERT_TRUE(e);
  ASSERT_TRUE(std::holds_alternative<identify_requested>(*e));
  EXPECT_EQ(std::get<identify_requested>(*e).identify.token, "tok");
  EXPECT_EQ(std::get<identify_requested>(*e).identify.intents, 513u);
  EXPECT_FALSE(c.next_event());
  EXPECT_EQ(c.current_state(), connection::state::identifying);
  c.accept_identify();
  EXPECT_EQ(close_after(c, identify_json), close_code::already_authenticated);
}

TEST(connection, identify_or_resume_while_checking_is_4005) {
  connection a = started();
  a.receive(identify_json, t0);
  EXPECT_EQ(close_after(a, identify_json), close_code::already_authenticated);
  connection b = started();
  b.receive(identify_json, t0);
  EXPECT_EQ(close_after(b, resume_json), close_code::already_authenticated);
  connection r = ready();
  EXPECT_EQ(close_after(r, resume_json), close_code::already_authenticated);
}

TEST(connection, identify_validation_codes) {
  connection shard = started();
  EXPECT_EQ(close_after(shard, R"({"op":2,"d":{"token":"t","properties":{},"intents":1,"shard":[1,1]}})"),
            close_code::invalid_shard);
  connection intents = started();
  EXPECT_EQ(close_after(intents, R"({"op":2,"d":{"token":"t","properties":{},"intents":262144}})"),
            close_code::invalid_intents);
  connection malformed = started();
  EXPECT_EQ(close_after(malformed, R"({"op":2,"d":{"properties":{},"intents":1}})"), close_code::unknown_opcode);
  connection bad_resume = started();
  EXPECT_EQ(close_after(bad_resume, R"({"op":6,"d":{"token":"t","seq":1}})"), close_code::unknown_opcode);
}

TEST(connection, v7_connection_accepts_identify_without_intents) {
  connection_config config;
  config.api_version = 7;
  connection c = started(config);
  c.receive(R"({"op":2,"d":{"token":"t","properties":{}}})", t0);
  EXPECT_FALSE(c.pending_close());
  EXPECT_TRUE(c.next_event());
}

TEST(connection, server_decided_closes) {
  for (auto code : {close_code::authentication_failed, close_code::disallowed_intents, close_code::sharding_required,
                    close_code::invalid_api_version, close_code::invalid_seq, close_code::session_timed_out}) {
    connection c = started();
    c.receive(identify_json, t0);
    c.close(code);
    EXPECT_EQ(c.pending_close(), code);
    // Later decisions do not change the code, and nothing more is produced.
    c.close(close_code::unknown_error);
    c.accept_identify();
    c.invalid_session(true);
    c.request_heartbeat();
    c.reconnect(t0);
    c.receive(heartbeat, t0);
    c.on_deadline(t0 + 1000h);
    EXPECT_EQ(c.pending_close(), code);
    EXPECT_FALSE(c.has_output());
    EXPECT_EQ(c.current_state(), connection::state::closed);
  }
}

TEST(connection, invalid_session_then_identify_or_resume_on_the_same_socket) {
  for (bool resumable : {false, true}) {
    connection c = started();
    c.receive(resume_json, t0);
    ASSERT_TRUE(std::holds_alternative<resume_requested>(*c.next_event()));
    c.invalid_session(resumable);
    auto out = drain(c);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0], boost::json::parse(resumable ? R"({"op":9,"d":true,"s":null,"t":null})"
                                                   : R"({"op":9,"d":false,"s":null,"t":null})"));
    EXPECT_EQ(c.current_state(), connection::state::awaiting_identify);
    c.receive(identify_json, t0);
    EXPECT_FALSE(c.pending_close());
    ASSERT_TRUE(std::holds_alternative<identify_requested>(*c.next_event()));
    c.invalid_session(false);
    c.receive(resume_json, t0);
    ASSERT_TRUE(std::holds_alternative<resume_requested>(*c.next_event()));
    c.accept_resume();
    EXPECT_EQ(c.current_state(), connection::state::ready);
  }
}

TEST(connection, invalid_session_of_an_active_session) {
  connection c = ready();
  c.invalid_session(false);
  EXPECT_EQ(op_of(drain(c).at(0)), 9);
  EXPECT_EQ(close_after(c, presence_json), close_code::not_authenticated);
}

TEST(connection, requests_while_checking_are_held_until_accept) {
  connection c = started();
  c.receive(identify_json, t0);
  ASSERT_TRUE(c.next_event());
  c.receive(presence_json, t0);
  c.receive(voice_json, t0);
  c.receive(members_json, t0);
  EXPECT_FALSE(c.next_event());
  c.accept_identify();
  auto a = c.next_event();
  auto b = c.next_event();
  auto m = c.next_event();
  ASSERT_TRUE(a && b && m);
  EXPECT_TRUE(std::holds_alternative<presence_update_requested>(*a));
  EXPECT_EQ(std::get<presence_update_requested>(*a).presence.status, status::idle);
  EXPECT_TRUE(std::holds_alternative<voice_state_update_requested>(*b));
  EXPECT_TRUE(std::holds_alternative<guild_members_requested>(*m));
  EXPECT_FALSE(c.next_event());
}

TEST(connection, held_requests_are_dropped_by_invalid_session) {
  connection c = started();
  c.receive(identify_json, t0);
  c.next_event();
  c.receive(voice_json, t0);
  c.invalid_session(false);
  c.receive(identify_json, t0);
  c.next_event();
  c.accept_identify();
  EXPECT_FALSE(c.next_event());
}

TEST(connection, held_requests_are_bounded) {
  connection_config config;
  config.max_pending_requests = 3;
  connection c = started(config);
  c.receive(resume_json, t0);
  for (int i = 0; i < 3; ++i) c.receive(voice_json, t0);
  EXPECT_FALSE(c.pending_close());
  EXPECT_EQ(close_after(c, voice_json), close_code::rate_limited);
}

TEST(connection, malformed_request_while_checking_closes_at_once) {
  connection c = started();
  c.receive(identify_json, t0);
  EXPECT_EQ(close_after(c, R"({"op":4,"d":{"channel_id":"1"}})"), close_code::unknown_opcode);
}

TEST(connection, malformed_requests_when_ready_are_4001) {
  for (std::string_view p : {R"({"op":3,"d":{"status":"away"}})", R"({"op":4,"d":null})",
                             R"({"op":8,"d":{"guild_id":["1"],"query":"","limit":0}})"}) {
    connection c = ready();
    EXPECT_EQ(close_after(c, p), close_code::unknown_opcode) << p;
  }
}

TEST(connection, presence_updates_beyond_5_per_20s_are_dropped) {
  connection c = ready();
  for (int i = 0; i < 7; ++i) c.receive(presence_json, t0 + std::chrono::seconds(i));
  int events = 0;
  while (c.next_event()) ++events;
  EXPECT_EQ(events, 5);
  EXPECT_FALSE(c.pending_close());
  c.receive(presence_json, t0 + 20s);
  EXPECT_TRUE(c.next_event());
}

TEST(connection, reconnect_then_close_after_grace) {
  connection c = ready();
  c.reconnect(t0 + 1s);
  EXPECT_EQ(drain(c).at(0), boost::json::parse(R"({"op":7,"d":null,"s":null,"t":null})"));
  EXPECT_EQ(c.next_deadline(), t0 + 6s);
  c.receive(heartbeat, t0 + 5s); // traffic does not extend the grace
  drain(c);
  c.on_deadline(t0 + 6s);
  EXPECT_EQ(c.pending_close(), close_code::unknown_error);
}

TEST(connection, request_heartbeat) {
  connection c = ready();
  c.request_heartbeat();
  EXPECT_EQ(drain(c).at(0), boost::json::parse(R"({"op":1,"d":null,"s":null,"t":null})"));
}

TEST(connection, etf_connection_speaks_etf) {
  connection_config config;
  config.encoding = encoding::etf;
  connection c(config);
  c.start(t0);
  auto out = c.take_output();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].front(), '\x83');
  // JSON text on an ETF connection does not decode.
  c.receive(heartbeat, t0);
  EXPECT_EQ(c.pending_close(), close_code::decode_error);
}

TEST(connection, etf_heartbeat_is_acked) {
  connection_config config;
  config.encoding = encoding::etf;
  connection c(config);
  c.start(t0);
  c.take_output();
  // {"op":1,"d":251} as in gateway.md §12.
  const char literal[] = "\x83t\x00\x00\x00\x02m\x00\x00\x00\x02opa\x01m\x00\x00\x00\x01" "da\xfb";
  const std::string payload(literal, sizeof literal - 1);
  c.receive(payload, t0);
  ASSERT_FALSE(c.pending_close());
  auto out = c.take_output();
  ASSERT_EQ(out.size(), 1u);
  auto ack = decode_payload(out[0], encoding::etf);
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->op, 11);
  EXPECT_EQ(c.last_heartbeat_seq(), 251);
}

TEST(connection, etf_identify_and_request) {
  connection_config config;
  config.encoding = encoding::etf;
  connection c(config);
  c.start(t0);
  c.take_output();
  std::string identify_etf;
  etf::encode(boost::json::parse(identify_json), identify_etf);
  c.receive(identify_etf, t0);
  auto e = c.next_event();
  ASSERT_TRUE(e);
  EXPECT_EQ(std::get<identify_requested>(*e).identify.intents, 513u);
  c.invalid_session(true);
  auto out = c.take_output();
  ASSERT_EQ(out.size(), 1u);
  auto op9 = decode_payload(out[0], encoding::etf);
  ASSERT_TRUE(op9);
  EXPECT_EQ(op9->op, 9);
  EXPECT_EQ(op9->d, true);
}

} // namespace
} // namespace parley::proto::gateway
