// Tests of parleyd's REST rate limit table, the --rate-limit-route syntax and the rate limit options.
#include "apps/parleyd/rate_limits.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::apps {
namespace {

namespace rl = server::ratelimit;
using namespace std::chrono_literals;

const rl::route_limit* find(const rl::limiter_config& c, std::string_view route) {
  const auto it = std::find_if(c.routes.begin(), c.routes.end(), [&](const auto& e) { return e.route == route; });
  return it == c.routes.end() ? nullptr : &it->limit;
}

std::variant<config, int> load(std::vector<std::string> args) {
  args.insert(args.begin(), "parleyd");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return load_config(static_cast<int>(argv.size()), argv.data());
}

TEST(ParseRouteLimit, AcceptsEachUnit) {
  const auto a = parse_route_limit("POST /auth/login=10/60s");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->route, "POST /auth/login");
  EXPECT_EQ(a->limit.limit, 10u);
  EXPECT_EQ(a->limit.window, 60s);
  EXPECT_EQ(parse_route_limit("GET /users/@me=2/250ms")->limit.window, 250ms);
  EXPECT_EQ(parse_route_limit("GET /users/@me=2/5m")->limit.window, 5min);
  EXPECT_EQ(parse_route_limit("GET /users/@me=2/1h")->limit.window, 1h);
  EXPECT_EQ(parse_route_limit("POST /channels/{channel_id}/messages=5/5s")->route, "POST /channels/{channel_id}/messages");
  EXPECT_EQ(parse_route_limit("GET /users/@me=2/1s")->limit.sharing, rl::bucket_sharing::per_caller);
}

TEST(ParseRouteLimit, RejectsMalformed) {
  for (const auto text : {"", "GET /users/@me", "GET /users/@me=2", "GET /users/@me=2/", "GET /users/@me=2/1",
                          "GET /users/@me=0/1s", "GET /users/@me=2/0s", "GET /users/@me=-2/1s", "GET /users/@me=2/1d",
                          "GET /users/@me=2/1.5s", "get /users/@me=2/1s", "GET users=2/1s", "=2/1s",
                          "GET /users/@me=2/9999h", "GET /users/@me=99999999999/1s"}) {
    EXPECT_FALSE(parse_route_limit(text)) << text;
  }
}

TEST(RestLimits, BuiltinTableIsAcceptedByTheLimiter) {
  config cfg;
  const auto c = rest_limits(cfg);
  EXPECT_EQ(c.global_limit, 50u);
  EXPECT_EQ(c.global_window, 1s);
  ASSERT_TRUE(find(c, "POST /channels/{channel_id}/messages"));
  EXPECT_EQ(find(c, "POST /channels/{channel_id}/messages")->limit, 5u);
  EXPECT_EQ(find(c, "POST /channels/{channel_id}/messages")->window, 5s);
  EXPECT_EQ(find(c, "POST /auth/register")->limit, 5u);
  EXPECT_EQ(find(c, "POST /auth/register")->window, 60s);
  EXPECT_TRUE(find(c, "POST /interactions/{interaction_id}/{interaction_token}/callback")->global_exempt);
  EXPECT_TRUE(rl::rate_limiter::create(c).has_value());
  EXPECT_TRUE(make_rest_limiter(cfg).has_value());
}

TEST(RestLimits, OverridesReplaceAndAdd) {
  config cfg;
  cfg.rate_limit_global = 7;
  cfg.rate_limit_routes = {"POST /auth/register=100/60s", "GET /users/@me=2/1s", "GET /users/@me=3/2s",
                           "POST /interactions/{interaction_id}/{interaction_token}/callback=1/1s"};
  const auto c = rest_limits(cfg);
  EXPECT_EQ(c.global_limit, 7u);
  EXPECT_EQ(find(c, "POST /auth/register")->limit, 100u);
  EXPECT_EQ(std::count_if(c.routes.begin(), c.routes.end(), [](const auto& e) { return e.route == "GET /users/@me"; }), 1);
  EXPECT_EQ(find(c, "GET /users/@me")->limit, 3u);  // the later override wins
  EXPECT_EQ(find(c, "GET /users/@me")->window, 2s);
  EXPECT_TRUE(find(c, "POST /interactions/{interaction_id}/{interaction_token}/callback")->global_exempt);
  EXPECT_TRUE(rl::rate_limiter::create(c).has_value());
}

TEST(RestLimits, OffMeansNoLimiter) {
  config cfg;
  cfg.rate_limit = false;
  EXPECT_FALSE(make_rest_limiter(cfg).has_value());
}

TEST(RestLimits, MalformedOverrideThrows) {
  config cfg;
  cfg.rate_limit_routes = {"nonsense"};
  EXPECT_THROW(rest_limits(cfg), std::invalid_argument);
}

TEST(Options, RateLimitFlags) {
  auto loaded = load({"--rate-limit", "off", "--rate-limit-global", "9", "--rate-limit-global", "3",
                      "--rate-limit-route", "GET /users/@me=2/1s",
                      "--rate-limit-route", "POST /auth/login=1/1m,POST /auth/register=1/1m"});
  ASSERT_TRUE(std::holds_alternative<config>(loaded));
  const auto& c = std::get<config>(loaded);
  EXPECT_FALSE(c.rate_limit);
  EXPECT_EQ(c.rate_limit_global, 3u);
  EXPECT_EQ(c.rate_limit_routes,
            (std::vector<std::string>{"GET /users/@me=2/1s", "POST /auth/login=1/1m", "POST /auth/register=1/1m"}));

  const auto defaults = std::get<config>(load({}));
  EXPECT_TRUE(defaults.rate_limit);
  EXPECT_EQ(defaults.rate_limit_global, 50u);
  EXPECT_TRUE(defaults.rate_limit_routes.empty());
}

TEST(Options, BadRateLimitValuesAreRefused) {
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  EXPECT_TRUE(std::holds_alternative<int>(load({"--rate-limit", "maybe"})));
  EXPECT_TRUE(std::holds_alternative<int>(load({"--rate-limit-global", "0"})));
  EXPECT_TRUE(std::holds_alternative<int>(load({"--rate-limit-route", "GET /users/@me"})));
  testing::internal::GetCapturedStdout();
  testing::internal::GetCapturedStderr();
}

} // namespace
} // namespace parley::apps
