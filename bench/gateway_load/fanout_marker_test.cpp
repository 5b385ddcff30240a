// Tests for fan-out markers.
#include "bench/gateway_load/fanout_marker.hpp"

#include <gtest/gtest.h>

namespace parley::bench::gateway_load {
namespace {

TEST(fanout_marker, round_trips_and_fits_a_global_name) {
  std::array<char, max_marker_size> buffer{};
  const fanout_marker big{99'999'999, 9'999'999'999'999};
  const std::string_view text = format_marker(big, buffer);
  EXPECT_EQ(text, "plb.99999999.9999999999999");
  EXPECT_LE(text.size(), 32u); // global_name limit
  const auto found = find_marker(text);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->seq, big.seq);
  EXPECT_EQ(found->sent_us, big.sent_us);
}

TEST(fanout_marker, found_inside_a_dispatch) {
  const auto m = find_marker(R"({"id":"1","username":"plb.x","global_name":"plb.7.123456","bot":false})");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->seq, 7u);
  EXPECT_EQ(m->sent_us, 123456u);
}

TEST(fanout_marker, rejects_incomplete_markers) {
  EXPECT_FALSE(find_marker("no marker here"));
  EXPECT_FALSE(find_marker("plb."));
  EXPECT_FALSE(find_marker("plb.12"));
  EXPECT_FALSE(find_marker("plb.12."));
  EXPECT_FALSE(find_marker("plb.a.5"));
}

} // namespace
} // namespace parley::bench::gateway_load
