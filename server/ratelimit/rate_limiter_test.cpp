// Tests of the REST rate limiter with fake time (rest.md §4.1-§4.3): counting, windows, the global
// limit, bucket splitting, the memory bound and concurrent use.
#include "server/ratelimit/rate_limiter.hpp"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "server/ratelimit/error.hpp"
#include "server/ratelimit/rate_limit_headers.hpp"

namespace parley::server::ratelimit {
namespace {

using namespace std::chrono_literals;
using time_point = std::chrono::steady_clock::time_point;

constexpr std::string_view create_message = "POST /channels/{channel_id}/messages";
const time_point t0 = time_point{} + 1000h;

limiter_config messages_config(std::uint32_t limit = 5, std::chrono::milliseconds window = 5s) {
  limiter_config config;
  config.routes.push_back({std::string(create_message), {limit, window}});
  return config;
}

rate_limiter make(const limiter_config& config) {
  auto made = rate_limiter::create(config);
  EXPECT_TRUE(made.has_value()) << made.error().message();
  return std::move(*made);
}

request_key message_key(std::uint64_t channel, std::uint64_t user) {
  return {create_message, channel, caller_identity::user(user)};
}

TEST(rate_limiter, remaining_counts_down_then_refuses) {
  auto limiter = make(messages_config());
  const auto key = message_key(42, 7);
  for (std::uint32_t i = 0; i < 5; ++i) {
    const auto d = limiter.check(key, t0 + i * 10ms);
    ASSERT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.limit, 5u);
    EXPECT_EQ(d.remaining, 4 - i);
    EXPECT_EQ(d.reset_after, 5s - i * 10ms);
    EXPECT_EQ(d.bucket, bucket_id_of(create_message));
  }
  const auto refused = limiter.check(key, t0 + 1200ms);
  EXPECT_FALSE(refused.allowed);
  EXPECT_FALSE(refused.global());
  EXPECT_EQ(refused.scope, limit_scope::user);
  EXPECT_EQ(refused.remaining, 0u);
  EXPECT_EQ(refused.limit, 5u);
  EXPECT_EQ(refused.retry_after, 3800ms);
  EXPECT_EQ(refused.reset_after, 3800ms);
}

TEST(rate_limiter, window_resets) {
  auto limiter = make(messages_config(2, 1s));
  const auto key = message_key(1, 1);
  EXPECT_TRUE(limiter.check(key, t0).allowed);
  EXPECT_TRUE(limiter.check(key, t0 + 1ms).allowed);
  const auto last = limiter.check(key, t0 + 999ms);
  EXPECT_FALSE(last.allowed);
  EXPECT_EQ(last.retry_after, 1ms);

  // Refusals are not counted: the new window starts full.
  const auto fresh = limiter.check(key, t0 + 1s);
  EXPECT_TRUE(fresh.allowed);
  EXPECT_EQ(fresh.remaining, 1u);
  EXPECT_EQ(fresh.reset_after, 1s);
  EXPECT_TRUE(limiter.check(key, t0 + 1500ms).allowed);
  EXPECT_FALSE(limiter.check(key, t0 + 1999ms).allowed);
  EXPECT_TRUE(limiter.check(key, t0 + 5s).allowed);
}

TEST(rate_limiter, global_limit_hit_before_route_limit) {
  auto config = messages_config(10, 10s);
  config.global_limit = 3;
  config.global_window = 1s;
  auto limiter = make(config);
  // Three channels: three route buckets with room, one global bucket.
  EXPECT_TRUE(limiter.check(message_key(1, 9), t0).allowed);
  EXPECT_TRUE(limiter.check(message_key(2, 9), t0 + 100ms).allowed);
  EXPECT_TRUE(limiter.check(message_key(1, 9), t0 + 200ms).allowed);
  const auto refused = limiter.check(message_key(1, 9), t0 + 300ms);
  EXPECT_FALSE(refused.allowed);
  EXPECT_TRUE(refused.global());
  EXPECT_EQ(refused.scope, limit_scope::global);
  EXPECT_EQ(refused.retry_after, 700ms);
  // The route bucket is described but was not charged.
  EXPECT_EQ(refused.remaining, 8u);
  EXPECT_EQ(refused.reset_after, 9700ms);

  const auto headers = rate_limit_headers(refused, std::chrono::system_clock::time_point{});
  EXPECT_EQ(headers.find("X-RateLimit-Global"), "true");
  EXPECT_EQ(headers.find("X-RateLimit-Scope"), "global");
  EXPECT_NE(too_many_requests_body(refused).find(R"("global":true)"), std::string::npos);

  // Another caller is not affected; after the global window the first caller continues with the
  // route bucket's count intact.
  EXPECT_TRUE(limiter.check(message_key(1, 10), t0 + 300ms).allowed);
  const auto later = limiter.check(message_key(1, 9), t0 + 1s);
  EXPECT_TRUE(later.allowed);
  EXPECT_EQ(later.remaining, 7u);
}

TEST(rate_limiter, route_limit_refuses_without_charging_global) {
  auto config = messages_config(1, 10s);
  config.global_limit = 2;
  auto limiter = make(config);
  EXPECT_TRUE(limiter.check(message_key(1, 9), t0).allowed);
  for (int i = 0; i < 5; ++i) {
    const auto refused = limiter.check(message_key(1, 9), t0 + 1ms);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.scope, limit_scope::user);
  }
  // One global slot left despite the refusals.
  EXPECT_TRUE(limiter.check(message_key(2, 9), t0 + 2ms).allowed);
  EXPECT_TRUE(limiter.check(message_key(3, 9), t0 + 3ms).global());
}

