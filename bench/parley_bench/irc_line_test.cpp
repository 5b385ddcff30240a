// Tests of parley-bench's IRC line splitter and parser (RFC 1459 §2.3.1, RFC 2812 §2.3.1), with a
// server transcript split at every offset.
#include "bench/parley_bench/irc_line.hpp"

#include "bench/gateway_load/fanout_marker.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley::bench::irc {
namespace {

const std::string transcript =
    ":irc.test 001 pb1 :Welcome to the Bench IRC Network pb1!pb1@127.0.0.1\r\n"
    ":irc.test 005 pb1 AWAYLEN=200 CASEMAPPING=rfc1459 :are supported by this server\r\n"
    "PING :irc.test\r\n"
    "\r\n"
    ":pb1!pb1@127.0.0.1 JOIN :#pbench\r\n"
    ":irc.test 353 pb1 = #pbench :@pb1 pb2 pbsend\n"
    ":irc.test 366 pb1 #pbench :End of /NAMES list.\r\n"
    "@time=2026-11-21T10:00:00.000Z :pbsend!pbsend@127.0.0.1 PRIVMSG #pbench :plb.7.123456789 xxxxxxxxxx\r\n";

std::vector<std::string> split_all(std::size_t cut) {
  irc_line_splitter splitter;
  std::vector<std::string> lines;
  auto on_line = [&lines](std::string_view line) { lines.emplace_back(line); };
  EXPECT_TRUE(splitter.feed(std::string_view(transcript).substr(0, cut), on_line));
  EXPECT_TRUE(splitter.feed(std::string_view(transcript).substr(cut), on_line));
  EXPECT_EQ(splitter.buffered(), 0u);
  return lines;
}

TEST(irc_line, transcript_split_at_every_offset_gives_the_same_lines) {
  const auto whole = split_all(transcript.size());
  ASSERT_EQ(whole.size(), 7u); // the empty line is skipped
  EXPECT_EQ(whole[2], "PING :irc.test");
  EXPECT_EQ(whole[4], ":irc.test 353 pb1 = #pbench :@pb1 pb2 pbsend"); // LF alone ends a line too
  for (std::size_t cut = 0; cut <= transcript.size(); ++cut) EXPECT_EQ(split_all(cut), whole) << "cut at " << cut;
}

TEST(irc_line, byte_by_byte) {
  irc_line_splitter splitter;
  std::vector<std::string> lines;
  for (char c : transcript)
    ASSERT_TRUE(splitter.feed(std::string_view(&c, 1), [&lines](std::string_view line) { lines.emplace_back(line); }));
  EXPECT_EQ(lines, split_all(transcript.size()));
}

TEST(irc_line, parses_prefix_command_params_and_trailing) {
  auto welcome = parse_irc_line(":irc.test 001 pb1 :Welcome to the network");
  ASSERT_TRUE(welcome);
  EXPECT_EQ(welcome->prefix, "irc.test");
  EXPECT_EQ(welcome->command, "001");
  ASSERT_EQ(welcome->param_count, 2u);
  EXPECT_EQ(welcome->params[0], "pb1");
  EXPECT_EQ(welcome->last(), "Welcome to the network");

  auto ping = parse_irc_line("PING :irc.test");
  ASSERT_TRUE(ping);
  EXPECT_TRUE(ping->prefix.empty());
  EXPECT_EQ(ping->command, "PING");
  EXPECT_EQ(ping->last(), "irc.test");

  auto names_end = parse_irc_line(":s 366 pb1 #pbench");
  ASSERT_TRUE(names_end);
  EXPECT_EQ(names_end->param_count, 2u);
  EXPECT_EQ(names_end->last(), "#pbench");
}

TEST(irc_line, privmsg_carries_the_marker_after_tags) {
  auto m = parse_irc_line("@time=x;a=b :pbsend!u@h PRIVMSG #pbench :plb.7.123456789 xxxx");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->command, "PRIVMSG");
  EXPECT_EQ(m->params[0], "#pbench");
  auto marker = gateway_load::find_marker(m->last());
  ASSERT_TRUE(marker);
  EXPECT_EQ(marker->seq, 7u);
  EXPECT_EQ(marker->sent_us, 123456789u);
}

TEST(irc_line, fifteenth_parameter_takes_the_rest) {
  auto m = parse_irc_line("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->param_count, 15u);
  EXPECT_EQ(m->params[14], "15 16 17");
}

TEST(irc_line, rejects_lines_without_command) {
  EXPECT_FALSE(parse_irc_line(""));
  EXPECT_FALSE(parse_irc_line("   "));
  EXPECT_FALSE(parse_irc_line(":prefix.only"));
  EXPECT_FALSE(parse_irc_line(":prefix "));
  EXPECT_FALSE(parse_irc_line("@tags.only"));
  EXPECT_EQ(parse_irc_line("").error(), gateway_load::errc::irc_malformed);
}

TEST(irc_line, a_line_longer_than_the_limit_fails_and_stays_failed) {
  irc_line_splitter splitter(16);
  int lines = 0;
  auto count = [&lines](std::string_view) { ++lines; };
  EXPECT_TRUE(splitter.feed("0123456789abcdef\r\n", count)); // exactly the limit
  EXPECT_EQ(lines, 1);
  EXPECT_TRUE(splitter.feed("0123456789", count));
  auto r = splitter.feed("abcdefgh", count); // 18 bytes without a line end: more than limit + CR
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), gateway_load::errc::irc_line_too_long);
  EXPECT_TRUE(splitter.failed());
  EXPECT_FALSE(splitter.feed("\r\n", count));
  EXPECT_EQ(lines, 1);

  irc_line_splitter split_long(16);
  EXPECT_TRUE(split_long.feed("0123456789", count));
  EXPECT_FALSE(split_long.feed("abcdefg\n", count)); // 17 bytes, cut by a read, no CR

  irc_line_splitter whole(16);
  EXPECT_FALSE(whole.feed("0123456789abcdefg\r\n", count)); // one read, too long
  irc_line_splitter tail(16);
  EXPECT_FALSE(tail.feed(std::string(40, 'x'), count)); // no line end at all: bounded buffer
  EXPECT_EQ(tail.buffered(), 0u);
}

// The send-timestamp scan (fanout_marker.hpp) finds the marker wherever it sits in the text, and
// never reads a partial one.
TEST(irc_line, marker_scan_at_every_position_and_every_truncation) {
  const std::string marker = "plb.42.1700000000123456";
  for (std::size_t at = 0; at <= 20; ++at) {
    const std::string text = std::string(at, 'p') + marker + " tail";
    auto found = gateway_load::find_marker(text);
    ASSERT_TRUE(found) << at;
    EXPECT_EQ(found->seq, 42u);
    EXPECT_EQ(found->sent_us, 1700000000123456u);
  }
  for (std::size_t n = 0; n < marker.size(); ++n) {
    auto found = gateway_load::find_marker(std::string_view(marker).substr(0, n));
    if (n <= 7) {
      EXPECT_FALSE(found) << n; // "plb.42." and shorter: no timestamp digits yet
    } else {
      ASSERT_TRUE(found) << n; // a shorter timestamp is still a number; the scan cannot know
      EXPECT_EQ(found->seq, 42u);
    }
  }
}

} // namespace
} // namespace parley::bench::irc
