// The SDK's client-side REST rate limiter, without I/O and without clocks (rest.md §4): callers
// pass `now` and the response headers, the limiter answers "send now" or "not before T".
//
// Model (what Discord documents and Parley serves):
// - every request has a route_key (method + path template, and its top-level resource);
// - the server names the route's bucket in X-RateLimit-Bucket; several routes may share one
//   bucket id, and a bucket id is split again per top-level resource;
// - per bucket: limit, remaining, reset (from X-RateLimit-Remaining / Reset-After);
// - a global limit of requests per window per token (50/s for bots), and a global 429 blocks
//   every route until its retry_after has passed.
// Until a route's bucket is known, one request on it is in flight at a time, so the first
// response can teach the limits before a burst overruns them. A route whose responses carry no
// rate limit headers is only held to the global limit.
//
// Usage: acquire() before sending; if granted, send and then call on_response() with the parsed
// headers, or on_abandoned() when no response came. If refused, wait until retry_at (or until
// any response arrives, when wait_for_response is set) and ask again.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "client/rest/rate_limit_headers.hpp"
#include "client/rest/route_key.hpp"

namespace parley::client::rest {

using limiter_clock = std::chrono::steady_clock;
using limiter_time = limiter_clock::time_point;

struct limiter_config {
  std::uint32_t global_limit = 50;  // Discord's default for bots
  std::chrono::milliseconds global_window{1000};
  // How long a request waits for a bucket's first response before asking again anyway.
  std::chrono::milliseconds discovery_wait{1000};
  // Bucket states kept; idle, expired ones are dropped beyond this.
  std::size_t max_buckets = 4096;
};

// Proof that a request was allowed; hand it back to on_response() / on_abandoned().
struct limiter_ticket {
  std::string bucket;  // internal bucket key, "" for routes without a bucket
};

struct limiter_decision {
  bool allowed = false;
  limiter_ticket ticket;  // when allowed
  limiter_time retry_at;  // when refused: ask again at this time
  bool global = false;    // refused by the global limit (or a global 429)
  bool wait_for_response = false;  // refused while the bucket's first request is in flight
};

class rate_limiter {
 public:
  explicit rate_limiter(limiter_config config = {});

  limiter_decision acquire(const route_key& key, limiter_time now);
  void on_response(const limiter_ticket& ticket, const route_key& key, const response_limits& limits,
                   limiter_time now);
  void on_abandoned(const limiter_ticket& ticket);

  // Until when every request is blocked by a global 429 (a time in the past when none is).
  limiter_time global_blocked_until() const { return global_blocked_until_; }
  std::size_t tracked_buckets() const { return buckets_.size(); }
  // The bucket id the server gave for a route, "" when unknown or when the route has none.
  std::string bucket_of(const route_key& key) const;

 private:
  struct bucket {
    bool known = false;  // a response with limits has been seen
    std::uint32_t limit = 1;
    std::uint32_t remaining = 1;
    std::uint32_t in_flight = 0;
    limiter_time reset_at{};
    limiter_time blocked_until{};  // after a 429 on this bucket
    std::chrono::milliseconds window{0};  // longest reset_after seen: how far a refill reaches
  };

  std::string bucket_key(const route_key& key) const;
  void release(const limiter_ticket& ticket);
  void prune(limiter_time now);

  limiter_config config_;
  limiter_time global_window_start_{};
  std::uint32_t global_count_ = 0;
  limiter_time global_blocked_until_{};
  // route (method + template) -> server bucket id; "" = the route answers without limit headers.
  std::unordered_map<std::string, std::string> route_buckets_;
  std::unordered_map<std::string, bucket> buckets_;
};

} // namespace parley::client::rest
