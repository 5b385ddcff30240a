// Byte-exact tests of the ETF primitive writers against encodings hand-computed from gateway.md
// §12.1 (tags, big-endian lengths, little-endian big-integer digits).
#include "proto/etf/term_writer.hpp"

#include "proto/etf/decoder.hpp"
#include "proto/etf/encoder.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>

namespace parley::proto::etf {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string s;
  for (int v : values) s.push_back(static_cast<char>(v));
  return s;
}

template <class F>
std::string written(F&& f) {
  std::string out;
  f(out);
  return out;
}

TEST(term_writer, integers_use_the_smallest_form) {
  EXPECT_EQ(written([](auto& o) { write_int(0, o); }), bytes({0x61, 0x00}));
  EXPECT_EQ(written([](auto& o) { write_int(255, o); }), bytes({0x61, 0xff}));
  EXPECT_EQ(written([](auto& o) { write_int(256, o); }), bytes({0x62, 0x00, 0x00, 0x01, 0x00}));
  EXPECT_EQ(written([](auto& o) { write_int(-1, o); }), bytes({0x62, 0xff, 0xff, 0xff, 0xff}));
  EXPECT_EQ(written([](auto& o) { write_int(std::numeric_limits<std::int32_t>::max(), o); }),
            bytes({0x62, 0x7f, 0xff, 0xff, 0xff}));
  EXPECT_EQ(written([](auto& o) { write_int(std::numeric_limits<std::int32_t>::min(), o); }),
            bytes({0x62, 0x80, 0x00, 0x00, 0x00}));
  EXPECT_EQ(written([](auto& o) { write_int(2147483648LL, o); }),
            bytes({0x6e, 0x04, 0x00, 0x00, 0x00, 0x00, 0x80}));
  EXPECT_EQ(written([](auto& o) { write_int(-2147483649LL, o); }),
            bytes({0x6e, 0x04, 0x01, 0x01, 0x00, 0x00, 0x80}));
  EXPECT_EQ(written([](auto& o) { write_int(std::numeric_limits<std::int64_t>::min(), o); }),
            bytes({0x6e, 0x08, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80}));
}

TEST(term_writer, snowflake_matches_the_spec_example) {
  // gateway.md §12.2: 41771983423143937 = 0x00946765C9800001, 7 magnitude bytes.
  const std::string expected = bytes({0x6e, 0x07, 0x00, 0x01, 0x00, 0x80, 0xc9, 0x65, 0x67, 0x94});
  EXPECT_EQ(written([](auto& o) { write_int(41771983423143937LL, o); }), expected);
  EXPECT_EQ(written([](auto& o) { write_uint(41771983423143937ULL, o); }), expected);
}

TEST(term_writer, unsigned_values) {
  EXPECT_EQ(written([](auto& o) { write_uint(7, o); }), bytes({0x61, 0x07}));
  EXPECT_EQ(written([](auto& o) { write_uint(70000, o); }), bytes({0x62, 0x00, 0x01, 0x11, 0x70}));
  EXPECT_EQ(written([](auto& o) { write_uint(std::numeric_limits<std::uint64_t>::max(), o); }),
            bytes({0x6e, 0x08, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
}

TEST(term_writer, atoms_floats_binaries) {
  EXPECT_EQ(written([](auto& o) { write_null(o); }), bytes({0x73, 0x03, 'n', 'i', 'l'}));
  EXPECT_EQ(written([](auto& o) { write_bool(true, o); }), bytes({0x73, 0x04, 't', 'r', 'u', 'e'}));
  EXPECT_EQ(written([](auto& o) { write_bool(false, o); }), bytes({0x73, 0x05, 'f', 'a', 'l', 's', 'e'}));
  EXPECT_EQ(written([](auto& o) { write_double(1.5, o); }),
            bytes({0x46, 0x3f, 0xf8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}));
  EXPECT_EQ(written([](auto& o) { write_double(-2.0, o); }),
            bytes({0x46, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}));
  EXPECT_EQ(written([](auto& o) { write_binary("op", o); }), bytes({0x6d, 0x00, 0x00, 0x00, 0x02, 'o', 'p'}));
  EXPECT_EQ(written([](auto& o) { write_binary("", o); }), bytes({0x6d, 0x00, 0x00, 0x00, 0x00}));
  EXPECT_EQ(written([](auto& o) { write_atom("op", o); }), bytes({0x73, 0x02, 'o', 'p'}));
  const std::string long_name(300, 'x');
  EXPECT_EQ(written([&](auto& o) { write_atom(long_name, o); }), bytes({0x64, 0x01, 0x2c}) + long_name);
  EXPECT_EQ(written([](auto& o) { write_version(o); }), bytes({0x83}));
}

TEST(term_writer, containers) {
  EXPECT_EQ(written([](auto& o) { write_map_header(0x01020304, o); }), bytes({0x74, 0x01, 0x02, 0x03, 0x04}));
  EXPECT_EQ(written([](auto& o) { write_list_header(2, o); }), bytes({0x6c, 0x00, 0x00, 0x00, 0x02}));
  EXPECT_EQ(written([](auto& o) { write_list_tail(o); }), bytes({0x6a}));
}

TEST(term_writer, keys_are_atoms_only_when_identifier_like) {
  EXPECT_TRUE(key_is_atom("op"));
  EXPECT_TRUE(key_is_atom("guild_id"));
  EXPECT_TRUE(key_is_atom("_x9"));
  EXPECT_FALSE(key_is_atom(""));
  EXPECT_FALSE(key_is_atom("123456789012345678"));  // resolved.users keys: binaries
  EXPECT_FALSE(key_is_atom("en-US"));
  EXPECT_FALSE(key_is_atom("caf\xc3\xa9"));
  EXPECT_FALSE(key_is_atom("nil"));
  EXPECT_FALSE(key_is_atom("null"));
  EXPECT_FALSE(key_is_atom("true"));
  EXPECT_FALSE(key_is_atom("false"));
  EXPECT_FALSE(key_is_atom(std::string(256, 'a')));
  EXPECT_TRUE(key_is_atom(std::string(255, 'a')));
  EXPECT_EQ(written([](auto& o) { write_key("d", o); }), bytes({0x73, 0x01, 'd'}));
  EXPECT_EQ(written([](auto& o) { write_key("42", o); }), bytes({0x6d, 0x00, 0x00, 0x00, 0x02, '4', '2'}));
}

TEST(term_writer, envelope_around_a_pre_encoded_body) {
  // What the gateway does per session: a shared `d` body plus a per-session prefix.
  boost::json::error_code ec;
  const auto body = boost::json::parse(R"({"id":"1","content":"hi","mentions":[]})", ec);
  ASSERT_FALSE(ec);
  std::string shared_body;
  encode_term(body, shared_body);

  std::string message;
  write_version(message);
  write_map_header(4, message);
  write_key("op", message);
  write_int(0, message);
  write_key("s", message);
  write_int(42, message);
  write_key("t", message);
  write_binary("MESSAGE_CREATE", message);
  write_key("d", message);
  message += shared_body;

  auto decoded = decode(message);
  ASSERT_TRUE(decoded) << decoded.error().message();
  const auto expected =
      boost::json::parse(R"({"op":0,"s":42,"t":"MESSAGE_CREATE","d":{"id":"1","content":"hi","mentions":[]}})", ec);
  EXPECT_EQ(*decoded, expected);
}

} // namespace
} // namespace parley::proto::etf
