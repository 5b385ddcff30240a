#include "bench/gateway_load/fanout_report.hpp"

namespace parley::bench::gateway_load {

boost::json::object fanout_report(const fanout_figures& f) {
  boost::json::object o;
  o["mode"] = f.fixed_rate ? "rate" : "window";
  o["rate"] = f.rate;
  o["window"] = f.window;
  o["events"] = f.events;
  o["events_sent"] = f.events_sent;
  o["receivers"] = f.receivers;
  o["deliveries"] = f.deliveries;
  o["expected"] = std::uint64_t{f.receivers} * f.events;
  o["duplicates"] = f.duplicates;
  o["unknown_markers"] = f.unknown_markers;
  o["wall_s"] = f.wall_s;
  o["deliveries_per_s"] = f.wall_s > 0 ? static_cast<double>(f.deliveries) / f.wall_s : 0.0;
  o["server_cpu_s"] = f.server_cpu_s ? boost::json::value(*f.server_cpu_s) : boost::json::value(nullptr);
  o["deliveries_per_server_cpu_s"] = f.server_cpu_s && *f.server_cpu_s > 0
                                         ? boost::json::value(static_cast<double>(f.deliveries) / *f.server_cpu_s)
                                         : boost::json::value(nullptr);
  o["loadgen_cpu_s"] = f.loadgen_cpu_s;
  if (const auto* d = f.delivery_latency) {
    o["lat_p50_us"] = d->percentile(0.5);
    o["lat_p90_us"] = d->percentile(0.9);
    o["lat_p99_us"] = d->percentile(0.99);
    o["lat_max_us"] = d->max();
  }
  if (const auto* c = f.completion_latency) {
    o["complete_p50_us"] = c->percentile(0.5);
    o["complete_p99_us"] = c->percentile(0.99);
  }
  o["max_trigger_backlog"] = f.max_trigger_backlog;
  return o;
}

} // namespace parley::bench::gateway_load
