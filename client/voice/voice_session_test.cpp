// Transcripts of the voice session core against a server end built from the project's RFC 6455
// codec (server role) and the voice server payload encoders (voice.md §3-§7.1), on a fake clock.
#include "client/voice/voice_session.hpp"

#include "client/voice/voice_error.hpp"
#include "proto/voice/client_payloads.hpp"
#include "proto/voice/close_code.hpp"
#include "proto/voice/ip_discovery.hpp"
#include "proto/voice/message.hpp"
#include "proto/voice/server_payloads.hpp"
#include "proto/websocket/connection.hpp"
#include "proto/websocket/handshake.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley::client::voice {
namespace {

namespace pv = proto::voice;
namespace ws = proto::websocket;
using namespace std::chrono_literals;

const time_point t0{std::chrono::hours{1000}};
const voice_credentials creds{111, 222, "main-session", "voice-token"};

// The server end of one voice WebSocket.
struct server_end {
  ws::connection conn{ws::role::server};
  std::string request;
  std::vector<std::uint16_t> closes; // Close codes the client sent

  std::string accept(std::string_view client_bytes) {
    request = std::string(client_bytes);
    constexpr std::string_view name = "Sec-WebSocket-Key: ";
    const auto start = request.find(name);
    const auto end = request.find("\r\n", start);
    return *ws::make_upgrade_response(std::string_view(request).substr(start + name.size(), end - start - name.size()));
  }
  std::string frame(std::string_view text) {
    (void)conn.send_text(text);
    std::string out;
    conn.take_output(out);
    return out;
  }
  std::string close_frame(std::uint16_t code) {
    (void)conn.send_close(code);
    std::string out;
    conn.take_output(out);
    return out;
  }
  // The client's messages in these bytes, as JSON.
  std::vector<boost::json::value> read(std::string_view bytes) {
    conn.feed(bytes);
    std::vector<boost::json::value> out;
    for (auto ev = conn.next_event(); ev.kind != ws::event_kind::need_more; ev = conn.next_event()) {
      if (ev.kind == ws::event_kind::text) out.push_back(boost::json::parse(ev.text()));
      if (ev.kind == ws::event_kind::close) closes.push_back(ev.close_code);
    }
    return out;
  }
};

std::string take(voice_session& s) {
  std::string out;
  s.take_output(out);
  return out;
}

std::vector<voice_event> events(voice_session& s) {
  std::vector<voice_event> out;
  while (auto e = s.next_event()) out.push_back(std::move(*e));
  return out;
}

std::string ready_json(std::vector<std::string> modes) {
  return pv::encode(pv::ready{7, "127.0.0.1", 50000, std::move(modes)});
}

std::array<std::uint8_t, 32> key_of(std::uint8_t base) {
  std::array<std::uint8_t, 32> key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(base + i);
  return key;
}

std::array<std::uint8_t, 74> discovery_reply(std::uint32_t ssrc, std::string_view address, std::uint16_t port) {
  std::array<std::uint8_t, 74> out{};
  EXPECT_TRUE(pv::write_ip_discovery({pv::ip_discovery_type::response, ssrc, address, port}, out));
  return out;
}

// A session taken through Identify, Hello, Ready, IP discovery and Session Description.
struct connected_session {
  voice_session session{creds, {}, make_seeded_random(7)};
  server_end server;

