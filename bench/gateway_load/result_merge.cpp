// Merging sharded gateway-load results.
#include "bench/gateway_load/result_merge.hpp"

#include "bench/gateway_load/latency_histogram.hpp"
#include "bench/gateway_load/load_error.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace parley::bench::gateway_load {
namespace {

namespace json = boost::json;

double number(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return 0;
  boost::system::error_code ec;
  const double d = v->to_number<double>(ec);
  return ec ? 0 : d;
}

std::uint64_t integer(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return 0;
  boost::system::error_code ec;
  const auto n = v->to_number<std::uint64_t>(ec);
  return ec ? 0 : n;
}

json::value copy_or_null(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? *v : json::value(nullptr);
}

} // namespace

result<json::object> merge_results(const std::vector<json::object>& shards) {
  if (shards.empty()) return errc::payload_malformed;
  const json::object* first = nullptr;
  for (const auto& s : shards)
    if (integer(s, "shard_index") == 0) first = &s;
  if (!first) return errc::payload_malformed;

  json::object m;
  for (std::string_view key : {"label", "n", "compress", "encoding", "event", "tokens"}) m[key] = copy_or_null(*first, key);
  m["shard_count"] = shards.size();
  std::uint64_t identified = 0, dead = 0, invalid = 0, beats = 0, acks = 0, missed = 0;
  std::uint64_t first_connect = UINT64_MAX, last_ready = 0;
  latency_histogram identify_hist;
  bool ok = true;
  json::object failures;
  for (const auto& s : shards) {
    identified += integer(s, "identified");
    dead += integer(s, "dead");
    invalid += integer(s, "invalid_sessions");
    beats += integer(s, "heartbeats_sent");
    acks += integer(s, "heartbeat_acks");
    missed += integer(s, "missed_acks");
    if (const auto fc = integer(s, "first_connect_us")) first_connect = std::min(first_connect, fc);
    last_ready = std::max(last_ready, integer(s, "last_ready_us"));
    if (const auto* h = s.if_contains("identify_latency_hist")) {
      auto parsed = latency_histogram::from_json(*h);
      if (!parsed) return parsed.error();
      identify_hist.merge(*parsed);
    }
    if (const auto* f = s.if_contains("failures"); f && f->is_object())
      for (const auto& [why, count] : f->get_object()) {
        boost::system::error_code ec;
        const auto n = count.to_number<std::uint64_t>(ec);
        failures[why] = integer(failures, why) + (ec ? 0 : n);
      }
    const auto* shard_ok = s.if_contains("ok");
    ok = ok && shard_ok && shard_ok->is_bool() && shard_ok->get_bool();
  }
  if (first_connect == UINT64_MAX) first_connect = 0;
  const double identify_s = last_ready > first_connect ? static_cast<double>(last_ready - first_connect) / 1e6 : 0;
  m["identified"] = identified;
  m["dead"] = dead;
  m["invalid_sessions"] = invalid;
  m["first_connect_us"] = first_connect;
  m["last_ready_us"] = last_ready;
  m["identify_s"] = identify_s;
  m["identify_per_s"] = identify_s > 0 ? static_cast<double>(identified) / identify_s : 0.0;
  m["identify_latency_p50_us"] = identify_hist.percentile(0.5);
  m["identify_latency_p99_us"] = identify_hist.percentile(0.99);
  m["identify_latency_hist"] = identify_hist.to_json();
  for (std::string_view key :
       {"rss_baseline_kib", "rss_idle_kib", "rss_after_kib", "idle_bytes_per_session", "kernel_tcp_bytes_per_session"})
    m[key] = copy_or_null(*first, key);
  m["heartbeats_sent"] = beats;
  m["heartbeat_acks"] = acks;
  m["missed_acks"] = missed;
  m["failures"] = std::move(failures);

  const auto* first_fanout = first->if_contains("fanout");
  if (first_fanout && first_fanout->is_object()) {
    const json::object& f0 = first_fanout->get_object();
    json::object f;
    for (std::string_view key : {"mode", "rate", "window", "events", "events_sent", "trigger_errors", "first_send_us",
                                 "server_cpu_s", "rest_p50_us", "rest_p99_us", "max_trigger_backlog"})
      f[key] = copy_or_null(f0, key);
    std::uint64_t receivers = 0, deliveries = 0, expected = 0, dups = 0, unknown = 0, last_delivery = 0;
    double loadgen_cpu = 0;
    latency_histogram lat;
    for (const auto& s : shards) {
      const auto* fv = s.if_contains("fanout");
      if (!fv || !fv->is_object()) {
        ok = false;
        continue;
      }
      const json::object& fs = fv->get_object();
      receivers += integer(fs, "receivers");
      deliveries += integer(fs, "deliveries");
      expected += integer(fs, "expected");
      dups += integer(fs, "duplicates");
      unknown += integer(fs, "unknown_markers");
      last_delivery = std::max(last_delivery, integer(fs, "last_delivery_us"));
      loadgen_cpu += number(fs, "loadgen_cpu_s");
      if (const auto* h = fs.if_contains("lat_hist")) {
        auto parsed = latency_histogram::from_json(*h);
        if (!parsed) return parsed.error();
        lat.merge(*parsed);
      }
    }
    const std::uint64_t first_send = integer(f0, "first_send_us");
    const double wall = first_send && last_delivery > first_send ? static_cast<double>(last_delivery - first_send) / 1e6 : 0;
    const double cpu = number(f0, "server_cpu_s");
    f["receivers"] = receivers;
    f["deliveries"] = deliveries;
    f["expected"] = expected;
    f["duplicates"] = dups;
    f["unknown_markers"] = unknown;
    f["last_delivery_us"] = last_delivery;
    f["wall_s"] = wall;
    f["deliveries_per_s"] = wall > 0 ? static_cast<double>(deliveries) / wall : 0.0;
    f["deliveries_per_server_cpu_s"] = cpu > 0 ? json::value(static_cast<double>(deliveries) / cpu) : json::value(nullptr);
    f["loadgen_cpu_s"] = loadgen_cpu;
    f["lat_p50_us"] = lat.percentile(0.5);
    f["lat_p90_us"] = lat.percentile(0.9);
    f["lat_p99_us"] = lat.percentile(0.99);
    f["lat_max_us"] = lat.max();
    f["lat_hist"] = lat.to_json();
    m["fanout"] = std::move(f);
  } else {
    m["fanout"] = nullptr;
  }
  m["ok"] = ok;
  return m;
}

} // namespace parley::bench::gateway_load
