// UTF-8 validation: RFC 3629 boundaries, the malformations it forbids, fail-fast position and
// incremental feeding at every split.
#include "proto/websocket/detail/utf8_validator.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace parley::proto::websocket::detail {
namespace {

std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }

bool valid(std::string_view s) { return is_valid_utf8(bytes(s)); }

TEST(utf8_validator, accepts_boundaries) {
  EXPECT_TRUE(valid(""));
  EXPECT_TRUE(valid("plain ascii, long enough for the eight-byte path"));
  EXPECT_TRUE(valid("\x7f"));
  EXPECT_TRUE(valid("\xc2\x80"));             // U+0080
  EXPECT_TRUE(valid("\xdf\xbf"));             // U+07FF
  EXPECT_TRUE(valid("\xe0\xa0\x80"));         // U+0800
  EXPECT_TRUE(valid("\xed\x9f\xbf"));         // U+D7FF
  EXPECT_TRUE(valid("\xee\x80\x80"));         // U+E000
  EXPECT_TRUE(valid("\xef\xbf\xbf"));         // U+FFFF
  EXPECT_TRUE(valid("\xf0\x90\x80\x80"));     // U+10000
  EXPECT_TRUE(valid("\xf4\x8f\xbf\xbf"));     // U+10FFFF
  EXPECT_TRUE(valid("Hello-\xc2\xb5@\xc3\x9f\xc3\xb6\xc3\xa4\xc3\xbc\xc3\xa0\xc3\xa1-UTF-8!!"));
  EXPECT_TRUE(valid("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5 \xf0\x9f\x98\x80 12345678"));
}

TEST(utf8_validator, rejects_malformations) {
  EXPECT_FALSE(valid("\x80"));                // stray continuation
  EXPECT_FALSE(valid("\xbf"));
  EXPECT_FALSE(valid("\xc0\x80"));            // overlong NUL
  EXPECT_FALSE(valid("\xc1\xbf"));            // overlong
  EXPECT_FALSE(valid("\xe0\x9f\xbf"));        // overlong 3-byte
  EXPECT_FALSE(valid("\xf0\x8f\xbf\xbf"));    // overlong 4-byte
  EXPECT_FALSE(valid("\xed\xa0\x80"));        // U+D800 surrogate
  EXPECT_FALSE(valid("\xed\xbf\xbf"));        // U+DFFF surrogate
  EXPECT_FALSE(valid("\xf4\x90\x80\x80"));    // U+110000
  EXPECT_FALSE(valid("\xf5\x80\x80\x80"));
  EXPECT_FALSE(valid("\xfe"));
  EXPECT_FALSE(valid("\xff"));
  EXPECT_FALSE(valid("\xc2"));                // truncated at the end
  EXPECT_FALSE(valid("\xe2\x82"));
  EXPECT_FALSE(valid("\xf0\x9f\x98"));
  EXPECT_FALSE(valid("\xc2\x41"));            // continuation expected
  EXPECT_FALSE(valid("abcdefgh\xe2\x82\x28")); // after the ASCII fast path
}

TEST(utf8_validator, fails_at_first_impossible_byte) {
  // "κόσμε" followed by ED A0 80 (a surrogate): the failure is known at the A0, index 12.
  const std::string text = "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80 more";
  utf8_validator v;
  std::size_t failed_at = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!v.feed(bytes(std::string_view(text).substr(i, 1)))) {
      failed_at = i;
      break;
    }
  }
  EXPECT_EQ(failed_at, 12u);
  EXPECT_FALSE(v.feed(bytes("ok")));
  EXPECT_FALSE(v.complete());
  v.reset();
  EXPECT_TRUE(v.feed(bytes("ok")));
  EXPECT_TRUE(v.complete());
}

TEST(utf8_validator, same_answer_at_every_split) {
  const std::string samples[] = {
      "ascii only text, more than 8 bytes",
      "mix \xc2\xb5 \xe2\x82\xac \xf0\x9f\x98\x80 end of the sample text",
      "bad \xe2\x82 end",
      "bad surrogate \xed\xa0\x80 and more ascii after it",
      "truncated at the end \xf0\x9f\x98",
  };
  for (const auto& s : samples) {
    const bool whole = valid(s);
    for (std::size_t cut = 0; cut <= s.size(); ++cut) {
      utf8_validator v;
      const bool ok = v.feed(bytes(std::string_view(s).substr(0, cut))) &&
                      v.feed(bytes(std::string_view(s).substr(cut))) && v.complete();
      EXPECT_EQ(ok, whole) << s << " cut at " << cut;
    }
  }
}

} // namespace
} // namespace parley::proto::websocket::detail
