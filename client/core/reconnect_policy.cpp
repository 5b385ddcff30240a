// Exponential backoff with jitter for reconnects (reconnect_policy.hpp).
#include "client/core/reconnect_policy.hpp"

#include <algorithm>
#include <cmath>

namespace parley::client {

reconnect_policy::reconnect_policy(reconnect_options options) noexcept : options_(options) {
  options_.multiplier = std::max(options_.multiplier, 1.0);
  options_.jitter = std::clamp(options_.jitter, 0.0, 1.0);
  options_.initial_delay = std::max(options_.initial_delay, std::chrono::milliseconds{0});
  options_.max_delay = std::max(options_.max_delay, options_.initial_delay);
}

std::chrono::milliseconds reconnect_policy::base_delay() const noexcept {
  const double max = static_cast<double>(options_.max_delay.count());
  // pow overflows to infinity for large attempt counts; min() then caps it.
  const double grown = static_cast<double>(options_.initial_delay.count()) *
                       std::pow(options_.multiplier, static_cast<double>(attempts_));
  return std::chrono::milliseconds{static_cast<std::int64_t>(std::min(grown, max))};
}

std::chrono::milliseconds reconnect_policy::next_delay(const random_source& random) noexcept {
  const double base = static_cast<double>(base_delay().count());
  if (attempts_ < UINT32_MAX) ++attempts_;
  const double u = options_.jitter > 0 && random ? unit_interval(random) : 0.0;
  return std::chrono::milliseconds{static_cast<std::int64_t>(base * (1.0 - options_.jitter * u))};
}

} // namespace parley::client
