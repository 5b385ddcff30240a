// Pacing of outgoing audio frames (voice.md §9: one 20 ms frame, 50 packets per second): frame n
// is due at start + n × 20 ms, computed from the start rather than from the previous send, so
// timer lateness never accumulates into drift. A sender that fell further behind than
// `max_lag` frames (a suspended process) restarts the schedule at now instead of bursting.
#pragma once

#include <chrono>
#include <cstdint>

namespace parley::client::voice {

class frame_clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  using duration = std::chrono::steady_clock::duration;

  explicit frame_clock(duration frame = std::chrono::milliseconds{20}, std::uint32_t max_lag = 5) noexcept
      : frame_(frame), max_lag_(max_lag) {}

  // Frame 0 is due at `now`.
  void start(time_point now) noexcept {
    start_ = now;
    sent_ = 0;
  }
  // When the next frame is due.
  time_point due() const noexcept { return start_ + frame_ * static_cast<std::int64_t>(sent_); }
  // One frame was sent at `now`.
  void advance(time_point now) noexcept {
    ++sent_;
    if (now > due() + frame_ * static_cast<std::int64_t>(max_lag_)) {
      start_ = now - frame_ * static_cast<std::int64_t>(sent_);
    }
  }
  std::uint64_t frames_sent() const noexcept { return sent_; }

 private:
  duration frame_;
  std::uint32_t max_lag_;
  time_point start_{};
  std::uint64_t sent_ = 0;
};

} // namespace parley::client::voice
