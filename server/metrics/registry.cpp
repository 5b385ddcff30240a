// Registration checks (Prometheus data model names) and rendering of all families.
#include "server/metrics/registry.hpp"

#include <cmath>

#include "server/metrics/error.hpp"
#include "server/metrics/text_format.hpp"

namespace parley::server::metrics {

registry::registry() = default;
registry::~registry() = default;

error_code registry::check(std::string_view name, const std::vector<std::string>& label_names) const {
  if (!is_valid_metric_name(name)) {
    return errc::invalid_metric_name;
  }
  for (std::size_t i = 0; i < label_names.size(); ++i) {
    if (!is_valid_label_name(label_names[i])) {
      return errc::invalid_label_name;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (label_names[i] == label_names[j]) {
        return errc::duplicate_label_name;
      }
    }
  }
  for (const auto& family : families_) {
    if (family->name() == name) {
      return errc::duplicate_metric;
    }
  }
  return {};
}

result<counter_family*> registry::add_counter(std::string name, std::string help,
                                              std::vector<std::string> label_names) {
  const std::lock_guard lock{mutex_};
  if (const auto ec = check(name, label_names)) {
    return ec;
  }
  auto family = std::make_unique<counter_family>(std::move(name), std::move(help), std::move(label_names),
                                                 counter::config{});
  auto* out = family.get();
  families_.push_back(std::move(family));
  return out;
}

result<gauge_family*> registry::add_gauge(std::string name, std::string help, std::vector<std::string> label_names) {
  const std::lock_guard lock{mutex_};
  if (const auto ec = check(name, label_names)) {
    return ec;
  }
  auto family = std::make_unique<gauge_family>(std::move(name), std::move(help), std::move(label_names),
                                               gauge::config{});
  auto* out = family.get();
  families_.push_back(std::move(family));
  return out;
}

result<histogram_family*> registry::add_histogram(std::string name, std::string help,
                                                  std::vector<std::string> label_names,
                                                  std::vector<double> upper_bounds) {
  const std::lock_guard lock{mutex_};
  if (const auto ec = check(name, label_names)) {
    return ec;
  }
  for (const auto& label : label_names) {
    if (label == "le") {
      return errc::reserved_label_name;
    }
  }
  for (std::size_t i = 0; i < upper_bounds.size(); ++i) {
    if (!std::isfinite(upper_bounds[i]) || (i > 0 && !(upper_bounds[i - 1] < upper_bounds[i]))) {
      return errc::invalid_buckets;
    }
  }
  auto family = std::make_unique<histogram_family>(std::move(name), std::move(help), std::move(label_names),
                                                   histogram::config{std::move(upper_bounds)});
  auto* out = family.get();
  families_.push_back(std::move(family));
  return out;
}

std::string registry::render() const {
  std::string out;
  render(out);
  return out;
}

void registry::render(std::string& out) const {
  const std::lock_guard lock{mutex_};
  for (const auto& family : families_) {
    family->render(out);
  }
}

} // namespace parley::server::metrics
