// Bounded bucket storage for one rate limiter shard; the eviction policy is described in the header.
#include "server/ratelimit/detail/bucket_table.hpp"

#include <algorithm>
#include <cassert>

namespace parley::server::ratelimit::detail {

std::uint64_t mix(std::uint64_t x) noexcept {
  // MurmurHash3's 64-bit finalizer: every input bit affects every output bit.
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

std::size_t bucket_key_hash::operator()(const bucket_key& key) const noexcept {
  std::uint64_t h = mix(key.route ^ 0x9e3779b97f4a7c15ULL);
  h = mix(h ^ key.resource);
  h = mix(h ^ key.caller.high() ^ static_cast<std::uint64_t>(key.caller.type()) << 56);
  return static_cast<std::size_t>(mix(h ^ key.caller.low()));
}

bucket_table::bucket_table(std::uint32_t capacity, std::size_t window_classes)
    : capacity_{capacity}, lists_(window_classes) {
  assert(capacity >= 1 && window_classes >= 1);
}

std::uint32_t bucket_table::find(const bucket_key& key) const noexcept {
  const auto it = index_.find(key);
  return it == index_.end() ? npos : it->second;
}

void bucket_table::consume(std::uint32_t index) noexcept {
  assert(slots_[index].remaining > 0);
  --slots_[index].remaining;
}

void bucket_table::renew(std::uint32_t index, std::uint32_t remaining, time_point reset_at) noexcept {
  auto& s = slots_[index];
  s.remaining = remaining;
  s.reset_at = reset_at;
  unlink(index);
  link_tail(index);
}

void bucket_table::insert(const bucket_key& key, std::uint8_t window_class, std::uint32_t remaining,
                          time_point reset_at, time_point now) {
  assert(window_class < lists_.size());
  for (int reclaimed = 0; reclaimed < 2; ++reclaimed) {
    const auto head = soonest();
    if (head == npos || slots_[head].reset_at > now) {
      break;
    }
    erase(head);
  }
  if (index_.size() >= capacity_) {
    const auto victim = soonest();
    if (slots_[victim].reset_at > now) {
      ++evicted_live_;
    }
    erase(victim);
  }

  std::uint32_t index;
  if (free_ != npos) {
    index = free_;
    free_ = slots_[index].next;
  } else {
    index = static_cast<std::uint32_t>(slots_.size());
    if (slots_.size() == slots_.capacity()) {
      // Grow geometrically but never reserve past the cap.
      slots_.reserve(std::min<std::size_t>(capacity_, std::max<std::size_t>(64, slots_.size() * 2)));
    }
    slots_.emplace_back();
  }
  auto& s = slots_[index];
  s.key = key;
  s.reset_at = reset_at;
  s.remaining = remaining;
  s.window_class = window_class;
  link_tail(index);
  index_.emplace(key, index);
}

void bucket_table::link_tail(std::uint32_t index) noexcept {
  auto& s = slots_[index];
  auto& l = lists_[s.window_class];
  s.prev = l.tail;
  s.next = npos;
  if (l.tail != npos) {
    slots_[l.tail].next = index;
  } else {
    l.head = index;
  }
  l.tail = index;
}

void bucket_table::unlink(std::uint32_t index) noexcept {
  auto& s = slots_[index];
  auto& l = lists_[s.window_class];
  (s.prev != npos ? slots_[s.prev].next : l.head) = s.next;
  (s.next != npos ? slots_[s.next].prev : l.tail) = s.prev;
  s.prev = s.next = npos;
}

void bucket_table::erase(std::uint32_t index) {
  unlink(index);
  index_.erase(slots_[index].key);
  slots_[index].next = free_;
  free_ = index;
}

std::uint32_t bucket_table::soonest() const noexcept {
  std::uint32_t best = npos;
  for (const auto& l : lists_) {
    if (l.head != npos && (best == npos || slots_[l.head].reset_at < slots_[best].reset_at)) {
      best = l.head;
    }
  }
  return best;
}

} // namespace parley::server::ratelimit::detail
