// Tests for client payload envelope decoding (gateway.md §1.2, §1.3, §2).
#include "proto/gateway/inbound_payload.hpp"

#include "proto/gateway/close_code.hpp"

#include "proto/etf/encoder.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <string>

namespace parley::proto::gateway {
namespace {

error_code decode_error_of(std::string_view bytes) {
  auto r = decode_payload(bytes, encoding::json);
  return r ? error_code{} : r.error();
}

TEST(inbound_payload, decodes_op_and_d) {
  auto r = decode_payload(R"({"op":1,"d":251})", encoding::json);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->op, 1);
  EXPECT_EQ(r->d, boost::json::value(251));

  auto with_extra = decode_payload(R"({"t":null,"s":null,"d":{"a":[1,2]},"op":3})", encoding::json);
  ASSERT_TRUE(with_extra);
  EXPECT_EQ(with_extra->op, 3);
  EXPECT_EQ(boost::json::serialize(with_extra->d), R"({"a":[1,2]})");
}

TEST(inbound_payload, missing_d_is_null) {
  auto r = decode_payload(R"({"op":1})", encoding::json);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->d.is_null());
}

TEST(inbound_payload, size_limit_is_4096_bytes) {
  std::string head = R"({"op":1,"d":null,"x":")";
  std::string exact = head + std::string(4096 - head.size() - 2, 'a') + "\"}";
  ASSERT_EQ(exact.size(), 4096u);
  EXPECT_TRUE(decode_payload(exact, encoding::json));
  std::string over = head + std::string(4096 - head.size() - 1, 'a') + "\"}";
  ASSERT_EQ(over.size(), 4097u);
  EXPECT_EQ(decode_error_of(over), close_code::decode_error);
}

TEST(inbound_payload, unparseable_is_4002) {
  for (std::string_view bad : {"", "{", R"({"op":1,)", "not json", R"({"op":1}garbage)", "\xff\xfe",
                               R"({"op":"1)", R"({"op":1,"d":"\ud800"})"}) {
    EXPECT_EQ(decode_error_of(bad), close_code::decode_error) << bad;
  }
}

TEST(inbound_payload, not_an_object_is_4002) {
  for (std::string_view bad : {"1", "null", "[]", R"("op")", "[{\"op\":1}]", "true"}) {
    EXPECT_EQ(decode_error_of(bad), close_code::decode_error) << bad;
  }
}

TEST(inbound_payload, bad_op_is_4001) {
  for (std::string_view bad : {R"({"d":null})", R"({"op":null})", R"({"op":"1"})", R"({"op":1.0})",
                               R"({"op":1.5})", R"({"op":true})", R"({"op":[1]})", R"({"op":18446744073709551615})"}) {
    EXPECT_EQ(decode_error_of(bad), close_code::unknown_opcode) << bad;
  }
}

TEST(inbound_payload, depth_limit) {
  std::string deep = R"({"op":1,"d":)";
  std::string nested_ok = deep + std::string(30, '[') + std::string(30, ']') + "}";
  EXPECT_TRUE(decode_payload(nested_ok, encoding::json));
  std::string nested_bad = deep + std::string(40, '[') + std::string(40, ']') + "}";
  EXPECT_EQ(decode_error_of(nested_bad), close_code::decode_error);
}

TEST(inbound_payload, every_truncation_of_a_valid_payload_is_4002) {
  // Payloads arrive as whole WebSocket messages (no streaming), so the "split at every offset"
  // rule becomes: every strict prefix must fail cleanly, never crash or succeed.
  std::string valid = R"({"op":2,"d":{"token":"abc","properties":{"os":"linux"},"intents":513,"shard":[0,1]}})";
  ASSERT_TRUE(decode_payload(valid, encoding::json));
  for (std::size_t n = 0; n < valid.size(); ++n) {
    EXPECT_EQ(decode_error_of(valid.substr(0, n)), close_code::decode_error) << n;
  }
}

TEST(inbound_payload, uses_the_given_storage) {
  unsigned char buffer[4096];
  boost::json::monotonic_resource mr(buffer, sizeof buffer);
  boost::json::storage_ptr sp(&mr);
  auto r = decode_payload(R"({"op":3,"d":{"status":"online","activities":[{"name":"x"}]}})", encoding::json, sp);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->d.storage().get(), sp.get());
  auto empty = decode_payload(R"({"op":1})", encoding::json, sp);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->d.storage().get(), sp.get());
}

TEST(inbound_payload, etf_identify) {
  auto value = boost::json::parse(
      R"({"op":2,"d":{"token":"t","intents":513,"properties":{"os":"linux"},"shard":[0,1],"x":[1.5,null,true,-3,41771983423143937]}})");
  std::string bytes;
  etf::encode(value, bytes);
  auto r = decode_payload(bytes, encoding::etf);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->op, 2);
  EXPECT_EQ(r->d, value.at("d"));
}

TEST(inbound_payload, etf_example_from_the_spec) {
  const char literal[] = "\x83\x74\x00\x00\x00\x02\x6D\x00\x00\x00\x02\x6F\x70\x61\x01\x6D\x00\x00\x00\x01\x64\x61\xFB";
  auto r = decode_payload(std::string_view(literal, sizeof literal - 1), encoding::etf);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->op, 1);
  EXPECT_EQ(r->d, 251);
}

TEST(inbound_payload, etf_errors) {
  std::string bytes;
  etf::encode(boost::json::parse(R"({"op":4,"d":{"guild_id":"1","channel_id":null}})"), bytes);
  ASSERT_TRUE(decode_payload(bytes, encoding::etf));
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto r = decode_payload(std::string_view(bytes).substr(0, n), encoding::etf);
    ASSERT_FALSE(r) << n;
    EXPECT_EQ(r.error(), close_code::decode_error) << n;
  }
  std::string not_map;
  etf::encode(boost::json::parse("[1,2]"), not_map);
  EXPECT_EQ(decode_payload(not_map, encoding::etf).error(), close_code::decode_error);
  std::string string_op;
  etf::encode(boost::json::parse(R"({"op":"1"})"), string_op);
  EXPECT_EQ(decode_payload(string_op, encoding::etf).error(), close_code::unknown_opcode);
  std::string big;
  etf::encode(boost::json::value{{"op", 1}, {"d", std::string(4100, 'x')}}, big);
  EXPECT_EQ(decode_payload(big, encoding::etf).error(), close_code::decode_error);
}

} // namespace
} // namespace parley::proto::gateway
