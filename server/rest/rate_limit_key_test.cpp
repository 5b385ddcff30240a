// Tests of the rate limiter keys the REST front derives from a request.
#include "server/rest/rate_limit_key.hpp"

#include <gtest/gtest.h>

namespace parley::server::rest {
namespace {

namespace ip = boost::asio::ip;

TEST(CallerOf, MappedIpv4IsTheSameCallerAsIpv4) {
  const auto v4 = caller_of(ip::make_address("192.0.2.7"));
  const auto mapped = caller_of(ip::make_address("::ffff:192.0.2.7"));
  EXPECT_EQ(v4.type(), ratelimit::caller_identity::kind::address);
  EXPECT_EQ(v4, mapped);
  EXPECT_NE(v4, caller_of(ip::make_address("192.0.2.8")));
}

TEST(CallerOf, Ipv6IsKeyedByItsSlash64) {
  EXPECT_EQ(caller_of(ip::make_address("2001:db8:1:2::1")), caller_of(ip::make_address("2001:db8:1:2::ffff")));
  EXPECT_NE(caller_of(ip::make_address("2001:db8:1:2::1")), caller_of(ip::make_address("2001:db8:1:3::1")));
}

TEST(CallerOf, AddressIsNeverAUser) {
  EXPECT_NE(caller_of(ip::make_address("0.0.0.1")), ratelimit::caller_identity::user(1));
}

TEST(ResourceIdOf, DecimalIds) {
  EXPECT_EQ(resource_id_of("41771983423143937"), 41771983423143937u);
  EXPECT_EQ(resource_id_of("18446744073709551615"), 18446744073709551615u);
}

TEST(ResourceIdOf, AnythingElseIsZero) {
  for (const auto text : {"", "abc", "12a", "-1", "+1", " 1", "18446744073709551616", "@me"}) {
    EXPECT_EQ(resource_id_of(text), 0u) << text;
  }
}

} // namespace
} // namespace parley::server::rest
