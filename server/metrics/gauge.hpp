// A Prometheus gauge: a double that goes up and down, updated atomically from any thread.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

namespace parley::server::metrics {

class gauge {
 public:
  struct config {};
  static constexpr std::string_view type_name = "gauge";

  explicit gauge(const config& = {}) noexcept {}
  gauge(const gauge&) = delete;
  gauge& operator=(const gauge&) = delete;

  void set(double v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void inc(double v = 1) noexcept { value_.fetch_add(v, std::memory_order_relaxed); }
  void dec(double v = 1) noexcept { value_.fetch_sub(v, std::memory_order_relaxed); }
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

  void append_samples(std::string& out, std::string_view name, std::string_view label_text) const;

 private:
  std::atomic<double> value_{0};
};

} // namespace parley::server::metrics
