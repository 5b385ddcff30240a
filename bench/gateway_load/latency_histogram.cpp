// Log-linear latency histogram.
#include "bench/gateway_load/latency_histogram.hpp"

#include "bench/gateway_load/load_error.hpp"

#include <algorithm>
#include <bit>
#include <boost/json.hpp>
#include <cmath>

namespace parley::bench::gateway_load {

std::size_t latency_histogram::bucket_of(std::uint64_t us) noexcept {
  if (us < 128) return static_cast<std::size_t>(us);
  const int msb = 63 - std::countl_zero(us); // >= 7
  const int shift = msb - 6;                  // keeps the top 7 bits: 64..127
  const auto top = static_cast<std::size_t>(us >> shift);
  return 128 + static_cast<std::size_t>(shift - 1) * 64 + (top - 64);
}

std::uint64_t latency_histogram::bucket_low(std::size_t bucket) noexcept {
  if (bucket < 128) return bucket;
  const std::size_t shift = (bucket - 128) / 64 + 1;
  const std::uint64_t top = (bucket - 128) % 64 + 64;
  return top << shift;
}

std::uint64_t latency_histogram::bucket_high(std::size_t bucket) noexcept {
  if (bucket < 128) return bucket;
  const std::size_t shift = (bucket - 128) / 64 + 1;
  const std::uint64_t top = (bucket - 128) % 64 + 64;
  return ((top + 1) << shift) - 1;
}

void latency_histogram::add(std::uint64_t us) noexcept {
  ++counts_[bucket_of(us)];
  ++count_;
  max_ = std::max(max_, us);
}

void latency_histogram::merge(const latency_histogram& other) noexcept {
  for (std::size_t i = 0; i < bucket_count; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

std::uint64_t latency_histogram::percentile(double p) const noexcept {
  if (count_ == 0) return 0;
  const double clamped = std::clamp(p, 0.0, 1.0);
  auto rank = static_cast<std::uint64_t>(std::ceil(clamped * static_cast<double>(count_)));
  rank = std::max<std::uint64_t>(rank, 1);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < bucket_count; ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      const std::uint64_t mid = bucket_low(i) + (bucket_high(i) - bucket_low(i)) / 2;
      return std::min(mid, max_);
    }
  }
  return max_;
}

boost::json::value latency_histogram::to_json() const {
  boost::json::array buckets;
  for (std::size_t i = 0; i < bucket_count; ++i)
    if (counts_[i]) buckets.push_back(boost::json::array{i, counts_[i]});
  return boost::json::object{{"buckets", std::move(buckets)}, {"max", max_}};
}

result<latency_histogram> latency_histogram::from_json(const boost::json::value& v) {
  latency_histogram h;
  const auto* o = v.if_object();
  if (!o) return errc::payload_malformed;
  const auto* buckets = o->if_contains("buckets");
  const auto* max = o->if_contains("max");
  if (!buckets || !buckets->is_array() || !max) return errc::payload_malformed;
  boost::system::error_code ec;
  h.max_ = max->to_number<std::uint64_t>(ec);
  if (ec) return errc::payload_malformed;
  for (const auto& entry : buckets->get_array()) {
    const auto* pair = entry.if_array();
    if (!pair || pair->size() != 2) return errc::payload_malformed;
    const auto bucket = (*pair)[0].to_number<std::uint64_t>(ec);
    if (ec || bucket >= bucket_count) return errc::payload_malformed;
    const auto n = (*pair)[1].to_number<std::uint64_t>(ec);
    if (ec) return errc::payload_malformed;
    h.counts_[bucket] += n;
    h.count_ += n;
  }
  return h;
}

} // namespace parley::bench::gateway_load
