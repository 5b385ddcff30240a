// A Prometheus counter: a monotonically increasing integer, incremented with one relaxed atomic
// add, safe from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace parley::server::metrics {

class counter {
 public:
  struct config {};
  static constexpr std::string_view type_name = "counter";

  explicit counter(const config& = {}) noexcept {}
  counter(const counter&) = delete;
  counter& operator=(const counter&) = delete;

  void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

  // `label_text` is the family's escaped `a="x",b="y"` for this child (may be empty).
  void append_samples(std::string& out, std::string_view name, std::string_view label_text) const;

 private:
  std::atomic<std::uint64_t> value_{0};
};

} // namespace parley::server::metrics
