// Configuration of the REST rate limiter (rest.md §4.1, §4.3): per-route limits, the default for
// unlisted routes, the per-caller global limit, and the memory bound.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace parley::server::ratelimit {

enum class bucket_sharing : std::uint8_t {
  per_caller, // one bucket per caller (and resource): 429 scope "user"
  shared,     // one bucket per resource for all callers together: 429 scope "shared"
};

struct route_limit {
  std::uint32_t limit = 10;             // requests per window
  std::chrono::milliseconds window{1000};
  bucket_sharing sharing = bucket_sharing::per_caller;
  bool global_exempt = false;           // not counted against the global limit (interaction callbacks)
};

struct route_limit_entry {
  std::string route; // "POST /channels/{channel_id}/messages", as in request_key::route
  route_limit limit;
};

struct limiter_config {
  std::vector<route_limit_entry> routes;
  route_limit default_route;            // for every route not in `routes`

  std::uint32_t global_limit = 50;      // per caller, over all non-exempt routes (rest.md §4.3)
  std::chrono::milliseconds global_window{1000};

  // Upper bound on tracked buckets (each costs about 150 bytes), split evenly between the shards.
  std::size_t max_buckets = std::size_t{1} << 18;
  std::size_t shard_count = 16;         // power of two
};

} // namespace parley::server::ratelimit
