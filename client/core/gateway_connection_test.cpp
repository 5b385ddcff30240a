// Unit tests of the gateway client core with a fake clock and a scripted server end
// (gateway.md §1-§4, clients.md §2-§3): upgrade, Hello and heartbeats, zombie detection,
// Identify/Resume, op 7/op 9, close handling and the reconnect decisions.
#include "client/core/gateway_connection.hpp"

#include "client/core/client_error.hpp"
#include "client/core/test_harness.hpp"
#include "proto/websocket/error.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace parley::client {
namespace {

using namespace testing;
using proto::gateway::connect_params;
using proto::gateway::encoding;
using proto::gateway::transport_compression;
using state = gateway_connection::state;

identify_params params_for_test() {
  identify_params p;
  p.token = "tok";
  p.intents = 513;
  return p;
}

// Opened, Hello'd, identified and READY at seq 1.
harness ready_harness(connect_params params = {}) {
  harness h(params);
  h.open();
  h.hello();
  EXPECT_TRUE(h.client.identify(params_for_test(), h.now));
  h.ready();
  h.sent();
  h.events();
  EXPECT_EQ(h.client.current_state(), state::ready);
  return h;
}

std::optional<closed_event> find_closed(const std::vector<gateway_event>& events) {
  for (const auto& e : events) {
    if (const auto* c = std::get_if<closed_event>(&e)) return *c;
  }
  return std::nullopt;
}

TEST(gateway_connection, upgrade_request_carries_the_query) {
  for (auto [enc, compress, query] : {
           std::tuple{encoding::json, transport_compression::none, "GET /gateway?v=10&encoding=json HTTP/1.1\r\n"},
           std::tuple{encoding::etf, transport_compression::zlib_stream,
                      "GET /gateway?v=10&encoding=etf&compress=zlib-stream HTTP/1.1\r\n"},
           std::tuple{encoding::json, transport_compression::zstd_stream,
                      "GET /gateway?v=10&encoding=json&compress=zstd-stream HTTP/1.1\r\n"}}) {
    gateway_options options;
    options.params = {10, enc, compress};
    gateway_connection client(options, make_seeded_random(1));
    ASSERT_TRUE(client.connect("example.test:8080", "/gateway", t0));
    EXPECT_EQ(client.current_state(), state::upgrading);
    const std::string request(client.output());
    EXPECT_EQ(request.rfind(query, 0), 0u) << request;
    EXPECT_NE(request.find("Host: example.test:8080\r\n"), std::string::npos);
    EXPECT_NE(request.find("Sec-WebSocket-Key: "), std::string::npos);
    EXPECT_NE(request.find("User-Agent: parley-sdk\r\n"), std::string::npos);
  }
}

TEST(gateway_connection, connect_refused_while_open) {
  harness h;
  h.open();
  EXPECT_EQ(h.client.connect("gw.test", "/", h.now).error(), client_errc::already_connected);
}

TEST(gateway_connection, bad_upgrade_response_closes) {
  harness h;
  ASSERT_TRUE(h.client.connect("gw.test", "/", h.now));
  h.sent();
  h.feed("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
  auto events = h.events();
  ASSERT_EQ(events.size(), 1u);
  const auto& closed = std::get<closed_event>(events[0]);
  EXPECT_EQ(closed.code, 1006);
  EXPECT_EQ(closed.error, proto::websocket::errc::bad_status);
  EXPECT_EQ(h.client.current_state(), state::closed);
  EXPECT_TRUE(h.client.should_reconnect());
}

TEST(gateway_connection, hello_schedules_jittered_first_heartbeat) {
  harness h;
  h.open();
  EXPECT_EQ(h.client.current_state(), state::awaiting_hello);
  h.hello(1000);
  EXPECT_EQ(describe(h.events()), std::vector<std::string>{"hello 1000"});
  EXPECT_EQ(h.client.current_state(), state::connected);
  EXPECT_EQ(h.client.next_deadline(), h.now + 500ms); // u = 0.5
  h.advance(499ms);
  EXPECT_TRUE(h.sent().empty());
  h.advance(1ms);
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0], boost::json::parse(R"({"op":1,"d":null})"));
  EXPECT_EQ(h.client.next_deadline(), h.now + 1000ms);
}

