// When to try the next connection after one ended: exponential backoff with jitter, reset once a
// connection got as far as the server's Hello (issue 6 item 1; gateway.md §3.6-§3.8 leave the
// pacing to the client).
#pragma once

#include "client/core/random_source.hpp"

#include <chrono>
#include <cstdint>

namespace parley::client {

struct reconnect_options {
  // Delay before the first retry after a good connection ended.
  std::chrono::milliseconds initial_delay{1000};
  std::chrono::milliseconds max_delay{60000};
  double multiplier = 2.0; // >= 1
  // Fraction of each delay that is random: the delay is base * (1 - jitter * u), u in [0, 1),
  // so it lies in (base * (1 - jitter), base]. 0 = no jitter; at most 1.
  double jitter = 0.5;
};

// A value type; the gateway core owns one per session. Not thread-safe.
class reconnect_policy {
 public:
  explicit reconnect_policy(reconnect_options options = {}) noexcept;

  // The delay before the next attempt; each call counts as one more failed attempt, so the base
  // grows initial_delay * multiplier^attempts up to max_delay.
  std::chrono::milliseconds next_delay(const random_source& random) noexcept;
  // A connection reached Hello: the next delay starts from initial_delay again.
  void reset() noexcept { attempts_ = 0; }

  std::uint32_t attempts() const noexcept { return attempts_; }
  // The delay next_delay() would return before jitter.
  std::chrono::milliseconds base_delay() const noexcept;
  const reconnect_options& options() const noexcept { return options_; }

 private:
  reconnect_options options_;
  std::uint32_t attempts_ = 0;
};

} // namespace parley::client
