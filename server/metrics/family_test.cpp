// Tests of labelled children: stable handles, and exact totals under concurrent recording and
// creation from several threads.
#include "server/metrics/family.hpp"

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "server/metrics/registry.hpp"

namespace parley::server::metrics {
namespace {

TEST(family, same_labels_same_child) {
  registry r;
  auto* requests = r.add_counter("requests_total", "Requests.", {"route", "status"}).value();
  auto& ok = requests->with({"GET /users/@me", "200"});
  auto& limited = requests->with({"GET /users/@me", "429"});
  EXPECT_NE(&ok, &limited);
  const std::string route = "GET /users/@me"; // a different buffer with the same text
  EXPECT_EQ(&requests->with({route, "200"}), &ok);
  // Values are compared whole, not concatenated.
  EXPECT_NE(&requests->with({"GET /users/@me2", "00"}), &ok);
  ok.inc();
  EXPECT_EQ(requests->with({"GET /users/@me", "200"}).value(), 1u);
  EXPECT_EQ(limited.value(), 0u);
}

TEST(family, unlabelled_family_has_one_child) {
  registry r;
  auto* sessions = r.add_gauge("sessions", "Sessions.").value();
  sessions->get().set(4);
  EXPECT_EQ(&sessions->with({}), &sessions->get());
  EXPECT_EQ(sessions->with({}).value(), 4);
}

TEST(family, concurrent_recording_sums_exactly) {
  registry r;
  auto* requests = r.add_counter("requests_total", "Requests.", {"route"}).value();
  auto* open = r.add_gauge("open", "Open things.").value();
  auto* latency = r.add_histogram("latency_seconds", "Latency.", {"route"}, {0.5, 2}).value();
  constexpr int threads = 4;
  constexpr int rounds = 50'000;

  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      // A handle cached once, as the HTTP server does...
      auto& shared = requests->with({"GET /gateway"});
      auto& hist = latency->with({"GET /gateway"});
      const std::string own_route = "GET /own/" + std::to_string(t);
      for (int i = 0; i < rounds; ++i) {
        shared.inc();
        open->get().inc(1);
        hist.observe(1.0);
        // ...and lookups racing with creation of new children.
        if (i % 100 == 0) {
          requests->with({own_route}).inc(2);
          requests->with({"GET /n/" + std::to_string(i)}).inc();
        }
      }
    });
  }
  for (auto& worker : workers) {
    worker.join();
  }

  EXPECT_EQ(requests->with({"GET /gateway"}).value(), std::uint64_t{threads} * rounds);
  EXPECT_EQ(open->get().value(), double{threads} * rounds);
  const auto snapshot = latency->with({"GET /gateway"}).read();
  EXPECT_EQ(snapshot.cumulative, (std::vector<std::uint64_t>{0, std::uint64_t{threads} * rounds,
                                                             std::uint64_t{threads} * rounds}));
  EXPECT_EQ(snapshot.sum, double{threads} * rounds);
  for (int t = 0; t < threads; ++t) {
    EXPECT_EQ(requests->with({"GET /own/" + std::to_string(t)}).value(), 2u * rounds / 100);
  }
  for (int i = 0; i < rounds; i += 100) {
    ASSERT_EQ(requests->with({"GET /n/" + std::to_string(i)}).value(), std::uint64_t{threads});
  }
  // One line per child: the shared route, 4 own routes, 500 "/n/" routes, plus HELP and TYPE.
  std::string text;
  requests->render(text);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2 + 1 + threads + rounds / 100);
}

} // namespace
} // namespace parley::server::metrics
