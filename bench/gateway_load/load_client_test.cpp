// The simulated gateway client against an in-memory fake gateway built from proto/websocket's
// server role (and proto/compress's zlib-stream deflater): no sockets.
#include "bench/gateway_load/load_client.hpp"

#include "proto/compress/zlib_stream_deflater.hpp"
#include "proto/websocket/handshake.hpp"

#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <vector>

namespace parley::bench::gateway_load {
namespace {

namespace ws = proto::websocket;

std::span<const std::byte> bytes_of(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }

constexpr std::string_view identify_payload =
    R"({"op":2,"d":{"token":"tok","intents":513,"properties":{"os":"linux","browser":"parley-load","device":"parley-load"}}})";

client_settings make_settings(bool zlib) {
  client_settings s;
  s.host_header = "127.0.0.1:8080";
  s.target = zlib ? "/gateway?v=10&encoding=json&compress=zlib-stream" : "/gateway?v=10&encoding=json";
  s.zlib_stream = zlib;
  s.event_name = "USER_UPDATE";
  s.masks = [] { return ws::masking_key{std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}}; };
  return s;
}

// What the client reported, in order, as readable strings.
class recorder final : public client_observer {
 public:
  void on_hello(std::uint64_t ms) override { events.push_back("hello " + std::to_string(ms)); }
  void on_ready() override { events.push_back("ready"); }
  void on_heartbeat_ack() override { events.push_back("ack"); }
  void on_marker(fanout_marker m) override {
    events.push_back("marker " + std::to_string(m.seq) + " " + std::to_string(m.sent_us));
  }
  void on_invalid_session(bool resumable) override { events.push_back(resumable ? "op9 true" : "op9 false"); }
  void on_failure(std::string_view why) override { events.push_back("failure " + std::string(why)); }
  std::vector<std::string> events;
};

// The server end: answers the upgrade, frames payloads (compressed if asked), decodes the client.
class fake_gateway {
 public:
  explicit fake_gateway(bool zlib) : ws_(ws::role::server) {
    if (zlib) deflater_.emplace();
  }

  // The 101 response for the client's request.
  std::string accept(std::string_view request) {
    const std::string_view marker = "Sec-WebSocket-Key: ";
    const auto at = request.find(marker);
    EXPECT_NE(at, std::string_view::npos);
    const auto key = request.substr(at + marker.size(), request.find("\r\n", at) - at - marker.size());
    EXPECT_TRUE(ws::is_valid_client_key(key));
    return ws::make_upgrade_response(key).value();
  }

  // Frames for one payload; with zlib, `split` cuts the compressed bytes into two messages.
  std::string frame(std::string_view payload, bool split = false) {
    std::string out;
    if (!deflater_) {
      EXPECT_TRUE(ws_.send_text(payload));
    } else {
      std::string compressed;
      EXPECT_TRUE(deflater_->compress(payload, compressed));
      if (split) {
        const std::size_t half = compressed.size() / 2;
        EXPECT_TRUE(ws_.send_binary(bytes_of(std::string_view(compressed).substr(0, half))));
        EXPECT_TRUE(ws_.send_binary(bytes_of(std::string_view(compressed).substr(half))));
      } else {
        EXPECT_TRUE(ws_.send_binary(bytes_of(compressed)));
      }
    }
    ws_.take_output(out);
    return out;
  }

  std::string close_frame(std::uint16_t code) {
    EXPECT_TRUE(ws_.send_close(code, "bye"));
    std::string out;
    ws_.take_output(out);
    return out;
  }

  // Text messages decoded from the client's bytes.
  std::vector<std::string> receive(std::string_view client_bytes) {
    std::vector<std::string> texts;
    ws_.feed(client_bytes);
    for (auto ev = ws_.next_event(); ev.kind != ws::event_kind::need_more; ev = ws_.next_event()) {
      EXPECT_EQ(ev.kind, ws::event_kind::text);
      texts.emplace_back(ev.text());
    }
    return texts;
  }

 private:
  ws::connection ws_;
  std::optional<proto::compress::zlib_stream_deflater> deflater_;
};

constexpr std::string_view hello = R"({"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null})";
constexpr std::string_view ready =
    R"({"t":"READY","s":1,"op":0,"d":{"v":10,"user":{"id":"1","username":"u"},"guilds":[],"session_id":"abc"}})";
constexpr std::string_view user_update =
    R"({"t":"USER_UPDATE","s":2,"op":0,"d":{"id":"1","username":"u","global_name":"plb.5.123456789"}})";
constexpr std::string_view other_dispatch =
    R"({"t":"MESSAGE_CREATE","s":3,"op":0,"d":{"content":"plb.6.1"}})";
constexpr std::string_view ack = R"({"op":11,"d":null,"s":null,"t":null})";

std::string take(load_client& c) {
  std::string out;
  c.take_output(out);
  return out;
}