TEST(gateway_connection, first_heartbeat_jitter_stays_below_one_interval) {
  for (std::uint64_t bits : {std::uint64_t{0}, ~std::uint64_t{0}}) {
    harness h({}, [bits] { return bits; });
    h.open();
    h.hello(41250);
    ASSERT_TRUE(h.client.next_deadline());
    const auto delay = *h.client.next_deadline() - h.now;
    EXPECT_GE(delay, 0ms);
    EXPECT_LT(delay, 41250ms);
    if (bits == 0) {
      EXPECT_EQ(delay, 0ms);
    } else {
      EXPECT_GT(delay, 41249ms);
    }
  }
  // A seeded source spreads first beats over the interval.
  std::vector<std::chrono::steady_clock::duration> delays;
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    harness h({}, make_seeded_random(seed));
    h.open();
    h.hello(1000);
    delays.push_back(*h.client.next_deadline() - h.now);
    EXPECT_LT(delays.back(), 1000ms);
  }
  EXPECT_LT(*std::min_element(delays.begin(), delays.end()), 250ms);
  EXPECT_GT(*std::max_element(delays.begin(), delays.end()), 750ms);
}

TEST(gateway_connection, heartbeat_carries_last_seq) {
  harness h = ready_harness();
  h.server_sends(R"({"op":0,"s":2,"t":"MESSAGE_CREATE","d":{"id":"5"}})");
  h.server_sends(R"({"op":0,"s":7,"t":"TYPING_START","d":{}})");
  EXPECT_EQ(h.client.last_seq(), 7u);
  h.advance_to_deadline();
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0], boost::json::parse(R"({"op":1,"d":7})"));
  // A replayed (older) seq never moves the counter back.
  h.server_sends(R"({"op":0,"s":4,"t":"MESSAGE_CREATE","d":{}})");
  EXPECT_EQ(h.client.last_seq(), 7u);
  // Non-dispatch payloads carry no seq.
  h.server_sends(R"({"op":11,"d":null,"s":null,"t":null})");
  EXPECT_EQ(h.client.last_seq(), 7u);
}

TEST(gateway_connection, ack_keeps_the_connection_alive_and_reports_latency) {
  harness h;
  h.open();
  h.hello(1000);
  h.events();
  for (int beat = 0; beat < 3; ++beat) {
    h.advance_to_deadline();
    ASSERT_EQ(h.sent().size(), 1u);
    h.now += 40ms;
    h.server_sends(R"({"op":11,"d":null,"s":null,"t":null})");
    auto events = h.events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(std::get<heartbeat_ack_event>(events[0]).latency, 40ms);
  }
  EXPECT_EQ(h.client.current_state(), state::connected);
}

TEST(gateway_connection, zombie_connection_closes_non_1000_and_resumes) {
  harness h = ready_harness();
  h.advance_to_deadline();
  ASSERT_EQ(h.sent().size(), 1u); // beat, never ACKed
  h.advance_to_deadline();
  auto sent = h.sent();
  EXPECT_TRUE(sent.empty());
  ASSERT_EQ(h.last_read.closes, std::vector<std::uint16_t>{4200});
  auto events = h.events();
  ASSERT_EQ(events.size(), 1u);
  const auto& closed = std::get<closed_event>(events[0]);
  EXPECT_EQ(closed.code, 4200);
  EXPECT_FALSE(closed.by_server);
  EXPECT_EQ(closed.error, client_errc::zombie_connection);
  EXPECT_EQ(h.client.current_state(), state::closed);
  EXPECT_TRUE(h.client.should_reconnect());
  EXPECT_TRUE(h.client.should_resume());
  EXPECT_FALSE(h.client.next_deadline());
}

TEST(gateway_connection, server_heartbeat_request_is_answered_at_once) {
  harness h = ready_harness();
  const auto deadline = h.client.next_deadline();
  h.server_sends(R"({"op":1,"d":null,"s":null,"t":null})");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0], boost::json::parse(R"({"op":1,"d":1})"));
  EXPECT_EQ(h.client.next_deadline(), deadline); // the schedule is unchanged
  EXPECT_TRUE(h.events().empty());
}

