// Tests for the gateway payload envelope scanner (gateway.md §1.3).
#include "bench/gateway_load/payload_scan.hpp"

#include "bench/gateway_load/load_error.hpp"

#include <gtest/gtest.h>

namespace parley::bench::gateway_load {
namespace {

TEST(payload_scan, hello) {
  auto f = scan_payload(R"({"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->op, 10);
  EXPECT_FALSE(f->s);
  EXPECT_TRUE(f->t.empty());
  EXPECT_EQ(f->d, R"({"heartbeat_interval":41250})");
  EXPECT_EQ(find_uint_field(f->d, "heartbeat_interval"), 41250u);
}

TEST(payload_scan, dispatch_with_nested_strings_and_any_key_order) {
  const std::string_view json =
      R"( { "t" : "USER_UPDATE" , "s" : 42, "op" : 0, "d" : {"a":"}{][\"","b":[1,{"c":null}],"global_name":"plb.3.99"} } )";
  auto f = scan_payload(json);
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_EQ(f->op, 0);
  EXPECT_EQ(f->s, 42u);
  EXPECT_EQ(f->t, "USER_UPDATE");
  EXPECT_EQ(f->d, R"({"a":"}{][\"","b":[1,{"c":null}],"global_name":"plb.3.99"})");
}

TEST(payload_scan, scalar_and_null_d) {
  auto ack = scan_payload(R"({"op":11,"d":null})");
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->op, 11);
  EXPECT_EQ(ack->d, "null");
  auto invalid = scan_payload(R"({"op":9,"d":true,"s":null,"t":null})");
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->d, "true");
  auto empty = scan_payload("{}");
  ASSERT_TRUE(empty);
  EXPECT_FALSE(empty->op);
}

TEST(payload_scan, rejects_malformed_input) {
  EXPECT_EQ(scan_payload("[1]").error(), errc::payload_not_object);
  EXPECT_EQ(scan_payload("").error(), errc::payload_not_object);
  EXPECT_EQ(scan_payload(R"({"op":0,"d":{"a":1})").error(), errc::payload_malformed);      // unclosed
  EXPECT_EQ(scan_payload(R"({"op":0,"d":"abc})").error(), errc::payload_malformed);         // unterminated string
  EXPECT_EQ(scan_payload(R"({"op":0} x)").error(), errc::payload_malformed);                // trailing bytes
  EXPECT_EQ(scan_payload(R"({"op":"0"})").error(), errc::payload_bad_field);
  EXPECT_EQ(scan_payload(R"({"s":-1})").error(), errc::payload_bad_field);
  EXPECT_EQ(scan_payload(R"({"t":5})").error(), errc::payload_bad_field);
  EXPECT_EQ(scan_payload(R"({"op":99999999999999999999})").error(), errc::payload_bad_field); // overflow
  EXPECT_EQ(scan_payload(R"({"op" 1})").error(), errc::payload_malformed);
}

TEST(payload_scan, every_truncation_fails_cleanly) {
  const std::string json = R"({"t":"READY","s":1,"op":0,"d":{"v":10,"user":{"id":"1","username":"a\"b"},"guilds":[]}})";
  ASSERT_TRUE(scan_payload(json));
  for (std::size_t n = 0; n < json.size(); ++n) EXPECT_FALSE(scan_payload(std::string_view(json).substr(0, n))) << n;
}

TEST(payload_scan, find_uint_field_requires_the_whole_key) {
  EXPECT_EQ(find_uint_field(R"({"xheartbeat_interval":5,"heartbeat_interval" : 7})", "heartbeat_interval"), 7u);
  EXPECT_FALSE(find_uint_field(R"({"heartbeat_interval":"7"})", "heartbeat_interval"));
  EXPECT_FALSE(find_uint_field(R"({"other":1})", "heartbeat_interval"));
}

} // namespace
} // namespace parley::bench::gateway_load
