#include "model/username.hpp"

#include <gtest/gtest.h>

namespace parley::model {
namespace {

TEST(username, accepts_discord_style_handles) {
  for (auto ok : {"ab", "alice", "bob_99", "j.doe", "a.b.c", "x_._y", "abcdefghijklmnopqrstuvwxyz012345"})
    EXPECT_FALSE(check_username(ok)) << ok;
}

TEST(username, rejects_with_the_right_code) {
  EXPECT_EQ(check_username("a")->code, "BASE_TYPE_BAD_LENGTH");
  EXPECT_EQ(check_username("abcdefghijklmnopqrstuvwxyz0123456")->code, "BASE_TYPE_BAD_LENGTH");
  for (auto bad : {"Alice", "al ice", "al@ice", "al..ice", "ali#ce", "alice!", "álice"})
    EXPECT_EQ(check_username(bad)->code, "USERNAME_INVALID_CHARACTERS") << bad;
  for (auto bad : {"everyone", "here", "mydiscordname"})
    EXPECT_EQ(check_username(bad)->code, "USERNAME_INVALID_CONTAINS") << bad;
}

TEST(display_name, counts_characters_and_rejects_reserved) {
  EXPECT_FALSE(check_display_name("My Bot"));
  EXPECT_FALSE(check_display_name("ßøт ü"));
  EXPECT_FALSE(check_display_name(std::string(32, 'x')));
  EXPECT_TRUE(check_display_name(std::string(33, 'x')));
  EXPECT_TRUE(check_display_name("   "));
  EXPECT_TRUE(check_display_name("a#b"));
  EXPECT_TRUE(check_display_name("Everyone"));
  EXPECT_TRUE(check_display_name("The Discord Bot"));
  EXPECT_TRUE(check_display_name("\xff\xfe"));
}

TEST(utf8_length, counts_code_points_and_rejects_truncation) {
  EXPECT_EQ(utf8_length("h\xc3\xa9llo"), 5u);
  EXPECT_EQ(utf8_length("\xf0\x9f\x91\x8d"), 1u);
  EXPECT_FALSE(utf8_length("\xf0\x9f\x91"));
  EXPECT_FALSE(utf8_length("\x80"));
}

} // namespace
} // namespace parley::model
