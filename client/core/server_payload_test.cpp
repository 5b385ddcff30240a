// Tests of server payload decoding (server_payload.hpp): envelope checks and ETF snowflakes.
#include "client/core/server_payload.hpp"

#include "client/core/client_error.hpp"
#include "proto/etf/encoder.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace parley::client {
namespace {

using proto::gateway::encoding;

TEST(server_payload, json_envelope) {
  auto p = decode_server_payload(R"({"op":0,"s":12,"t":"MESSAGE_CREATE","d":{"id":"1"}})", encoding::json);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->op, 0);
  EXPECT_EQ(p->s, 12u);
  EXPECT_EQ(p->t, "MESSAGE_CREATE");
  EXPECT_EQ(p->d, boost::json::parse(R"({"id":"1"})"));
  auto hello = decode_server_payload(R"({"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null})", encoding::json);
  ASSERT_TRUE(hello);
  EXPECT_FALSE(hello->s);
  EXPECT_TRUE(hello->t.empty());
}

TEST(server_payload, malformed_envelopes) {
  for (std::string_view bad : {R"([1])", R"({"d":1})", R"({"op":"0"})", R"({"op":1.5})", R"({"op":0,"s":-1})",
                               R"({"op":0,"s":"1"})", R"({"op":18446744073709551615})"}) {
    auto p = decode_server_payload(bad, encoding::json);
    ASSERT_FALSE(p) << bad;
    EXPECT_EQ(p.error(), client_errc::bad_payload) << bad;
  }
  EXPECT_FALSE(decode_server_payload("{", encoding::json));
  EXPECT_FALSE(decode_server_payload("", encoding::etf));
  EXPECT_FALSE(decode_server_payload("\x83\x6a", encoding::etf)); // a list, not a map
}

TEST(server_payload, etf_large_integers_become_strings) {
  std::string bytes;
  proto::etf::encode(boost::json::parse(
                         R"({"op":0,"s":3,"t":"GUILD_CREATE","d":{"id":41771983423143937,"small":4294967295,"big":4294967296,"neg":-4294967296,"list":[18446744073709551615]}})"),
                     bytes);
  auto p = decode_server_payload(bytes, encoding::etf);
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(p->s, 3u);
  EXPECT_EQ(p->t, "GUILD_CREATE");
  EXPECT_EQ(p->d, boost::json::parse(
                      R"({"id":"41771983423143937","small":4294967295,"big":"4294967296","neg":"-4294967296","list":["18446744073709551615"]})"));
  auto raw = decode_server_payload(bytes, encoding::etf, {.etf_large_integers_as_strings = false});
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->d.at("id"), 41771983423143937);
}

} // namespace
} // namespace parley::client
