// The process's metric families and their rendering for /metrics in the Prometheus text exposition
// format 0.0.4. Families are registered once at startup; render() may run concurrently with
// recording on any thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "proto/base/result.hpp"
#include "server/metrics/family.hpp"

namespace parley::server::metrics {

class registry {
 public:
  registry();
  ~registry();
  registry(const registry&) = delete;
  registry& operator=(const registry&) = delete;

  // The returned family (and every child it hands out) lives as long as the registry. Errors
  // (errc): bad metric or label names, a duplicate name, and for histograms a label "le" or bounds
  // that are not finite and strictly increasing.
  result<counter_family*> add_counter(std::string name, std::string help, std::vector<std::string> label_names = {});
  result<gauge_family*> add_gauge(std::string name, std::string help, std::vector<std::string> label_names = {});
  result<histogram_family*> add_histogram(std::string name, std::string help, std::vector<std::string> label_names,
                                          std::vector<double> upper_bounds = default_latency_buckets());

  // Every family in registration order (serve with Content-Type text_content_type).
  std::string render() const;
  void render(std::string& out) const;

 private:
  error_code check(std::string_view name, const std::vector<std::string>& label_names) const;

  mutable std::mutex mutex_; // guards families_; never taken while recording
  std::vector<std::unique_ptr<family_base>> families_;
};

} // namespace parley::server::metrics
