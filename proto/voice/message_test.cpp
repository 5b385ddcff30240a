// Tests of the voice message envelope (voice.md §3.2, §5), the close codes (§6) and the close
// code chosen for each payload error.
#include "proto/voice/message.hpp"

#include "proto/voice/close_code.hpp"
#include "proto/voice/opcode.hpp"
#include "proto/voice/payload_error.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <gtest/gtest.h>

#include <string>

namespace parley::proto::voice {
namespace {

error_code error_of(std::string_view text, std::size_t max = max_client_message_size) {
  auto r = decode_message(text, max);
  return r ? error_code{} : r.error();
}

TEST(message, decodes_op_d_and_seq) {
  auto m = decode_message(R"({"op":5,"d":{"speaking":1,"delay":0,"ssrc":7},"seq":12})", max_client_message_size);
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->op, static_cast<int>(opcode::speaking));
  ASSERT_TRUE(m->seq);
  EXPECT_EQ(*m->seq, 12);
  EXPECT_EQ(m->d.at("ssrc").as_int64(), 7);

  auto resumed = decode_message(R"({"op":9,"d":null})", max_server_message_size);
  ASSERT_TRUE(resumed);
  EXPECT_TRUE(resumed->d.is_null());
  EXPECT_FALSE(resumed->seq);
  auto no_d = decode_message(R"({"op":9,"seq":null})", max_server_message_size);
  ASSERT_TRUE(no_d);
  EXPECT_TRUE(no_d->d.is_null());
  EXPECT_FALSE(no_d->seq);
}

TEST(message, keeps_d_in_the_callers_storage) {
  unsigned char buffer[4096];
  boost::json::monotonic_resource arena(buffer, sizeof buffer);
  boost::json::storage_ptr sp(&arena);
  auto m = decode_message(R"({"op":0,"d":{"server_id":"1","token":"a long enough token string"}})",
                          max_client_message_size, sp);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->d.storage().get(), sp.get());
}

TEST(message, named_errors) {
  EXPECT_EQ(error_of(std::string(4097, ' ')), make_error_code(payload_errc::too_large));
  EXPECT_EQ(error_of("{\"op\":1"), make_error_code(payload_errc::not_json));
  EXPECT_EQ(error_of("[1,2]"), make_error_code(payload_errc::not_an_object));
  EXPECT_EQ(error_of("{\"d\":{}}"), make_error_code(payload_errc::bad_op));
  EXPECT_EQ(error_of("{\"op\":\"1\"}"), make_error_code(payload_errc::bad_op));
  EXPECT_EQ(error_of("{\"op\":1.0}"), make_error_code(payload_errc::bad_op));
  EXPECT_EQ(error_of("{\"op\":-1}"), make_error_code(payload_errc::bad_op));
  EXPECT_EQ(error_of("{\"op\":1,\"seq\":65536}"), make_error_code(payload_errc::bad_seq));
  EXPECT_EQ(error_of("{\"op\":1,\"seq\":\"3\"}"), make_error_code(payload_errc::bad_seq));
  std::string deep(40, '[');
  deep += std::string(40, ']');
  EXPECT_EQ(error_of("{\"op\":1,\"d\":" + deep + "}"), make_error_code(payload_errc::not_json));
}

TEST(message, every_truncation_is_an_error) {
  const std::string text = R"({"op":1,"d":{"protocol":"udp","data":{"address":"1.2.3.4","port":5,"mode":"x"}},"seq":3})";
  ASSERT_TRUE(decode_message(text, max_client_message_size));
  for (std::size_t n = 0; n < text.size(); ++n) {
    EXPECT_FALSE(decode_message(std::string_view(text).substr(0, n), max_client_message_size)) << n;
  }
}

TEST(close_code, values_names_and_reconnect_rules) {
  EXPECT_EQ(static_cast<int>(close_code::unknown_opcode), 4001);
  EXPECT_EQ(static_cast<int>(close_code::session_no_longer_valid), 4006);
  EXPECT_EQ(static_cast<int>(close_code::unknown_encryption_mode), 4016);
  EXPECT_EQ(static_cast<int>(close_code::call_terminated), 4022);
  for (int undefined : {4000, 4007, 4008, 4010, 4013, 4018, 4019, 4023}) EXPECT_FALSE(is_voice_close_code(undefined));
  int defined = 0;
  for (int c = 4000; c < 4100; ++c) defined += is_voice_close_code(c);
  EXPECT_EQ(defined, 16);
  EXPECT_STREQ(close_code_name(close_code::e2ee_required), "e2ee_required");
  EXPECT_EQ(make_error_code(close_code::disconnected).message(), "disconnected");
  EXPECT_FALSE(client_reconnects_after(close_code::disconnected));
  EXPECT_FALSE(client_reconnects_after(close_code::rate_limited));
  EXPECT_FALSE(client_reconnects_after(close_code::call_terminated));
  EXPECT_TRUE(client_reconnects_after(close_code::session_timeout));
  EXPECT_TRUE(client_resumes_after(close_code::voice_server_crashed));
  EXPECT_FALSE(client_resumes_after(close_code::session_no_longer_valid));
}

TEST(payload_error, close_code_for_each_kind_of_error) {
  EXPECT_EQ(close_code_for(payload_errc::not_json), close_code::decode_error);
  EXPECT_EQ(close_code_for(payload_errc::bad_token), close_code::decode_error);
  EXPECT_EQ(close_code_for(payload_errc::bad_op), close_code::unknown_opcode);
  EXPECT_EQ(close_code_for(payload_errc::unknown_protocol), close_code::unknown_protocol);
  EXPECT_EQ(close_code_for(payload_errc::unknown_mode), close_code::unknown_encryption_mode);
  EXPECT_EQ(close_code_for(payload_errc::bad_ssrc), close_code::bad_request);
  EXPECT_EQ(make_error_code(payload_errc::bad_seq_ack).message(), "invalid seq_ack");
}

TEST(opcode, ignored_inbound_opcodes) {
  EXPECT_TRUE(ignored_inbound_opcode(12));
  EXPECT_TRUE(ignored_inbound_opcode(15));
  EXPECT_TRUE(ignored_inbound_opcode(16));
  EXPECT_FALSE(ignored_inbound_opcode(14));
  EXPECT_EQ(static_cast<int>(opcode::dave_mls_invalid_commit_welcome), 31);
}

} // namespace
} // namespace parley::proto::voice
