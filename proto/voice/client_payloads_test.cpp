// Tests of the payloads a voice client sends (voice.md §3.4, §4, §5.1): decoding as the server
// does, field by field and with wrong types, and client encoding round trips.
#include "proto/voice/client_payloads.hpp"

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

// Every proper prefix of a whole message fails to decode; the whole one decodes to `op`.
void expect_prefixes_fail(const std::string& text, opcode op) {
  auto whole = decode_message(text, max_client_message_size);
  ASSERT_TRUE(whole) << text;
  EXPECT_EQ(whole->op, static_cast<int>(op));
  for (std::size_t n = 0; n < text.size(); ++n) {
    EXPECT_FALSE(decode_message(std::string_view(text).substr(0, n), max_client_message_size)) << n;
  }
}

TEST(identify, discord_js_payload) {
  auto r = decode_identify(d_of(R"({"server_id":"111","user_id":"222","session_id":"abc","token":"tok",
    "max_dave_protocol_version":1})"));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->server_id, 111u);
  EXPECT_EQ(r->user_id, 222u);
  EXPECT_EQ(r->session_id, "abc");
  EXPECT_EQ(r->token, "tok");
  EXPECT_EQ(r->max_dave_protocol_version, 1);
}

TEST(identify, dave_version_absent_or_null_is_zero_and_integer_ids_are_accepted) {
  auto r = decode_identify(d_of(R"({"server_id":111,"user_id":222,"session_id":"s","token":"t",
    "max_dave_protocol_version":null})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->max_dave_protocol_version, 0);
  EXPECT_EQ(r->server_id, 111u);
}

TEST(identify, each_field_wrong) {
  auto e = [](std::string_view j) { return error_of(decode_identify, j); };
  EXPECT_EQ(e("[]"), make_error_code(payload_errc::not_an_object));
  EXPECT_EQ(e(R"({"user_id":"2","session_id":"s","token":"t"})"), make_error_code(payload_errc::bad_server_id));
  EXPECT_EQ(e(R"({"server_id":"x1","user_id":"2","session_id":"s","token":"t"})"),
            make_error_code(payload_errc::bad_server_id));
  EXPECT_EQ(e(R"({"server_id":"1","user_id":-2,"session_id":"s","token":"t"})"),
            make_error_code(payload_errc::bad_user_id));
  EXPECT_EQ(e(R"({"server_id":"1","user_id":"2","session_id":5,"token":"t"})"),
            make_error_code(payload_errc::bad_session_id));
  EXPECT_EQ(e(R"({"server_id":"1","user_id":"2","session_id":"s","token":["t"]})"),
            make_error_code(payload_errc::bad_token));
  EXPECT_EQ(e(R"({"server_id":"1","user_id":"2","session_id":"s","token":"t","max_dave_protocol_version":"1"})"),
            make_error_code(payload_errc::bad_max_dave_protocol_version));
  EXPECT_EQ(e(R"({"server_id":"1","user_id":"2","session_id":"s","token":"t","max_dave_protocol_version":-1})"),
            make_error_code(payload_errc::bad_max_dave_protocol_version));
}

TEST(identify, round_trip) {
  identify in{18446744073709551615u, 42, "sess", "tok\"en", 1};
  std::string text = encode(in);
  expect_prefixes_fail(text, opcode::identify);
  auto m = decode_message(text, max_client_message_size);
  auto out = decode_identify(m->d);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, in);
  EXPECT_NE(text.find(R"("server_id":"18446744073709551615")"), std::string::npos);
}

