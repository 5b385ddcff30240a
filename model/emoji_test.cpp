// Tests of the reaction path emoji parser (rest.md §6.7, clients.md §4.2).
#include "model/emoji.hpp"

#include <string>

#include <gtest/gtest.h>

namespace parley::model {
namespace {

std::string encode_all(std::string_view bytes) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    out += '%';
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

bool rejected(std::string_view segment) {
  auto r = parse_path_emoji(segment);
  if (r) return false;
  EXPECT_EQ(r.error().status(), 400);
  EXPECT_EQ(r.error().code(), json_code::unknown_emoji);
  return true;
}

TEST(emoji, percent_encoded_unicode) {
  auto r = parse_path_emoji("%F0%9F%91%8D");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->name, "\xF0\x9F\x91\x8D");  // 👍
  EXPECT_FALSE(r->id);
  EXPECT_EQ(r->key(), "\xF0\x9F\x91\x8D");
  // Lowercase hex, raw UTF-8 bytes in the path, and mixtures decode the same.
  EXPECT_EQ(parse_path_emoji("%f0%9f%91%8d")->name, r->name);
  EXPECT_EQ(parse_path_emoji("\xF0\x9F\x91\x8D")->name, r->name);
}

TEST(emoji, sequences_and_keycaps) {
  const std::string heart = "\xE2\x9D\xA4\xEF\xB8\x8F";                     // ❤️
  const std::string keycap = "1\xEF\xB8\x8F\xE2\x83\xA3";                    // 1️⃣
  const std::string flag = "\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA";               // 🇩🇪
  const std::string thumbs_skin = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";        // 👍🏽
  const std::string family = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";  // 👨‍👩‍👧
  for (const auto& e : {heart, keycap, flag, thumbs_skin, family}) {
    auto r = parse_path_emoji(encode_all(e));
    ASSERT_TRUE(r) << e;
    EXPECT_EQ(r->name, e);
  }
}

TEST(emoji, custom_forms) {
  auto plain = parse_path_emoji("party_blob:123456789012345678");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->name, "party_blob");
  ASSERT_TRUE(plain->id);
  EXPECT_EQ(*plain->id, 123456789012345678u);
  EXPECT_FALSE(plain->animated);
  EXPECT_EQ(plain->key(), "123456789012345678");

  auto encoded = parse_path_emoji("party_blob%3A123456789012345678");  // discord.js encodeURIComponent
  ASSERT_TRUE(encoded);
  EXPECT_EQ(encoded->key(), plain->key());

  auto animated = parse_path_emoji("a:dance:42");
  ASSERT_TRUE(animated);
  EXPECT_TRUE(animated->animated);
  EXPECT_EQ(animated->name, "dance");

  auto leading_colon = parse_path_emoji(":dance:42");  // discord.py strips "<>" from "<:dance:42>"
  ASSERT_TRUE(leading_colon);
  EXPECT_FALSE(leading_colon->animated);
  EXPECT_EQ(*leading_colon->id, 42u);
}

TEST(emoji, malformed_is_unknown_emoji) {
  EXPECT_TRUE(rejected(""));
  EXPECT_TRUE(rejected("thumbsup"));      // plain text
  EXPECT_TRUE(rejected("%F0%9F%91"));     // truncated UTF-8
  EXPECT_TRUE(rejected("%F0%9F%91%8"));   // truncated escape
  EXPECT_TRUE(rejected("%"));
  EXPECT_TRUE(rejected("%zz"));
  EXPECT_TRUE(rejected("%C0%AF"));        // overlong
  EXPECT_TRUE(rejected("%ED%A0%80"));     // surrogate
  EXPECT_TRUE(rejected("123"));           // keycap bases alone
  EXPECT_TRUE(rejected("%E6%97%A5"));     // 日: a letter, not an emoji
  EXPECT_TRUE(rejected("%F0%9F%91%8D%20"));  // trailing space
  EXPECT_TRUE(rejected("%F0%9F%91%8D%00"));  // NUL
  EXPECT_TRUE(rejected("name:"));
  EXPECT_TRUE(rejected("name:abc"));
  EXPECT_TRUE(rejected("name:0"));
  EXPECT_TRUE(rejected(":42"));           // no name
  EXPECT_TRUE(rejected("b:name:42"));     // unknown prefix
  EXPECT_TRUE(rejected("x:y:name:42"));
  EXPECT_TRUE(rejected("bad-name:42"));
  EXPECT_TRUE(rejected(std::string(33, 'a') + ":42"));
  EXPECT_TRUE(rejected("name:99999999999999999999"));  // above 2^64
  std::string long_emoji;
  for (int i = 0; i < 17; ++i) long_emoji += "%F0%9F%91%8D";
  EXPECT_TRUE(rejected(long_emoji));
}

TEST(emoji, utf8_validation) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("abc"));
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));   // U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\x80"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));
}

TEST(emoji, percent_decode) {
  EXPECT_EQ(percent_decode("a%20b+c"), std::optional<std::string>("a b+c"));
  EXPECT_FALSE(percent_decode("%2"));
  EXPECT_FALSE(percent_decode("%g0"));
}

// The decoder sees whole path segments, so "split at every offset" becomes: every strict prefix
// of a valid encoding is either a valid shorter emoji or a clean Unknown Emoji, never a crash or
// a result holding bytes the input did not contain.
TEST(emoji, every_prefix_is_clean) {
  for (const std::string& valid : {std::string("%F0%9F%91%A8%E2%80%8D%F0%9F%91%A9%E2%80%8D%F0%9F%91%A7"),
                                  std::string("a%3Adance%3A123456789012345678")}) {
    ASSERT_TRUE(parse_path_emoji(valid));
    for (std::size_t n = 0; n < valid.size(); ++n) {
      auto r = parse_path_emoji(valid.substr(0, n));
      if (r) {
        EXPECT_LE(r->name.size(), n);
      } else {
        EXPECT_EQ(r.error().code(), json_code::unknown_emoji) << n;
      }
    }
  }
}

TEST(emoji, json_shape) {
  emoji_ref unicode;
  unicode.name = "\xF0\x9F\x91\x8D";
  auto u = to_json(unicode);
  EXPECT_TRUE(u.at("id").is_null());
  EXPECT_EQ(u.at("name").as_string(), unicode.name);
  EXPECT_FALSE(u.contains("animated"));
  emoji_ref custom{42, "dance", true};
  auto c = to_json(custom);
  EXPECT_EQ(c.at("id").as_string(), "42");
  EXPECT_TRUE(c.at("animated").as_bool());
}

} // namespace
} // namespace parley::model
