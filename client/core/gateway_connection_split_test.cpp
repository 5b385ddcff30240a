// Every server byte stream fed to the client core split at every offset (and byte by byte) gives
// the same events and the same client output as the stream fed in one piece (STYLE.md "Tests"),
// for JSON and ETF, plain, zlib-stream and zstd-stream.
#include "client/core/gateway_connection.hpp"

#include "client/core/test_harness.hpp"

#include <gtest/gtest.h>

namespace parley::client {
namespace {

using namespace testing;
using proto::gateway::connect_params;
using proto::gateway::encoding;
using proto::gateway::transport_compression;

constexpr std::uint64_t seed = 9;

gateway_options options_for(connect_params params) {
  gateway_options options;
  options.params = params;
  return options;
}

// The server's side of one connection: the 101 response and a session's worth of payloads.
std::string server_stream(connect_params params) {
  test_server server(params);
  gateway_connection client(options_for(params), make_seeded_random(seed));
  EXPECT_TRUE(client.connect("gw.test", "/", t0));
  std::string stream = server.accept(client.output());
  for (std::string_view json : {
           R"({"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null})",
           R"({"op":11,"d":null,"s":null,"t":null})",
           R"({"op":0,"s":1,"t":"READY","d":{"v":10,"session_id":"abc","resume_gateway_url":"wss://r.test","user":{"id":"80351110224678912","username":"bot"},"guilds":[{"id":"41771983423143937","unavailable":true}]}})",
           R"({"op":0,"s":2,"t":"GUILD_CREATE","d":{"id":"41771983423143937","name":"g","channels":[{"id":"41771983423143938","type":0,"name":"general"}],"member_count":2}})",
           R"({"op":1,"d":null,"s":null,"t":null})",
           R"({"op":0,"s":3,"t":"MESSAGE_CREATE","d":{"id":"41771983423143999","content":"hello hello hello hello","n":-7,"f":1.5,"b":true,"z":null}})",
           R"({"op":9,"d":true,"s":null,"t":null})",
           R"({"op":0,"s":4,"t":"RESUMED","d":{}})",
           R"({"op":7,"d":null,"s":null,"t":null})"}) {
    stream += server.frame_json(json);
  }
  stream += server.close_frame(4200);
  return stream;
}

struct outcome {
  std::vector<std::string> events;
  std::string output;
  bool operator==(const outcome&) const = default;
};

template <class Feed>
outcome run(connect_params params, Feed feed) {
  gateway_connection client(options_for(params), make_seeded_random(seed));
  EXPECT_TRUE(client.connect("gw.test", "/", t0));
  std::string ignored;
  client.take_output(ignored);
  feed(client);
  outcome result;
  while (auto e = client.next_event()) result.events.push_back(describe(*e));
  client.take_output(result.output);
  return result;
}

class split_test : public ::testing::TestWithParam<connect_params> {};

TEST_P(split_test, every_offset_gives_the_same_events) {
  const connect_params params = GetParam();
  const std::string stream = server_stream(params);
  const outcome whole = run(params, [&](gateway_connection& c) { c.receive(stream, t0); });
  // The stream is a whole session: Hello through the server's Close.
  ASSERT_EQ(whole.events.size(), 9u);
  EXPECT_EQ(whole.events.front(), "hello 41250");
  EXPECT_EQ(whole.events[2].rfind("ready 1 abc wss://r.test", 0), 0u);
  EXPECT_EQ(whole.events[3].rfind("dispatch GUILD_CREATE 2 ", 0), 0u);
  EXPECT_EQ(whole.events[4],
            R"(dispatch MESSAGE_CREATE 3 {"id":"41771983423143999","content":"hello hello hello hello","n":-7,"f":1.5E0,"b":true,"z":null})");
  EXPECT_EQ(whole.events.back(), "closed 4200 client ");
  EXPECT_FALSE(whole.output.empty()); // the answer to op 1 and our Close

  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    const outcome split = run(params, [&](gateway_connection& c) {
      c.receive(std::string_view(stream).substr(0, cut), t0);
      c.receive(std::string_view(stream).substr(cut), t0);
    });
    ASSERT_EQ(split, whole) << "split at " << cut << " of " << stream.size();
  }
  const outcome bytewise = run(params, [&](gateway_connection& c) {
    for (char ch : stream) c.receive(std::string_view(&ch, 1), t0);
  });
  EXPECT_EQ(bytewise, whole);
}

// gateway_options::raw_dispatch_data: the undecoded `d` of every dispatch is the same text at every
// split of a zlib-stream session, and READY is still decoded.
TEST(raw_dispatch_split, every_offset_gives_the_same_raw_data) {
  const connect_params params{10, encoding::json, transport_compression::zlib_stream};
  const std::string stream = server_stream(params);
  auto run_raw = [&](std::size_t cut) {
    gateway_options options = options_for(params);
    options.raw_dispatch_data = true;
    gateway_connection client(options, make_seeded_random(seed));
    EXPECT_TRUE(client.connect("gw.test", "/", t0));
    client.receive(std::string_view(stream).substr(0, cut), t0);
    client.receive(std::string_view(stream).substr(cut), t0);
    std::vector<std::string> events;
    while (auto e = client.next_event()) {
      events.push_back(describe(*e));
      if (const auto* d = std::get_if<dispatch_event>(&*e)) events.back() += " raw " + d->raw_data;
    }
    return events;
  };
  const auto whole = run_raw(stream.size());
  ASSERT_EQ(whole.size(), 9u);
  EXPECT_EQ(whole[2].rfind("ready 1 abc wss://r.test", 0), 0u);
  EXPECT_EQ(whole[4],
            R"(dispatch MESSAGE_CREATE 3 null raw {"id":"41771983423143999","content":"hello hello hello hello","n":-7,"f":1.5E0,"b":true,"z":null})");
  for (std::size_t cut = 0; cut < stream.size(); ++cut) ASSERT_EQ(run_raw(cut), whole) << "split at " << cut;
}

INSTANTIATE_TEST_SUITE_P(
    modes, split_test,
    ::testing::Values(connect_params{10, encoding::json, transport_compression::none},
                      connect_params{10, encoding::json, transport_compression::zlib_stream},
                      connect_params{10, encoding::json, transport_compression::zstd_stream},
                      connect_params{10, encoding::etf, transport_compression::none},
                      connect_params{10, encoding::etf, transport_compression::zlib_stream},
                      connect_params{10, encoding::etf, transport_compression::zstd_stream}));

} // namespace
} // namespace parley::client
