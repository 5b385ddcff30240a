// Tests of the ETF decoder (gateway.md §12): every accepted tag with hand-computed bytes, and every
// malformed input (each truncation of a valid message, bad version, unknown tags, depth and length
// bombs, oversized integers) giving an error value.
#include "proto/etf/decoder.hpp"

#include "proto/etf/encoder.hpp"
#include "proto/etf/etf_error.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <initializer_list>
#include <limits>
#include <string>

namespace parley::proto::etf {
namespace {

namespace json = boost::json;

std::string bytes(std::initializer_list<int> values) {
  std::string s;
  for (int v : values) s.push_back(static_cast<char>(v));
  return s;
}

json::value ok(const std::string& message) {
  auto r = decode(message);
  EXPECT_TRUE(r) << r.error().message();
  return r ? *r : json::value{};
}

error_code err(const std::string& message, const decode_options& options = {}) {
  auto r = decode(message, options);
  EXPECT_FALSE(r) << json::serialize(*r);
  return r ? error_code{} : r.error();
}

json::value parsed(std::string_view text) {
  json::error_code ec;
  auto v = json::parse(text, ec);
  EXPECT_FALSE(ec) << text;
  return v;
}

TEST(decoder, spec_example_with_binary_keys) {
  // gateway.md §12.2, {"op":1,"d":251} as a client sends it.
  const std::string message = bytes({0x83, 0x74, 0, 0, 0, 2, 0x6d, 0, 0, 0, 2, 0x6f, 0x70, 0x61, 0x01, 0x6d, 0, 0,
                                     0, 1, 0x64, 0x61, 0xfb});
  EXPECT_EQ(ok(message), parsed(R"({"op":1,"d":251})"));
}

TEST(decoder, integers) {
  EXPECT_EQ(ok(bytes({0x83, 0x61, 0xff})), json::value(255));
  EXPECT_EQ(ok(bytes({0x83, 0x62, 0xff, 0xff, 0xff, 0xfe})), json::value(-2));
  EXPECT_EQ(ok(bytes({0x83, 0x62, 0x80, 0, 0, 0})), json::value(std::numeric_limits<std::int32_t>::min()));
  // The snowflake of the spec, in its minimal 7-byte form and the 8-byte form with a trailing 00.
  EXPECT_EQ(ok(bytes({0x83, 0x6e, 7, 0, 0x01, 0x00, 0x80, 0xc9, 0x65, 0x67, 0x94})),
            json::value(41771983423143937LL));
  EXPECT_EQ(ok(bytes({0x83, 0x6e, 8, 0, 0x01, 0x00, 0x80, 0xc9, 0x65, 0x67, 0x94, 0x00})),
            json::value(41771983423143937LL));
  // Zero-padding beyond 8 bytes is still 64-bit.
  EXPECT_EQ(ok(bytes({0x83, 0x6e, 10, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0})), json::value(5));
  EXPECT_EQ(ok(bytes({0x83, 0x6e, 0, 0})), json::value(0));
  EXPECT_EQ(ok(bytes({0x83, 0x6e, 0, 1})), json::value(0));  // negative zero
  const json::value max_u64 = ok(bytes({0x83, 0x6e, 8, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
  EXPECT_TRUE(max_u64.is_uint64());
  EXPECT_EQ(max_u64.get_uint64(), std::numeric_limits<std::uint64_t>::max());
  const json::value max_i64 = ok(bytes({0x83, 0x6e, 8, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}));
  EXPECT_TRUE(max_i64.is_int64());
  EXPECT_EQ(ok(bytes({0x83, 0x6e, 8, 1, 0, 0, 0, 0, 0, 0, 0, 0x80})),
            json::value(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(ok(bytes({0x83, 0x6f, 0, 0, 0, 2, 1, 0x00, 0x01})), json::value(-256));  // LARGE_BIG
}

TEST(decoder, integers_beyond_64_bits_are_rejected) {
  EXPECT_EQ(err(bytes({0x83, 0x6e, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})), etf_errc::integer_overflow);
  EXPECT_EQ(err(bytes({0x83, 0x6e, 8, 1, 1, 0, 0, 0, 0, 0, 0, 0x80})), etf_errc::integer_overflow);  // -2^63-1
  EXPECT_EQ(err(bytes({0x83, 0x6e, 8, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})), etf_errc::integer_overflow);
  EXPECT_EQ(err(bytes({0x83, 0x6e, 1, 2, 5})), etf_errc::bad_sign);
}

TEST(decoder, floats) {
  EXPECT_EQ(ok(bytes({0x83, 0x46, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0})), json::value(1.5));
  std::string legacy = bytes({0x83, 0x63}) + "1.50000000000000000000e+00";
  legacy.resize(2 + 31, '\0');
  EXPECT_EQ(ok(legacy), json::value(1.5));
  std::string negative = bytes({0x83, 0x63}) + "-2.50000000000000000000e-01";
  negative.resize(2 + 31, '\0');
  EXPECT_EQ(ok(negative), json::value(-0.25));
  std::string garbage = bytes({0x83, 0x63}) + "1.5x";
  garbage.resize(2 + 31, '\0');
  EXPECT_EQ(err(garbage), etf_errc::bad_float);
  EXPECT_EQ(err(bytes({0x83, 0x46, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0})), etf_errc::bad_float);  // NaN
  EXPECT_EQ(err(bytes({0x83, 0x46, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0})), etf_errc::bad_float);  // +inf
}

TEST(decoder, atoms_of_every_tag) {
  EXPECT_EQ(ok(bytes({0x83, 0x73, 3, 'n', 'i', 'l'})), json::value(nullptr));
  EXPECT_EQ(ok(bytes({0x83, 0x64, 0, 4, 'n', 'u', 'l', 'l'})), json::value(nullptr));
  EXPECT_EQ(ok(bytes({0x83, 0x76, 0, 4, 't', 'r', 'u', 'e'})), json::value(true));
  EXPECT_EQ(ok(bytes({0x83, 0x77, 5, 'f', 'a', 'l', 's', 'e'})), json::value(false));
}

TEST(decoder, other_atoms_become_strings_in_utf8) {
  EXPECT_EQ(ok(bytes({0x83, 0x73, 6, 'o', 'n', 'l', 'i', 'n', 'e'})), json::value("online"));
  // Latin-1 0xE9 in ATOM_EXT is U+00E9, UTF-8 C3 A9.
  EXPECT_EQ(ok(bytes({0x83, 0x64, 0, 4, 'c', 'a', 'f', 0xe9})), json::value("caf\xc3\xa9"));
  EXPECT_EQ(ok(bytes({0x83, 0x77, 2, 0xc3, 0xa9})), json::value("\xc3\xa9"));
  EXPECT_EQ(err(bytes({0x83, 0x77, 1, 0xe9})), etf_errc::invalid_utf8);
}

TEST(decoder, strings_and_binaries) {
  EXPECT_EQ(ok(bytes({0x83, 0x6d, 0, 0, 0, 2, 'h', 'i'})), json::value("hi"));
  EXPECT_EQ(ok(bytes({0x83, 0x6b, 0, 2, 'h', 'i'})), json::value("hi"));
  EXPECT_EQ(ok(bytes({0x83, 0x6b, 0, 0})), json::value(""));
  // A STRING_EXT that is not text is Erlang's compact list of small integers.
  EXPECT_EQ(ok(bytes({0x83, 0x6b, 0, 3, 1, 0xff, 2})), parsed("[1,255,2]"));
  EXPECT_EQ(err(bytes({0x83, 0x6d, 0, 0, 0, 2, 0xc0, 0x80})), etf_errc::invalid_utf8);  // overlong NUL
  EXPECT_EQ(err(bytes({0x83, 0x6d, 0, 0, 0, 3, 0xed, 0xa0, 0x80})), etf_errc::invalid_utf8);  // surrogate
}

TEST(decoder, lists_tuples_nil) {
  EXPECT_EQ(ok(bytes({0x83, 0x6a})), parsed("[]"));
  EXPECT_EQ(ok(bytes({0x83, 0x6c, 0, 0, 0, 2, 0x61, 1, 0x6a, 0x6a})), parsed("[1,[]]"));
  EXPECT_EQ(ok(bytes({0x83, 0x68, 2, 0x61, 1, 0x61, 2})), parsed("[1,2]"));
  EXPECT_EQ(ok(bytes({0x83, 0x69, 0, 0, 0, 1, 0x6a})), parsed("[[]]"));
  EXPECT_EQ(ok(bytes({0x83, 0x68, 0})), parsed("[]"));
  EXPECT_EQ(err(bytes({0x83, 0x6c, 0, 0, 0, 1, 0x61, 1, 0x61, 2})), etf_errc::improper_list);
}

TEST(decoder, maps) {
  EXPECT_EQ(ok(bytes({0x83, 0x74, 0, 0, 0, 0})), parsed("{}"));
  // Atom keys (as Discord sends them) are accepted too, nil/true as keys stay strings.
  EXPECT_EQ(ok(bytes({0x83, 0x74, 0, 0, 0, 2, 0x73, 1, 'a', 0x61, 1, 0x73, 3, 'n', 'i', 'l', 0x61, 2})),
            parsed(R"({"a":1,"nil":2})"));
  EXPECT_EQ(ok(bytes({0x83, 0x74, 0, 0, 0, 1, 0x6b, 0, 1, 'k', 0x6a})), parsed(R"({"k":[]})"));
  // Duplicate keys: the last one wins.
  EXPECT_EQ(ok(bytes({0x83, 0x74, 0, 0, 0, 2, 0x73, 1, 'a', 0x61, 1, 0x6d, 0, 0, 0, 1, 'a', 0x61, 2})),
            parsed(R"({"a":2})"));
  EXPECT_EQ(err(bytes({0x83, 0x74, 0, 0, 0, 1, 0x61, 1, 0x61, 2})), etf_errc::invalid_map_key);
  EXPECT_EQ(err(bytes({0x83, 0x74, 0, 0, 0, 1, 0x6a, 0x61, 2})), etf_errc::invalid_map_key);
  EXPECT_EQ(err(bytes({0x83, 0x74, 0, 0, 0, 1, 0x6d, 0, 0, 0, 1, 0xff, 0x61, 2})), etf_errc::invalid_utf8);
}

TEST(decoder, envelope_errors) {
  EXPECT_EQ(err(""), etf_errc::truncated);
  EXPECT_EQ(err(bytes({0x83})), etf_errc::truncated);
  EXPECT_EQ(err(bytes({0x82, 0x6a})), etf_errc::bad_version);
  EXPECT_EQ(err(bytes({0x83, 0x6a, 0x6a})), etf_errc::trailing_bytes);
  EXPECT_EQ(err(bytes({0x83, 0x58})), etf_errc::unknown_tag);  // NEW_PID_EXT
  EXPECT_EQ(err(bytes({0x83, 0x4d, 0, 0, 0, 1, 8, 0})), etf_errc::unknown_tag);  // BIT_BINARY_EXT
  EXPECT_EQ(err(bytes({0x83, 0x50, 0, 0, 0, 1, 0x78, 0x9c})), etf_errc::compressed_term);
  EXPECT_EQ(err(bytes({0x83, 0x6a}), {.max_input_size = 1, .max_depth = 64}), etf_errc::input_too_large);
}

TEST(decoder, depth_bomb) {
  std::string message = bytes({0x83});
  for (int i = 0; i < 100'000; ++i) message += bytes({0x6c, 0, 0, 0, 1});
  EXPECT_EQ(err(message), etf_errc::depth_exceeded);

  // Exactly max_depth levels are fine, one more is not.
  auto nested = [](int levels) {
    std::string m = bytes({0x83});
    for (int i = 0; i < levels; ++i) m += bytes({0x68, 1});
    return m + bytes({0x6a});
  };
  EXPECT_TRUE(decode(nested(64)));
  EXPECT_EQ(err(nested(65)), etf_errc::depth_exceeded);
  EXPECT_TRUE(decode(nested(3), {.max_input_size = 100, .max_depth = 3}));
  EXPECT_EQ(err(nested(4), {.max_input_size = 100, .max_depth = 3}), etf_errc::depth_exceeded);
}

TEST(decoder, huge_claimed_lengths_fail_before_allocating) {
  // Under ASan a reservation of 2^32 elements would abort the test; these must fail up front.
  EXPECT_EQ(err(bytes({0x83, 0x6c, 0xff, 0xff, 0xff, 0xff, 0x6a})), etf_errc::truncated);
  EXPECT_EQ(err(bytes({0x83, 0x6c, 0, 0, 0, 2, 0x6a, 0x6a})), etf_errc::truncated);  // no room for the tail
  EXPECT_EQ(err(bytes({0x83, 0x74, 0xff, 0xff, 0xff, 0xff, 0x6a})), etf_errc::truncated);
  EXPECT_EQ(err(bytes({0x83, 0x69, 0xff, 0xff, 0xff, 0xff})), etf_errc::truncated);
  EXPECT_EQ(err(bytes({0x83, 0x68, 0xff, 0x6a})), etf_errc::truncated);
  EXPECT_EQ(err(bytes({0x83, 0x6d, 0xff, 0xff, 0xff, 0xff, 'x'})), etf_errc::truncated);
  EXPECT_EQ(err(bytes({0x83, 0x6b, 0xff, 0xff, 'x'})), etf_errc::truncated);
  EXPECT_EQ(err(bytes({0x83, 0x6f, 0xff, 0xff, 0xff, 0xff, 0, 1})), etf_errc::truncated);
  EXPECT_EQ(err(bytes({0x83, 0x64, 0xff, 0xff, 'a'})), etf_errc::truncated);
  // A list claiming a million elements in a 1 MB input of one-byte NILs is fine: it is all there.
  std::string long_list = bytes({0x83, 0x6c, 0x00, 0x0f, 0x42, 0x40});
  long_list.append(1'000'000, '\x6a');
  long_list.push_back('\x6a');
  auto r = decode(long_list);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->as_array().size(), 1'000'000u);
}

TEST(decoder, every_truncation_of_a_valid_message_is_an_error) {
  json::error_code ec;
  const json::value value = json::parse(R"({
    "op": 0, "s": 12, "t": "MESSAGE_CREATE",
    "d": {"id": "1100000000000000001", "nonce": 41771983423143937, "n": -70000, "f": 2.5,
          "list": [1, [true, false, null], {}, []], "text": "Grüße ✨", "big": 18446744073709551615,
          "ids": {"80351110224678912": {"x": "y"}}}
  })", ec);
  ASSERT_FALSE(ec);
  std::string message;
  encode(value, message);
  auto full = decode(message);
  ASSERT_TRUE(full);
  EXPECT_EQ(*full, value);
  for (std::size_t cut = 0; cut < message.size(); ++cut) {
    auto r = decode(std::string_view{message}.substr(0, cut));
    EXPECT_FALSE(r) << "prefix of " << cut << " bytes decoded";
  }
}

TEST(decoder, storage_is_used_for_the_values) {
  auto storage = json::make_shared_resource<json::monotonic_resource>();
  auto r = decode(bytes({0x83, 0x6c, 0, 0, 0, 1, 0x6d, 0, 0, 0, 1, 'x', 0x6a}), {}, storage);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->storage().get(), storage.get());
  EXPECT_EQ(r->as_array()[0].storage().get(), storage.get());
}

} // namespace
} // namespace parley::proto::etf
