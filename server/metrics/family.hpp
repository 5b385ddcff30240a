// A metric family (Prometheus data model): one name, help text, type and label names, with one
// child metric per distinct set of label values. Callers look a child up once and keep the
// reference (the hot path then touches only the child's atomics).
#pragma once

#include <cassert>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "server/metrics/counter.hpp"
#include "server/metrics/detail/child_index.hpp"
#include "server/metrics/gauge.hpp"
#include "server/metrics/histogram.hpp"

namespace parley::server::metrics {

class family_base {
 public:
  family_base(const family_base&) = delete;
  family_base& operator=(const family_base&) = delete;
  virtual ~family_base() = default;

  const std::string& name() const noexcept { return name_; }
  const std::vector<std::string>& label_names() const noexcept { return index_.label_names(); }

  // # HELP, # TYPE and every child's samples in creation order; nothing for a labelled family that
  // has no child yet.
  void render(std::string& out) const;

 protected:
  family_base(std::string name, std::string help, std::string_view type, std::vector<std::string> label_names,
              detail::child_index::factory make, const void* context);

  detail::child_node& child(std::span<const std::string_view> values) { return index_.get(values); }

 private:
  std::string name_;
  std::string help_;
  std::string_view type_;
  detail::child_index index_;
};

// Metric is counter, gauge or histogram. Families are created by the registry and live as long as
// it does; so does every child reference they hand out.
template <class Metric>
class family final : public family_base {
 public:
  using config = typename Metric::config;

  family(std::string name, std::string help, std::vector<std::string> labels, config c)
      : family_base{std::move(name), std::move(help), Metric::type_name, std::move(labels), &make, &config_},
        config_{std::move(c)} {
    if (label_names().empty()) {
      // Unlabelled metrics are exported from the start, with value 0.
      unlabelled_ = &with(std::span<const std::string_view>{});
    }
  }

  // The child for these label values (one per label name, in order), created on first use; safe
  // from any thread. Cache the reference: each call hashes the values and takes a shared lock.
  Metric& with(std::span<const std::string_view> values) { return static_cast<node&>(child(values)).metric; }
  Metric& with(std::initializer_list<std::string_view> values) {
    return with(std::span<const std::string_view>{values.begin(), values.size()});
  }

  // The only child of a family without labels.
  Metric& get() noexcept {
    assert(unlabelled_ != nullptr);
    return *unlabelled_;
  }

 private:
  struct node final : detail::child_node {
    explicit node(const config& c) : metric{c} {}
    void append_samples(std::string& out, std::string_view name) const override {
      metric.append_samples(out, name, label_text());
    }
    Metric metric;
  };

  static std::unique_ptr<detail::child_node> make(const void* context) {
    return std::make_unique<node>(*static_cast<const config*>(context));
  }

  config config_; // children keep views into it (histogram bounds)
  Metric* unlabelled_ = nullptr;
};

using counter_family = family<counter>;
using gauge_family = family<gauge>;
using histogram_family = family<histogram>;

} // namespace parley::server::metrics
