// The dispatches one thread's sessions may still replay on Resume (gateway.md §3.6), each kept
// once however many sessions received it. Sessions keep only positions in this log (see
// replay_ring): a fan-out to N sessions stores the event once, not N reference-counted copies.
// Bounded by event count, total bytes and age; an evicted event makes every resume that needs
// it fail (op 9), exactly as if the session's own ring had dropped it.
#pragma once

#include "proto/gateway/dispatch_event.hpp"
#include "proto/gateway/time.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>

namespace parley::proto::gateway {

struct replay_log_limits {
  std::size_t max_events = 1 << 20;
  std::size_t max_bytes = std::size_t{256} << 20;  // by dispatch_event::retained_size
  std::chrono::milliseconds max_age = std::chrono::minutes(5);
};

// Not thread-safe: one per network thread, like the sessions that point into it.
class replay_log {
 public:
  using position = std::uint64_t;  // never reused: positions only grow

  explicit replay_log(replay_log_limits limits = {}) : limits_(limits) {}

  // Keeps `event` (sent at `now`) and returns its position; first drops what is older than
  // max_age at `now` and what exceeds the count and byte bounds, oldest first.
  position append(std::shared_ptr<const dispatch_event> event, time_point now);

  // The event at `p`, or null when it was evicted (or never appended).
  const dispatch_event* find(position p) const noexcept;
  std::shared_ptr<const dispatch_event> get(position p) const;

  // Drops entries older than max_age at `now`.
  void expire(time_point now);

  position first() const noexcept { return first_; }                  // oldest kept
  position end() const noexcept { return first_ + entries_.size(); }  // next to be appended
  std::size_t size() const noexcept { return entries_.size(); }
  std::size_t bytes() const noexcept { return bytes_; }

 private:
  struct entry {
    std::shared_ptr<const dispatch_event> event;
    time_point at;
  };
  void pop_front() noexcept;

  replay_log_limits limits_;
  std::deque<entry> entries_;
  position first_ = 0;
  std::size_t bytes_ = 0;
};

} // namespace parley::proto::gateway
