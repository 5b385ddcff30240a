// Paces Identify (op 2) across the clients of one bot token (gateway.md §6.2): shard i uses bucket
// i % max_concurrency, and each bucket allows one Identify per 5 s. Share one limiter (by
// shared_ptr in client_options) between every client of a token; a lone client needs none.
//
// Thread-safe (a mutex), no clock inside: the caller passes `now` and waits itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace parley::client {

class identify_limiter {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  explicit identify_limiter(std::uint32_t max_concurrency = 1,
                            std::chrono::milliseconds window = std::chrono::seconds(5)) noexcept;

  // Reserves the next free Identify slot of `shard_id`'s bucket and returns when it starts (now,
  // or later when the bucket was used less than one window ago). Each call takes one slot.
  time_point reserve(std::uint32_t shard_id, time_point now);

  // GET /gateway/bot's session_start_limit.max_concurrency may change it (at least 1).
  void set_max_concurrency(std::uint32_t max_concurrency);
  std::uint32_t max_concurrency() const;

 private:
  mutable std::mutex mutex_;
  std::uint32_t max_concurrency_;
  std::chrono::milliseconds window_;
  std::unordered_map<std::uint32_t, time_point> next_free_; // per bucket
};

} // namespace parley::client