  connected_session() {
    EXPECT_TRUE(session.connect("voice.test:8080", "/?v=8", t0));
    auto upgrade = take(session);
    session.receive(server.accept(upgrade), t0);
    server.read(take(session)); // Identify
    session.receive(server.frame(pv::encode(pv::hello{13750})), t0);
    session.receive(server.frame(ready_json({"aead_aes256_gcm_rtpsize"})), t0);
    EXPECT_TRUE(session.on_discovery_response(discovery_reply(7, "127.0.0.1", 40000), t0));
    server.read(take(session)); // Select Protocol
    session.receive(server.frame(pv::encode(
                        pv::session_description{pv::encryption_mode::aead_aes256_gcm_rtpsize, key_of(1), 0}, 1)),
                    t0);
    events(session);
  }
};

TEST(VoiceSession, FullHandshakeTranscript) {
  voice_session s(creds, {}, make_seeded_random(1));
  server_end server;
  ASSERT_TRUE(s.connect("voice.test:8080", "/?v=8", t0));
  EXPECT_EQ(s.current_state(), voice_session::state::upgrading);
  const std::string upgrade = take(s);
  EXPECT_EQ(upgrade.rfind("GET /?v=8 HTTP/1.1\r\n", 0), 0u) << upgrade;
  EXPECT_NE(upgrade.find("Host: voice.test:8080\r\n"), std::string::npos);

  // Identify goes out as soon as the upgrade completes, before Hello (clients.md §7).
  s.receive(server.accept(upgrade), t0);
  auto sent = server.read(take(s));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("op"), 0);
  auto identify = pv::decode_identify(sent[0].at("d"));
  ASSERT_TRUE(identify);
  EXPECT_EQ(identify->server_id, 111u);
  EXPECT_EQ(identify->user_id, 222u);
  EXPECT_EQ(identify->session_id, "main-session");
  EXPECT_EQ(identify->token, "voice-token");
  EXPECT_EQ(s.current_state(), voice_session::state::identifying);

  // Hello's interval is capped at 5 s (heartbeats are cheap, and discord.py does the same).
  s.receive(server.frame(pv::encode(pv::hello{41250.5})), t0);
  EXPECT_EQ(s.heartbeat_interval(), 5000ms);
  EXPECT_EQ(s.next_deadline(), t0 + 5000ms);

  // Ready offers XChaCha first; our preference (AES-GCM) wins when both are offered.
  s.receive(server.frame(ready_json({"aead_xchacha20_poly1305_rtpsize", "aead_aes256_gcm_rtpsize"})), t0);
  auto got = events(s);
  ASSERT_EQ(got.size(), 1u);
  const auto& ready = std::get<ready_event>(got[0]);
  EXPECT_EQ(ready.ssrc, 7u);
  EXPECT_EQ(ready.ip, "127.0.0.1");
  EXPECT_EQ(ready.port, 50000);
  EXPECT_EQ(ready.mode, pv::encryption_mode::aead_aes256_gcm_rtpsize);
  EXPECT_EQ(s.current_state(), voice_session::state::discovering);

