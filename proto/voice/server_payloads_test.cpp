// Tests of the payloads a voice server sends (voice.md §3.4, §4, §5): client-side decoding with
// wrong types, and server encoding round trips with and without `seq`.
#include "proto/voice/server_payloads.hpp"

#include "proto/voice/message.hpp"
#include "proto/voice/opcode.hpp"
#include "proto/voice/payload_error.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <string>

namespace parley::proto::voice {
namespace {

boost::json::value d_of(std::string_view json) { return boost::json::parse(json); }

template <class Decode>
error_code error_of(Decode decode, std::string_view d_json) {
  auto r = decode(d_of(d_json));
  return r ? error_code{} : r.error();
}

// Decodes the whole message text (every proper prefix must fail) and returns its envelope.
message whole(const std::string& text, opcode op) {
  for (std::size_t n = 0; n < text.size(); ++n) {
    EXPECT_FALSE(decode_message(std::string_view(text).substr(0, n), max_server_message_size)) << n;
  }
  auto m = decode_message(text, max_server_message_size);
  EXPECT_TRUE(m) << text;
  EXPECT_EQ(m->op, static_cast<int>(op));
  return std::move(m).value();
}

TEST(hello, integer_or_fractional_interval) {
  auto r = decode_hello(d_of(R"({"heartbeat_interval":41250})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->heartbeat_interval, 41250.0);
  auto f = decode_hello(d_of(R"({"heartbeat_interval":13750.5})"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->heartbeat_interval, 13750.5);
  auto e = [](std::string_view j) { return error_of(decode_hello, j); };
  EXPECT_EQ(e("41250"), make_error_code(payload_errc::not_an_object));
  EXPECT_EQ(e("{}"), make_error_code(payload_errc::bad_heartbeat_interval));
  EXPECT_EQ(e(R"({"heartbeat_interval":"41250"})"), make_error_code(payload_errc::bad_heartbeat_interval));
  EXPECT_EQ(e(R"({"heartbeat_interval":0})"), make_error_code(payload_errc::bad_heartbeat_interval));
  EXPECT_EQ(e(R"({"heartbeat_interval":-1.5})"), make_error_code(payload_errc::bad_heartbeat_interval));

  EXPECT_EQ(encode(hello{41250}), R"({"op":8,"d":{"heartbeat_interval":41250}})");
  auto m = whole(encode(hello{13750.5}), opcode::hello);
  EXPECT_FALSE(m.seq);
  EXPECT_EQ(decode_hello(m.d)->heartbeat_interval, 13750.5);
}

TEST(ready, fields_and_round_trip) {
  auto r = decode_ready(d_of(R"({"ssrc":1,"ip":"127.0.0.1","port":1234,"modes":["aead_aes256_gcm_rtpsize",
    "aead_xchacha20_poly1305_rtpsize","future_mode"],"heartbeat_interval":1,"experiments":[]})"));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->ssrc, 1u);
  EXPECT_EQ(r->ip, "127.0.0.1");
  EXPECT_EQ(r->port, 1234);
  ASSERT_EQ(r->modes.size(), 3u);
  EXPECT_EQ(r->modes[2], "future_mode");

  auto e = [](std::string_view j) { return error_of(decode_ready, j); };
  EXPECT_EQ(e("[]"), make_error_code(payload_errc::not_an_object));
  EXPECT_EQ(e(R"({"ssrc":-1,"ip":"a","port":1,"modes":[]})"), make_error_code(payload_errc::bad_ssrc));
  EXPECT_EQ(e(R"({"ssrc":1,"ip":7,"port":1,"modes":[]})"), make_error_code(payload_errc::bad_ip));
  EXPECT_EQ(e(R"({"ssrc":1,"ip":"a","port":-1,"modes":[]})"), make_error_code(payload_errc::bad_port));
  EXPECT_EQ(e(R"({"ssrc":1,"ip":"a","port":1})"), make_error_code(payload_errc::bad_modes));
  EXPECT_EQ(e(R"({"ssrc":1,"ip":"a","port":1,"modes":["x",1]})"), make_error_code(payload_errc::bad_modes));

  ready in{0xFFFFFFFF, "192.0.2.10", 50001, {"aead_aes256_gcm_rtpsize", "aead_xchacha20_poly1305_rtpsize"}};
  auto m = whole(encode(in), opcode::ready);
  auto out = decode_ready(m.d);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, in);
}

TEST(session_description, fields_and_round_trip) {
  std::string key = "[";
  for (int i = 0; i < 32; ++i) key += std::to_string(255 - i) + (i < 31 ? "," : "]");
  auto r = decode_session_description(
      d_of(R"({"mode":"aead_aes256_gcm_rtpsize","secret_key":)" + key +
           R"(,"dave_protocol_version":0,"audio_codec":"opus","media_session_id":"m"})"));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->mode, encryption_mode::aead_aes256_gcm_rtpsize);
  EXPECT_EQ(r->secret_key[0], 255);
  EXPECT_EQ(r->secret_key[31], 224);
  EXPECT_EQ(r->dave_protocol_version, 0);

  auto e = [](std::string_view j) { return error_of(decode_session_description, j); };
  std::string k31 = "[" + std::string(30 * 2, ' ');
  for (int i = 0; i < 30; ++i) k31[1 + 2 * i] = '1', k31[2 + 2 * i] = ',';
  k31 += "1]";
  EXPECT_EQ(e(R"({"secret_key":[]})"), make_error_code(payload_errc::bad_mode));
  EXPECT_EQ(e(R"({"mode":"plain","secret_key":[]})"), make_error_code(payload_errc::unknown_mode));
  EXPECT_EQ(e(R"({"mode":"xsalsa20_poly1305","secret_key":)" + k31 + "}"),
            make_error_code(payload_errc::bad_secret_key));
  std::string k256 = key;
  k256.replace(1, 3, "256");
  EXPECT_EQ(e(R"({"mode":"xsalsa20_poly1305","secret_key":)" + k256 + "}"),
            make_error_code(payload_errc::bad_secret_key));
  EXPECT_EQ(e(R"({"mode":"xsalsa20_poly1305","secret_key":"abc"})"), make_error_code(payload_errc::bad_secret_key));
  EXPECT_EQ(e(R"({"mode":"xsalsa20_poly1305","secret_key":)" + key + R"(,"dave_protocol_version":"1"})"),
            make_error_code(payload_errc::bad_dave_protocol_version));
  // Absent dave_protocol_version reads as 0.
  auto no_dave = decode_session_description(d_of(R"({"mode":"xsalsa20_poly1305","secret_key":)" + key + "}"));
  ASSERT_TRUE(no_dave);
  EXPECT_EQ(no_dave->dave_protocol_version, 0);

  session_description in;
  in.mode = encryption_mode::aead_xchacha20_poly1305_rtpsize;
  for (std::size_t i = 0; i < in.secret_key.size(); ++i) in.secret_key[i] = static_cast<std::uint8_t>(i * 9);
  in.dave_protocol_version = 1;
  std::string text = encode(in, 3);
  EXPECT_NE(text.find(R"("dave_protocol_version":1)"), std::string::npos);
  auto m = whole(text, opcode::session_description);
  ASSERT_TRUE(m.seq);
  EXPECT_EQ(*m.seq, 3);
  auto out = decode_session_description(m.d);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, in);
  // dave_protocol_version is always written (discord.py reads it unconditionally).
  EXPECT_NE(encode(session_description{}).find(R"("dave_protocol_version":0)"), std::string::npos);
}

TEST(speaking_update, fields_and_round_trip) {
  auto r = decode_speaking_update(d_of(R"({"user_id":"123","ssrc":5,"speaking":1})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->user_id, 123u);
  auto e = [](std::string_view j) { return error_of(decode_speaking_update, j); };
  EXPECT_EQ(e(R"({"ssrc":5,"speaking":1})"), make_error_code(payload_errc::bad_user_id));
  EXPECT_EQ(e(R"({"user_id":"1","ssrc":"5","speaking":1})"), make_error_code(payload_errc::bad_ssrc));
  EXPECT_EQ(e(R"({"user_id":"1","ssrc":5,"speaking":[1]})"), make_error_code(payload_errc::bad_speaking));

  speaking_update in{9007199254740993u, 77, 1};
  auto m = whole(encode(in, 65535), opcode::speaking);
  EXPECT_EQ(m.seq, 65535);
  auto out = decode_speaking_update(m.d);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, in); // the id survives as a string beyond 2^53
}

TEST(heartbeat_ack, object_and_legacy) {
  EXPECT_EQ(decode_heartbeat_ack(d_of(R"({"t":1501184119561})")).value().nonce, 1501184119561);
  EXPECT_EQ(decode_heartbeat_ack(d_of("42")).value().nonce, 42);
  EXPECT_EQ(error_of(decode_heartbeat_ack, "{}"), make_error_code(payload_errc::bad_nonce));
  EXPECT_EQ(error_of(decode_heartbeat_ack, R"({"t":"1"})"), make_error_code(payload_errc::bad_nonce));
  auto m = whole(encode(heartbeat_ack{-3}), opcode::heartbeat_ack);
  EXPECT_FALSE(m.seq);
  EXPECT_EQ(decode_heartbeat_ack(m.d).value().nonce, -3);
}

TEST(clients_connect, fields_and_round_trip) {
  auto r = decode_clients_connect(d_of(R"({"user_ids":["1",2,"18446744073709551615"]})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->user_ids, (std::vector<std::uint64_t>{1, 2, 18446744073709551615u}));
  auto e = [](std::string_view j) { return error_of(decode_clients_connect, j); };
  EXPECT_EQ(e("[]"), make_error_code(payload_errc::not_an_object));
  EXPECT_EQ(e(R"({"user_ids":"1"})"), make_error_code(payload_errc::bad_user_ids));
  EXPECT_EQ(e(R"({"user_ids":["1",null]})"), make_error_code(payload_errc::bad_user_ids));
  EXPECT_EQ(e(R"({"user_ids":["18446744073709551616"]})"), make_error_code(payload_errc::bad_user_ids));

  clients_connect in{{5, 6, 7}};
  auto m = whole(encode(in, 1), opcode::clients_connect);
  EXPECT_EQ(decode_clients_connect(m.d).value(), in);
}

TEST(client_disconnect, fields_and_round_trip) {
  EXPECT_EQ(error_of(decode_client_disconnect, "{}"), make_error_code(payload_errc::bad_user_id));
  EXPECT_EQ(error_of(decode_client_disconnect, R"({"user_id":1.5})"), make_error_code(payload_errc::bad_user_id));
  auto m = whole(encode(client_disconnect{31337}, 9), opcode::client_disconnect);
  EXPECT_EQ(m.seq, 9);
  EXPECT_EQ(decode_client_disconnect(m.d).value().user_id, 31337u);
}

TEST(resumed, is_null_d) {
  EXPECT_EQ(encode_resumed(), R"({"op":9,"d":null})");
  auto m = whole(encode_resumed(), opcode::resumed);
  EXPECT_TRUE(m.d.is_null());
}

} // namespace
} // namespace parley::proto::voice
