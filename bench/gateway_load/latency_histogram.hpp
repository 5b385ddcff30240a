// A log-linear histogram of microsecond values (exact below 128 µs, then 64 buckets per power of
// two: under 1.6 % error), small enough to merge across load-generator shards through JSON.
#pragma once

#include <array>
#include <boost/json/value.hpp>
#include <cstdint>

#include "proto/base/result.hpp"

namespace parley::bench::gateway_load {

class latency_histogram {
 public:
  static constexpr std::size_t bucket_count = 128 + 57 * 64;

  void add(std::uint64_t us) noexcept;
  void merge(const latency_histogram& other) noexcept;
  void clear() noexcept { *this = latency_histogram{}; }

  std::uint64_t count() const noexcept { return count_; }
  std::uint64_t max() const noexcept { return max_; }
  // Nearest-rank percentile, p in [0, 1]: the middle of the bucket holding that rank (exact
  // below 128 µs), never above max(). 0 when empty.
  std::uint64_t percentile(double p) const noexcept;

  // Sparse form [[bucket, count], ...] plus max, for merging across processes.
  boost::json::value to_json() const;
  static result<latency_histogram> from_json(const boost::json::value& v);

  static std::size_t bucket_of(std::uint64_t us) noexcept;
  static std::uint64_t bucket_low(std::size_t bucket) noexcept;
  static std::uint64_t bucket_high(std::size_t bucket) noexcept; // inclusive

 private:
  std::array<std::uint64_t, bucket_count> counts_{};
  std::uint64_t count_ = 0;
  std::uint64_t max_ = 0;
};

} // namespace parley::bench::gateway_load
