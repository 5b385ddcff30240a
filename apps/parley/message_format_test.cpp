// Text output of the terminal client: message, guild and channel lines, and escape-sequence safety.
#include "apps/parley/message_format.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace parley::apps {
namespace {

boost::json::object obj(std::string_view text) { return boost::json::parse(text).as_object(); }

TEST(MessageFormat, TerminalSafeRemovesControlSequences) {
  EXPECT_EQ(terminal_safe("plain"), "plain");
  EXPECT_EQ(terminal_safe("a\x1b[2Jb"), "a\xEF\xBF\xBD[2Jb");  // ESC cannot clear our screen
  EXPECT_EQ(terminal_safe("bell\x07"), "bell\xEF\xBF\xBD");
  EXPECT_EQ(terminal_safe("c1\xC2\x9B" "31m"), "c1\xEF\xBF\xBD" "31m");  // U+009B is CSI too
  EXPECT_EQ(terminal_safe("del\x7f"), "del\xEF\xBF\xBD");
  EXPECT_EQ(terminal_safe("two\nlines"), "two lines");
  EXPECT_EQ(terminal_safe("two\nlines", true), "two\nlines");
  EXPECT_EQ(terminal_safe("tab\there"), "tab here");
  EXPECT_EQ(terminal_safe("h\xC3\xA9 \xF0\x9F\x91\x8D"), "h\xC3\xA9 \xF0\x9F\x91\x8D");  // é 👍 kept
  EXPECT_EQ(terminal_safe("bad\xC3"), "bad\xEF\xBF\xBD");                                 // truncated
  EXPECT_EQ(terminal_safe("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                     // overlong
  EXPECT_EQ(terminal_safe("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");     // surrogate
}

TEST(MessageFormat, DisplayNamePrefersGlobalName) {
  EXPECT_EQ(display_name(obj(R"({"id":"1","username":"alice","global_name":"Alice A"})")), "Alice A");
  EXPECT_EQ(display_name(obj(R"({"id":"1","username":"alice","global_name":null})")), "alice");
  EXPECT_EQ(display_name(obj(R"({"id":"1"})")), "1");
}

TEST(MessageFormat, Timestamps) {
  EXPECT_EQ(format_timestamp("2026-11-21T09:05:33.123000+00:00"), "2026-11-21 09:05");
  EXPECT_EQ(format_timestamp("2026-11-21T09:05:33.123000+00:00", true), "09:05");
  EXPECT_EQ(format_timestamp("yesterday"), "yesterday");
  EXPECT_EQ(format_timestamp(""), "");
}

TEST(MessageFormat, MessageLine) {
  auto m = obj(R"({"id":"5","content":"hello\nsecond line","timestamp":"2026-11-21T09:05:33+00:00",
                   "edited_timestamp":"2026-11-21T09:06:00+00:00",
                   "author":{"id":"1","username":"bob","global_name":null},
                   "attachments":[{"id":"9","filename":"cat.png"}],"embeds":[{"title":"Link"}]})");
  EXPECT_EQ(format_message_line(m),
            "[2026-11-21 09:05] bob: hello\n    second line [file: cat.png] [embed: Link] (edited)");
  auto unedited = obj(R"({"id":"5","content":"hi","timestamp":"2026-11-21T09:05:33+00:00",
                          "edited_timestamp":null,"author":{"id":"1","username":"bob"}})");
  EXPECT_EQ(format_message_line(unedited), "[2026-11-21 09:05] bob: hi");
  EXPECT_EQ(message_body(obj(R"({"content":"\u001b]0;pwned\u0007"})")), "\xEF\xBF\xBD]0;pwned\xEF\xBF\xBD");
}

TEST(MessageFormat, GuildAndChannelLines) {
  EXPECT_EQ(format_guild_line(obj(R"({"id":"7","name":"Home"})")), "7\tHome");
  EXPECT_EQ(format_channel_line(obj(R"({"id":"8","type":0,"name":"general"})")), "8\t#general");
  EXPECT_EQ(format_channel_line(obj(R"({"id":"9","type":2,"name":"Lounge"})")), "9\t[voice] Lounge");
  EXPECT_EQ(format_channel_line(obj(R"({"id":"10","type":4,"name":"Text"})")), "10\t[category] Text");
  EXPECT_EQ(channel_label(obj(R"({"id":"11","type":1,"recipients":[{"id":"2","username":"carol"}]})")), "@carol");
  EXPECT_EQ(channel_label(obj(R"({"id":"12","type":99,"name":"x"})")), "[type 99] x");
}

} // namespace
} // namespace parley::apps