TEST(rate_limiter, buckets_split_by_resource_and_caller) {
  auto limiter = make(messages_config(1, 5s));
  const auto first = limiter.check(message_key(100, 1), t0);
  EXPECT_TRUE(first.allowed);
  EXPECT_FALSE(limiter.check(message_key(100, 1), t0).allowed);
  const auto other_channel = limiter.check(message_key(200, 1), t0);
  EXPECT_TRUE(other_channel.allowed);
  EXPECT_TRUE(limiter.check(message_key(100, 2), t0).allowed);
  // Same route, different channels: one X-RateLimit-Bucket.
  EXPECT_EQ(first.bucket, other_channel.bucket);
  const auto a = rate_limit_headers(first, {});
  const auto b = rate_limit_headers(other_channel, {});
  EXPECT_EQ(a.find("X-RateLimit-Bucket"), b.find("X-RateLimit-Bucket"));
  EXPECT_EQ(a.find("X-RateLimit-Bucket").size(), 16u);

  // Another route has its own bucket and id.
  const auto edit = limiter.check({"PATCH /channels/{channel_id}/messages/{message_id}", 100,
                                   caller_identity::user(1)}, t0);
  EXPECT_TRUE(edit.allowed);
  EXPECT_NE(edit.bucket, first.bucket);
}

TEST(rate_limiter, resource_id_ignored_without_top_level_parameter) {
  limiter_config config;
  config.routes.push_back({"GET /users/{user_id}", {1, 1s}});
  auto limiter = make(config);
  EXPECT_TRUE(limiter.check({"GET /users/{user_id}", 5, caller_identity::user(1)}, t0).allowed);
  EXPECT_FALSE(limiter.check({"GET /users/{user_id}", 6, caller_identity::user(1)}, t0).allowed);
}

TEST(rate_limiter, unlisted_routes_use_the_default) {
  limiter_config config;
  config.default_route = {2, 3s};
  auto limiter = make(config);
  const request_key key{"GET /guilds/{guild_id}/roles", 11, caller_identity::user(1)};
  const auto d = limiter.check(key, t0);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.limit, 2u);
  EXPECT_EQ(d.reset_after, 3s);
  EXPECT_EQ(d.bucket, bucket_id_of("GET /guilds/{guild_id}/roles"));
  EXPECT_TRUE(limiter.check(key, t0).allowed);
  EXPECT_FALSE(limiter.check(key, t0).allowed);
  // Split by guild like listed routes.
  EXPECT_TRUE(limiter.check({key.route, 12, key.caller}, t0).allowed);
}