TEST(gateway_connection, identify_then_ready_captures_the_session) {
  harness h;
  h.open();
  EXPECT_EQ(h.client.identify(params_for_test(), h.now).error(), client_errc::no_hello_yet);
  h.hello();
  h.events();
  ASSERT_TRUE(h.client.identify(params_for_test(), h.now));
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0], boost::json::parse(
                         R"({"op":2,"d":{"token":"tok","properties":{"os":"linux","browser":"parley","device":"parley"},"intents":513}})"));
  EXPECT_EQ(h.client.current_state(), state::identifying);
  EXPECT_EQ(h.client.identify(params_for_test(), h.now).error(), client_errc::already_identifying);
  h.ready(1);
  auto events = h.events();
  ASSERT_EQ(events.size(), 1u);
  const auto& ready = std::get<ready_event>(events[0]);
  EXPECT_EQ(ready.session_id, "sess-1");
  EXPECT_EQ(ready.resume_gateway_url, "ws://resume.test");
  EXPECT_EQ(ready.seq, 1u);
  EXPECT_EQ(ready.data.at("user").at("id"), "1");
  EXPECT_EQ(h.client.session_id(), "sess-1");
  EXPECT_EQ(h.client.resume_gateway_url(), "ws://resume.test");
  EXPECT_EQ(h.client.current_state(), state::ready);
  EXPECT_TRUE(h.client.should_resume());
}

TEST(gateway_connection, resume_on_a_new_connection_sends_session_and_seq) {
  harness h = ready_harness();
  h.server_sends(R"({"op":0,"s":5,"t":"MESSAGE_CREATE","d":{}})");
  h.client.connection_lost(h.now);
  auto events = h.events();
  ASSERT_EQ(events.size(), 2u);
  const auto& closed = std::get<closed_event>(events[1]);
  EXPECT_EQ(closed.code, 1006);
  EXPECT_TRUE(closed.by_server);
  EXPECT_TRUE(h.client.should_resume());

  h.open();
  EXPECT_EQ(h.client.resume(h.now).error(), client_errc::no_hello_yet);
  h.hello();
  ASSERT_TRUE(h.client.resume(h.now));
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0], boost::json::parse(R"({"op":6,"d":{"token":"tok","session_id":"sess-1","seq":5}})"));
  EXPECT_EQ(h.client.current_state(), state::resuming);
  h.server_sends(R"({"op":0,"s":6,"t":"MESSAGE_CREATE","d":{"replayed":true}})");
  h.server_sends(R"({"op":0,"s":7,"t":"RESUMED","d":{}})");
  EXPECT_EQ(describe(h.events()),
            (std::vector<std::string>{"hello 1000", R"(dispatch MESSAGE_CREATE 6 {"replayed":true})", "resumed 7"}));
  EXPECT_EQ(h.client.current_state(), state::ready);
  EXPECT_EQ(h.client.last_seq(), 7u);
}

TEST(gateway_connection, resume_without_session_is_refused) {
  harness h;
  h.open();
  h.hello();
  EXPECT_EQ(h.client.resume(h.now).error(), client_errc::no_session);
  EXPECT_FALSE(h.client.should_resume());
}

