// The client core against the server core (proto/gateway/connection.hpp) in memory, no sockets
// (STYLE.md "Tests": client core against server core): bytes flow both ways through the two
// WebSocket codecs and, when negotiated, the server's compressor and the client's decompressor.
// HELLO → IDENTIFY → READY (played by the test as the server would write it) → heartbeats and
// ACKs → op 7 → resume on a new pair of connections with the missed event replayed.
#include "client/core/gateway_connection.hpp"

#include "client/core/test_harness.hpp"
#include "proto/gateway/connection.hpp"
#include "proto/gateway/dispatch_envelope.hpp"
#include "proto/gateway/dispatch_event.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace parley::client {
namespace {

using namespace testing;
using proto::gateway::connect_params;
using proto::gateway::encoding;
using proto::gateway::transport_compression;
namespace server = proto::gateway;

server::connection_config config_for(connect_params params) {
  server::connection_config config;
  config.heartbeat_interval = std::chrono::milliseconds(1000);
  config.encoding = params.encoding;
  return config;
}

// One socket: the server core plus the server's byte-level end, and the client it talks to.
struct socket_pair {
  socket_pair(gateway_connection& c, connect_params params, time_point now)
      : client(c), wire(params), core(config_for(params)) {
    EXPECT_TRUE(client.connect("gw.test", "/gateway", now));
    std::string request;
    client.take_output(request);
    // The server reads the query the client asked for (Beast parses the request in parleyd).
    const auto target_start = request.find(' ') + 1;
    auto parsed = server::parse_connect_params(request.substr(target_start, request.find(' ', target_start) - target_start));
    EXPECT_TRUE(parsed);
    EXPECT_EQ(parsed->encoding, params.encoding);
    EXPECT_EQ(parsed->compress, params.compress);
    std::string to_client = wire.accept(request);
    core.start(now);
    for (auto& payload : core.take_output()) to_client += wire.frame(payload);
    client.receive(to_client, now);
  }

  // Moves bytes until neither side has anything left to say; returns the server core's events.
  std::vector<server::connection_event> exchange(time_point now) {
    std::vector<server::connection_event> events;
    for (int round = 0; round < 16; ++round) {
      std::string bytes;
      client.take_output(bytes);
      const auto got = wire.read(bytes);
      closes.insert(closes.end(), got.closes.begin(), got.closes.end());
      for (const auto& message : got.messages) core.receive(message, now);
      while (auto e = core.next_event()) events.push_back(std::move(*e));
      std::string to_client;
      for (auto& payload : core.take_output()) to_client += wire.frame(payload);
      if (to_client.empty() && !client.has_output()) break;
      client.receive(to_client, now);
    }
    return events;
  }

  void dispatch(std::string_view name, std::uint64_t seq, std::string_view d_json, time_point now) {
    const auto event = server::dispatch_event::make(name, boost::json::parse(d_json));
    const encoding enc = wire.params().encoding;
    std::string payload;
    server::write_dispatch_prefix(enc, name, seq, payload);
    payload += event->body(enc);
    server::write_dispatch_suffix(enc, payload);
    client.receive(wire.frame(payload), now);
  }

  gateway_connection& client;
  test_server wire;
  server::connection core;
  std::vector<std::uint16_t> closes;
};

std::vector<std::string> client_events(gateway_connection& client) {
  std::vector<std::string> out;
  while (auto e = client.next_event()) out.push_back(describe(*e));
  return out;
}

class pair_test : public ::testing::TestWithParam<connect_params> {};

TEST_P(pair_test, identify_heartbeat_reconnect_resume) {
  const connect_params params = GetParam();
  gateway_options options;
  options.params = params;
  gateway_connection client(options, make_seeded_random(3));
  time_point now = t0;

  // --- first connection: Hello, Identify, READY, a dispatch, heartbeats ---
  {
    socket_pair pair(client, params, now);
    EXPECT_EQ(client_events(client), std::vector<std::string>{"hello 1000"});
    identify_params identify;
    identify.token = "Bot-less-token";
    identify.intents = 513;
    ASSERT_TRUE(client.identify(identify, now));
    auto requests = pair.exchange(now);
    ASSERT_EQ(requests.size(), 1u);
    const auto& identified = std::get<server::identify_requested>(requests[0]).identify;
    EXPECT_EQ(identified.token, "Bot-less-token");
    EXPECT_EQ(identified.intents, 513u);
    pair.core.accept_identify();
    EXPECT_EQ(pair.core.current_state(), server::connection::state::ready);
    pair.dispatch("READY", 1,
                  R"({"v":10,"session_id":"s-42","resume_gateway_url":"ws://127.0.0.1:1/gateway","user":{"id":"1"},"guilds":[]})",
                  now);
    pair.dispatch("MESSAGE_CREATE", 2, R"({"id":"41771983423143937","content":"hi"})", now);
    auto events = client_events(client);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].rfind("ready 1 s-42 ws://127.0.0.1:1/gateway", 0), 0u);
    EXPECT_EQ(events[1], R"(dispatch MESSAGE_CREATE 2 {"id":"41771983423143937","content":"hi"})");

