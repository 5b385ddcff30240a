// Replay buffer for Resume (gateway.md §3.6: replay every dispatch after the client's seq, in
// order with its original s, or refuse).
#include "proto/gateway/replay_ring.hpp"

#include <algorithm>
#include <bit>
#include <cassert>

namespace parley::proto::gateway {

void replay_ring::grow() {
  // Small first: most idle sessions hold only READY (and a few GUILD_CREATEs).
  // A power of two, so positions wrap with a mask instead of a division on every push.
  std::size_t capacity = std::bit_ceil(std::min(limits_.max_events, std::max<std::size_t>(2, slots_.size() * 2)));
  std::vector<replay_entry> bigger(capacity);
  for (std::size_t i = 0; i < count_; ++i) bigger[i] = std::move(at(i));
  slots_ = std::move(bigger);
  head_ = 0;
}

void replay_ring::pop_front() noexcept {
  replay_entry& front = at(0);
  bytes_ -= front.event->retained_size();
  front = replay_entry{};
  head_ = (head_ + 1) & (slots_.size() - 1);
  --count_;
}

void replay_ring::push(std::uint64_t seq, std::shared_ptr<const dispatch_event> event, time_point now) {
  assert(event != nullptr);
  assert(count_ == 0 || at(count_ - 1).seq < seq);
  std::size_t size = event->retained_size();
  if (limits_.max_events == 0 || size > limits_.max_bytes) {
    // Keeping older events without this one would leave a gap; a resume across it must fail.
    clear();
    return;
  }
  expire(now);
  while (count_ > 0 && (count_ >= limits_.max_events || bytes_ + size > limits_.max_bytes)) pop_front();
  if (count_ == slots_.size()) grow();
  at(count_) = replay_entry{seq, now, std::move(event)};
  ++count_;
  bytes_ += size;
}

void replay_ring::expire(time_point now) {
  while (count_ > 0 && now - at(0).sent_at > limits_.max_age) pop_front();
}

std::optional<std::vector<replay_entry>> replay_ring::since(std::uint64_t after, std::uint64_t last_seq,
                                                            time_point now) {
  if (after > last_seq) return std::nullopt;
  expire(now);
  std::vector<replay_entry> out;
  if (after == last_seq) return out;
  // Find the first entry with seq > after; it must be exactly after+1, and the rest must run
  // without gaps up to last_seq.
  std::size_t i = 0;
  while (i < count_ && at(i).seq <= after) ++i;
  if (count_ - i != last_seq - after || at(i).seq != after + 1 || at(count_ - 1).seq != last_seq) {
    return std::nullopt;
  }
  out.reserve(count_ - i);
  for (; i < count_; ++i) out.push_back(at(i));
  return out;
}

std::optional<std::uint64_t> replay_ring::oldest_seq() const noexcept {
  if (count_ == 0) return std::nullopt;
  return slots_[head_].seq;
}

void replay_ring::clear() noexcept {
  slots_.clear();
  slots_.shrink_to_fit();
  head_ = 0;
  count_ = 0;
  bytes_ = 0;
}

} // namespace parley::proto::gateway
