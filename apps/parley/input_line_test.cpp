// The chat's input line: editing by code points and the window that keeps the cursor visible.
#include "apps/parley/input_line.hpp"

#include <gtest/gtest.h>

namespace parley::apps {
namespace {

TEST(InputLine, EditsByCodePoint) {
  input_line in;
  in.insert("h");
  in.insert("\xC3\xA9");
  in.insert("!");
  EXPECT_EQ(in.text(), "h\xC3\xA9!");
  in.left();
  in.backspace();  // removes é, both bytes
  EXPECT_EQ(in.text(), "h!");
  EXPECT_EQ(in.cursor_byte(), 1u);
  in.insert("ey");
  EXPECT_EQ(in.text(), "hey!");
  in.home();
  in.delete_forward();
  EXPECT_EQ(in.text(), "ey!");
  in.end();
  in.right();  // at the end: stays
  EXPECT_EQ(in.cursor_byte(), 3u);
  EXPECT_EQ(in.take(), "ey!");
  EXPECT_TRUE(in.empty());
  in.backspace();  // on an empty line: nothing
  EXPECT_TRUE(in.empty());
}

TEST(InputLine, VisibleWindowFollowsTheCursor) {
  input_line in;
  in.insert("abcdefghij");
  auto v = in.visible(5);
  EXPECT_EQ(v.text, "ghij");  // the cursor needs the last column
  EXPECT_EQ(v.cursor_column, 4u);
  in.home();
  v = in.visible(5);
  EXPECT_EQ(v.text, "abcde");
  EXPECT_EQ(v.cursor_column, 0u);
}

} // namespace
} // namespace parley::apps
