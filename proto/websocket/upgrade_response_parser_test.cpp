// The client's check of the server's handshake response (RFC 6455 §4.1), fed whole, split at
// every offset and byte by byte.
#include "proto/websocket/upgrade_response_parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include "proto/websocket/error.hpp"
#include "proto/websocket/handshake.hpp"

namespace parley::proto::websocket {
namespace {

constexpr std::string_view key = "dGhlIHNhbXBsZSBub25jZQ==";

const std::string good_response =
    "HTTP/1.1 101 Switching Protocols\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
    "\r\n";

std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }

std::string str(std::span<const std::byte> b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

struct outcome {
  error_code error;
  bool accepted = false;
  std::string leftover; // everything reported as leftover, from acceptance on
  bool operator==(const outcome&) const = default;
};

// Feeds `pieces` in order and summarises the parser's answers.
outcome run(const std::vector<std::string_view>& pieces) {
  upgrade_response_parser parser(key);
  outcome out;
  for (auto piece : pieces) {
    auto r = parser.feed(bytes(piece));
    if (!r) {
      out.error = r.error();
      return out;
    }
    if (r->status == handshake_status::accepted) {
      out.accepted = true;
      out.leftover += str(r->leftover);
    } else {
      EXPECT_TRUE(r->leftover.empty());
    }
  }
  return out;
}

outcome run_whole(std::string_view s) { return run({s}); }

TEST(upgrade_response_parser, accepts_rfc_response) {
  const auto out = run_whole(good_response);
  EXPECT_TRUE(out.accepted);
  EXPECT_FALSE(out.error);
  EXPECT_EQ(out.leftover, "");
}

TEST(upgrade_response_parser, leaves_first_frames_over) {
  const std::string frames = "\x81\x05Hello\x89\x00";
  upgrade_response_parser parser(key);
  const std::string input = good_response + frames;
  auto r = parser.feed(bytes(input));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, handshake_status::accepted);
  EXPECT_EQ(str(r->leftover), frames);
  // The leftover views the caller's bytes, no copy.
  EXPECT_EQ(reinterpret_cast<const char*>(r->leftover.data()), input.data() + good_response.size());
  EXPECT_EQ(parser.status_code(), 101);
  // Later feeds are all frame bytes.
  auto again = parser.feed(bytes("more"));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->status, handshake_status::accepted);
  EXPECT_EQ(str(again->leftover), "more");
}

TEST(upgrade_response_parser, same_result_at_every_split) {
  const std::vector<std::string> inputs = {
      good_response + "\x81\x05Hello",
      good_response,
      "HTTP/1.1 101 OK\r\nupgrade: WebSocket\r\nCONNECTION: keep-alive, upgrade\r\n"
      "sec-websocket-accept:s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nServer: x\r\n\r\n\x82\x00",
      "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: AAAAPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
  };
  for (const auto& input : inputs) {
    const auto whole = run_whole(input);
    const std::string_view view(input);
    for (std::size_t cut = 0; cut <= input.size(); ++cut) {
      EXPECT_EQ(run({view.substr(0, cut), view.substr(cut)}), whole) << "cut at " << cut;
    }
    std::vector<std::string_view> single_bytes;
    for (std::size_t i = 0; i < input.size(); ++i) single_bytes.push_back(view.substr(i, 1));
    EXPECT_EQ(run(single_bytes), whole);
  }
}