TEST(gateway_connection, op7_closes_resumably_and_closing_sends_nothing) {
  harness h = ready_harness();
  h.server_sends(R"({"op":7,"d":null,"s":null,"t":null})");
  auto sent = h.sent();
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(h.last_read.closes, std::vector<std::uint16_t>{4200});
  EXPECT_EQ(describe(h.events()), std::vector<std::string>{"reconnect"});
  EXPECT_EQ(h.client.current_state(), state::closing);

  // Nothing else leaves the client while closing.
  EXPECT_EQ(h.client.heartbeat(h.now).error(), client_errc::closing);
  EXPECT_EQ(h.client.send(3, boost::json::object{}).error(), client_errc::closing);
  EXPECT_EQ(h.client.identify(params_for_test(), h.now).error(), client_errc::closing);
  EXPECT_EQ(h.client.resume(h.now).error(), client_errc::closing);
  EXPECT_EQ(h.client.close(1000, h.now).error(), client_errc::closing);
  h.server_sends(R"({"op":1,"d":null,"s":null,"t":null})"); // heartbeat request: not answered
  h.server_sends(R"({"op":0,"s":2,"t":"MESSAGE_CREATE","d":{}})"); // still read: seq advances
  EXPECT_EQ(h.client.next_deadline(), h.now + 5000ms);              // only the close timeout
  h.advance(1000ms);
  EXPECT_FALSE(h.client.has_output());
  EXPECT_EQ(h.client.last_seq(), 2u);

  h.feed(h.server.close_frame(4200));
  auto events = h.events();
  ASSERT_EQ(events.size(), 2u);
  const auto& closed = std::get<closed_event>(events[1]);
  EXPECT_EQ(closed.code, 4200);
  EXPECT_FALSE(closed.by_server);
  EXPECT_FALSE(closed.error);
  EXPECT_TRUE(h.client.should_reconnect());
  EXPECT_TRUE(h.client.should_resume());
}

TEST(gateway_connection, close_timeout_ends_closing) {
  harness h = ready_harness();
  ASSERT_TRUE(h.client.close(4000, h.now));
  h.sent();
  h.advance(4999ms);
  EXPECT_TRUE(h.events().empty());
  h.advance(1ms);
  const auto events = h.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(std::get<closed_event>(events[0]).error, client_errc::close_timeout);
  EXPECT_EQ(h.client.current_state(), state::closed);
  EXPECT_TRUE(h.client.should_resume());
}

TEST(gateway_connection, close_1000_is_a_shutdown) {
  harness h = ready_harness();
  ASSERT_TRUE(h.client.close(1000, h.now));
  h.sent();
  EXPECT_EQ(h.last_read.closes, std::vector<std::uint16_t>{1000});
  h.client.connection_lost(h.now);
  const auto closed = find_closed(h.events());
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->code, 1000);
  EXPECT_FALSE(h.client.should_reconnect());
  EXPECT_FALSE(h.client.should_resume());
  EXPECT_EQ(h.client.close(1000, h.now).error(), client_errc::not_connected);
  EXPECT_EQ(h.client.heartbeat(h.now).error(), client_errc::not_connected);
}

TEST(gateway_connection, close_rejects_codes_not_for_the_wire) {
  harness h = ready_harness();
  EXPECT_EQ(h.client.close(1005, h.now).error(), proto::websocket::errc::invalid_close_code);
  EXPECT_EQ(h.client.current_state(), state::ready);
}

TEST(gateway_connection, invalid_session_false_drops_the_session) {
  harness h = ready_harness();
  h.server_sends(R"({"op":9,"d":false,"s":null,"t":null})");
  EXPECT_EQ(describe(h.events()), std::vector<std::string>{"invalid_session false"});
  EXPECT_FALSE(h.client.should_resume());
  EXPECT_TRUE(h.client.should_reconnect());
  EXPECT_EQ(h.client.session_id(), "");
  EXPECT_FALSE(h.client.last_seq());
  EXPECT_EQ(h.client.current_state(), state::connected);
  EXPECT_EQ(h.client.resume(h.now).error(), client_errc::no_session);
  // Identify again on the same socket (gateway.md §3.8).
  ASSERT_TRUE(h.client.identify(params_for_test(), h.now));
  EXPECT_EQ(h.sent().at(0).at("op"), 2);
}

TEST(gateway_connection, invalid_session_true_allows_resume_on_the_same_socket) {
  harness h = ready_harness();
  h.server_sends(R"({"op":0,"s":3,"t":"MESSAGE_CREATE","d":{}})");
  h.server_sends(R"({"op":9,"d":true,"s":null,"t":null})");
  auto events = h.events();
  EXPECT_EQ(describe(events.back()), "invalid_session true");
  EXPECT_TRUE(h.client.should_resume());
  ASSERT_TRUE(h.client.resume(h.now));
  EXPECT_EQ(h.sent().at(0), boost::json::parse(R"({"op":6,"d":{"token":"tok","session_id":"sess-1","seq":3}})"));
}

