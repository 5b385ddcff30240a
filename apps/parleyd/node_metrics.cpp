// The node-wide Prometheus instruments: registration and the observers' recording.
#include "apps/parleyd/node_metrics.hpp"

#include <stdexcept>

namespace parley::apps {

namespace {

template <class T>
T value_or_throw(result<T> r, const char* what) {
  if (!r) throw std::runtime_error(std::string("metrics: ") + what + ": " + r.error().message());
  return *r;
}

} // namespace

node_metrics::node_metrics() {
  auto* connections = value_or_throw(
      registry_.add_gauge("parley_open_connections", "Open client connections, by kind (http, gateway).", {"kind"}),
      "parley_open_connections");
  http_connections_ = &connections->with({"http"});
  gateway_sessions_ = &connections->with({"gateway"});

  // Reads take tens of microseconds, durable commits milliseconds: start lower than the HTTP
  // buckets so both are resolved.
  auto* store = value_or_throw(
      registry_.add_histogram("parley_store_operation_seconds",
                              "Wall time of store calls as their caller waited (writes include the group commit).",
                              {"kind"},
                              {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                               0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}),
      "parley_store_operation_seconds");
  store_reads_ = &store->with({"read"});
  store_writes_ = &store->with({"write"});
}

server::http::http_server::connection_observer node_metrics::connection_observer() {
  return [gauge = http_connections_](int delta) { gauge->inc(delta); };
}

store::sqlite_store::latency_observer node_metrics::store_observer() {
  return [reads = store_reads_, writes = store_writes_](bool is_write, std::chrono::nanoseconds elapsed) {
    (is_write ? writes : reads)->observe(elapsed);
  };
}

} // namespace parley::apps
