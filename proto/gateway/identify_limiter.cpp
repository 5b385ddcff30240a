// Identify rate limiting: max_concurrency buckets and the session start budget (gateway.md §6.2).
#include "proto/gateway/identify_limiter.hpp"

#include <algorithm>
#include <cassert>

namespace parley::proto::gateway {

identify_limiter::identify_limiter(identify_limits limits) : limits_(limits) {
  // Buckets are a few per bot; cap the table so a misconfigured value cannot blow it up.
  limits_.max_concurrency = std::clamp<std::uint32_t>(limits_.max_concurrency, 1, 1024);
  last_identify_.resize(limits_.max_concurrency);
}

void identify_limiter::roll_window(time_point now) noexcept {
  if (window_start_ && now - *window_start_ >= limits_.window) {
    window_start_.reset();
    used_ = 0;
  }
}

time_point identify_limiter::bucket_ready_at(std::uint32_t shard_id) const noexcept {
  const auto& last = last_identify_[shard_id % limits_.max_concurrency];
  return last ? *last + limits_.concurrency_interval : time_point{};
}

identify_verdict identify_limiter::try_identify(std::uint32_t shard_id, time_point now) {
  roll_window(now);
  if (used_ >= limits_.total) return identify_verdict::daily_limit;
  auto& last = last_identify_[shard_id % limits_.max_concurrency];
  if (last && now - *last < limits_.concurrency_interval) return identify_verdict::concurrency_limit;
  last = now;
  if (!window_start_) window_start_ = now;
  ++used_;
  return identify_verdict::allowed;
}

session_start_limit identify_limiter::snapshot(time_point now) const noexcept {
  session_start_limit out;
  out.total = limits_.total;
  out.max_concurrency = limits_.max_concurrency;
  bool window_open = window_start_ && now - *window_start_ < limits_.window;
  out.remaining = window_open ? limits_.total - std::min(used_, limits_.total) : limits_.total;
  if (window_open) {
    out.reset_after = std::chrono::duration_cast<std::chrono::milliseconds>(*window_start_ + limits_.window - now);
  }
  return out;
}

} // namespace parley::proto::gateway
