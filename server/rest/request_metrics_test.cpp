// Tests of the REST front's cached Prometheus instruments: labels, status slots, fixed labels.
#include "server/rest/request_metrics.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace parley::server::rest {
namespace {

using namespace std::chrono_literals;

TEST(StatusSlot, EveryCachedStatusHasItsOwnSlot) {
  std::vector<bool> seen(cached_statuses.size());
  for (const auto status : cached_statuses) {
    const auto slot = status_slot(status);
    ASSERT_TRUE(slot.has_value()) << status;
    ASSERT_LT(*slot, cached_statuses.size());
    EXPECT_FALSE(seen[*slot]) << status;
    seen[*slot] = true;
  }
}

TEST(StatusSlot, OthersHaveNone) {
  for (const unsigned status : {0u, 99u, 203u, 418u, 599u, 600u, 1000u, 65535u}) {
    EXPECT_FALSE(status_slot(status).has_value()) << status;
  }
}

struct fixture : ::testing::Test {
  metrics::registry registry;
  http_families families = http_families::create(registry).value();
};

TEST_F(fixture, RegistersEachFamilyOnce) {
  EXPECT_FALSE(http_families::create(registry).has_value());
}

TEST_F(fixture, RecordsByRouteMethodAndStatus) {
  auto& duration = families.duration->with({"GET /users/@me"});
  route_instruments calls(*families.requests, duration, "GET /users/@me", "GET");
  calls.record(200, 2ms);
  calls.record(200, 3ms);
  calls.record(401, 1ms);
  calls.record(418, 1ms);  // no slot: still counted

  EXPECT_EQ(families.requests->with({"GET /users/@me", "GET", "200"}).value(), 2u);
  EXPECT_EQ(families.requests->with({"GET /users/@me", "GET", "401"}).value(), 1u);
  EXPECT_EQ(families.requests->with({"GET /users/@me", "GET", "418"}).value(), 1u);
  EXPECT_EQ(&calls.requests(200), &families.requests->with({"GET /users/@me", "GET", "200"}));
  const auto snap = duration.read();
  EXPECT_EQ(snap.cumulative.back(), 4u);
  EXPECT_NEAR(snap.sum, 0.007, 1e-9);

  const auto text = registry.render();
  EXPECT_NE(text.find(R"(parley_http_requests_total{route="GET /users/@me",method="GET",status="200"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(parley_http_request_duration_seconds_bucket{route="GET /users/@me",le="0.0025"} 3)"),
            std::string::npos)
      << text;
}

TEST_F(fixture, ConcurrentFirstUseCountsEveryRequest) {
  auto& duration = families.duration->with({"POST /x"});
  route_instruments calls(*families.requests, duration, "POST /x", "POST");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&calls] {
      for (int i = 0; i < 1000; ++i) calls.record(i % 2 ? 201u : 429u, 1us);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(families.requests->with({"POST /x", "POST", "201"}).value(), 2000u);
  EXPECT_EQ(families.requests->with({"POST /x", "POST", "429"}).value(), 2000u);
}

TEST_F(fixture, FixedLabelFoldsUnknownMethods) {
  fixed_route_instruments site(families, "site");
  site.for_method("GET").record(200, 1ms);
  site.for_method("BREW").record(405, 1ms);
  site.for_method("PROPFIND").record(405, 1ms);
  EXPECT_EQ(&site.for_method("BREW"), &site.for_method("PROPFIND"));
  EXPECT_NE(&site.for_method("GET"), &site.for_method("HEAD"));
  EXPECT_EQ(families.requests->with({"site", "GET", "200"}).value(), 1u);
  EXPECT_EQ(families.requests->with({"site", "OTHER", "405"}).value(), 2u);
  EXPECT_EQ(families.duration->with({"site"}).read().cumulative.back(), 3u);
  EXPECT_EQ(registry.render().find("BREW"), std::string::npos);
}

TEST_F(fixture, RateLimitedByScopeStartsAtZero) {
  rate_limited_instruments limited(*families.rate_limited);
  EXPECT_NE(registry.render().find(R"(parley_rate_limited_total{scope="shared"} 0)"), std::string::npos);
  limited.record(ratelimit::limit_scope::global);
  limited.record(ratelimit::limit_scope::global);
  limited.record(ratelimit::limit_scope::user);
  EXPECT_EQ(families.rate_limited->with({"global"}).value(), 2u);
  EXPECT_EQ(families.rate_limited->with({"user"}).value(), 1u);
  EXPECT_EQ(families.rate_limited->with({"shared"}).value(), 0u);
}

} // namespace
} // namespace parley::server::rest
