// Tests of the Prometheus text format pieces: name rules, escaping, number formatting.
#include "server/metrics/text_format.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace parley::server::metrics {
namespace {

std::string value_text(double v) {
  std::string out;
  append_value(out, v);
  return out;
}

TEST(text_format, metric_names) {
  EXPECT_TRUE(is_valid_metric_name("http_requests_total"));
  EXPECT_TRUE(is_valid_metric_name("parley:rest:rate"));
  EXPECT_TRUE(is_valid_metric_name("_x9"));
  EXPECT_FALSE(is_valid_metric_name(""));
  EXPECT_FALSE(is_valid_metric_name("9lives"));
  EXPECT_FALSE(is_valid_metric_name("http-requests"));
  EXPECT_FALSE(is_valid_metric_name("a b"));
}

TEST(text_format, label_names) {
  EXPECT_TRUE(is_valid_label_name("route"));
  EXPECT_TRUE(is_valid_label_name("_status2"));
  EXPECT_FALSE(is_valid_label_name("__name__"));
  EXPECT_FALSE(is_valid_label_name("a:b"));
  EXPECT_FALSE(is_valid_label_name("2xx"));
  EXPECT_FALSE(is_valid_label_name(""));
}

TEST(text_format, escaping) {
  std::string label;
  append_escaped_label_value(label, "a\"b\\c\nd\te");
  EXPECT_EQ(label, "a\\\"b\\\\c\\nd\te");
  std::string help;
  append_escaped_help(help, "say \"hi\"\\\nbye");
  EXPECT_EQ(help, "say \"hi\"\\\\\\nbye");
}

TEST(text_format, values) {
  EXPECT_EQ(value_text(0), "0");
  EXPECT_EQ(value_text(1), "1");
  EXPECT_EQ(value_text(2.5), "2.5");
  EXPECT_EQ(value_text(0.005), "0.005");
  EXPECT_EQ(value_text(-3.25), "-3.25");
  EXPECT_EQ(value_text(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(value_text(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(value_text(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(value_text(std::nan("")), "NaN");
  std::string big;
  append_value(big, std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(big, "18446744073709551615");
}

} // namespace
} // namespace parley::server::metrics