void run_session(bool zlib) {
  const auto settings = make_settings(zlib);
  fake_gateway server(zlib);
  recorder events;
  std::string scratch;
  const std::array<std::uint8_t, 16> key_random{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  load_client client(settings, identify_payload, key_random);
  EXPECT_EQ(client.phase(), client_phase::upgrading);

  const std::string request = take(client);
  EXPECT_EQ(request.substr(0, request.find("\r\n")), "GET " + settings.target + " HTTP/1.1");
  EXPECT_NE(request.find("Host: 127.0.0.1:8080\r\n"), std::string::npos);
  EXPECT_FALSE(client.has_output());

  // The 101 and Hello arrive in one read: Hello is the upgrade's leftover.
  std::string first_read = server.accept(request);
  first_read += server.frame(hello);
  client.receive(bytes_of(first_read), scratch, events);
  EXPECT_EQ(events.events, std::vector<std::string>{"hello 41250"});
  EXPECT_EQ(client.phase(), client_phase::identifying);
  EXPECT_EQ(server.receive(take(client)), std::vector<std::string>{std::string(identify_payload)});

  client.receive(bytes_of(server.frame(ready)), scratch, events);
  EXPECT_EQ(client.phase(), client_phase::ready);
  EXPECT_EQ(client.last_seq(), 1u);

  client.send_heartbeat();
  EXPECT_EQ(server.receive(take(client)), std::vector<std::string>{R"({"op":1,"d":1})"});
  // Frames are built in order: the zlib stream is shared (operands of + are unsequenced).
  std::string burst = server.frame(ack);
  burst += server.frame(user_update, true);
  burst += server.frame(other_dispatch);
  client.receive(bytes_of(burst), scratch, events);
  EXPECT_EQ(client.last_seq(), 3u);

  // A server-requested heartbeat is answered at once.
  client.receive(bytes_of(server.frame(R"({"op":1,"d":null})")), scratch, events);
  EXPECT_EQ(server.receive(take(client)), std::vector<std::string>{R"({"op":1,"d":3})"});

  client.receive(bytes_of(server.frame(R"({"op":9,"d":false})")), scratch, events);
  EXPECT_EQ(client.phase(), client_phase::invalid_session);
  client.send_identify();
  EXPECT_EQ(client.phase(), client_phase::identifying);
  EXPECT_EQ(server.receive(take(client)).size(), 1u);

  client.receive(bytes_of(server.close_frame(4004)), scratch, events);
  EXPECT_EQ(client.phase(), client_phase::failed);
  EXPECT_EQ(events.events, (std::vector<std::string>{"hello 41250", "ready", "ack", "marker 5 123456789", "op9 false",
                                                     "failure server closed with 4004 bye"}));
}

TEST(load_client, full_session_json) { run_session(false); }
TEST(load_client, full_session_zlib_stream) { run_session(true); }

// The server's whole byte stream, split at every offset and byte by byte, gives the same events.
TEST(load_client, every_split_of_the_server_stream) {
  for (bool zlib : {false, true}) {
    const auto settings = make_settings(zlib);
    const std::array<std::uint8_t, 16> key_random{};
    fake_gateway server(zlib);
    load_client probe(settings, identify_payload, key_random);
    std::string stream = server.accept(take(probe));
    stream += server.frame(hello); // in order: the zlib stream is shared
    stream += server.frame(ready);
    stream += server.frame(user_update, true);
    stream += server.frame(ack);
    const std::vector<std::string> expected{"hello 41250", "ready", "marker 5 123456789", "ack"};

    auto run = [&](const std::vector<std::string_view>& pieces) {
      load_client client(settings, identify_payload, key_random);
      (void)take(client);
      recorder events;
      std::string scratch;
      for (auto piece : pieces) client.receive(bytes_of(piece), scratch, events);
      return events.events;
    };
    for (std::size_t cut = 0; cut <= stream.size(); ++cut)
      ASSERT_EQ(run({std::string_view(stream).substr(0, cut), std::string_view(stream).substr(cut)}), expected)
          << "zlib " << zlib << " cut " << cut;
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < stream.size(); ++i) bytes.push_back(std::string_view(stream).substr(i, 1));
    EXPECT_EQ(run(bytes), expected) << "zlib " << zlib;
  }
}

TEST(load_client, refused_upgrade_reports_the_status) {
  const auto settings = make_settings(false);
  const std::array<std::uint8_t, 16> key_random{};
  load_client client(settings, identify_payload, key_random);
  (void)take(client);
  recorder events;
  std::string scratch;
  client.receive(bytes_of("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"), scratch, events);
  ASSERT_EQ(events.events.size(), 1u);
  EXPECT_NE(events.events[0].find("HTTP 404"), std::string::npos) << events.events[0];
  EXPECT_EQ(client.phase(), client_phase::failed);
  client.receive(bytes_of("more"), scratch, events); // ignored after failure
  EXPECT_EQ(events.events.size(), 1u);
}

TEST(load_client, bad_payloads_fail_the_client) {
  for (std::string_view bad : {std::string_view("not json"), std::string_view(R"({"d":1})")}) {
    const auto settings = make_settings(false);
    const std::array<std::uint8_t, 16> key_random{};
    fake_gateway server(false);
    load_client client(settings, identify_payload, key_random);
    recorder events;
    std::string scratch;
    client.receive(bytes_of(server.accept(take(client)) + server.frame(bad)), scratch, events);
    ASSERT_EQ(events.events.size(), 1u) << bad;
    EXPECT_EQ(events.events[0].rfind("failure gateway payload", 0), 0u) << events.events[0];
  }
}

TEST(load_client, corrupt_zlib_stream_fails_the_client) {
  const auto settings = make_settings(true);
  const std::array<std::uint8_t, 16> key_random{};
  fake_gateway plain(false);
  load_client client(settings, identify_payload, key_random);
  recorder events;
  std::string scratch;
  // A binary message of garbage ending with the flush suffix.
  ws::connection server_ws(ws::role::server);
  ASSERT_TRUE(server_ws.send_binary(bytes_of(std::string_view("\x12\x34\x56\x00\x00\xff\xff", 7))));
  std::string frame;
  server_ws.take_output(frame);
  client.receive(bytes_of(plain.accept(take(client)) + frame), scratch, events);
  ASSERT_EQ(events.events.size(), 1u);
  EXPECT_EQ(events.events[0].rfind("failure zlib-stream", 0), 0u) << events.events[0];
}

} // namespace
} // namespace parley::bench::gateway_load
