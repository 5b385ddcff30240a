// Tests of base URL parsing (rest.md §1).
#include "client/rest/base_url.hpp"

#include <gtest/gtest.h>

#include "client/rest/rest_error.hpp"

namespace parley::client::rest {
namespace {

TEST(BaseUrl, DiscordDefaults) {
  const auto u = parse_base_url("https://discord.com");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "discord.com");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->host_header, "discord.com");
  EXPECT_EQ(u->api_prefix, "/api/v10");
}

TEST(BaseUrl, PlainHttpWithPortAndPrefix) {
  const auto u = parse_base_url("http://127.0.0.1:8080/api/v9/");
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->tls);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->host_header, "127.0.0.1:8080");
  EXPECT_EQ(u->api_prefix, "/api/v9");
  EXPECT_EQ(parse_base_url("http://example.org:80")->host_header, "example.org") << "default port left out";
}

TEST(BaseUrl, Ipv6Literal) {
  const auto u = parse_base_url("https://[::1]:8443");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->host_header, "[::1]:8443");
}

TEST(BaseUrl, Refused) {
  for (const char* bad : {"", "discord.com", "ftp://discord.com", "http://", "http://host:0", "http://host:70000",
                          "http://host:x"}) {
    const auto u = parse_base_url(bad);
    ASSERT_FALSE(u) << bad;
    EXPECT_EQ(u.error(), make_error_code(errc::invalid_base_url)) << bad;
  }
}

} // namespace
} // namespace parley::client::rest
