// The "fanout" object of a parley-bench result, shared by the gateway and IRC modes: the same
// keys in both, so bench/fanout_side_by_side.sh and result merging read one shape whichever
// server was measured. Each mode adds its own keys (trigger errors, REST latency, ...).
#pragma once

#include <cstdint>
#include <optional>

#include <boost/json/object.hpp>

#include "bench/gateway_load/latency_histogram.hpp"

namespace parley::bench::gateway_load {

struct fanout_figures {
  bool fixed_rate = false;  // open loop at `rate`, else closed loop with `window`
  double rate = 0;          // events per second when fixed_rate
  std::uint32_t window = 0;
  std::uint32_t events = 0;       // asked for
  std::uint64_t events_sent = 0;
  std::uint32_t receivers = 0;
  std::uint64_t deliveries = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t unknown_markers = 0;
  double wall_s = 0;              // first send (or delivery) to last delivery
  std::optional<double> server_cpu_s;
  double loadgen_cpu_s = 0;
  const latency_histogram* delivery_latency = nullptr;
  const latency_histogram* completion_latency = nullptr;
  std::uint64_t max_trigger_backlog = 0;
};

boost::json::object fanout_report(const fanout_figures& f);

} // namespace parley::bench::gateway_load
