// Identify rate limits of one bot: max_concurrency buckets (one Identify per key
// shard_id % max_concurrency per 5 s) and the daily session-start budget (gateway.md §6.2, §10).
#pragma once

#include "proto/gateway/time.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace parley::proto::gateway {

struct identify_limits {
  std::uint32_t total = 1000;        // session starts per window
  std::uint32_t max_concurrency = 1; // ≥ 1
  std::chrono::milliseconds window = std::chrono::hours(24);
  std::chrono::milliseconds concurrency_interval = std::chrono::seconds(5);
};

// What GET /gateway/bot reports as `session_start_limit`.
struct session_start_limit {
  std::uint32_t total = 0;
  std::uint32_t remaining = 0;
  std::chrono::milliseconds reset_after{0};
  std::uint32_t max_concurrency = 1;
};

enum class identify_verdict {
  allowed,           // counted; go on
  concurrency_limit, // another Identify of this bucket within the interval → op 9 false
  daily_limit,       // budget exhausted → op 9 false
};

// One instance per bot (application). Not thread-safe. Only Identify counts; Resume never does.
class identify_limiter {
 public:
  explicit identify_limiter(identify_limits limits = {});

  // Decides an Identify for `shard_id` at `now` and, when allowed, counts it. A refused Identify
  // consumes nothing.
  identify_verdict try_identify(std::uint32_t shard_id, time_point now);

  // When `shard_id`'s bucket admits its next Identify (≤ now when it already does), ignoring the
  // daily budget.
  time_point bucket_ready_at(std::uint32_t shard_id) const noexcept;

  session_start_limit snapshot(time_point now) const noexcept;

 private:
  void roll_window(time_point now) noexcept;

  identify_limits limits_;
  std::uint32_t used_ = 0;
  std::optional<time_point> window_start_; // first counted Identify of the current window
  std::vector<std::optional<time_point>> last_identify_; // per bucket key
};

} // namespace parley::proto::gateway
