// Word wrapping for the chat pane.
#include "apps/parley/text_wrap.hpp"

#include <gtest/gtest.h>

namespace parley::apps {
namespace {

using lines = std::vector<std::string>;

TEST(TextWrap, WidthCountsCodePoints) {
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("h\xC3\xA9"), 2u);
  EXPECT_EQ(fit_columns("h\xC3\xA9llo", 2), "h\xC3\xA9");  // never cuts inside é
  EXPECT_EQ(fit_columns("abc", 10), "abc");
  EXPECT_EQ(fit_columns("abc", 0), "");
}

TEST(TextWrap, BreaksAtSpacesThenInsideWords) {
  EXPECT_EQ(wrap_text("short", 10), lines{"short"});
  EXPECT_EQ(wrap_text("the quick brown fox", 10), (lines{"the quick", "brown fox"}));
  EXPECT_EQ(wrap_text("abcdefghijkl", 5), (lines{"abcde", "fghij", "kl"}));
  EXPECT_EQ(wrap_text("", 5), lines{""});
  EXPECT_EQ(wrap_text("a\nb", 5), (lines{"a", "b"}));
  EXPECT_EQ(wrap_text("x", 0), lines{"x"});
}

TEST(TextWrap, IndentsContinuationLines) {
  EXPECT_EQ(wrap_text("12:00 bob: one two three", 12, 6), (lines{"12:00 bob:", "      one", "      two", "      three"}));
  EXPECT_EQ(wrap_text("a\nb", 5, 2), (lines{"a", "  b"}));
  for (const auto& l : wrap_text("aaaa bbbb cccc dddd eeee", 9, 3)) EXPECT_LE(display_width(l), 9u) << l;
}

} // namespace
} // namespace parley::apps
