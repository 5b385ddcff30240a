// Test-only: a gateway_connection wired to a test_server with a fake clock, so a test reads like a
// transcript: server frames in, client payloads and events out.
#pragma once

#include "client/core/gateway_connection.hpp"
#include "client/core/test_server.hpp"

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace parley::client::testing {

using namespace std::chrono_literals;

inline const time_point t0 = time_point{} + std::chrono::hours(1000);

// u = 0.5 for every jitter draw, so deadlines are exact.
inline random_source half_random() {
  return [] { return std::uint64_t{1} << 63; };
}

struct harness {
  explicit harness(proto::gateway::connect_params params = {}, random_source random = half_random(),
                   gateway_options options = {})
      : server(params), reader(params), client(with_params(std::move(options), params), std::move(random)) {}

  static gateway_options with_params(gateway_options options, proto::gateway::connect_params params) {
    options.params = params;
    return options;
  }

  // connect() + the server's 101; a new server end each time (a new socket).
  void open(proto::gateway::connect_params params) {
    server = test_server(params);
    reader = test_server(params);
    auto connected = client.connect("gw.test", "/", now);
    ASSERT_TRUE(connected) << connected.error().message();
    std::string request;
    client.take_output(request);
    client.receive(server.accept(request), now);
  }
  void open() { open(server.params()); }

  void feed(const std::string& bytes) { client.receive(bytes, now); }
  void server_sends(std::string_view json) { feed(server.frame_json(json)); }
  void hello(int interval_ms = 1000) {
    server_sends(R"({"op":10,"d":{"heartbeat_interval":)" + std::to_string(interval_ms) + R"(},"s":null,"t":null})");
  }
  void ready(std::uint64_t seq = 1) {
    server_sends(R"({"op":0,"s":)" + std::to_string(seq) +
                 R"(,"t":"READY","d":{"v":10,"session_id":"sess-1","resume_gateway_url":"ws://resume.test","user":{"id":"1"},"guilds":[]}})");
  }
  void advance(std::chrono::steady_clock::duration d) {
    now += d;
    client.on_timer(now);
  }
  void advance_to_deadline() {
    ASSERT_TRUE(client.next_deadline());
    now = *client.next_deadline();
    client.on_timer(now);
  }

  // Client payloads since the last call, decoded as the server decodes them.
  std::vector<boost::json::value> sent() {
    std::string bytes;
    client.take_output(bytes);
    last_read = reader.read(bytes);
    std::vector<boost::json::value> out;
    for (const auto& m : last_read.messages) out.push_back(reader.decode(m));
    return out;
  }
  std::vector<gateway_event> events() {
    std::vector<gateway_event> out;
    while (auto e = client.next_event()) out.push_back(std::move(*e));
    return out;
  }

  test_server server; // writes the server's frames
  test_server reader; // reads the client's frames (a separate codec: reading a Close must not
                      // stop `server` from writing the frames a test still wants to send)
  gateway_connection client;
  time_point now = t0;
  test_server::received last_read;
};

// One line per event, for comparing event sequences.
inline std::string describe(const gateway_event& event) {
  struct visitor {
    std::string operator()(const hello_event& e) const { return "hello " + std::to_string(e.heartbeat_interval.count()); }
    std::string operator()(const ready_event& e) const {
      return "ready " + std::to_string(e.seq) + " " + e.session_id + " " + e.resume_gateway_url + " " +
             boost::json::serialize(e.data);
    }
    std::string operator()(const resumed_event& e) const { return "resumed " + std::to_string(e.seq); }
    std::string operator()(const dispatch_event& e) const {
      return "dispatch " + e.name + " " + std::to_string(e.seq) + " " + boost::json::serialize(e.data);
    }
    std::string operator()(const heartbeat_ack_event&) const { return "ack"; }
    std::string operator()(const reconnect_requested_event&) const { return "reconnect"; }
    std::string operator()(const invalid_session_event& e) const {
      return std::string("invalid_session ") + (e.resumable ? "true" : "false");
    }
    std::string operator()(const closed_event& e) const {
      return "closed " + std::to_string(e.code) + " " + (e.by_server ? "server" : "client") + " " + e.reason +
             (e.error ? " error=" + e.error.message() : "");
    }
  };
  return std::visit(visitor{}, event);
}

inline std::vector<std::string> describe(const std::vector<gateway_event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(describe(e));
  return out;
}

} // namespace parley::client::testing
