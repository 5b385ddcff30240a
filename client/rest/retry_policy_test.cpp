// Tests of the retry decisions: backoff steps, caps, and which methods may be repeated.
#include "client/rest/retry_policy.hpp"

#include <gtest/gtest.h>

namespace parley::client::rest {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicy, IdempotentMethods) {
  for (const char* m : {"GET", "HEAD", "PUT", "DELETE"}) EXPECT_TRUE(is_idempotent(m)) << m;
  for (const char* m : {"POST", "PATCH", "get"}) EXPECT_FALSE(is_idempotent(m)) << m;
}

TEST(RetryPolicy, ExponentialBackoffWithCapAndJitter) {
  retry_policy p;
  p.max_attempts = 10;
  p.base_delay = milliseconds{100};
  p.max_delay = milliseconds{1000};
  EXPECT_EQ(retry_delay(p, "GET", failure_kind::server_error, 1, 1.0), milliseconds{100});
  EXPECT_EQ(retry_delay(p, "GET", failure_kind::server_error, 2, 1.0), milliseconds{200});
  EXPECT_EQ(retry_delay(p, "GET", failure_kind::server_error, 3, 1.0), milliseconds{400});
  EXPECT_EQ(retry_delay(p, "GET", failure_kind::server_error, 5, 1.0), milliseconds{1000}) << "capped";
  EXPECT_EQ(retry_delay(p, "GET", failure_kind::server_error, 9, 1.0), milliseconds{1000});
  EXPECT_EQ(retry_delay(p, "GET", failure_kind::server_error, 3, 0.0), milliseconds{200}) << "half the step";
  EXPECT_EQ(retry_delay(p, "GET", failure_kind::server_error, 3, 0.5), milliseconds{300});
  EXPECT_EQ(retry_delay(p, "GET", failure_kind::server_error, 3, 7.0), milliseconds{400}) << "jitter clamped";
}

TEST(RetryPolicy, AttemptsAreBounded) {
  retry_policy p;
  p.max_attempts = 3;
  EXPECT_TRUE(retry_delay(p, "DELETE", failure_kind::connection_lost, 2, 0));
  EXPECT_FALSE(retry_delay(p, "DELETE", failure_kind::connection_lost, 3, 0));
}

TEST(RetryPolicy, NonIdempotentOnlyWhenNothingWasSent) {
  const retry_policy p;
  for (const char* m : {"POST", "PATCH"}) {
    EXPECT_TRUE(retry_delay(p, m, failure_kind::not_sent, 1, 0)) << m;
    EXPECT_FALSE(retry_delay(p, m, failure_kind::connection_lost, 1, 0)) << m << ": the server may have acted";
    EXPECT_FALSE(retry_delay(p, m, failure_kind::server_error, 1, 0)) << m;
  }
  EXPECT_TRUE(retry_delay(p, "PUT", failure_kind::connection_lost, 1, 0));
  EXPECT_TRUE(retry_delay(p, "GET", failure_kind::server_error, 1, 0));
}

} // namespace
} // namespace parley::client::rest
