// Tests for merging sharded results.
#include "bench/gateway_load/result_merge.hpp"

#include "bench/gateway_load/latency_histogram.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace parley::bench::gateway_load {
namespace {

namespace json = boost::json;

json::object shard(std::uint64_t index, std::uint64_t first_connect, std::uint64_t last_ready, std::uint64_t latency,
                   std::uint64_t last_delivery) {
  latency_histogram ids, lat;
  ids.add(1000 + index);
  for (int i = 0; i < 100; ++i) lat.add(latency);
  json::object f{{"events", 10},          {"events_sent", index == 0 ? 10 : 0}, {"trigger_errors", 0},
                 {"receivers", 50},       {"deliveries", 500},                  {"expected", 500},
                 {"duplicates", 0},       {"unknown_markers", 0},               {"first_send_us", index == 0 ? 5000 : 0},
                 {"last_delivery_us", last_delivery}, {"server_cpu_s", index == 0 ? json::value(0.5) : json::value(nullptr)},
                 {"loadgen_cpu_s", 0.25}, {"lat_hist", lat.to_json()}};
  return json::object{{"label", "x"},
                      {"n", 100},
                      {"shard_index", index},
                      {"identified", 50},
                      {"dead", 0},
                      {"first_connect_us", first_connect},
                      {"last_ready_us", last_ready},
                      {"identify_latency_hist", ids.to_json()},
                      {"rss_baseline_kib", index == 0 ? json::value(1000) : json::value(nullptr)},
                      {"idle_bytes_per_session", index == 0 ? json::value(2048.0) : json::value(nullptr)},
                      {"failures", json::object{{"setup timeout", 1}}},
                      {"fanout", std::move(f)},
                      {"ok", true}};
}

TEST(result_merge, sums_counts_and_spans_times) {
  auto merged = merge_results({shard(1, 200, 2'000'000, 100, 9'000), shard(0, 100, 1'500'000, 50, 8'000)});
  ASSERT_TRUE(merged);
  const json::object& m = *merged;
  EXPECT_EQ(m.at("identified").as_uint64(), 100u);
  EXPECT_EQ(m.at("first_connect_us").as_uint64(), 100u);
  EXPECT_EQ(m.at("last_ready_us").as_uint64(), 2'000'000u);
  EXPECT_NEAR(m.at("identify_per_s").as_double(), 100 / 1.9999, 0.01);
  EXPECT_EQ(m.at("rss_baseline_kib").as_int64(), 1000);
  EXPECT_EQ(m.at("failures").at("setup timeout").as_uint64(), 2u);
  const json::object& f = m.at("fanout").as_object();
  EXPECT_EQ(f.at("deliveries").as_uint64(), 1000u);
  EXPECT_NEAR(f.at("wall_s").as_double(), (9'000 - 5'000) / 1e6, 1e-9);
  EXPECT_NEAR(f.at("deliveries_per_server_cpu_s").as_double(), 2000.0, 1e-6);
  EXPECT_EQ(f.at("lat_p50_us").as_uint64(), 50u);
  EXPECT_EQ(f.at("lat_p99_us").as_uint64(), 100u);
  EXPECT_TRUE(m.at("ok").as_bool());
}

TEST(result_merge, needs_shard_zero) {
  EXPECT_FALSE(merge_results({shard(1, 1, 2, 3, 4)}));
  EXPECT_FALSE(merge_results({}));
}

} // namespace
} // namespace parley::bench::gateway_load
