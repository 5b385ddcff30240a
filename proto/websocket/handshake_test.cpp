// Opening handshake helpers against RFC 6455 §1.3/§4 examples.
#include "proto/websocket/handshake.hpp"

#include <gtest/gtest.h>

#include "proto/websocket/error.hpp"

namespace parley::proto::websocket {
namespace {

TEST(handshake, accept_key_rfc_example) {
  EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(handshake, client_key_from_random_bytes) {
  // §4.1: the nonce "the sample nonce" gives the key used in §1.3.
  const std::string_view nonce = "the sample nonce";
  std::array<std::uint8_t, 16> random{};
  std::copy(nonce.begin(), nonce.end(), random.begin());
  EXPECT_EQ(make_client_key(random), "dGhlIHNhbXBsZSBub25jZQ==");
}

TEST(handshake, validates_client_keys) {
  EXPECT_TRUE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQ=="));
  EXPECT_TRUE(is_valid_client_key("AAAAAAAAAAAAAAAAAAAAAA=="));
  EXPECT_FALSE(is_valid_client_key(""));
  EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQ"));     // unpadded
  EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQ==="));  // 25 chars
  EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQo="));   // 17 bytes
  EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZ!=="));   // alphabet
  EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZR=="));   // bits under the padding
}

TEST(handshake, builds_upgrade_request) {
  const header_field extra[] = {{"User-Agent", "parley/0.1"}, {"Origin", "http://example.com"}};
  auto request = make_upgrade_request("server.example.com", "/chat?v=10", "dGhlIHNhbXBsZSBub25jZQ==", extra);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(*request,
            "GET /chat?v=10 HTTP/1.1\r\n"
            "Host: server.example.com\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n"
            "User-Agent: parley/0.1\r\n"
            "Origin: http://example.com\r\n"
            "\r\n");
}

TEST(handshake, refuses_header_injection) {
  const std::string_view key = "dGhlIHNhbXBsZSBub25jZQ==";
  EXPECT_EQ(make_upgrade_request("h\r\nX: y", "/", key).error(), errc::invalid_header);
  EXPECT_EQ(make_upgrade_request("h", "/ HTTP/1.0", key).error(), errc::invalid_header);
  EXPECT_EQ(make_upgrade_request("h", "", key).error(), errc::invalid_header);
  EXPECT_EQ(make_upgrade_request("", "/", key).error(), errc::invalid_header);
  const header_field bad_value[] = {{"X", "a\nb"}};
  EXPECT_EQ(make_upgrade_request("h", "/", key, bad_value).error(), errc::invalid_header);
  const header_field bad_name[] = {{"X Y", "v"}};
  EXPECT_EQ(make_upgrade_response(key, bad_name).error(), errc::invalid_header);
  const header_field nul_value[] = {{"X", std::string_view("a\0b", 3)}};
  EXPECT_EQ(make_upgrade_response(key, nul_value).error(), errc::invalid_header);
}

TEST(handshake, builds_upgrade_response) {
  auto response = make_upgrade_response("dGhlIHNhbXBsZSBub25jZQ==");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(*response,
            "HTTP/1.1 101 Switching Protocols\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            "\r\n");
  const header_field extra[] = {{"Server", "parley"}};
  EXPECT_EQ(make_upgrade_response("dGhlIHNhbXBsZSBub25jZQ==", extra).value(),
            "HTTP/1.1 101 Switching Protocols\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            "Server: parley\r\n"
            "\r\n");
}

} // namespace
} // namespace parley::proto::websocket
