// Gateway URL parsing (gateway.md §1.1).
#include "client/runtime/gateway_url.hpp"

#include <gtest/gtest.h>

namespace parley::client {
namespace {

TEST(gateway_url, discord_and_local_forms) {
  auto d = parse_gateway_url("wss://gateway.discord.gg");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->tls);
  EXPECT_EQ(d->host, "gateway.discord.gg");
  EXPECT_EQ(d->port, 443);
  EXPECT_EQ(d->host_header, "gateway.discord.gg");
  EXPECT_EQ(d->path, "/");

  auto l = parse_gateway_url("ws://127.0.0.1:8080/gateway");
  ASSERT_TRUE(l);
  EXPECT_FALSE(l->tls);
  EXPECT_EQ(l->port, 8080);
  EXPECT_EQ(l->host_header, "127.0.0.1:8080");
  EXPECT_EQ(l->path, "/gateway");

  auto q = parse_gateway_url("wss://h.example:443/?v=9");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->host_header, "h.example"); // default port left out
  EXPECT_EQ(q->path, "/");                // the query is the core's business

  auto v6 = parse_gateway_url("ws://[::1]:9000/gateway");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->host_header, "[::1]:9000");
}

TEST(gateway_url, rejects_other_schemes_and_bad_ports) {
  EXPECT_FALSE(parse_gateway_url("ftp://x/"));
  EXPECT_FALSE(parse_gateway_url("ws://x:0/"));
  EXPECT_FALSE(parse_gateway_url("ws://x:70000/"));
  EXPECT_FALSE(parse_gateway_url("not a url"));
  EXPECT_FALSE(parse_gateway_url("ws:///path"));
}

} // namespace
} // namespace parley::client
