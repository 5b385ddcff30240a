// One shard's buckets for the rate limiter: fixed-window counters keyed by (route, resource,
// caller), with a hard capacity. Not thread-safe; rate_limiter guards each table with its mutex.
//
// Memory policy: slots live in one array that never grows past `capacity`, so the table's size is
// bounded whatever keys arrive. Buckets are kept in one list per window length; since a bucket
// (re)starts its window at insertion or renewal and goes to its list's tail, each list is ordered by
// reset time and its head is the next to expire. Each insertion first frees up to two expired heads
// (so stale buckets drain faster than new ones arrive), then, only if the table is still full,
// evicts the head that resets soonest even though it is live: its caller gets a fresh window early
// (fails open), which costs that caller the least. Evicting live buckets means the cap is too small;
// evicted_live() counts it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>

#include "server/ratelimit/caller_identity.hpp"

namespace parley::server::ratelimit::detail {

using time_point = std::chrono::steady_clock::time_point;

struct bucket_key {
  std::uint64_t route = 0;    // bucket_id value; 0 is the global bucket
  std::uint64_t resource = 0; // top-level resource id, 0 when none
  caller_identity caller;     // kind::none for shared buckets

  friend bool operator==(const bucket_key&, const bucket_key&) noexcept = default;
};

std::uint64_t mix(std::uint64_t x) noexcept;

struct bucket_key_hash {
  using is_avalanching = void; // the result is already well mixed; spares the map its own mixing
  std::size_t operator()(const bucket_key& key) const noexcept;
};

class bucket_table {
 public:
  static constexpr std::uint32_t npos = 0xffff'ffff;

  // capacity >= 1; window classes are numbered 0..window_classes-1 by the caller.
  bucket_table(std::uint32_t capacity, std::size_t window_classes);

  // Index of the key's bucket, or npos. The bucket may have expired: reset_at(i) <= now.
  std::uint32_t find(const bucket_key& key) const noexcept;
  std::uint32_t remaining(std::uint32_t index) const noexcept { return slots_[index].remaining; }
  time_point reset_at(std::uint32_t index) const noexcept { return slots_[index].reset_at; }

  // Counts one request against a live bucket. Requires remaining(index) > 0.
  void consume(std::uint32_t index) noexcept;
  // Starts a new window for an existing bucket. Indices stay valid.
  void renew(std::uint32_t index, std::uint32_t remaining, time_point reset_at) noexcept;
  // Adds an absent key, evicting as described above. Invalidates indices from find().
  void insert(const bucket_key& key, std::uint8_t window_class, std::uint32_t remaining,
              time_point reset_at, time_point now);

  std::size_t size() const noexcept { return index_.size(); }
  std::uint32_t capacity() const noexcept { return capacity_; }
  std::uint64_t evicted_live() const noexcept { return evicted_live_; }

 private:
  struct slot {
    bucket_key key;
    time_point reset_at;
    std::uint32_t remaining = 0;
    std::uint32_t prev = npos; // neighbours in the window-class list; next also links free slots
    std::uint32_t next = npos;
    std::uint8_t window_class = 0;
  };
  struct list {
    std::uint32_t head = npos;
    std::uint32_t tail = npos;
  };

  void link_tail(std::uint32_t index) noexcept;
  void unlink(std::uint32_t index) noexcept;
  void erase(std::uint32_t index);
  // The list head that resets first, or npos when empty.
  std::uint32_t soonest() const noexcept;

  std::uint32_t capacity_;
  std::vector<slot> slots_; // grows to capacity_, never beyond
  std::uint32_t free_ = npos;
  std::vector<list> lists_;
  boost::unordered_flat_map<bucket_key, std::uint32_t, bucket_key_hash> index_;
  std::uint64_t evicted_live_ = 0;
};

} // namespace parley::server::ratelimit::detail