TEST(select_protocol, discord_js_and_discord_client_payloads) {
  auto r = decode_select_protocol(
      d_of(R"({"protocol":"udp","data":{"address":"203.0.113.5","port":50000,"mode":"aead_aes256_gcm_rtpsize"}})"));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->address, "203.0.113.5");
  EXPECT_EQ(r->port, 50000);
  EXPECT_EQ(r->mode, encryption_mode::aead_aes256_gcm_rtpsize);
  // Real Discord clients add codecs and duplicate fields at the top level; extras are ignored.
  auto d = decode_select_protocol(d_of(R"({"protocol":"udp","address":"1.1.1.1","port":1,"mode":"x",
    "codecs":[{"name":"opus","type":"audio","priority":1000,"payload_type":120}],"rtc_connection_id":"u",
    "data":{"address":"10.0.0.1","port":4000,"mode":"aead_xchacha20_poly1305_rtpsize"}})"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->address, "10.0.0.1");
  EXPECT_EQ(d->mode, encryption_mode::aead_xchacha20_poly1305_rtpsize);
}

TEST(select_protocol, each_field_wrong) {
  auto e = [](std::string_view j) { return error_of(decode_select_protocol, j); };
  EXPECT_EQ(e("null"), make_error_code(payload_errc::not_an_object));
  EXPECT_EQ(e(R"({"data":{}})"), make_error_code(payload_errc::bad_protocol));
  EXPECT_EQ(e(R"({"protocol":"webrtc","data":{}})"), make_error_code(payload_errc::unknown_protocol));
  EXPECT_EQ(e(R"({"protocol":"UDP","data":{}})"), make_error_code(payload_errc::unknown_protocol));
  EXPECT_EQ(e(R"({"protocol":"udp","data":"x"})"), make_error_code(payload_errc::bad_data));
  EXPECT_EQ(e(R"({"protocol":"udp","data":{"address":1,"port":1,"mode":"xsalsa20_poly1305"}})"),
            make_error_code(payload_errc::bad_address));
  EXPECT_EQ(e(R"({"protocol":"udp","data":{"address":"a","port":65536,"mode":"xsalsa20_poly1305"}})"),
            make_error_code(payload_errc::bad_port));
  EXPECT_EQ(e(R"({"protocol":"udp","data":{"address":"a","port":"1","mode":"xsalsa20_poly1305"}})"),
            make_error_code(payload_errc::bad_port));
  EXPECT_EQ(e(R"({"protocol":"udp","data":{"address":"a","port":1,"mode":true}})"),
            make_error_code(payload_errc::bad_mode));
  EXPECT_EQ(e(R"({"protocol":"udp","data":{"address":"a","port":1,"mode":"aead_aes256_gcm_rtpsize "}})"),
            make_error_code(payload_errc::unknown_mode));
}

TEST(select_protocol, round_trip_every_mode) {
  for (std::size_t i = 0; i < encryption_mode_count; ++i) {
    select_protocol in{"192.0.2.1", 1234, static_cast<encryption_mode>(i)};
    std::string text = encode(in);
    auto m = decode_message(text, max_client_message_size);
    ASSERT_TRUE(m);
    auto out = decode_select_protocol(m->d);
    ASSERT_TRUE(out) << text;
    EXPECT_EQ(*out, in);
  }
  expect_prefixes_fail(encode(select_protocol{"192.0.2.1", 1, encryption_mode::aead_aes256_gcm_rtpsize}),
                       opcode::select_protocol);
}

TEST(heartbeat, v8_object_and_legacy_integer) {
  auto v8 = decode_heartbeat(d_of(R"({"t":1501184119561,"seq_ack":10})"));
  ASSERT_TRUE(v8);
  EXPECT_EQ(v8->nonce, 1501184119561);
  EXPECT_EQ(v8->seq_ack, 10);
  auto none = decode_heartbeat(d_of(R"({"t":1,"seq_ack":-1})"));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->seq_ack, -1);
  auto absent = decode_heartbeat(d_of(R"({"t":1})"));
  ASSERT_TRUE(absent);
  EXPECT_FALSE(absent->seq_ack);
  auto legacy = decode_heartbeat(d_of("1501184119561"));
  ASSERT_TRUE(legacy);
  EXPECT_EQ(legacy->nonce, 1501184119561);
  EXPECT_FALSE(legacy->seq_ack);
}

