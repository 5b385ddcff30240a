// Tests for the HTTP/1.1 response parser, including every split of valid responses.
#include "bench/gateway_load/http_response_parser.hpp"

#include "bench/gateway_load/load_error.hpp"

#include <gtest/gtest.h>

namespace parley::bench::gateway_load {
namespace {

struct parsed {
  int status = 0;
  std::string body;
  bool keep_alive = false;
  std::size_t used = 0;
  bool operator==(const parsed&) const = default;
};

// Feeds `pieces` in order; stops at completion. Returns the result and total bytes used.
result<parsed> parse_pieces(const std::vector<std::string_view>& pieces, bool eof = false) {
  http_response_parser p;
  parsed out;
  for (auto piece : pieces) {
    if (p.complete()) break;
    auto used = p.feed(piece);
    if (!used) return used.error();
    out.used += *used;
  }
  if (eof && !p.complete())
    if (auto r = p.feed_eof(); !r) return r.error();
  if (!p.complete()) return errc::http_closed_early;
  out.status = p.status();
  out.body = p.body();
  out.keep_alive = p.keep_alive();
  return out;
}

void expect_every_split(std::string_view wire, const parsed& expected, bool eof = false) {
  for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
    auto r = parse_pieces({wire.substr(0, cut), wire.substr(cut)}, eof);
    ASSERT_TRUE(r) << "cut " << cut << ": " << r.error().message();
    EXPECT_EQ(*r, expected) << "cut " << cut;
  }
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < wire.size(); ++i) bytes.push_back(wire.substr(i, 1));
  auto r = parse_pieces(bytes, eof);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r, expected);
}

TEST(http_response_parser, content_length_every_split) {
  const std::string_view wire =
      "HTTP/1.1 201 Created\r\nServer: parley\r\ncontent-length: 14\r\nContent-Type: application/json\r\n\r\n{\"token\":\"ab\"}";
  expect_every_split(wire, {201, R"({"token":"ab"})", true, wire.size()});
}

TEST(http_response_parser, chunked_every_split) {
  const std::string_view wire =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nB\r\n, gateway!!\r\n0\r\nX-Trailer: 1\r\n\r\n";
  expect_every_split(wire, {200, "hello, gateway!!", true, wire.size()});
}

TEST(http_response_parser, body_until_close_every_split) {
  const std::string_view wire = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end";
  expect_every_split(wire, {200, "until the end", false, wire.size()}, true);
}

TEST(http_response_parser, leaves_the_next_response_unconsumed) {
  const std::string_view wire = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\nHTTP/1.1 200 OK\r\n";
  http_response_parser p;
  auto used = p.feed(wire);
  ASSERT_TRUE(used);
  EXPECT_TRUE(p.complete());
  EXPECT_EQ(*used, wire.find("HTTP/1.1 200"));
  EXPECT_EQ(p.status(), 204);
  EXPECT_FALSE(p.keep_alive());
  p.reset();
  EXPECT_FALSE(p.complete());
  auto again = p.feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  ASSERT_TRUE(again);
  EXPECT_TRUE(p.complete());
  EXPECT_EQ(p.body(), "ok");
}

TEST(http_response_parser, errors_are_sticky_and_named) {
  auto error_of = [](std::string_view wire) {
    http_response_parser p;
    auto r = p.feed(wire);
    EXPECT_FALSE(r);
    auto again = p.feed("more");
    EXPECT_FALSE(again);
    return r ? error_code{} : r.error();
  };
  EXPECT_EQ(error_of("HTTP/2 200 OK\r\n\r\n"), errc::http_malformed);
  EXPECT_EQ(error_of("HTTP/1.1 2x0 OK\r\n\r\n"), errc::http_malformed);
  EXPECT_EQ(error_of("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n"), errc::http_malformed);
  EXPECT_EQ(error_of("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n"), errc::http_malformed);
  EXPECT_EQ(error_of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), errc::http_malformed);
  EXPECT_EQ(error_of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), errc::http_malformed);
  EXPECT_EQ(error_of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n"), errc::http_malformed);
  EXPECT_EQ(error_of("HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\n\r\n"), errc::http_body_too_large);
  EXPECT_EQ(error_of(std::string(70 * 1024, 'a')), errc::http_header_too_large);
}

TEST(http_response_parser, early_close_is_an_error) {
  http_response_parser p;
  ASSERT_TRUE(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
  EXPECT_EQ(p.feed_eof().error(), errc::http_closed_early);
}

TEST(http_response_parser, chunked_body_limit) {
  http_response_parser p({.max_header_size = 1024, .max_body_size = 8});
  auto r = p.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::http_body_too_large);
}

} // namespace
} // namespace parley::bench::gateway_load
