// Tests for Range header parsing (RFC 9110 §14.1.2 examples and the cases a server may ignore).
#include "server/files/byte_range.hpp"

#include <gtest/gtest.h>

namespace parley::server::files {
namespace {

using kind = byte_range_request::kind;

void expect_partial(std::string_view header, std::uint64_t size, std::uint64_t first, std::uint64_t last) {
  const auto r = parse_byte_range(header, size);
  EXPECT_EQ(r.what, kind::partial) << header;
  EXPECT_EQ(r.first, first) << header;
  EXPECT_EQ(r.last, last) << header;
}

TEST(byte_range, single_ranges) {
  expect_partial("bytes=0-499", 10000, 0, 499);
  expect_partial("bytes=500-999", 10000, 500, 999);
  expect_partial("bytes=-500", 10000, 9500, 9999);
  expect_partial("bytes=9500-", 10000, 9500, 9999);
  expect_partial("Bytes=0-0", 10000, 0, 0);
  expect_partial("bytes=0-99999999999999999999999", 10, 0, 9);  // last clamped, even past 2^64
  expect_partial("bytes=-20", 10, 0, 9);                         // suffix longer than the file
}

TEST(byte_range, unsatisfiable) {
  EXPECT_EQ(parse_byte_range("bytes=10-", 10).what, kind::unsatisfiable);
  EXPECT_EQ(parse_byte_range("bytes=10-20", 10).what, kind::unsatisfiable);
  EXPECT_EQ(parse_byte_range("bytes=-0", 10).what, kind::unsatisfiable);
  EXPECT_EQ(parse_byte_range("bytes=0-", 0).what, kind::unsatisfiable);
  EXPECT_EQ(parse_byte_range("bytes=-5", 0).what, kind::unsatisfiable);
}

TEST(byte_range, ignored_headers_mean_the_whole_file) {
  for (const std::string_view h : {"", "bytes", "items=0-1", "bytes=0-1,5-6", "bytes=5-1", "bytes=a-b", "bytes=-",
                                   "bytes=1", "bytes = 0-1", "bytes=+1-2", "bytes=0x1-2", "bytes=--1"})
    EXPECT_EQ(parse_byte_range(h, 100).what, kind::whole) << h;
}

} // namespace
} // namespace parley::server::files