TEST(heartbeat, each_field_wrong) {
  auto e = [](std::string_view j) { return error_of(decode_heartbeat, j); };
  EXPECT_EQ(e(R"("123")"), make_error_code(payload_errc::bad_nonce));
  EXPECT_EQ(e("null"), make_error_code(payload_errc::bad_nonce));
  EXPECT_EQ(e(R"({"seq_ack":1})"), make_error_code(payload_errc::bad_nonce));
  EXPECT_EQ(e(R"({"t":1.5})"), make_error_code(payload_errc::bad_nonce));
  EXPECT_EQ(e(R"({"t":1,"seq_ack":-2})"), make_error_code(payload_errc::bad_seq_ack));
  EXPECT_EQ(e(R"({"t":1,"seq_ack":"3"})"), make_error_code(payload_errc::bad_seq_ack));
}

TEST(heartbeat, round_trip) {
  for (const heartbeat& in : {heartbeat{-5, std::nullopt}, heartbeat{1501184119561, 65535}}) {
    std::string text = encode(in);
    expect_prefixes_fail(text, opcode::heartbeat);
    auto out = decode_heartbeat(decode_message(text, max_client_message_size)->d);
    ASSERT_TRUE(out);
    EXPECT_EQ(*out, in);
  }
}

TEST(speaking, client_form) {
  auto r = decode_speaking(d_of(R"({"speaking":5,"delay":0,"ssrc":4294967295})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->flags, speaking_microphone | speaking_priority);
  EXPECT_EQ(r->ssrc, 4294967295u);
  auto old = decode_speaking(d_of(R"({"speaking":true,"ssrc":1})"));
  ASSERT_TRUE(old);
  EXPECT_EQ(old->flags, speaking_microphone);
  EXPECT_EQ(old->delay, 0);
}

TEST(speaking, each_field_wrong) {
  auto e = [](std::string_view j) { return error_of(decode_speaking, j); };
  EXPECT_EQ(e("3"), make_error_code(payload_errc::not_an_object));
  EXPECT_EQ(e(R"({"ssrc":1})"), make_error_code(payload_errc::bad_speaking));
  EXPECT_EQ(e(R"({"speaking":-1,"ssrc":1})"), make_error_code(payload_errc::bad_speaking));
  EXPECT_EQ(e(R"({"speaking":"1","ssrc":1})"), make_error_code(payload_errc::bad_speaking));
  EXPECT_EQ(e(R"({"speaking":1,"delay":"0","ssrc":1})"), make_error_code(payload_errc::bad_delay));
  EXPECT_EQ(e(R"({"speaking":1,"delay":0})"), make_error_code(payload_errc::bad_ssrc));
  EXPECT_EQ(e(R"({"speaking":1,"ssrc":4294967296})"), make_error_code(payload_errc::bad_ssrc));
}

TEST(speaking, round_trip) {
  speaking in{speaking_microphone, 0, 0xCAFEBABE};
  std::string text = encode(in);
  expect_prefixes_fail(text, opcode::speaking);
  auto out = decode_speaking(decode_message(text, max_client_message_size)->d);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, in);
}

TEST(resume, fields_and_round_trip) {
  auto r = decode_resume(d_of(R"({"server_id":"1","session_id":"s","token":"t","seq_ack":10})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->seq_ack, 10);
  auto e = [](std::string_view j) { return error_of(decode_resume, j); };
  EXPECT_EQ(e(R"({"session_id":"s","token":"t"})"), make_error_code(payload_errc::bad_server_id));
  EXPECT_EQ(e(R"({"server_id":"1","token":"t"})"), make_error_code(payload_errc::bad_session_id));
  EXPECT_EQ(e(R"({"server_id":"1","session_id":"s","token":1})"), make_error_code(payload_errc::bad_token));
  EXPECT_EQ(e(R"({"server_id":"1","session_id":"s","token":"t","seq_ack":true})"),
            make_error_code(payload_errc::bad_seq_ack));

  resume in{99, "sess", "tok", 7};
  std::string text = encode(in);
  expect_prefixes_fail(text, opcode::resume);
  auto out = decode_resume(decode_message(text, max_client_message_size)->d);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, in);
}

} // namespace
} // namespace parley::proto::voice