  // The IP discovery request: 74 bytes, type 1, length 70, our SSRC (§7.1).
  const auto request = s.discovery_request();
  auto parsed = pv::parse_ip_discovery(request);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->type, pv::ip_discovery_type::request);
  EXPECT_EQ(parsed->ssrc, 7u);
  EXPECT_EQ(request[0], 0);
  EXPECT_EQ(request[1], 1);
  EXPECT_EQ(request[3], 70);

  // A reply for another SSRC is refused; ours sends Select Protocol with what the server saw.
  EXPECT_EQ(s.on_discovery_response(discovery_reply(8, "203.0.113.5", 40000), t0).error(),
            make_error_code(voice_errc::bad_discovery));
  ASSERT_TRUE(s.on_discovery_response(discovery_reply(7, "203.0.113.5", 40000), t0));
  sent = server.read(take(s));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("op"), 1);
  auto select = pv::decode_select_protocol(sent[0].at("d"));
  ASSERT_TRUE(select);
  EXPECT_EQ(*select, (pv::select_protocol{"203.0.113.5", 40000, pv::encryption_mode::aead_aes256_gcm_rtpsize}));
  EXPECT_EQ(s.current_state(), voice_session::state::selecting);
  EXPECT_EQ(s.set_speaking(1, t0).error(), make_error_code(voice_errc::not_ready));

  // Session Description (numbered, seq 1): ready to send.
  s.receive(server.frame(pv::encode(
                pv::session_description{pv::encryption_mode::aead_aes256_gcm_rtpsize, key_of(9), 0}, 1)),
            t0);
  got = events(s);
  ASSERT_EQ(got.size(), 1u);
  const auto& description = std::get<session_ready_event>(got[0]);
  EXPECT_EQ(description.mode, pv::encryption_mode::aead_aes256_gcm_rtpsize);
  EXPECT_EQ(description.secret_key, key_of(9));
  EXPECT_EQ(s.current_state(), voice_session::state::ready);
  EXPECT_EQ(s.last_seq(), 1);

  // Speaking before audio, with our SSRC and delay 0 (§3.4).
  ASSERT_TRUE(s.set_speaking(pv::speaking_microphone, t0));
  sent = server.read(take(s));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("op"), 5);
  EXPECT_EQ(*pv::decode_speaking(sent[0].at("d")), (pv::speaking{1, 0, 7}));

  // Others speaking, joining and leaving become events; numbered ones advance seq_ack.
  std::string bytes = server.frame(pv::encode(pv::speaking_update{333, 9, 1}, 2));
  bytes += server.frame(pv::encode(pv::clients_connect{{444, 555}}, 3));
  bytes += server.frame(pv::encode(pv::client_disconnect{444}, 4));
  s.receive(bytes, t0 + 1s);
  got = events(s);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(std::get<speaking_event>(got[0]).user_id, 333u);
  EXPECT_EQ(std::get<speaking_event>(got[0]).ssrc, 9u);
  EXPECT_EQ(std::get<clients_connect_event>(got[1]).user_ids, (std::vector<std::uint64_t>{444, 555}));
  EXPECT_EQ(std::get<client_disconnect_event>(got[2]).user_id, 444u);

  // The heartbeat at the deadline carries the last seq as seq_ack (§4, §5).
  s.on_timer(t0 + 5000ms);
  sent = server.read(take(s));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("op"), 3);
  auto beat = pv::decode_heartbeat(sent[0].at("d"));
  ASSERT_TRUE(beat);
  EXPECT_EQ(beat->seq_ack, 4);
  EXPECT_EQ(s.next_deadline(), t0 + 10000ms);
}

TEST(VoiceSession, ResumesAfterADropWithSeqAck) {
  connected_session c;
  auto& s = c.session;
  s.connection_lost(t0 + 1s);
  auto got = events(s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(std::get<closed_event>(got[0]).error, make_error_code(voice_errc::transport_closed));
  EXPECT_TRUE(s.should_resume());

  server_end again;
  ASSERT_TRUE(s.connect("voice.test:8080", "/?v=8", t0 + 2s));
  s.receive(again.accept(take(s)), t0 + 2s);
  auto sent = again.read(take(s));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("op"), 7);
  auto resume = pv::decode_resume(sent[0].at("d"));
  ASSERT_TRUE(resume);
  EXPECT_EQ(*resume, (pv::resume{111, "main-session", "voice-token", 1}));
  EXPECT_EQ(s.current_state(), voice_session::state::resuming);

  // Resumed, then a buffered message re-sent with its original number.
  std::string bytes = again.frame(pv::encode(pv::hello{13750}));
  bytes += again.frame(pv::encode_resumed());
  bytes += again.frame(pv::encode(pv::speaking_update{333, 9, 1}, 2));
  s.receive(bytes, t0 + 2s);
  got = events(s);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<resumed_event>(got[0]));
  EXPECT_TRUE(std::holds_alternative<speaking_event>(got[1]));
  EXPECT_EQ(s.current_state(), voice_session::state::ready); // UDP state survives (§5.1)
  EXPECT_EQ(s.last_seq(), 2);
  EXPECT_TRUE(s.set_speaking(1, t0 + 2s));
}

