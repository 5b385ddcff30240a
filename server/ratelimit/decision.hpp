// The rate limiter's answer for one request (rest.md §4.1-§4.2): allowed or not, and every value
// the HTTP layer writes into the X-RateLimit-* headers and the 429 body.
#pragma once

#include <chrono>
#include <cstdint>

#include "server/ratelimit/bucket_id.hpp"

namespace parley::server::ratelimit {

enum class limit_scope : std::uint8_t {
  user,   // the caller's own bucket for the route
  global, // the caller's global limit
  shared, // a bucket shared by every caller of the resource
};

struct decision {
  bool allowed = true;
  // Which limit refused the request; meaningful only when !allowed.
  limit_scope scope = limit_scope::user;

  // The route bucket, after counting this request when it was allowed. On a global refusal they
  // describe the untouched route bucket.
  std::uint32_t limit = 0;
  std::uint32_t remaining = 0;
  std::chrono::nanoseconds reset_after{0}; // until the route bucket's window ends
  bucket_id bucket;

  // When refused: until the refusing bucket (route or global) resets.
  std::chrono::nanoseconds retry_after{0};

  constexpr bool global() const noexcept { return !allowed && scope == limit_scope::global; }
};

} // namespace parley::server::ratelimit
