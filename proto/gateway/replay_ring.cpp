// Replay positions for Resume (gateway.md §3.6: replay every dispatch after the client's seq, in
// order with its original s, or refuse).
#include "proto/gateway/replay_ring.hpp"

#include <algorithm>
#include <bit>
#include <cassert>

namespace parley::proto::gateway {

void replay_ring::grow() {
  // Small first: most idle sessions hold only a few GUILD_CREATEs. A power of two, so positions
  // wrap with a mask instead of a division on every push.
  std::size_t capacity = std::bit_ceil(std::min(limits_.max_events, std::max<std::size_t>(2, slots_.size() * 2)));
  std::vector<slot> bigger(capacity);
  for (std::size_t i = 0; i < count_; ++i) bigger[i] = at(i);
  slots_ = std::move(bigger);
  head_ = 0;
}

void replay_ring::pop_front() noexcept {
  bytes_ -= at(0).size;
  head_ = (head_ + 1) & (slots_.size() - 1);
  --count_;
  ++first_seq_;
  if (count_ > 0) first_at_ = at(0).at;
}

void replay_ring::push(std::uint64_t seq, const replay_log& log, replay_log::position position) {
  const dispatch_event* event = log.find(position);
  assert(event != nullptr);
  assert(count_ == 0 || first_seq_ + count_ - 1 < seq);
  const std::size_t size = event ? event->retained_size() : limits_.max_bytes + 1;
  if (limits_.max_events == 0 || size > limits_.max_bytes || (count_ > 0 && seq != first_seq_ + count_)) {
    // Too big to keep, or a gap: keeping older entries without this one could only serve
    // resumes that must fail.
    clear();
    if (limits_.max_events == 0 || size > limits_.max_bytes) return;
  }
  // The oldest position is kept beside the counters: a fan-out to thousands of sessions touches
  // each ring's tail slot only, not its head as well.
  while (count_ > 0 && (count_ >= limits_.max_events || bytes_ + size > limits_.max_bytes || first_at_ < log.first()))
    pop_front();
  if (count_ == slots_.size()) grow();
  if (count_ == 0) {
    first_seq_ = seq;
    first_at_ = position;
  }
  at(count_) = slot{position, size};
  ++count_;
  bytes_ += size;
}

std::optional<std::vector<replay_entry>> replay_ring::since(std::uint64_t after, std::uint64_t last_seq,
                                                            const replay_log& log) const {
  if (after > last_seq) return std::nullopt;
  std::vector<replay_entry> out;
  if (after == last_seq) return out;
  // Every seq from after+1 to last_seq must be recorded, and every event still in the log.
  if (count_ == 0 || first_seq_ > after + 1 || first_seq_ + count_ - 1 != last_seq) return std::nullopt;
  out.reserve(last_seq - after);
  for (std::size_t i = after + 1 - first_seq_; i < count_; ++i) {
    auto event = log.get(at(i).at);
    if (!event) return std::nullopt;
    out.push_back(replay_entry{first_seq_ + i, std::move(event)});
  }
  return out;
}

std::optional<std::uint64_t> replay_ring::oldest_seq() const noexcept {
  if (count_ == 0) return std::nullopt;
  return first_seq_;
}

void replay_ring::clear() noexcept {
  slots_.clear();
  slots_.shrink_to_fit();
  head_ = 0;
  count_ = 0;
  bytes_ = 0;
}

} // namespace parley::proto::gateway