TEST(gateway_connection, should_reconnect_and_resume_for_each_server_close_code) {
  struct expectation {
    std::uint16_t code;
    bool reconnect;
    bool resume;
  };
  for (auto [code, reconnect, resume] :
       {expectation{1000, true, false}, expectation{1001, true, true}, expectation{1011, true, true},
        expectation{4000, true, true}, expectation{4001, true, true}, expectation{4002, true, true},
        expectation{4003, true, false}, expectation{4004, false, false}, expectation{4005, true, false},
        expectation{4007, true, false}, expectation{4008, true, true}, expectation{4009, true, false},
        expectation{4010, false, false}, expectation{4011, false, false}, expectation{4012, false, false},
        expectation{4013, false, false}, expectation{4014, false, false}}) {
    harness h = ready_harness();
    h.feed(h.server.close_frame(code));
    const auto events = h.events();
    const auto closed = find_closed(events);
    ASSERT_TRUE(closed) << code;
    EXPECT_EQ(closed->code, code);
    EXPECT_TRUE(closed->by_server);
    EXPECT_EQ(h.client.should_reconnect(), reconnect) << code;
    EXPECT_EQ(h.client.should_resume(), resume) << code;
    // The codec echoed the Close; that echo is the last thing sent.
    h.sent();
    EXPECT_EQ(h.last_read.closes, std::vector<std::uint16_t>{code});
    // A new connection is allowed whatever the code (the application decides).
    h.open();
    EXPECT_EQ(h.client.current_state(), state::awaiting_hello);
  }
}

TEST(gateway_connection, backoff_grows_and_resets_after_hello) {
  gateway_options options;
  options.reconnect = {.initial_delay = 1000ms, .max_delay = 8000ms, .multiplier = 2.0, .jitter = 0.0};
  harness h({}, half_random(), options);
  h.open();
  h.client.connection_lost(h.now); // failed before Hello
  EXPECT_EQ(h.client.reconnect_delay(), 1000ms);
  h.open();
  h.client.connection_lost(h.now);
  EXPECT_EQ(h.client.reconnect_delay(), 2000ms);
  EXPECT_EQ(h.client.reconnect_delay(), 4000ms);
  EXPECT_EQ(h.client.reconnect_delay(), 8000ms);
  EXPECT_EQ(h.client.reconnect_delay(), 8000ms);
  h.open();
  h.hello();
  h.client.connection_lost(h.now);
  EXPECT_EQ(h.client.reconnect_delay(), 1000ms);
}

TEST(gateway_connection, hello_timeout_closes) {
  harness h;
  h.open();
  EXPECT_EQ(h.client.next_deadline(), h.now + 30000ms);
  h.advance(30000ms);
  const auto closed = find_closed(h.events());
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->error, client_errc::hello_timeout);
  EXPECT_EQ(closed->code, 4200);
}

TEST(gateway_connection, undecodable_payload_fails_the_connection) {
  harness h = ready_harness();
  h.feed(h.server.frame("{not json"));
  const auto closed = find_closed(h.events());
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->code, 1007);
  EXPECT_TRUE(closed->error);
  EXPECT_TRUE(h.client.should_resume());
  h.sent();
  EXPECT_EQ(h.last_read.closes, std::vector<std::uint16_t>{1007});
  // Bytes after the failure are ignored.
  h.server_sends(R"({"op":0,"s":9,"t":"X","d":{}})");
  EXPECT_TRUE(h.events().empty());
}

TEST(gateway_connection, payload_without_op_fails) {
  harness h = ready_harness();
  h.feed(h.server.frame(R"({"d":1})"));
  const auto closed = find_closed(h.events());
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->error, client_errc::bad_payload);
}

TEST(gateway_connection, hello_without_interval_fails) {
  harness h;
  h.open();
  h.server_sends(R"({"op":10,"d":{},"s":null,"t":null})");
  const auto closed = find_closed(h.events());
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->error, client_errc::bad_hello);
}

