// A Prometheus histogram with fixed upper bounds (for latencies in seconds): per-bucket atomic
// counts and an atomic sum, rendered as cumulative _bucket lines with le, then _sum and _count.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley::server::metrics {

// 100 µs to 10 s: a fast server's requests land in the lower buckets, stalls in the upper ones.
std::vector<double> default_latency_buckets();

class histogram {
 public:
  struct config {
    std::vector<double> upper_bounds; // finite, strictly increasing; +Inf is implied
  };
  static constexpr std::string_view type_name = "histogram";

  // Keeps a view of config.upper_bounds, which must outlive the histogram (the family owns both).
  explicit histogram(const config& c);
  histogram(const histogram&) = delete;
  histogram& operator=(const histogram&) = delete;

  // NaN is ignored: it would poison the sum for the life of the process.
  void observe(double value) noexcept;
  template <class Rep, class Period>
  void observe(std::chrono::duration<Rep, Period> d) noexcept {
    observe(std::chrono::duration<double>(d).count());
  }

  struct snapshot {
    std::vector<std::uint64_t> cumulative; // one per bound, then +Inf (== count)
    double sum = 0;
  };
  snapshot read() const;

  void append_samples(std::string& out, std::string_view name, std::string_view label_text) const;

 private:
  std::span<const double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_; // per bucket, not cumulative; last is +Inf
  std::atomic<double> sum_{0};
};

} // namespace parley::server::metrics