TEST(upgrade_response_parser, refuses_bad_responses) {
  const auto error_of = [](std::string_view s) { return run_whole(s).error; };
  EXPECT_EQ(error_of("HTTP/1.1 404 Not Found\r\n\r\n"), errc::bad_status);
  EXPECT_EQ(error_of("HTTP/1.1 200 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"),
            errc::bad_status);
  EXPECT_EQ(error_of("HTTP/1.1 101 S\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"),
            errc::missing_upgrade);
  EXPECT_EQ(error_of("HTTP/1.1 101 S\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"),
            errc::missing_upgrade);
  EXPECT_EQ(error_of("HTTP/1.1 101 S\r\nUpgrade: websocket\r\nConnection: keep-alive\r\n"
                     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"),
            errc::missing_connection);
  EXPECT_EQ(error_of("HTTP/1.1 101 S\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"),
            errc::missing_accept);
  EXPECT_EQ(error_of("HTTP/1.1 101 S\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo\r\n\r\n"),
            errc::bad_accept);
  EXPECT_EQ(error_of("HTTP/1.1 101 S\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: S3PPLMBITXAQ9KYGZZHZRBK+XOO=\r\n\r\n"),
            errc::bad_accept); // the value is case-sensitive
  EXPECT_EQ(error_of("HTTP/1.1 101 S\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"),
            errc::bad_accept);
  EXPECT_EQ(error_of("HTTP/1.1 101 S\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                     "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n"),
            errc::unexpected_extension);
}

TEST(upgrade_response_parser, refuses_malformed_http) {
  const auto error_of = [](std::string_view s) { return run_whole(s).error; };
  EXPECT_EQ(error_of("\r\n\r\n"), errc::malformed_response);
  EXPECT_EQ(error_of("HTTP/1.0 101 S\r\n\r\n"), errc::malformed_response);
  EXPECT_EQ(error_of("HTTP/1.1 1O1 S\r\n\r\n"), errc::malformed_response);
  EXPECT_EQ(error_of("HTTP/1.1 1010 S\r\n\r\n"), errc::malformed_response);
  EXPECT_EQ(error_of("HTTP/1.1 101 S\r\nno colon here\r\n\r\n"), errc::malformed_response);
  EXPECT_EQ(error_of("HTTP/1.1 101 S\r\n: empty name\r\n\r\n"), errc::malformed_response);
  EXPECT_EQ(error_of("HTTP/1.1 101 S\r\nUpgrade : websocket\r\n\r\n"), errc::malformed_response);
  EXPECT_EQ(error_of("HTTP/1.1 101 S\r\nUpgrade: websocket\r\n folded\r\n\r\n"), errc::malformed_response);
  EXPECT_EQ(error_of("HTTP/1.1 101 S\nUpgrade: websocket\r\n\r\n"), errc::malformed_response);
  constexpr char with_nul[] = "HTTP/1.1 101 S\r\nX: a\0b\r\n\r\n";
  EXPECT_EQ(error_of(std::string_view(with_nul, sizeof with_nul - 1)), errc::malformed_response);
  // A status line without a reason phrase is fine.
  EXPECT_TRUE(run_whole("HTTP/1.1 101\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                  .accepted);
}

TEST(upgrade_response_parser, header_block_limit) {
  // A block of exactly the limit is accepted; one byte more is refused, whether it arrives at
  // once or in pieces, and without waiting for an end that never comes.
  std::string head = "HTTP/1.1 101 S\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nX-Pad: ";
  const std::size_t pad = upgrade_response_parser::max_header_size - head.size() - 4;
  const std::string at_limit = head + std::string(pad, 'p') + "\r\n\r\n";
  ASSERT_EQ(at_limit.size(), upgrade_response_parser::max_header_size);
  EXPECT_TRUE(run_whole(at_limit).accepted);
  const std::string over = head + std::string(pad + 1, 'p') + "\r\n\r\n";
  EXPECT_EQ(run_whole(over).error, errc::header_too_large);

  upgrade_response_parser parser(key);
  const std::string chunk(1000, 'x');
  error_code error;
  int feeds = 0;
  while (!error && feeds < 100) {
    ++feeds;
    auto r = parser.feed(bytes(chunk));
    if (!r) error = r.error();
  }
  EXPECT_EQ(error, errc::header_too_large);
  EXPECT_EQ(feeds, 17);
  EXPECT_EQ(parser.feed(bytes(good_response)).error(), errc::header_too_large); // stays failed
}

TEST(upgrade_response_parser, reports_status_code_of_refusal) {
  upgrade_response_parser parser(key);
  auto r = parser.feed(bytes("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), errc::bad_status);
  EXPECT_EQ(parser.status_code(), 401);
}

} // namespace
} // namespace parley::proto::websocket
