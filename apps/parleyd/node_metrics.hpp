// The process's /metrics registry (Prometheus text format) and the node-wide instruments that
// node.cpp hands to the listener and the store: open connections by kind, store call latency.
// The REST front registers its own families in the same registry (rest_api::set_metrics).
#pragma once

#include "server/http/http_server.hpp"
#include "server/metrics/registry.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace parley::apps {

class node_metrics {
 public:
  // Registers the families; throws std::runtime_error on a registration error (a startup bug).
  node_metrics();
  node_metrics(const node_metrics&) = delete;
  node_metrics& operator=(const node_metrics&) = delete;

  server::metrics::registry& registry() noexcept { return registry_; }

  // parley_open_connections{kind="http"}: HTTP connections (an upgraded one leaves this count).
  server::metrics::gauge& http_connections() noexcept { return *http_connections_; }
  // parley_open_connections{kind="gateway"}: gateway sessions, recorded by the gateway.
  server::metrics::gauge& gateway_sessions() noexcept { return *gateway_sessions_; }

  // Observers to give the listener and the store; they keep references to this object, which
  // must outlive both.
  server::http::http_server::connection_observer connection_observer();
  store::sqlite_store::latency_observer store_observer();

 private:
  server::metrics::registry registry_;
  server::metrics::gauge* http_connections_ = nullptr;
  server::metrics::gauge* gateway_sessions_ = nullptr;
  server::metrics::histogram* store_reads_ = nullptr;   // parley_store_operation_seconds{kind="read"}
  server::metrics::histogram* store_writes_ = nullptr;  // {kind="write"}: includes queueing and the group commit
};

} // namespace parley::apps
