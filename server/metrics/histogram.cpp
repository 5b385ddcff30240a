// Histogram recording and its text rendering (Prometheus text format 0.0.4: cumulative buckets).
#include "server/metrics/histogram.hpp"

#include <algorithm>
#include <cmath>

#include "server/metrics/detail/sample_line.hpp"
#include "server/metrics/text_format.hpp"

namespace parley::server::metrics {

std::vector<double> default_latency_buckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,     10};
}

histogram::histogram(const config& c)
    : bounds_{c.upper_bounds}, counts_{std::make_unique<std::atomic<std::uint64_t>[]>(c.upper_bounds.size() + 1)} {}

void histogram::observe(double value) noexcept {
  if (std::isnan(value)) {
    return;
  }
  // le is inclusive: a value equal to a bound belongs to that bound's bucket.
  const auto bucket = static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

histogram::snapshot histogram::read() const {
  snapshot out;
  out.cumulative.reserve(bounds_.size() + 1);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    total += counts_[i].load(std::memory_order_relaxed);
    out.cumulative.push_back(total);
  }
  out.sum = sum_.load(std::memory_order_relaxed);
  return out;
}

void histogram::append_samples(std::string& out, std::string_view name, std::string_view label_text) const {
  // _count is the +Inf bucket's cumulative count, so the two agree even while other threads observe.
  std::string le;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    total += counts_[i].load(std::memory_order_relaxed);
    le.assign("le=\"");
    if (i < bounds_.size()) {
      append_value(le, bounds_[i]);
    } else {
      le += "+Inf";
    }
    le += '"';
    detail::append_sample_head(out, name, "_bucket", label_text, le);
    append_value(out, total);
    out += '\n';
  }
  detail::append_sample_head(out, name, "_sum", label_text);
  append_value(out, sum_.load(std::memory_order_relaxed));
  out += '\n';
  detail::append_sample_head(out, name, "_count", label_text);
  append_value(out, total);
  out += '\n';
}

} // namespace parley::server::metrics