TEST(VoiceSession, ADropBeforeSessionDescriptionRedoesDiscoveryAfterResume) {
  voice_session s(creds, {}, make_seeded_random(5));
  server_end server;
  ASSERT_TRUE(s.connect("h:1", "/?v=8", t0));
  s.receive(server.accept(take(s)), t0);
  s.receive(server.frame(ready_json({"aead_aes256_gcm_rtpsize"})), t0);
  events(s);
  s.connection_lost(t0);
  events(s);
  ASSERT_TRUE(s.should_resume());

  server_end again;
  ASSERT_TRUE(s.connect("h:1", "/?v=8", t0));
  s.receive(again.accept(take(s)), t0);
  EXPECT_EQ(again.read(take(s)).at(0).at("op"), 7);
  s.receive(again.frame(pv::encode_resumed()), t0);
  auto got = events(s);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<resumed_event>(got[0]));
  EXPECT_EQ(std::get<ready_event>(got[1]).ssrc, 7u); // discovery again, same SSRC
  EXPECT_EQ(s.current_state(), voice_session::state::discovering);
  ASSERT_TRUE(s.on_discovery_response(discovery_reply(7, "127.0.0.1", 1), t0));
  EXPECT_EQ(again.read(take(s)).at(0).at("op"), 1);
}

