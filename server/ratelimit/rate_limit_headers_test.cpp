// Tests of the rate limit headers and 429 body (rest.md §4.1-§4.2, clients.md §4.3).
#include "server/ratelimit/rate_limit_headers.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace parley::server::ratelimit {
namespace {

using namespace std::chrono_literals;
using fields = std::vector<std::pair<std::string, std::string>>;

fields to_vector(const header_list& list) {
  fields out;
  for (const auto field : list) {
    out.emplace_back(field.name, field.value);
  }
  return out;
}

std::string seconds(std::chrono::nanoseconds d) {
  char buffer[24];
  return {buffer, format_seconds(d, buffer)};
}

const auto wall = std::chrono::system_clock::time_point{} + 1470173023s;

decision allowed_decision() {
  decision d;
  d.limit = 5;
  d.remaining = 3;
  d.reset_after = 1234ms;
  d.bucket = bucket_id{0xabcd1234};
  return d;
}

TEST(rate_limit_headers, seconds_with_milliseconds_rounded_up) {
  EXPECT_EQ(seconds(0ns), "0.000");
  EXPECT_EQ(seconds(1ns), "0.001");
  EXPECT_EQ(seconds(1233100us), "1.234");
  EXPECT_EQ(seconds(1234ms), "1.234");
  EXPECT_EQ(seconds(1s), "1.000");
  EXPECT_EQ(seconds(64570ms), "64.570");
  EXPECT_EQ(seconds(-5ms), "0.000");
  EXPECT_EQ(seconds(86400s * 365), "31536000.000");
}

TEST(rate_limit_headers, allowed_response) {
  const auto headers = rate_limit_headers(allowed_decision(), wall);
  EXPECT_EQ(to_vector(headers), (fields{
                                    {"X-RateLimit-Limit", "5"},
                                    {"X-RateLimit-Remaining", "3"},
                                    {"X-RateLimit-Reset", "1470173024.234"},
                                    {"X-RateLimit-Reset-After", "1.234"},
                                    {"X-RateLimit-Bucket", "00000000abcd1234"},
                                }));
}

TEST(rate_limit_headers, reset_rounds_up_against_wall_time) {
  auto d = allowed_decision();
  d.reset_after = 64570ms;
  const auto headers = rate_limit_headers(d, wall + 500us);
  EXPECT_EQ(headers.find("X-RateLimit-Reset"), "1470173087.571");
  EXPECT_EQ(headers.find("x-ratelimit-reset-after"), "64.570");
  EXPECT_EQ(headers.find("Retry-After"), "");
}

TEST(rate_limit_headers, route_429) {
  decision d;
  d.allowed = false;
  d.scope = limit_scope::user;
  d.limit = 10;
  d.remaining = 0;
  d.reset_after = 64570ms;
  d.retry_after = 64570ms;
  d.bucket = bucket_id{0xabcd1234};
  const auto headers = rate_limit_headers(d, wall + 123ms);
  EXPECT_EQ(to_vector(headers), (fields{
                                    {"X-RateLimit-Limit", "10"},
                                    {"X-RateLimit-Remaining", "0"},
                                    {"X-RateLimit-Reset", "1470173087.693"},
                                    {"X-RateLimit-Reset-After", "64.570"},
                                    {"X-RateLimit-Bucket", "00000000abcd1234"},
                                    {"Retry-After", "65"},
                                    {"X-RateLimit-Scope", "user"},
                                    {"Via", "1.1 parley"},
                                    {"Content-Type", "application/json"},
                                }));
  EXPECT_EQ(too_many_requests_body(d), R"({"message":"You are being rate limited.","retry_after":64.570,"global":false})");
}

TEST(rate_limit_headers, global_429) {
  decision d = allowed_decision();
  d.allowed = false;
  d.scope = limit_scope::global;
  d.retry_after = 234500us;
  const auto headers = rate_limit_headers(d, wall);
  EXPECT_EQ(headers.find("X-RateLimit-Global"), "true");
  EXPECT_EQ(headers.find("X-RateLimit-Scope"), "global");
  EXPECT_EQ(headers.find("Retry-After"), "1");
  EXPECT_EQ(headers.find("Via"), "1.1 parley");
  EXPECT_EQ(headers.size(), 10u);
  EXPECT_EQ(too_many_requests_body(d), R"({"message":"You are being rate limited.","retry_after":0.235,"global":true})");
}

TEST(rate_limit_headers, shared_429_is_not_global) {
  decision d = allowed_decision();
  d.allowed = false;
  d.scope = limit_scope::shared;
  d.retry_after = 2s;
  const auto headers = rate_limit_headers(d, wall);
  EXPECT_EQ(headers.find("X-RateLimit-Scope"), "shared");
  EXPECT_EQ(headers.find("X-RateLimit-Global"), "");
  EXPECT_EQ(headers.find("Retry-After"), "2");
}

TEST(rate_limit_headers, copies_keep_their_values) {
  std::optional<header_list> original{rate_limit_headers(allowed_decision(), wall)};
  const header_list copy = *original;
  original.reset();
  EXPECT_EQ(copy.find("X-RateLimit-Reset"), "1470173024.234");
  EXPECT_EQ(copy.find("X-RateLimit-Bucket"), "00000000abcd1234");
}

} // namespace
} // namespace parley::server::ratelimit
