// Tests of client payload serialization: JSON and ETF as the server core decodes them, and ETF
// map keys as binaries (gateway.md §12.2), plus the upgrade target (gateway.md §1.1).
#include "client/core/client_payload.hpp"

#include "client/core/gateway_target.hpp"
#include "proto/etf/decoder.hpp"
#include "proto/gateway/identify.hpp"
#include "proto/gateway/inbound_payload.hpp"
#include "proto/gateway/resume.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace parley::client {
namespace {

using proto::gateway::encoding;

TEST(client_payload, identify_is_what_the_server_parses) {
  identify_params params;
  params.token = "secret";
  params.intents = 33281;
  params.shard_id = 1;
  params.shard_count = 4;
  params.large_threshold = 250;
  params.presence = boost::json::parse(R"({"since":null,"activities":[],"status":"idle","afk":false})");
  for (auto enc : {encoding::json, encoding::etf}) {
    std::string out;
    write_client_payload(enc, 2, identify_data(params), out);
    auto payload = proto::gateway::decode_payload(out, enc);
    ASSERT_TRUE(payload) << payload.error().message();
    EXPECT_EQ(payload->op, 2);
    auto identify = proto::gateway::parse_identify(payload->d, 10);
    ASSERT_TRUE(identify) << identify.error().message();
    EXPECT_EQ(identify->token, "secret");
    EXPECT_EQ(identify->intents, 33281u);
    EXPECT_EQ(identify->properties.os, "linux");
    EXPECT_EQ(identify->properties.browser, "parley");
    ASSERT_TRUE(identify->shard);
    EXPECT_EQ(identify->shard->id, 1u);
    EXPECT_EQ(identify->shard->count, 4u);
    EXPECT_EQ(identify->large_threshold, 250);
    ASSERT_TRUE(identify->presence);
  }
}

TEST(client_payload, resume_and_heartbeat) {
  for (auto enc : {encoding::json, encoding::etf}) {
    std::string out;
    write_client_payload(enc, 6, resume_data("tok", "sess", 42), out);
    auto payload = proto::gateway::decode_payload(out, enc);
    ASSERT_TRUE(payload);
    auto resume = proto::gateway::parse_resume(payload->d);
    ASSERT_TRUE(resume);
    EXPECT_EQ(resume->session_id, "sess");
    EXPECT_EQ(resume->seq, 42u);

    out.clear();
    write_client_payload(enc, 1, heartbeat_data(std::nullopt), out);
    payload = proto::gateway::decode_payload(out, enc);
    ASSERT_TRUE(payload);
    EXPECT_TRUE(payload->d.is_null());
  }
  std::string json;
  write_client_payload(encoding::json, 1, heartbeat_data(17), json);
  EXPECT_EQ(json, R"({"op":1,"d":17})");
}

TEST(client_payload, etf_keys_are_binaries) {
  // §12.2 byte example: {"op":1,"d":251}.
  std::string out;
  write_client_payload(encoding::etf, 1, 251, out);
  const std::string expected("\x83\x74\x00\x00\x00\x02"
                             "\x6d\x00\x00\x00\x02op\x61\x01"
                             "\x6d\x00\x00\x00\x01" "d\x61\xfb",
                             23);
  EXPECT_EQ(out, expected);
  // Nested objects too, and the empty array is NIL.
  out.clear();
  write_client_payload(encoding::etf, 3, boost::json::parse(R"({"a":{"b":[]}})"), out);
  const std::string nested("\x83\x74\x00\x00\x00\x02"
                           "\x6d\x00\x00\x00\x02op\x61\x03"
                           "\x6d\x00\x00\x00\x01" "d"
                           "\x74\x00\x00\x00\x01\x6d\x00\x00\x00\x01" "a"
                           "\x74\x00\x00\x00\x01\x6d\x00\x00\x00\x01" "b\x6a",
                           44);
  EXPECT_EQ(out, nested);
  out.clear();
  write_client_payload(encoding::etf, 3, boost::json::parse(R"({"activities":[],"status":"idle"})"), out);
  auto decoded = proto::etf::decode(out);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, boost::json::parse(R"({"op":3,"d":{"activities":[],"status":"idle"}})"));
}

TEST(gateway_target, query_string) {
  using proto::gateway::transport_compression;
  EXPECT_EQ(make_gateway_target("/", {}), "/?v=10&encoding=json");
  EXPECT_EQ(make_gateway_target("", {9, encoding::etf, transport_compression::zstd_stream}),
            "/?v=9&encoding=etf&compress=zstd-stream");
  EXPECT_EQ(make_gateway_target("/gateway?old=1", {10, encoding::json, transport_compression::zlib_stream}),
            "/gateway?v=10&encoding=json&compress=zlib-stream");
  // The server's own parser reads back what we wrote.
  auto parsed = proto::gateway::parse_connect_params(
      make_gateway_target("/gw", {10, encoding::etf, transport_compression::zlib_stream}));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->encoding, encoding::etf);
  EXPECT_EQ(parsed->compress, transport_compression::zlib_stream);
}

} // namespace
} // namespace parley::client
