// Tests for the shared dispatch body and the per-session envelope (gateway.md §1.3, §12):
// prefix + body + suffix must parse to the expected op 0 payload in both encodings.
#include "proto/gateway/dispatch_envelope.hpp"

#include "proto/gateway/control_payload.hpp"
#include "proto/gateway/dispatch_event.hpp"
#include "proto/gateway/inbound_payload.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace parley::proto::gateway {
namespace {

// A byte string from a literal that may contain NULs.
template <std::size_t N>
std::string bytes(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

std::string envelope(encoding enc, const dispatch_event& e, std::uint64_t seq) {
  std::string out;
  write_dispatch_prefix(enc, e.name(), seq, out);
  out.append(e.body(enc));
  write_dispatch_suffix(enc, out);
  return out;
}

const boost::json::value sample_body = boost::json::parse(
    R"({"id":"41771983423143937","content":"h\u00e9llo \"q\"","n":-7,"big":-5000000000,"f":0.25,"u":18446744073709551615,
        "t":true,"x":false,"z":null,"arr":[1,256,70000,[]],"obj":{},"s":""})");

TEST(dispatch_envelope, json_parses_to_the_envelope) {
  auto e = dispatch_event::make("MESSAGE_CREATE", sample_body);
  for (std::uint64_t seq : {1ULL, 255ULL, 4294967296ULL, 18446744073709551615ULL}) {
    std::string bytes = envelope(encoding::json, *e, seq);
    boost::system::error_code ec;
    auto v = boost::json::parse(bytes, ec);
    ASSERT_FALSE(ec) << bytes;
    const auto& o = v.as_object();
    EXPECT_EQ(o.size(), 4u);
    EXPECT_EQ(o.at("op"), 0);
    EXPECT_EQ(o.at("s").to_number<std::uint64_t>(), seq);
    EXPECT_EQ(o.at("t"), "MESSAGE_CREATE");
    EXPECT_EQ(o.at("d"), sample_body);
  }
}

TEST(dispatch_envelope, json_prefix_bytes) {
  std::string out;
  write_dispatch_prefix(encoding::json, "READY", 1, out);
  EXPECT_EQ(out, R"({"op":0,"s":1,"t":"READY","d":)");
  EXPECT_EQ(dispatch_suffix(encoding::json), "}");
  EXPECT_EQ(dispatch_suffix(encoding::etf), "");
}

TEST(dispatch_envelope, etf_prefix_bytes) {
  std::string out;
  write_dispatch_prefix(encoding::etf, "READY", 300, out);
  const std::string expected = bytes(
      "\x83"
      "t\x00\x00\x00\x04"
      "s\x02op"
      "a\x00"
      "s\x01s"
      "b\x00\x00\x01\x2c"
      "s\x01t"
      "m\x00\x00\x00\x05READY"
      "s\x01"
      "d");
  EXPECT_EQ(out, expected);
}

TEST(dispatch_envelope, etf_seq_encodings) {
  auto tail_after_s = [](std::uint64_t seq) {
    std::string out;
    write_dispatch_prefix(encoding::etf, "X", seq, out);
    // version(1) + map(5) + atom op(4) + int 0(2) + atom s(3) = 15 before; atom t(3) +
    // binary "X"(6) + atom d(3) = 12 after.
    return out.substr(15, out.size() - 15 - 12);
  };
  EXPECT_EQ(tail_after_s(1), bytes("a\x01"));
  EXPECT_EQ(tail_after_s(2147483647), bytes("b\x7f\xff\xff\xff"));
  EXPECT_EQ(tail_after_s(2147483648ULL), bytes("n\x04\x00\x00\x00\x00\x80"));
  EXPECT_EQ(tail_after_s(41771983423143937ULL), bytes("n\x07\x00\x01\x00\x80\xc9\x65\x67\x94"));
}

TEST(dispatch_event, json_body_is_serialized_once_and_shared) {
  auto e = dispatch_event::make("GUILD_CREATE", sample_body);
  std::string_view first = e->json_body();
  std::string_view second = e->body(encoding::json);
  EXPECT_EQ(first.data(), second.data());
  EXPECT_EQ(boost::json::parse(first), sample_body);
  EXPECT_GT(e->retained_size(), first.size());
}

TEST(dispatch_event, etf_body_is_built_once_across_threads) {
  auto e = dispatch_event::make("MESSAGE_CREATE", sample_body);
  std::vector<const char*> seen(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&, i] { seen[i] = e->etf_body().data(); });
  }
  for (auto& t : threads) t.join();
  for (const char* p : seen) EXPECT_EQ(p, seen[0]);
  EXPECT_FALSE(e->etf_body().empty());
  EXPECT_NE(e->etf_body().front(), '\x83'); // a term, without the version byte
}

TEST(dispatch_envelope, etf_parses_to_the_envelope) {
  auto e = dispatch_event::make("MESSAGE_CREATE", sample_body);
  std::string bytes = envelope(encoding::etf, *e, 4294967296ULL);
  auto decoded = decode_payload(bytes, encoding::etf);
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(decoded->op, 0);
  EXPECT_EQ(decoded->d, sample_body);
}

TEST(control_payload, json) {
  std::string out;
  write_hello(encoding::json, std::chrono::milliseconds(41250), out);
  EXPECT_EQ(out, R"({"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null})");
  out.clear();
  write_heartbeat_ack(encoding::json, out);
  EXPECT_EQ(boost::json::parse(out), boost::json::parse(R"({"op":11,"d":null,"s":null,"t":null})"));
  out.clear();
  write_invalid_session(encoding::json, true, out);
  EXPECT_EQ(boost::json::parse(out), boost::json::parse(R"({"op":9,"d":true,"s":null,"t":null})"));
  out.clear();
  write_invalid_session(encoding::json, false, out);
  EXPECT_EQ(boost::json::parse(out), boost::json::parse(R"({"op":9,"d":false,"s":null,"t":null})"));
  out.clear();
  write_reconnect(encoding::json, out);
  EXPECT_EQ(boost::json::parse(out), boost::json::parse(R"({"op":7,"d":null,"s":null,"t":null})"));
  out.clear();
  write_heartbeat_request(encoding::json, out);
  EXPECT_EQ(boost::json::parse(out), boost::json::parse(R"({"op":1,"d":null,"s":null,"t":null})"));
}

TEST(control_payload, etf_hello_bytes) {
  std::string out;
  write_hello(encoding::etf, std::chrono::milliseconds(41250), out);
  const std::string expected = bytes(
      "\x83t\x00\x00\x00\x04"
      "s\x02op" "a\x0a"
      "s\x01" "d" "t\x00\x00\x00\x01" "s\x12heartbeat_interval" "b\x00\x00\xa1\x22"
      "s\x01s" "s\x03nil"
      "s\x01t" "s\x03nil");
  EXPECT_EQ(out, expected);
}

TEST(control_payload, etf_invalid_session_bytes) {
  std::string out;
  write_invalid_session(encoding::etf, true, out);
  const std::string expected = bytes("\x83t\x00\x00\x00\x04s\x02opa\x09s\x01" "ds\x04trues\x01ss\x03nils\x01ts\x03nil");
  EXPECT_EQ(out, expected);
}

} // namespace
} // namespace parley::proto::gateway