TEST(rate_limiter, addresses_as_callers) {
  limiter_config config;
  config.default_route = {1, 1s};
  auto limiter = make(config);
  const std::string_view route = "POST /auth/login";
  EXPECT_TRUE(limiter.check({route, 0, caller_identity::ipv4({192, 0, 2, 1})}, t0).allowed);
  // The same host seen through a dual-stack socket.
  EXPECT_FALSE(limiter.check({route, 0, caller_identity::ipv6({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1})},
                             t0).allowed);
  EXPECT_TRUE(limiter.check({route, 0, caller_identity::ipv4({192, 0, 2, 2})}, t0).allowed);

  // IPv6: one bucket per /64.
  const std::array<std::uint8_t, 16> a{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
  auto same_net = a;
  same_net[15] = 2;
  auto other_net = a;
  other_net[7] = 2;
  EXPECT_TRUE(limiter.check({route, 0, caller_identity::ipv6(a)}, t0).allowed);
  EXPECT_FALSE(limiter.check({route, 0, caller_identity::ipv6(same_net)}, t0).allowed);
  EXPECT_TRUE(limiter.check({route, 0, caller_identity::ipv6(other_net)}, t0).allowed);
  // A user id equal to an address's bits is a different caller.
  EXPECT_TRUE(limiter.check({route, 0, caller_identity::user(0x0000'ffff'c000'0201ULL)}, t0).allowed);
}

TEST(rate_limiter, shared_buckets_count_every_caller) {
  limiter_config config;
  config.routes.push_back({"PUT /guilds/{guild_id}/emojis", {2, 1s, bucket_sharing::shared}});
  auto limiter = make(config);
  const std::string_view route = "PUT /guilds/{guild_id}/emojis";
  EXPECT_TRUE(limiter.check({route, 5, caller_identity::user(1)}, t0).allowed);
  EXPECT_TRUE(limiter.check({route, 5, caller_identity::user(2)}, t0).allowed);
  const auto refused = limiter.check({route, 5, caller_identity::user(3)}, t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.scope, limit_scope::shared);
  EXPECT_EQ(rate_limit_headers(refused, {}).find("X-RateLimit-Scope"), "shared");
  EXPECT_TRUE(limiter.check({route, 6, caller_identity::user(3)}, t0).allowed);
}

TEST(rate_limiter, global_exempt_routes) {
  limiter_config config;
  config.global_limit = 1;
  const std::string callback = "POST /interactions/{interaction_id}/{interaction_token}/callback";
  config.routes.push_back({callback, {100, 1s, bucket_sharing::per_caller, true}});
  auto limiter = make(config);
  const auto user = caller_identity::user(1);
  EXPECT_TRUE(limiter.check({"GET /users/@me", 0, user}, t0).allowed);
  EXPECT_TRUE(limiter.check({"GET /users/@me", 0, user}, t0).global());
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(limiter.check({callback, 0, user}, t0).allowed);
  }
}

TEST(rate_limiter, rejects_bad_configuration) {
  const auto error_of = [](const limiter_config& config) {
    const auto made = rate_limiter::create(config);
    return made.has_value() ? error_code{} : made.error();
  };
  EXPECT_EQ(error_of(limiter_config{}), error_code{});

  auto config = messages_config(0);
  EXPECT_EQ(error_of(config), errc::invalid_limit);
  config = messages_config(1, 0ms);
  EXPECT_EQ(error_of(config), errc::invalid_window);
  config = messages_config();
  config.routes.push_back(config.routes.front());
  EXPECT_EQ(error_of(config), errc::duplicate_route);
  config = {};
  config.routes.push_back({"/channels", {}});
  EXPECT_EQ(error_of(config), errc::invalid_route);
  config = {};
  config.global_limit = 0;
  EXPECT_EQ(error_of(config), errc::invalid_limit);
  config = {};
  config.default_route.window = -1ms;
  EXPECT_EQ(error_of(config), errc::invalid_window);
  config = {};
  config.shard_count = 3;
  EXPECT_EQ(error_of(config), errc::invalid_shards);
  config = {};
  config.max_buckets = 4;
  config.shard_count = 8;
  EXPECT_EQ(error_of(config), errc::invalid_shards);
  config = {};
  for (int i = 0; i < 300; ++i) {
    config.routes.push_back({"GET /r" + std::to_string(i), {1, std::chrono::milliseconds(i + 1)}});
  }
  EXPECT_EQ(error_of(config), errc::too_many_windows);
}

TEST(rate_limiter, memory_stays_bounded_under_distinct_keys) {
  limiter_config config = messages_config(5, 1s);
  config.max_buckets = 4096;
  config.shard_count = 4;
  auto limiter = make(config);

  // A million callers, one request each, 1 ms apart: about 2000 buckets (route + global) are live
  // at any time, so expired ones are reclaimed and no live bucket has to go.
  auto now = t0;
  for (std::uint64_t i = 1; i <= 1'000'000; ++i) {
    now += 1ms;
    ASSERT_TRUE(limiter.check(message_key(i % 1000, i), now).allowed);
    if (i % 50'000 == 0) {
      ASSERT_LE(limiter.stats().tracked_buckets, 4096u);
    }
  }
  EXPECT_LE(limiter.stats().tracked_buckets, 4096u);
  EXPECT_GT(limiter.stats().tracked_buckets, 1000u);
  EXPECT_EQ(limiter.stats().evicted_live, 0u);

  // A burst with no time passing: live buckets must go, the bound still holds.
  for (std::uint64_t i = 0; i < 100'000; ++i) {
    limiter.check(message_key(i, 2'000'000 + i), now);
  }
  EXPECT_LE(limiter.stats().tracked_buckets, 4096u);
  EXPECT_GT(limiter.stats().evicted_live, 0u);
}

TEST(rate_limiter, concurrent_checks_allow_exactly_the_limit) {
  auto config = messages_config(1000, 60s);
  config.global_limit = 1'000'000;
  config.shard_count = 4;
  auto limiter = make(config);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 600; ++i) {
        // One shared key plus private keys, so shards are locked concurrently.
        if (limiter.check(message_key(1, 1), t0 + std::chrono::microseconds(i)).allowed) {
          allowed.fetch_add(1, std::memory_order_relaxed);
        }
        limiter.check(message_key(static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(100 + t)), t0);
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(allowed.load(), 1000);
}

} // namespace
} // namespace parley::server::ratelimit
