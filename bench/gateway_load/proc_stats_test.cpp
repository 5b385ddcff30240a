// Tests for reading CPU time and RSS from /proc.
#include "bench/gateway_load/proc_stats.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

namespace parley::bench::gateway_load {
namespace {

TEST(proc_stats, parses_stat_with_an_awkward_comm) {
  // comm "(a) b)" holds a space and a ')'; utime 250, stime 150 at 100 ticks/s = 4 s.
  const std::string_view stat = "1234 ((a) b)) S 1 1234 1234 0 -1 4194560 500 0 0 0 250 150 0 0 20 0 3 0 100 1000 200";
  const auto cpu = parse_stat_cpu_seconds(stat, 100);
  ASSERT_TRUE(cpu);
  EXPECT_DOUBLE_EQ(*cpu, 4.0);
  EXPECT_FALSE(parse_stat_cpu_seconds("1234 (x) S 1 2 3", 100));
  EXPECT_FALSE(parse_stat_cpu_seconds("no parenthesis", 100));
}

TEST(proc_stats, parses_status_rss) {
  EXPECT_EQ(parse_status_rss_kib("Name:\tparleyd\nVmPeak:\t 9000 kB\nVmRSS:\t   12345 kB\nThreads: 3\n"), 12345);
  EXPECT_FALSE(parse_status_rss_kib("Name:\tkthread\nThreads: 1\n"));
}

TEST(proc_stats, reads_this_process) {
  const auto rss = process_rss_kib(static_cast<int>(::getpid()));
  ASSERT_TRUE(rss);
  EXPECT_GT(*rss, 0);
  volatile double sink = 0;
  for (int i = 0; i < 2'000'000; ++i) sink = sink + i * 0.5;
  EXPECT_TRUE(process_cpu_seconds(static_cast<int>(::getpid())));
  EXPECT_FALSE(process_cpu_seconds(0));
  EXPECT_GT(self_cpu_seconds(), 0.0);
}

} // namespace
} // namespace parley::bench::gateway_load
