// The per-session record of recent dispatches replayed on Resume (gateway.md §3.5, §3.6): for
// each sequence number, the event's position in the thread's replay_log. Bounded by event count
// and by the bytes the session could ask to replay; age is the log's bound (an evicted event
// cannot be replayed).
#pragma once

#include "proto/gateway/dispatch_event.hpp"
#include "proto/gateway/replay_log.hpp"

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
  // Applied by the replay_log the rings point into (gateway_server builds it with this age).
  std::chrono::milliseconds max_age = std::chrono::minutes(5);
};

// What a resume replays: a dispatch with its original sequence number.
struct replay_entry {
  std::uint64_t seq = 0;
  std::shared_ptr<const dispatch_event> event;
};

// A circular buffer of log positions that grows on demand up to max_events (an idle session
// holds no storage): 16 bytes per entry, no reference counting, no clock. Sequence numbers run
// without gaps; a push after a gap forgets everything before it (a resume across a gap must
// fail anyway, and one after it still works). The oldest entries are dropped first.
class replay_ring {
 public:
  explicit replay_ring(replay_limits limits = {}) : limits_(limits) {}

  // Records dispatch `seq`, kept at position `at` of `log`, then evicts entries beyond the
  // bounds and entries the log no longer holds. An event larger than max_bytes empties the ring.
  void push(std::uint64_t seq, const replay_log& log, replay_log::position at);

  // The entries with seq > `after`, oldest first, if every sequence number from after+1 to
  // `last_seq` (the session's last sent seq) is recorded and still in `log`; nullopt otherwise.
  std::optional<std::vector<replay_entry>> since(std::uint64_t after, std::uint64_t last_seq,
                                                 const replay_log& log) const;

  std::size_t size() const noexcept { return count_; }
  std::size_t bytes() const noexcept { return bytes_; }
  bool empty() const noexcept { return count_ == 0; }
  std::optional<std::uint64_t> oldest_seq() const noexcept;
  void clear() noexcept;

  // Where the next push writes (null before the first): a caller recording one event for many
  // sessions in a row prefetches it a few sessions ahead.
  const void* next_slot_address() const noexcept {
    return slots_.empty() ? nullptr : &slots_[(head_ + count_) & (slots_.size() - 1)];
  }

 private:
  struct slot {
    replay_log::position at = 0;
    std::size_t size = 0;
  };
  slot& at(std::size_t i) noexcept { return slots_[(head_ + i) & (slots_.size() - 1)]; }  // size: a power of two
  const slot& at(std::size_t i) const noexcept { return slots_[(head_ + i) & (slots_.size() - 1)]; }
  void pop_front() noexcept;
  void grow();

  replay_limits limits_;
  std::vector<slot> slots_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  std::size_t bytes_ = 0;
  std::uint64_t first_seq_ = 0;  // the seq of at(0) when count_ > 0
  replay_log::position first_at_ = 0;  // at(0).at when count_ > 0
};

} // namespace parley::proto::gateway
