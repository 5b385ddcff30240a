// Tests of the JSON envelope scan behind gateway_options::raw_dispatch_data (gateway.md §1.3).
#include "client/core/envelope_scan.hpp"

#include "client/core/client_error.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::client {
namespace {

TEST(envelope_scan, dispatch_in_any_key_order_with_nested_strings) {
  const std::string_view json =
      R"( { "t" : "USER_UPDATE" , "s" : 42, "op" : 0, "d" : {"a":"}{][\"","b":[1,{"c":null}],"n":"plb.3.99"} } )";
  auto f = scan_json_envelope(json);
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_EQ(f->op, 0);
  EXPECT_EQ(f->s, 42u);
  EXPECT_EQ(f->t, "USER_UPDATE");
  EXPECT_EQ(f->d, R"({"a":"}{][\"","b":[1,{"c":null}],"n":"plb.3.99"})");
}

TEST(envelope_scan, backslash_runs_before_quotes) {
  // "a\\" ends after two backslashes (an escaped backslash); "\"q" holds an escaped quote;
  // "b\\\"}" holds a backslash, a quote and a brace.
  const std::string_view d = R"({"k":"a\\","j":"\"q","m":"b\\\"}","n":"}"})";
  const std::string json = R"({"op":0,"t":"X","d":)" + std::string(d) + R"(,"s":5})";
  auto f = scan_json_envelope(json);
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_EQ(f->d, d);
  EXPECT_EQ(f->s, 5u);
  EXPECT_FALSE(scan_json_envelope(R"({"t":"a\"})")); // the quote is escaped: unterminated
  auto t = scan_json_envelope(R"({"t":"a\\"})");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->t, R"(a\\)");
}

TEST(envelope_scan, nulls_scalars_and_absent_fields) {
  auto hello = scan_json_envelope(R"({"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null})");
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->op, 10);
  EXPECT_FALSE(hello->s);
  EXPECT_FALSE(hello->t);
  auto ack = scan_json_envelope(R"({"op":11,"d":null})");
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->d, "null");
  auto invalid = scan_json_envelope(R"({"op":9,"d":true})");
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->d, "true");
  auto empty = scan_json_envelope(" {} ");
  ASSERT_TRUE(empty);
  EXPECT_FALSE(empty->op);
  EXPECT_TRUE(empty->d.empty());
}

TEST(envelope_scan, rejects_what_is_not_an_envelope) {
  for (std::string_view bad : {"", "[]", "\"x\"", "{", R"({"op":0)", R"({"op":0,})", R"({"op":"0"})",
                               R"({"op":1.5})", R"({"op":1e3})", R"({"s":-1})", R"({"op":99999999999999999999})",
                               R"({"op":0}x)", R"({op:0})", R"({"d":{"a":1})", R"({"d":"abc)", R"({"d":})",
                               R"({"op":nullx})", R"({"t":"a\"})"}) {
    auto f = scan_json_envelope(bad);
    ASSERT_FALSE(f) << bad;
    EXPECT_EQ(f.error(), client_errc::bad_payload) << bad;
  }
}

// A payload cut short anywhere is rejected (never a view past the end, never a crash); only the
// whole payload (or it plus trailing whitespace) is accepted.
TEST(envelope_scan, every_prefix_of_a_dispatch_is_rejected) {
  const std::string json = R"({"op":0,"s":7,"t":"MESSAGE_CREATE","d":{"content":"a \"b\" {c}","x":[1,[2]]}})";
  for (std::size_t n = 0; n < json.size(); ++n) {
    auto f = scan_json_envelope(std::string_view(json).substr(0, n));
    EXPECT_FALSE(f) << "prefix " << n;
  }
  auto whole = scan_json_envelope(json);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->d, R"({"content":"a \"b\" {c}","x":[1,[2]]})");
}

TEST(envelope_scan, deep_nesting_needs_no_recursion) {
  const std::string json = R"({"op":0,"t":"X","d":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto f = scan_json_envelope(json);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->d.size(), 200000u);
}

} // namespace
} // namespace parley::client
