// Identify pacing per max_concurrency bucket (gateway.md §6.2); see identify_limiter.hpp.
#include "client/runtime/identify_limiter.hpp"

#include <algorithm>

namespace parley::client {

identify_limiter::identify_limiter(std::uint32_t max_concurrency, std::chrono::milliseconds window) noexcept
    : max_concurrency_(std::max<std::uint32_t>(1, max_concurrency)), window_(window) {}

identify_limiter::time_point identify_limiter::reserve(std::uint32_t shard_id, time_point now) {
  std::lock_guard lock(mutex_);
  auto& next = next_free_[shard_id % max_concurrency_];
  const auto start = std::max(now, next);
  next = start + window_;
  return start;
}

void identify_limiter::set_max_concurrency(std::uint32_t max_concurrency) {
  std::lock_guard lock(mutex_);
  max_concurrency_ = std::max<std::uint32_t>(1, max_concurrency);
}

std::uint32_t identify_limiter::max_concurrency() const {
  std::lock_guard lock(mutex_);
  return max_concurrency_;
}

} // namespace parley::client