TEST(VoiceSession, ThreeUnansweredHeartbeatsCloseResumably) {
  connected_session c;
  auto& s = c.session;
  s.on_timer(t0 + 5s);  // beat 1
  s.on_timer(t0 + 10s); // beat 2, 1 missed
  s.on_timer(t0 + 15s); // beat 3, 2 missed
  EXPECT_EQ(s.current_state(), voice_session::state::ready);
  auto sent = c.server.read(take(s));
  EXPECT_EQ(sent.size(), 3u);
  s.on_timer(t0 + 20s); // 3 missed: dead
  auto got = events(s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(std::get<closed_event>(got[0]).error, make_error_code(voice_errc::zombie_connection));
  c.server.read(take(s));
  EXPECT_EQ(c.server.closes, (std::vector<std::uint16_t>{4000}));
  EXPECT_TRUE(s.should_resume());
}

TEST(VoiceSession, AnAckedHeartbeatKeepsTheConnection) {
  connected_session c;
  auto& s = c.session;
  for (int i = 1; i <= 6; ++i) {
    const auto now = t0 + i * 5s;
    s.on_timer(now);
    auto sent = c.server.read(take(s));
    ASSERT_EQ(sent.size(), 1u);
    auto beat = pv::decode_heartbeat(sent[0].at("d"));
    s.receive(c.server.frame(pv::encode(pv::heartbeat_ack{beat->nonce})), now);
  }
  EXPECT_EQ(s.current_state(), voice_session::state::ready);
  EXPECT_TRUE(events(s).empty());
}

TEST(VoiceSession, CloseCodesDecideResume) {
  struct expectation {
    std::uint16_t code;
    bool resumable;
  };
  for (auto [code, resumable] : {expectation{4014, false}, expectation{4006, false}, expectation{4022, false},
                                 expectation{4015, true}, expectation{4009, true}, expectation{1001, true}}) {
    connected_session c;
    std::string bytes = c.server.frame(R"({"op":5,"d":{"user_id":"1","ssrc":2,"speaking":1}})");
    bytes += c.server.close_frame(code); // sequenced: the operands of + are not
    c.session.receive(bytes, t0);
    auto got = events(c.session);
    ASSERT_EQ(got.size(), 2u) << code;
    const auto& closed = std::get<closed_event>(got[1]);
    EXPECT_EQ(closed.code, code);
    EXPECT_TRUE(closed.by_server);
    EXPECT_EQ(c.session.should_resume(), resumable) << code;
  }
}

TEST(VoiceSession, OurNormalCloseEndsTheSession) {
  connected_session c;
  ASSERT_TRUE(c.session.close(1000, t0));
  EXPECT_EQ(c.session.current_state(), voice_session::state::closing);
  c.server.read(take(c.session));
  EXPECT_EQ(c.server.closes, (std::vector<std::uint16_t>{1000}));
  c.session.receive(c.server.conn.output(), t0); // the server's echo was queued by its codec
  auto got = events(c.session);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(std::get<closed_event>(got[0]).code, 1000);
  EXPECT_FALSE(c.session.should_resume());
}

TEST(VoiceSession, NoModeInCommonFails) {
  voice_session s(creds, {}, make_seeded_random(2));
  server_end server;
  ASSERT_TRUE(s.connect("h:1", "/?v=8", t0));
  s.receive(server.accept(take(s)), t0);
  s.receive(server.frame(ready_json({"xsalsa20_poly1305"})), t0);
  auto got = events(s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(std::get<closed_event>(got[0]).error, make_error_code(voice_errc::no_mode_in_common));
  EXPECT_FALSE(s.should_resume());
}

TEST(VoiceSession, UndecodableMessageFailsTheConnection) {
  connected_session c;
  c.session.receive(c.server.frame("{not json"), t0);
  auto got = events(c.session);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(std::get<closed_event>(got[0]).error, make_error_code(voice_errc::bad_payload));
  EXPECT_TRUE(c.session.should_resume());
}

TEST(VoiceSession, NoReadyWithinTheSetupTimeout) {
  voice_session s(creds, {}, make_seeded_random(3));
  server_end server;
  ASSERT_TRUE(s.connect("h:1", "/?v=8", t0));
  s.receive(server.accept(take(s)), t0);
  s.receive(server.frame(pv::encode(pv::hello{60000})), t0);
  ASSERT_EQ(s.next_deadline(), t0 + 5s); // the heartbeat comes before the setup deadline
  s.on_timer(t0 + 5s);
  EXPECT_TRUE(events(s).empty());
  s.on_timer(t0 + 10s);
  auto got = events(s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(std::get<closed_event>(got[0]).error, make_error_code(voice_errc::join_timeout));
}

// The server's bytes from the 101 to Session Description, split at every offset, give the same
// events and the same client output as in one piece.
TEST(VoiceSession, ServerBytesSplitAtEveryOffset) {
  auto run = [](std::size_t split) {
    voice_session s(creds, {}, make_seeded_random(4));
    server_end server;
    EXPECT_TRUE(s.connect("h:1", "/?v=8", t0));
    std::string bytes = server.accept(take(s));
    bytes += server.frame(pv::encode(pv::hello{13750}));
    bytes += server.frame(ready_json({"aead_xchacha20_poly1305_rtpsize"}));
    bytes += server.frame(pv::encode(pv::speaking_update{5, 6, 1}, 1));
    split = std::min(split, bytes.size());
    s.receive(std::string_view(bytes).substr(0, split), t0);
    s.receive(std::string_view(bytes).substr(split), t0);
    std::vector<std::string> kinds;
    for (auto& e : events(s)) {
      if (auto* r = std::get_if<ready_event>(&e)) kinds.push_back("ready " + std::to_string(r->ssrc));
      if (auto* sp = std::get_if<speaking_event>(&e)) kinds.push_back("speaking " + std::to_string(sp->user_id));
      if (std::holds_alternative<closed_event>(e)) kinds.push_back("closed");
    }
    kinds.push_back("seq " + std::to_string(s.last_seq().value_or(-1)));
    kinds.push_back("mode " + std::string(pv::to_string(s.mode())));
    return kinds;
  };
  const auto whole = run(std::string::npos);
  ASSERT_EQ(whole,
            (std::vector<std::string>{"ready 7", "speaking 5", "seq 1", "mode aead_xchacha20_poly1305_rtpsize"}));
  for (std::size_t split = 0; split < 400; ++split) ASSERT_EQ(run(split), whole) << split;
}

} // namespace
} // namespace parley::client::voice
