// Tests of the rendered exposition text (Prometheus text format 0.0.4) and registration errors.
#include "server/metrics/registry.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "server/metrics/error.hpp"

namespace parley::server::metrics {
namespace {

TEST(registry, renders_counter_gauge_and_histogram) {
  registry r;
  auto* requests =
      r.add_counter("http_requests_total", "HTTP requests by route and status.", {"route", "status"}).value();
  auto* sessions = r.add_gauge("gateway_sessions", "Open gateway sessions.").value();
  auto* latency = r.add_histogram("http_request_duration_seconds", "Request latency.", {"route"}, {0.1, 0.5, 1}).value();

  requests->with({"GET /users/@me", "200"}).inc();
  requests->with({"GET /users/@me", "200"}).inc(2);
  requests->with({"POST /channels/{channel_id}/messages", "429"}).inc();
  sessions->get().set(3);
  sessions->get().inc();
  sessions->get().dec(0.5);
  auto& h = latency->with({"GET /users/@me"});
  h.observe(0.0625);
  h.observe(0.25);
  h.observe(0.5);
  h.observe(2);

  EXPECT_EQ(r.render(),
            "# HELP http_requests_total HTTP requests by route and status.\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{route=\"GET /users/@me\",status=\"200\"} 3\n"
            "http_requests_total{route=\"POST /channels/{channel_id}/messages\",status=\"429\"} 1\n"
            "# HELP gateway_sessions Open gateway sessions.\n"
            "# TYPE gateway_sessions gauge\n"
            "gateway_sessions 3.5\n"
            "# HELP http_request_duration_seconds Request latency.\n"
            "# TYPE http_request_duration_seconds histogram\n"
            "http_request_duration_seconds_bucket{route=\"GET /users/@me\",le=\"0.1\"} 1\n"
            "http_request_duration_seconds_bucket{route=\"GET /users/@me\",le=\"0.5\"} 3\n"
            "http_request_duration_seconds_bucket{route=\"GET /users/@me\",le=\"1\"} 3\n"
            "http_request_duration_seconds_bucket{route=\"GET /users/@me\",le=\"+Inf\"} 4\n"
            "http_request_duration_seconds_sum{route=\"GET /users/@me\"} 2.8125\n"
            "http_request_duration_seconds_count{route=\"GET /users/@me\"} 4\n");
}

TEST(registry, unlabelled_histogram_and_zero_values) {
  registry r;
  r.add_counter("restarts_total", "Restarts.").value();
  r.add_counter("unused_total", "Never recorded.", {"kind"}).value();
  r.add_histogram("wait_seconds", "Wait.", {}, {0.25}).value();
  EXPECT_EQ(r.render(),
            "# HELP restarts_total Restarts.\n"
            "# TYPE restarts_total counter\n"
            "restarts_total 0\n"
            "# HELP wait_seconds Wait.\n"
            "# TYPE wait_seconds histogram\n"
            "wait_seconds_bucket{le=\"0.25\"} 0\n"
            "wait_seconds_bucket{le=\"+Inf\"} 0\n"
            "wait_seconds_sum 0\n"
            "wait_seconds_count 0\n");
}

TEST(registry, escapes_label_values_and_help) {
  registry r;
  auto* errors = r.add_counter("errors_total", "Errors; path \\ and\nnewline.", {"message"}).value();
  errors->with({"say \"no\"\\\n"}).inc();
  EXPECT_EQ(r.render(),
            "# HELP errors_total Errors; path \\\\ and\\nnewline.\n"
            "# TYPE errors_total counter\n"
            "errors_total{message=\"say \\\"no\\\"\\\\\\n\"} 1\n");
}

TEST(registry, gauge_special_values) {
  registry r;
  auto* g = r.add_gauge("g", "G.", {"k"}).value();
  g->with({"inf"}).set(std::numeric_limits<double>::infinity());
  g->with({"nan"}).set(std::nan(""));
  g->with({"neg"}).set(-0.125);
  EXPECT_EQ(r.render(),
            "# HELP g G.\n"
            "# TYPE g gauge\n"
            "g{k=\"inf\"} +Inf\n"
            "g{k=\"nan\"} NaN\n"
            "g{k=\"neg\"} -0.125\n");
}

TEST(registry, rejects_bad_registrations) {
  registry r;
  ASSERT_TRUE(r.add_counter("ok_total", "Ok.").has_value());
  EXPECT_EQ(r.add_counter("ok_total", "Again.").error(), errc::duplicate_metric);
  EXPECT_EQ(r.add_gauge("ok_total", "Again as a gauge.").error(), errc::duplicate_metric);
  EXPECT_EQ(r.add_counter("bad-name", "x").error(), errc::invalid_metric_name);
  EXPECT_EQ(r.add_counter("c", "x", {"__reserved"}).error(), errc::invalid_label_name);
  EXPECT_EQ(r.add_counter("c", "x", {"a", "a"}).error(), errc::duplicate_label_name);
  EXPECT_EQ(r.add_histogram("h", "x", {"le"}).error(), errc::reserved_label_name);
  EXPECT_EQ(r.add_histogram("h", "x", {}, {1, 1}).error(), errc::invalid_buckets);
  EXPECT_EQ(r.add_histogram("h", "x", {}, {2, 1}).error(), errc::invalid_buckets);
  EXPECT_EQ(r.add_histogram("h", "x", {}, {1, std::numeric_limits<double>::infinity()}).error(),
            errc::invalid_buckets);
  EXPECT_TRUE(r.add_histogram("h", "x", {"le_ok"}, {}).has_value());
  // Failed registrations left nothing behind; "h" has labels but no child yet, so no lines.
  EXPECT_EQ(r.render(), "# HELP ok_total Ok.\n# TYPE ok_total counter\nok_total 0\n");
}

} // namespace
} // namespace parley::server::metrics
