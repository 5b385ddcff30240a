// Text rendering of a gauge sample (Prometheus text format 0.0.4).
#include "server/metrics/gauge.hpp"

#include "server/metrics/detail/sample_line.hpp"
#include "server/metrics/text_format.hpp"

namespace parley::server::metrics {

void gauge::append_samples(std::string& out, std::string_view name, std::string_view label_text) const {
  detail::append_sample_head(out, name, {}, label_text);
  append_value(out, value());
  out += '\n';
}

} // namespace parley::server::metrics