    // Three heartbeat rounds: each carries seq 2, each is ACKed; the server never times out.
    for (int beat = 0; beat < 3; ++beat) {
      now = *client.next_deadline();
      client.on_timer(now);
      pair.core.on_deadline(now);
      pair.exchange(now);
      EXPECT_EQ(pair.core.last_heartbeat_seq(), 2);
      EXPECT_EQ(client_events(client), std::vector<std::string>{"ack"});
      EXPECT_FALSE(pair.core.pending_close());
    }

    // op 7: the client closes with a resumable code; the server codec sees it.
    pair.core.reconnect(now);
    pair.exchange(now);
    EXPECT_EQ(pair.closes, std::vector<std::uint16_t>{4200});
    EXPECT_EQ(client_events(client), std::vector<std::string>{"reconnect"});
    EXPECT_EQ(client.current_state(), gateway_connection::state::closing);
    pair.exchange(now); // the server codec's echo
    client.receive(pair.wire.close_frame(4200), now);
    EXPECT_EQ(client_events(client), std::vector<std::string>{"closed 4200 client "});
  }
  ASSERT_TRUE(client.should_reconnect());
  ASSERT_TRUE(client.should_resume());
  EXPECT_EQ(client.resume_gateway_url(), "ws://127.0.0.1:1/gateway");
  now += client.reconnect_delay();

  // --- second connection: Resume, replay of seq 3, RESUMED ---
  {
    socket_pair pair(client, params, now);
    EXPECT_EQ(client_events(client), std::vector<std::string>{"hello 1000"});
    ASSERT_TRUE(client.resume(now));
    auto requests = pair.exchange(now);
    ASSERT_EQ(requests.size(), 1u);
    const auto& resume = std::get<server::resume_requested>(requests[0]).resume;
    EXPECT_EQ(resume.token, "Bot-less-token");
    EXPECT_EQ(resume.session_id, "s-42");
    EXPECT_EQ(resume.seq, 2u);
    pair.core.accept_resume();
    pair.dispatch("MESSAGE_CREATE", 3, R"({"id":"41771983423143938","content":"missed"})", now);
    pair.dispatch("RESUMED", 4, "{}", now);
    EXPECT_EQ(client_events(client),
              (std::vector<std::string>{R"(dispatch MESSAGE_CREATE 3 {"id":"41771983423143938","content":"missed"})",
                                        "resumed 4"}));
    now = *client.next_deadline();
    client.on_timer(now);
    pair.exchange(now);
    EXPECT_EQ(pair.core.last_heartbeat_seq(), 4);

    // A clean shutdown: 1000 ends the session.
    ASSERT_TRUE(client.close(1000, now));
    pair.exchange(now);
    EXPECT_EQ(pair.closes, std::vector<std::uint16_t>{1000});
    client.receive(pair.wire.close_frame(1000), now);
    const auto events = client_events(client);
    EXPECT_EQ(events.back(), "closed 1000 client ");
    EXPECT_FALSE(client.should_reconnect());
    EXPECT_FALSE(client.should_resume());
  }
}

TEST_P(pair_test, server_heartbeat_timeout_spares_a_beating_client) {
  const connect_params params = GetParam();
  gateway_options options;
  options.params = params;
  gateway_connection client(options, make_seeded_random(11));
  time_point now = t0;
  socket_pair pair(client, params, now);
  client_events(client);
  // 20 intervals of the client's own schedule: the server core never decides to close.
  for (int i = 0; i < 20; ++i) {
    const auto next = std::min(*client.next_deadline(), *pair.core.next_deadline());
    now = next;
    client.on_timer(now);
    pair.core.on_deadline(now);
    pair.exchange(now);
    ASSERT_FALSE(pair.core.pending_close()) << i;
  }
  EXPECT_EQ(client.current_state(), gateway_connection::state::connected);
}

INSTANTIATE_TEST_SUITE_P(
    modes, pair_test,
    ::testing::Values(connect_params{10, encoding::json, transport_compression::none},
                      connect_params{10, encoding::json, transport_compression::zlib_stream},
                      connect_params{10, encoding::json, transport_compression::zstd_stream},
                      connect_params{10, encoding::etf, transport_compression::none},
                      connect_params{10, encoding::etf, transport_compression::zlib_stream},
                      connect_params{10, encoding::etf, transport_compression::zstd_stream}));

} // namespace
} // namespace parley::client
