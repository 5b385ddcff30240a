// Messages for the metrics registry's error category.
#include "server/metrics/error.hpp"

#include <string>

namespace parley::server::metrics {
namespace {

class category final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.metrics"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::invalid_metric_name: return "invalid metric name";
      case errc::invalid_label_name: return "invalid label name";
      case errc::duplicate_label_name: return "label name used twice";
      case errc::reserved_label_name: return "label name reserved by the metric type";
      case errc::duplicate_metric: return "metric already registered";
      case errc::invalid_buckets: return "histogram bounds must be finite and strictly increasing";
    }
    return "unknown metrics error";
  }
};

} // namespace

const boost::system::error_category& metrics_category() noexcept {
  static const category instance;
  return instance;
}

} // namespace parley::server::metrics
