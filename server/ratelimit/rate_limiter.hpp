// Discord-style REST rate limiting without I/O (rest.md §4.1-§4.3): fixed-window buckets per route
// template, split by top-level resource and caller, plus a global limit per caller. Time is passed
// in; nothing here reads a clock.
//
// Thread safety: one limiter is shared by all io threads (a caller's requests can arrive on any
// thread, so per-thread limiters would multiply every limit by the thread count). check() and
// stats() may be called concurrently. Buckets live in power-of-two shards, each behind its own
// mutex; a caller's global bucket and per-caller route buckets share a shard (chosen by caller),
// so a check locks one mutex for two hash lookups. A shared (per-resource) bucket sits in the
// resource's shard, and such a check locks both shards in index order.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "proto/base/result.hpp"
#include "server/ratelimit/decision.hpp"
#include "server/ratelimit/limiter_config.hpp"
#include "server/ratelimit/request_key.hpp"

namespace parley::server::ratelimit {

struct limiter_stats {
  std::size_t tracked_buckets = 0; // never above limiter_config::max_buckets
  std::uint64_t evicted_live = 0;  // live buckets dropped because a shard was full: raise the cap
};

class rate_limiter {
 public:
  // Validates the table (errc); windows are whole milliseconds.
  static result<rate_limiter> create(const limiter_config& config);

  rate_limiter(rate_limiter&&) noexcept;
  rate_limiter& operator=(rate_limiter&&) noexcept;
  ~rate_limiter();

  // Counts the request if every limit it falls under has room, else refuses it without counting
  // it anywhere. `now` should not go backwards by more than a few microseconds between calls
  // (steady_clock readings taken on different threads are fine).
  //
  // A request is refused by the global limit first (scope global), else by its route bucket
  // (scope user or shared). Buckets that reach the end of their window start over at the next
  // request; expired buckets are freed as new ones arrive.
  decision check(const request_key& key, std::chrono::steady_clock::time_point now);

  limiter_stats stats() const;

 private:
  struct impl;
  explicit rate_limiter(std::unique_ptr<impl> state) noexcept;

  std::unique_ptr<impl> impl_;
};

} // namespace parley::server::ratelimit