TEST(gateway_connection, oversized_payload_is_refused) {
  harness h = ready_harness();
  EXPECT_EQ(h.client.send(3, boost::json::string(std::string(5000, 'x'))).error(), client_errc::payload_too_large);
  EXPECT_FALSE(h.client.has_output());
  ASSERT_TRUE(h.client.send(3, boost::json::parse(R"({"since":null,"activities":[],"status":"idle","afk":false})")));
  EXPECT_EQ(h.sent().at(0).at("op"), 3);
}

TEST(gateway_connection, etf_session_encodes_and_decodes) {
  harness h = ready_harness({10, encoding::etf, transport_compression::none});
  // Snowflakes arrive as ETF big integers and come out as strings, as in JSON.
  h.server_sends(R"({"op":0,"s":2,"t":"MESSAGE_CREATE","d":{"id":41771983423143937,"n":5,"content":"hi"}})");
  EXPECT_EQ(describe(h.events()),
            std::vector<std::string>{R"(dispatch MESSAGE_CREATE 2 {"id":"41771983423143937","n":5,"content":"hi"})"});
  h.advance_to_deadline();
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0], boost::json::parse(R"({"op":1,"d":2})"));
}

TEST(gateway_connection, keep_raw_payloads) {
  gateway_options options;
  options.keep_raw_payloads = true;
  harness h({}, half_random(), options);
  h.open();
  h.hello();
  const std::string raw = R"({"op":0,"s":1,"t":"X_EVENT","d":{"a":1}})";
  h.feed(h.server.frame(raw));
  auto events = h.events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(std::get<dispatch_event>(events[1]).raw, raw);
}

TEST(gateway_connection, raw_dispatch_data_leaves_d_undecoded) {
  gateway_options options;
  options.raw_dispatch_data = true;
  harness h({}, half_random(), options);
  h.open();
  h.hello();
  ASSERT_TRUE(h.client.identify(params_for_test(), h.now));
  h.ready(1); // READY is still decoded: the session id comes from its d
  h.server_sends(R"({"t":"USER_UPDATE","op":0,"s":2,"d":{"global_name":"plb.1.2","x":[1,{"y":"}"}]}})");
  h.server_sends(R"({"op":0,"s":3,"t":"RESUMED","d":{}})");
  h.server_sends(R"({"op":11,"d":null})");
  auto events = h.events();
  ASSERT_EQ(events.size(), 5u);
  const auto& ready = std::get<ready_event>(events[1]);
  EXPECT_EQ(ready.session_id, "sess-1");
  const auto& dispatch = std::get<dispatch_event>(events[2]);
  EXPECT_EQ(dispatch.name, "USER_UPDATE");
  EXPECT_EQ(dispatch.seq, 2u);
  EXPECT_TRUE(dispatch.data.is_null());
  EXPECT_EQ(dispatch.raw_data, R"({"global_name":"plb.1.2","x":[1,{"y":"}"}]})");
  EXPECT_EQ(std::get<resumed_event>(events[3]).seq, 3u);
  EXPECT_TRUE(std::holds_alternative<heartbeat_ack_event>(events[4]));
  EXPECT_EQ(h.client.last_seq(), 3u);
  // Heartbeats carry the seq of the undecoded dispatches too.
  h.sent();
  h.advance_to_deadline();
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0], boost::json::parse(R"({"op":1,"d":3})"));
}

TEST(gateway_connection, raw_dispatch_data_still_rejects_undecodable_payloads) {
  gateway_options options;
  options.raw_dispatch_data = true;
  harness h({}, half_random(), options);
  h.open();
  h.hello();
  h.events();
  h.feed(h.server.frame(R"({"op":0,"s":2,"t":"X","d":{"a":1})")); // unbalanced: falls back to the full parser
  auto events = h.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(std::get<closed_event>(events[0]).code, 1007);
  EXPECT_EQ(h.client.current_state(), state::closed);
}

TEST(gateway_connection, unknown_opcodes_are_ignored) {
  harness h = ready_harness();
  h.server_sends(R"({"op":99,"d":{"x":1},"s":null,"t":null})");
  EXPECT_TRUE(h.events().empty());
  EXPECT_EQ(h.client.current_state(), state::ready);
}

} // namespace
} // namespace parley::client
