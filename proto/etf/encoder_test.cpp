// Tests of the JSON → ETF encoder (gateway.md §12.2): byte-exact terms per JSON kind and a
// representative gateway payload surviving decode(encode(x)).
#include "proto/etf/encoder.hpp"

#include "proto/etf/decoder.hpp"

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

std::string encoded(const json::value& v) {
  std::string out;
  encode(v, out);
  return out;
}

json::value parsed(std::string_view text) {
  json::error_code ec;
  auto v = json::parse(text, ec);
  EXPECT_FALSE(ec) << text;
  return v;
}

TEST(encoder, scalars) {
  EXPECT_EQ(encoded(nullptr), bytes({0x83, 0x73, 0x03, 'n', 'i', 'l'}));
  EXPECT_EQ(encoded(true), bytes({0x83, 0x73, 0x04, 't', 'r', 'u', 'e'}));
  EXPECT_EQ(encoded(251), bytes({0x83, 0x61, 0xfb}));
  EXPECT_EQ(encoded(-5), bytes({0x83, 0x62, 0xff, 0xff, 0xff, 0xfb}));
  EXPECT_EQ(encoded(std::uint64_t{300}), bytes({0x83, 0x62, 0x00, 0x00, 0x01, 0x2c}));
  EXPECT_EQ(encoded(0.5), bytes({0x83, 0x46, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0}));
  // Discord sends a double that happens to be integral as a float, not an integer.
  EXPECT_EQ(encoded(2.0), bytes({0x83, 0x46, 0x40, 0x00, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(encoded("h\xc3\xa9"), bytes({0x83, 0x6d, 0, 0, 0, 3, 'h', 0xc3, 0xa9}));
}

TEST(encoder, arrays) {
  EXPECT_EQ(encoded(json::array{}), bytes({0x83, 0x6a}));
  EXPECT_EQ(encoded(json::array{1, 2}), bytes({0x83, 0x6c, 0, 0, 0, 2, 0x61, 1, 0x61, 2, 0x6a}));
  EXPECT_EQ(encoded(json::array{json::array{}}), bytes({0x83, 0x6c, 0, 0, 0, 1, 0x6a, 0x6a}));
}

TEST(encoder, objects_use_atom_keys_like_discord) {
  // The client example of gateway.md §12.2 uses binary keys; the server emits atoms instead.
  EXPECT_EQ(encoded(parsed(R"({"op":1,"d":251})")),
            bytes({0x83, 0x74, 0, 0, 0, 2, 0x73, 2, 'o', 'p', 0x61, 1, 0x73, 1, 'd', 0x61, 0xfb}));
  EXPECT_EQ(encoded(parsed(R"({"123":null})")),
            bytes({0x83, 0x74, 0, 0, 0, 1, 0x6d, 0, 0, 0, 3, '1', '2', '3', 0x73, 3, 'n', 'i', 'l'}));
  EXPECT_EQ(encoded(json::object{}), bytes({0x83, 0x74, 0, 0, 0, 0}));
}

TEST(encoder, encode_term_has_no_version_byte) {
  std::string out;
  encode_term(7, out);
  EXPECT_EQ(out, bytes({0x61, 7}));
}

TEST(encoder, ready_like_payload_round_trips) {
  json::value ready = parsed(R"({
    "op": 0, "s": 1, "t": "READY",
    "d": {
      "v": 10,
      "user": {"id": "80351110224678912", "username": "Nelly", "discriminator": "0",
               "global_name": "Nélly ✨ 🦊", "avatar": null, "bot": true, "flags": 64},
      "guilds": [{"id": "41771983423143937", "unavailable": true},
                 {"id": "41771983423143938", "unavailable": false}],
      "session_id": "d2a6f8c9b0e14a7f",
      "resume_gateway_url": "wss://gateway.example",
      "shard": [0, 1],
      "application": {"id": 41771983423143937, "flags": 8667136},
      "private_channels": [],
      "relationships": [[], [[]]],
      "presences": [{"status": "online", "activities": [{"type": 0, "name": "ÿ", "created_at": 1715000000000}]}],
      "resolved": {"users": {"80351110224678912": {"id": "80351110224678912"}}},
      "numbers": [-1, -256, -2147483648, -2147483649, 2147483648, -9223372036854775808,
                  9223372036854775807, 18446744073709551615, 12345678901234567890, 0, 255, 256],
      "floats": [0.5, -3.25, 1e300, -1e-300, 0.1],
      "empty_object": {},
      "empty_string": "",
      "localizations": {"en-US": "Hello", "pt-BR": "Olá"}
    }
  })");
  const std::string bytes = encoded(ready);
  auto decoded = decode(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(*decoded, ready) << json::serialize(*decoded);
  // Large unsigned numbers keep their kind; the snowflake that fits int64 compares equal as well.
  EXPECT_TRUE(decoded->at("d").at("numbers").at(7).is_uint64());
  EXPECT_EQ(decoded->at("d").at("application").at("id").to_number<std::uint64_t>(), 41771983423143937ULL);
}

} // namespace
} // namespace parley::proto::etf
