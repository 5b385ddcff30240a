// The per-session buffer of recent dispatches replayed on Resume (gateway.md §3.5, §3.6),
// bounded by event count, total bytes and age.
#pragma once

#include "proto/gateway/dispatch_event.hpp"
#include "proto/gateway/time.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace parley::proto::gateway {

struct replay_limits {
  std::size_t max_events = 1024;
  std::size_t max_bytes = 1024 * 1024; // by dispatch_event::retained_size
  std::chrono::milliseconds max_age = std::chrono::minutes(5);
};

struct replay_entry {
  std::uint64_t seq = 0;
  time_point sent_at;
  std::shared_ptr<const dispatch_event> event;
};

// A circular buffer that grows on demand up to max_events (an idle session holds no storage).
// Sequence numbers must be pushed in strictly increasing order; the oldest entries are dropped
// first when any bound is exceeded. A shared event counts fully against every ring holding it.
class replay_ring {
 public:
  explicit replay_ring(replay_limits limits = {}) : limits_(limits) {}

  // Records dispatch `seq` sent at `now`, then evicts entries beyond the bounds (including
  // entries older than max_age at `now`). An event larger than max_bytes is not kept at all.
  void push(std::uint64_t seq, std::shared_ptr<const dispatch_event> event, time_point now);

  // Drops entries older than max_age at `now`.
  void expire(time_point now);

  // The entries with seq > `after`, oldest first, if the ring holds every sequence number from
  // after+1 to `last_seq` (the session's last sent seq); nullopt when any of them is gone.
  // Entries older than max_age at `now` count as gone.
  std::optional<std::vector<replay_entry>> since(std::uint64_t after, std::uint64_t last_seq, time_point now);

  std::size_t size() const noexcept { return count_; }
  std::size_t bytes() const noexcept { return bytes_; }
  bool empty() const noexcept { return count_ == 0; }
  std::optional<std::uint64_t> oldest_seq() const noexcept;
  void clear() noexcept;

 private:
  replay_entry& at(std::size_t i) noexcept { return slots_[(head_ + i) & (slots_.size() - 1)]; }  // size: a power of two
  void pop_front() noexcept;
  void grow();

  replay_limits limits_;
  std::vector<replay_entry> slots_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  std::size_t bytes_ = 0;
};

} // namespace parley::proto::gateway
