// Errors of metric registration as an error_code category (STYLE.md "Errors"): why the registry
// refused a family at startup (Prometheus data model: metric and label names).
#pragma once

#include <boost/system/error_code.hpp>
#include <type_traits>

namespace parley::server::metrics {

enum class errc {
  invalid_metric_name = 1, // not [a-zA-Z_:][a-zA-Z0-9_:]*
  invalid_label_name,      // not [a-zA-Z_][a-zA-Z0-9_]*, or starts with "__" (reserved)
  duplicate_label_name,    // the same label twice in one family
  reserved_label_name,     // "le" on a histogram
  duplicate_metric,        // a family with this name is already registered
  invalid_buckets,         // histogram bounds not finite and strictly increasing
};

const boost::system::error_category& metrics_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), metrics_category()};
}

} // namespace parley::server::metrics

template <>
struct boost::system::is_error_code_enum<parley::server::metrics::errc> : std::true_type {};
