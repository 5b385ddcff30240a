// The sans-I/O connection: RFC 6455 §5.7 examples, every validation rule, fragmentation, UTF-8
// across fragments, limits, the closing handshake both ways, feeding split at every offset, and a
// client against a server in memory.
#include "proto/websocket/connection.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <ostream>
#include <string>
#include <vector>

#include "proto/websocket/close_code.hpp"
#include "proto/websocket/error.hpp"

namespace parley::proto::websocket {
namespace {

using namespace std::string_literals;

constexpr masking_key rfc_key{std::byte{0x37}, std::byte{0xfa}, std::byte{0x21}, std::byte{0x3d}};

std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }
std::string str(std::span<const std::byte> b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// A frame as a peer would send it: masked with the RFC key if `masked`. `first_byte_extra` is
// ORed into byte 0 (RSV bits), `op_raw` allows reserved opcodes.
std::string frame(int op_raw, bool fin, std::string_view payload, bool masked, int first_byte_extra = 0) {
  std::byte header[max_frame_header_size];
  const auto key = masked ? std::optional<masking_key>(rfc_key) : std::nullopt;
  const std::size_t n = write_frame_header(header, opcode::text, fin, payload.size(), key);
  header[0] = static_cast<std::byte>((fin ? 0x80 : 0) | op_raw | first_byte_extra);
  std::string out = str(std::span(header, n));
  std::string body(payload);
  if (masked) apply_mask(std::as_writable_bytes(std::span(body.data(), body.size())), rfc_key, 0);
  return out + body;
}

// Frames to a connection of role `to`: masked toward a server, plain toward a client.
std::string frame_to(role to, opcode op, bool fin, std::string_view payload) {
  return frame(static_cast<int>(op), fin, payload, to == role::server);
}

std::string close_payload(std::uint16_t code, std::string_view reason = {}) {
  return std::string{static_cast<char>(code >> 8), static_cast<char>(code & 0xff)} + std::string(reason);
}

struct recorded {
  event_kind kind;
  std::string payload;
  std::uint16_t close_code = 0;
  error_code error{};
  bool operator==(const recorded&) const = default;
};

[[maybe_unused]] std::ostream& operator<<(std::ostream& os, const recorded& r) {
  static constexpr const char* names[] = {"need_more", "text", "binary", "ping", "pong", "close", "error"};
  return os << names[static_cast<int>(r.kind)] << "(" << r.payload.size() << " bytes \""
            << r.payload.substr(0, 40) << "\", " << r.close_code << ", " << r.error.message() << ")";
}

std::vector<recorded> drain(connection& c) {
  std::vector<recorded> out;
  for (event ev = c.next_event(); ev.kind != event_kind::need_more; ev = c.next_event()) {
    out.push_back({ev.kind, str(ev.payload), ev.close_code, ev.error});
  }
  return out;
}

masking_key counting_key() {
  static std::uint8_t n = 0; // tests only: deterministic, distinct keys
  ++n;
  return {std::byte{n}, std::byte{static_cast<std::uint8_t>(n * 3)}, std::byte{0x5a}, std::byte{0xc3}};
}

connection make(role r, connection_options options = {}) {
  return connection(r, options, r == role::client ? mask_source(counting_key) : mask_source());
}

std::vector<recorded> receive(role r, std::string_view input, connection_options options = {}) {
  auto c = make(r, options);
  c.feed(input);
  return drain(c);
}

recorded error_event(errc e, std::uint16_t code) { return {event_kind::error, "", code, e}; }

// Decodes frames a connection wrote, by feeding them to a connection of the other role.
std::vector<recorded> decode_output(role writer, std::string_view out) {
  return receive(writer == role::server ? role::client : role::server, out);
}

// ---------------------------------------------------------------------------------------------
// RFC 6455 §5.7 examples

TEST(connection, rfc_examples_as_client) {
  EXPECT_EQ(receive(role::client, "\x81\x05Hello"), (std::vector<recorded>{{event_kind::text, "Hello"}}));
  EXPECT_EQ(receive(role::client, "\x01\x03Hel\x80\x02lo"), (std::vector<recorded>{{event_kind::text, "Hello"}}));
  EXPECT_EQ(receive(role::client, "\x8a\x05Hello"), (std::vector<recorded>{{event_kind::pong, "Hello"}}));
}

TEST(connection, rfc_examples_as_server) {
  EXPECT_EQ(receive(role::server, "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"),
            (std::vector<recorded>{{event_kind::text, "Hello"}}));
  // Masked pong from §5.7.
  EXPECT_EQ(receive(role::server, "\x8a\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"),
            (std::vector<recorded>{{event_kind::pong, "Hello"}}));
}

TEST(connection, ping_is_answered_with_pong) {
  auto server = make(role::server);
  server.feed(frame_to(role::server, opcode::ping, true, "Hello"));
  EXPECT_EQ(drain(server), (std::vector<recorded>{{event_kind::ping, "Hello"}}));
  EXPECT_EQ(server.output(), "\x8a\x05Hello"); // §5.7 unmasked pong

  auto client = make(role::client);
  client.feed("\x89\x05Hello"s);
  EXPECT_EQ(drain(client), (std::vector<recorded>{{event_kind::ping, "Hello"}}));
  // The client's pong is masked; a server decodes it back.
  ASSERT_EQ(client.output().size(), 2u + 4u + 5u);
  EXPECT_EQ(client.output().substr(0, 2), "\x8a\x85");
  EXPECT_NE(client.output().substr(6), "Hello");
  EXPECT_EQ(decode_output(role::client, client.output()), (std::vector<recorded>{{event_kind::pong, "Hello"}}));
}

TEST(connection, length_forms) {
  for (role r : {role::client, role::server}) {
    for (std::size_t size : {0u, 125u, 126u, 256u, 65535u, 65536u, 200000u}) {
      std::string payload(size, '\0');
      for (std::size_t i = 0; i < size; ++i) payload[i] = static_cast<char>(i * 31 + 7);
      const auto events = receive(r, frame_to(r, opcode::binary, true, payload));
      ASSERT_EQ(events.size(), 1u);
      EXPECT_EQ(events[0].kind, event_kind::binary);
      EXPECT_EQ(events[0].payload, payload) << size;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Validation rules

TEST(connection, mask_rules_by_role) {
  EXPECT_EQ(receive(role::server, frame(1, true, "hi", false)),
            (std::vector<recorded>{error_event(errc::unmasked_client_frame, 1002)}));
  EXPECT_EQ(receive(role::client, frame(1, true, "hi", true)),
            (std::vector<recorded>{error_event(errc::masked_server_frame, 1002)}));
}

TEST(connection, reserved_bits_and_opcodes) {
  for (int rsv : {0x40, 0x20, 0x10, 0x70}) {
    EXPECT_EQ(receive(role::server, frame(1, true, "hi", true, rsv)),
              (std::vector<recorded>{error_event(errc::reserved_bits_set, 1002)}))
        << rsv;
  }
  for (int op : {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
    EXPECT_EQ(receive(role::client, frame(op, true, "", false)),
              (std::vector<recorded>{error_event(errc::reserved_opcode, 1002)}))
        << op;
  }
}

TEST(connection, control_frame_rules) {
  const std::string long_payload(126, 'x');
  for (auto op : {opcode::ping, opcode::pong, opcode::close}) {
    EXPECT_EQ(receive(role::server, frame_to(role::server, op, true, long_payload)),
              (std::vector<recorded>{error_event(errc::control_frame_too_long, 1002)}));
    EXPECT_EQ(receive(role::server, frame_to(role::server, op, false, "")),
              (std::vector<recorded>{error_event(errc::fragmented_control, 1002)}));
  }
  // 125 bytes is the largest allowed.
  const std::string max_payload(125, 'x');
  EXPECT_EQ(receive(role::server, frame_to(role::server, opcode::ping, true, max_payload)),
            (std::vector<recorded>{{event_kind::ping, max_payload}}));
}

TEST(connection, continuation_rules) {
  const role r = role::server;
  EXPECT_EQ(receive(r, frame_to(r, opcode::continuation, true, "x")),
            (std::vector<recorded>{error_event(errc::unexpected_continuation, 1002)}));
  EXPECT_EQ(receive(r, frame_to(r, opcode::text, false, "a") + frame_to(r, opcode::text, true, "b")),
            (std::vector<recorded>{error_event(errc::expected_continuation, 1002)}));
  EXPECT_EQ(receive(r, frame_to(r, opcode::binary, false, "a") + frame_to(r, opcode::text, false, "b")),
            (std::vector<recorded>{error_event(errc::expected_continuation, 1002)}));
  // A finished message does not leave a continuation open.
  EXPECT_EQ(receive(r, frame_to(r, opcode::text, false, "a") + frame_to(r, opcode::continuation, true, "b") +
                           frame_to(r, opcode::continuation, true, "c")),
            (std::vector<recorded>{{event_kind::text, "ab"}, error_event(errc::unexpected_continuation, 1002)}));
}

TEST(connection, length_encoding_rules) {
  EXPECT_EQ(receive(role::client, "\x82\x7f\x80\x00\x00\x00\x00\x00\x00\x00"s),
            (std::vector<recorded>{error_event(errc::bad_length_encoding, 1002)}));
  EXPECT_EQ(receive(role::client, "\x82\x7e\x00\x05hello"s),
            (std::vector<recorded>{error_event(errc::bad_length_encoding, 1002)}));
}

TEST(connection, fragments_with_interleaved_control_frames) {
  const role r = role::server;
  const std::string input = frame_to(r, opcode::text, false, "Hel") + frame_to(r, opcode::ping, true, "p1") +
                            frame_to(r, opcode::continuation, false, "") + frame_to(r, opcode::pong, true, "q") +
                            frame_to(r, opcode::continuation, true, "lo") +
                            frame_to(r, opcode::binary, false, "\x01") +
                            frame_to(r, opcode::continuation, true, "\x02");
  auto c = make(r);
  c.feed(input);
  EXPECT_EQ(drain(c), (std::vector<recorded>{{event_kind::ping, "p1"},
                                             {event_kind::pong, "q"},
                                             {event_kind::text, "Hello"},
                                             {event_kind::binary, "\x01\x02"}}));
  EXPECT_EQ(decode_output(r, c.output()), (std::vector<recorded>{{event_kind::pong, "p1"}}));
}

// ---------------------------------------------------------------------------------------------
// UTF-8

TEST(connection, utf8_in_one_frame) {
  EXPECT_EQ(receive(role::client, frame(1, true, "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5", false)),
            (std::vector<recorded>{{event_kind::text, "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"}}));
  EXPECT_EQ(receive(role::client, frame(1, true, "ab\xed\xa0\x80", false)),
            (std::vector<recorded>{error_event(errc::invalid_utf8, 1007)}));
  // Binary messages are not checked.
  EXPECT_EQ(receive(role::client, frame(2, true, "\xff", false)), (std::vector<recorded>{{event_kind::binary, "\xff"}}));
}

TEST(connection, utf8_split_across_fragments) {
  const role r = role::server;
  // "€" = E2 82 AC split after each byte.
  EXPECT_EQ(receive(r, frame_to(r, opcode::text, false, "a\xe2") + frame_to(r, opcode::continuation, false, "\x82") +
                           frame_to(r, opcode::continuation, true, "\xac!")),
            (std::vector<recorded>{{event_kind::text, "a\xe2\x82\xac!"}}));
  // Invalid continuation in the second fragment.
  EXPECT_EQ(receive(r, frame_to(r, opcode::text, false, "a\xe2\x82") + frame_to(r, opcode::continuation, true, "(")),
            (std::vector<recorded>{error_event(errc::invalid_utf8, 1007)}));
  // Message ends in the middle of a character.
  EXPECT_EQ(receive(r, frame_to(r, opcode::text, false, "a") + frame_to(r, opcode::continuation, true, "\xe2\x82")),
            (std::vector<recorded>{error_event(errc::invalid_utf8, 1007)}));
}

TEST(connection, utf8_rejected_before_message_completes) {
  const role r = role::server;
  // A bad first fragment fails before the final fragment arrives.
  auto c = make(r);
  c.feed(frame_to(r, opcode::text, false, "ok \xc0\xaf more"));
  EXPECT_EQ(drain(c), (std::vector<recorded>{error_event(errc::invalid_utf8, 1007)}));
  EXPECT_EQ(c.state(), connection_state::closed);

  // Inside a single large frame: the error comes with the first bad bytes, not the last.
  const std::string payload = "abc\xff" + std::string(10000, 'x');
  const std::string input = frame_to(r, opcode::text, true, payload);
  auto d = make(r);
  d.feed(std::string_view(input).substr(0, 20));
  EXPECT_EQ(drain(d), (std::vector<recorded>{error_event(errc::invalid_utf8, 1007)}));
}

// ---------------------------------------------------------------------------------------------
// Close frames

TEST(connection, close_codes) {
  for (std::uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
    EXPECT_EQ(receive(role::client, frame(8, true, close_payload(code, "bye"), false)),
              (std::vector<recorded>{{event_kind::close, "bye", code}}))
        << code;
  }
  for (std::uint16_t code : {0, 999, 1004, 1005, 1006, 1012, 1014, 1015, 1016, 2000, 2999, 5000, 65535}) {
    EXPECT_EQ(receive(role::client, frame(8, true, close_payload(code), false)),
              (std::vector<recorded>{error_event(errc::bad_close_code, 1002)}))
        << code;
  }
  EXPECT_EQ(receive(role::client, frame(8, true, "\x03", false)),
            (std::vector<recorded>{error_event(errc::bad_close_payload, 1002)}));
  EXPECT_EQ(receive(role::client, frame(8, true, close_payload(1000, "\xce\xba\xe1"), false)),
            (std::vector<recorded>{error_event(errc::invalid_utf8, 1007)}));
  EXPECT_EQ(receive(role::client, frame(8, true, "", false)),
            (std::vector<recorded>{{event_kind::close, "", close_code::no_status}}));
}

TEST(connection, peer_initiated_close) {
  for (role r : {role::server, role::client}) {
    auto c = make(r);
    c.feed(frame_to(r, opcode::close, true, close_payload(4004, "auth")) + frame_to(r, opcode::text, true, "late"));
    EXPECT_EQ(drain(c), (std::vector<recorded>{{event_kind::close, "auth", 4004}}));
    EXPECT_EQ(c.state(), connection_state::closed);
    EXPECT_EQ(c.close_code_received(), 4004);
    EXPECT_EQ(c.close_code_sent(), 4004);
    // The reply echoes the code, once.
    EXPECT_EQ(decode_output(r, c.output()), (std::vector<recorded>{{event_kind::close, "", 4004}}));
    EXPECT_EQ(c.send_text("x").error(), errc::not_open);
    EXPECT_EQ(c.send_close(1000).error(), errc::not_open);
    c.feed(frame_to(r, opcode::ping, true, ""));
    EXPECT_TRUE(drain(c).empty());
    EXPECT_EQ(decode_output(r, c.output()).size(), 1u);
  }
  // A Close without a code is answered without one.
  auto c = make(role::server);
  c.feed(frame_to(role::server, opcode::close, true, ""));
  EXPECT_EQ(drain(c), (std::vector<recorded>{{event_kind::close, "", 1005}}));
  EXPECT_EQ(c.output(), "\x88\x00"s);
}

TEST(connection, locally_initiated_close) {
  for (role r : {role::server, role::client}) {
    auto c = make(r);
    ASSERT_TRUE(c.send_close(4000, "going").has_value());
    EXPECT_EQ(c.state(), connection_state::closing);
    EXPECT_EQ(c.close_code_sent(), 4000);
    EXPECT_EQ(decode_output(r, c.output()), (std::vector<recorded>{{event_kind::close, "going", 4000}}));
    const std::size_t sent = c.output().size();
    // Sending is refused while closing; nothing is queued.
    EXPECT_EQ(c.send_text("x").error(), errc::not_open);
    EXPECT_EQ(c.send_binary(bytes("x")).error(), errc::not_open);
    EXPECT_EQ(c.send_ping().error(), errc::not_open);
    EXPECT_EQ(c.send_pong().error(), errc::not_open);
    EXPECT_EQ(c.send_close(1000).error(), errc::not_open);
    // The peer may still send data and pings until it sees our Close; pings are not answered.
    c.feed(frame_to(r, opcode::text, true, "still here") + frame_to(r, opcode::ping, true, "p") +
           frame_to(r, opcode::close, true, close_payload(4000)));
    EXPECT_EQ(drain(c), (std::vector<recorded>{{event_kind::text, "still here"},
                                               {event_kind::ping, "p"},
                                               {event_kind::close, "", 4000}}));
    EXPECT_EQ(c.state(), connection_state::closed);
    EXPECT_EQ(c.close_code_received(), 4000);
    EXPECT_EQ(c.output().size(), sent);
  }
}

TEST(connection, send_close_argument_checks) {
  auto c = make(role::server);
  EXPECT_EQ(c.send_close(1005).error(), errc::invalid_close_code);
  EXPECT_EQ(c.send_close(1006).error(), errc::invalid_close_code);
  EXPECT_EQ(c.send_close(999).error(), errc::invalid_close_code);
  EXPECT_EQ(c.send_close(1000, std::string(124, 'r')).error(), errc::control_payload_too_long);
  EXPECT_EQ(c.send_close(1000, "\xff").error(), errc::invalid_close_reason);
  EXPECT_FALSE(c.has_output());
  EXPECT_EQ(c.state(), connection_state::open);
  EXPECT_TRUE(c.send_close(1000, std::string(123, 'r')).has_value());
}

// ---------------------------------------------------------------------------------------------
// Failure

TEST(connection, stays_failed_and_allows_one_close) {
  auto c = make(role::server);
  c.feed(frame(1, true, "x", false) + frame_to(role::server, opcode::text, true, "ignored"));
  EXPECT_EQ(drain(c), (std::vector<recorded>{error_event(errc::unmasked_client_frame, 1002)}));
  EXPECT_EQ(c.state(), connection_state::closed);
  EXPECT_EQ(c.failure(), errc::unmasked_client_frame);
  EXPECT_FALSE(c.has_output()); // no automatic Close: the caller picks the code
  c.feed(frame_to(role::server, opcode::text, true, "more"));
  EXPECT_TRUE(drain(c).empty());
  EXPECT_EQ(c.send_text("x").error(), errc::not_open);
  ASSERT_TRUE(c.send_close(4002, "decode error").has_value());
  EXPECT_EQ(c.state(), connection_state::closed);
  EXPECT_EQ(c.close_code_sent(), 4002);
  EXPECT_EQ(decode_output(role::server, c.output()), (std::vector<recorded>{{event_kind::close, "decode error", 4002}}));
  EXPECT_EQ(c.send_close(1002).error(), errc::not_open);
}

// ---------------------------------------------------------------------------------------------
// Limits

TEST(connection, message_and_frame_limits) {
  const role r = role::server;
  const connection_options limits{.max_message_size = 10, .max_frame_size = 6};
  // At the limits: fine.
  EXPECT_EQ(receive(r, frame_to(r, opcode::binary, false, "123456") + frame_to(r, opcode::continuation, true, "7890"),
                    limits),
            (std::vector<recorded>{{event_kind::binary, "1234567890"}}));
  // A frame above max_frame_size.
  EXPECT_EQ(receive(r, frame_to(r, opcode::binary, true, "1234567"), limits),
            (std::vector<recorded>{error_event(errc::frame_too_big, 1009)}));
  // Fragments summing above max_message_size: refused at the header of the fragment that
  // would cross it.
  EXPECT_EQ(receive(r, frame_to(r, opcode::text, false, "123456") + frame_to(r, opcode::continuation, true, "78901"),
                    limits),
            (std::vector<recorded>{error_event(errc::message_too_big, 1009)}));
}

TEST(connection, oversized_message_refused_from_header_alone) {
  // Only the header of a 1 GiB frame arrives: the error needs none of its payload.
  auto c = make(role::client, {.max_message_size = 1 << 20, .max_frame_size = 1u << 31});
  c.feed("\x82\x7f\x00\x00\x00\x00\x40\x00\x00\x00"s);
  EXPECT_EQ(drain(c), (std::vector<recorded>{error_event(errc::message_too_big, 1009)}));
  auto d = make(role::client, {.max_message_size = 1u << 31, .max_frame_size = 1 << 20});
  d.feed("\x82\x7f\x00\x00\x00\x00\x40\x00\x00\x00"s);
  EXPECT_EQ(drain(d), (std::vector<recorded>{error_event(errc::frame_too_big, 1009)}));
}

// ---------------------------------------------------------------------------------------------
// Sending

TEST(connection, server_frames_are_plain) {
  auto c = make(role::server);
  ASSERT_TRUE(c.send_text("Hello").has_value());
  ASSERT_TRUE(c.send_binary(bytes(std::string(256, 'b'))).has_value());
  ASSERT_TRUE(c.send_ping(bytes("p")).has_value());
  ASSERT_TRUE(c.send_pong().has_value());
  EXPECT_EQ(c.output(), "\x81\x05Hello"s + "\x82\x7e\x01\x00"s + std::string(256, 'b') + "\x89\x01p"s + "\x8a\x00"s);
  EXPECT_EQ(c.send_ping(bytes(std::string(126, 'p'))).error(), errc::control_payload_too_long);
  EXPECT_EQ(c.send_pong(bytes(std::string(126, 'p'))).error(), errc::control_payload_too_long);
}

TEST(connection, client_frames_are_masked_with_injected_keys) {
  std::vector<masking_key> keys = {rfc_key, {std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}}};
  std::size_t next = 0;
  connection c(role::client, {}, [&] { return keys[next++ % keys.size()]; });
  ASSERT_TRUE(c.send_text("Hello").has_value());
  // §5.7's masked "Hello" with the RFC key.
  EXPECT_EQ(c.output(), "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"s);
  ASSERT_TRUE(c.send_binary(bytes("xyz")).has_value());
  EXPECT_EQ(next, 2u);
  EXPECT_EQ(c.output().substr(11, 6), "\x82\x83\x01\x02\x03\x04"s);
  EXPECT_EQ(decode_output(role::client, c.output()),
            (std::vector<recorded>{{event_kind::text, "Hello"}, {event_kind::binary, "xyz"}}));
}

TEST(connection, take_output_swaps_buffers) {
  auto c = make(role::server);
  std::string buffer = "stale bytes from the last write";
  ASSERT_TRUE(c.send_text("one").has_value());
  c.take_output(buffer);
  EXPECT_EQ(buffer, "\x81\x03one");
  EXPECT_FALSE(c.has_output());
  ASSERT_TRUE(c.send_text("two").has_value());
  EXPECT_EQ(c.output(), "\x81\x03two");
}

// ---------------------------------------------------------------------------------------------
// Feeding

TEST(connection, single_frame_is_delivered_in_place) {
  const std::string input = frame_to(role::server, opcode::text, true, "zero copy");
  auto c = make(role::server);
  const auto space = c.prepare(input.size());
  ASSERT_GE(space.size(), input.size());
  std::memcpy(space.data(), input.data(), input.size());
  c.commit(input.size());
  const event ev = c.next_event();
  EXPECT_EQ(ev.kind, event_kind::text);
  EXPECT_EQ(ev.text(), "zero copy");
  // The payload views the buffer the socket read into.
  EXPECT_EQ(ev.payload.data(), space.data() + (input.size() - 9));
}

TEST(connection, large_message_in_small_reads) {
  const role r = role::server;
  std::string payload(1 << 20, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>('a' + i % 26);
  const std::string input = frame_to(r, opcode::text, false, payload.substr(0, 300000)) +
                            frame_to(r, opcode::ping, true, "mid") +
                            frame_to(r, opcode::continuation, true, payload.substr(300000));
  auto c = make(r);
  std::vector<recorded> events;
  for (std::size_t pos = 0; pos < input.size(); pos += 4093) {
    c.feed(std::string_view(input).substr(pos, 4093));
    for (auto& e : drain(c)) events.push_back(std::move(e));
  }
  EXPECT_EQ(events, (std::vector<recorded>{{event_kind::ping, "mid"}, {event_kind::text, payload}}));
}

// Several frames of every kind; fed whole, in two pieces at every offset, byte by byte, and
// through prepare/commit, the events must be the same.
std::string mixed_stream(role to) {
  const std::string medium(300, 'm'); // 16-bit length
  return frame_to(to, opcode::text, true, "single \xe2\x82\xac") + frame_to(to, opcode::text, false, "frag\xe2") +
         frame_to(to, opcode::ping, true, "between") + frame_to(to, opcode::continuation, false, "") +
         frame_to(to, opcode::continuation, true, "\x82\xac end") + frame_to(to, opcode::binary, true, medium) +
         frame_to(to, opcode::pong, true, "") + frame_to(to, opcode::binary, false, "\x00\x01"s) +
         frame_to(to, opcode::continuation, true, "\x02") + frame_to(to, opcode::text, true, "") +
         frame_to(to, opcode::close, true, close_payload(1000, "done"));
}

TEST(connection, same_events_at_every_split) {
  for (role r : {role::server, role::client}) {
    const std::string input = mixed_stream(r);
    const auto whole = receive(r, input);
    ASSERT_EQ(whole.size(), 8u);
    EXPECT_EQ(whole.back(), (recorded{event_kind::close, "done", 1000}));

    for (std::size_t cut = 0; cut <= input.size(); ++cut) {
      auto c = make(r);
      c.feed(std::string_view(input).substr(0, cut));
      auto events = drain(c);
      c.feed(std::string_view(input).substr(cut));
      for (auto& e : drain(c)) events.push_back(std::move(e));
      ASSERT_EQ(events, whole) << "cut at " << cut;
    }

    auto bytewise = make(r);
    std::vector<recorded> events;
    for (char ch : input) {
      bytewise.feed(std::string_view(&ch, 1));
      for (auto& e : drain(bytewise)) events.push_back(std::move(e));
    }
    EXPECT_EQ(events, whole);

    // Byte by byte through prepare/commit, without draining in between.
    auto committed = make(r);
    for (char ch : input) {
      auto space = committed.prepare(1);
      space[0] = static_cast<std::byte>(ch);
      committed.commit(1);
    }
    EXPECT_EQ(drain(committed), whole);
  }
}

TEST(connection, same_error_at_every_split) {
  const role r = role::server;
  const std::string input = frame_to(r, opcode::text, false, "ok") + frame_to(r, opcode::ping, true, "p") +
                            frame_to(r, opcode::continuation, true, "bad \xf4\x90 rest");
  const auto whole = receive(r, input);
  ASSERT_EQ(whole, (std::vector<recorded>{{event_kind::ping, "p"}, error_event(errc::invalid_utf8, 1007)}));
  for (std::size_t cut = 0; cut <= input.size(); ++cut) {
    auto c = make(r);
    c.feed(std::string_view(input).substr(0, cut));
    auto events = drain(c);
    c.feed(std::string_view(input).substr(cut));
    for (auto& e : drain(c)) events.push_back(std::move(e));
    ASSERT_EQ(events, whole) << "cut at " << cut;
  }
}

// ---------------------------------------------------------------------------------------------
// Client against server, in memory

TEST(connection, client_and_server_in_memory) {
  auto client = make(role::client);
  auto server = make(role::server, {.max_message_size = 4096});
  std::string wire;
  const auto client_to_server = [&] {
    client.take_output(wire);
    server.feed(wire);
    return drain(server);
  };
  const auto server_to_client = [&] {
    server.take_output(wire);
    client.feed(wire);
    return drain(client);
  };

  ASSERT_TRUE(client.send_text(R"({"op":2,"d":{"token":"t"}})").has_value());
  ASSERT_TRUE(client.send_binary(bytes("\x83\x74\x00\x00\x00\x00"s)).has_value());
  ASSERT_TRUE(client.send_ping(bytes("hb")).has_value());
  EXPECT_EQ(client_to_server(), (std::vector<recorded>{{event_kind::text, R"({"op":2,"d":{"token":"t"}})"},
                                                       {event_kind::binary, "\x83\x74\x00\x00\x00\x00"s},
                                                       {event_kind::ping, "hb"}}));

  ASSERT_TRUE(server.send_text(R"({"op":10,"d":{"heartbeat_interval":41250}})").has_value());
  EXPECT_EQ(server_to_client(), (std::vector<recorded>{{event_kind::pong, "hb"},
                                                       {event_kind::text, R"({"op":10,"d":{"heartbeat_interval":41250}})"}}));

  // A client message above the server's limit fails the server side with 1009; here the
  // client closes normally instead.
  ASSERT_TRUE(client.send_close(1000, "bye").has_value());
  EXPECT_EQ(client.state(), connection_state::closing);
  EXPECT_EQ(client_to_server(), (std::vector<recorded>{{event_kind::close, "bye", 1000}}));
  EXPECT_EQ(server.state(), connection_state::closed);
  EXPECT_EQ(server_to_client(), (std::vector<recorded>{{event_kind::close, "", 1000}}));
  EXPECT_EQ(client.state(), connection_state::closed);
  EXPECT_FALSE(client.has_output());
  EXPECT_FALSE(server.has_output());

  // Over the limit.
  auto client2 = make(role::client);
  auto server2 = make(role::server, {.max_message_size = 4096});
  ASSERT_TRUE(client2.send_text(std::string(4097, 'x')).has_value());
  client2.take_output(wire);
  server2.feed(wire);
  EXPECT_EQ(drain(server2), (std::vector<recorded>{error_event(errc::message_too_big, 1009)}));
}

// ---------------------------------------------------------------------------------------------
// Releasing the input buffer (idle connections keep no read buffer)

TEST(connection, release_input_frees_an_empty_buffer) {
  auto server = make(role::server);
  EXPECT_TRUE(server.release_input());  // nothing allocated yet
  EXPECT_EQ(server.input_capacity(), 0u);
  server.feed(frame_to(role::server, opcode::text, true, "heartbeat"));
  EXPECT_GT(server.input_capacity(), 0u);
  EXPECT_EQ(drain(server), (std::vector<recorded>{{event_kind::text, "heartbeat"}}));
  EXPECT_TRUE(server.release_input());
  EXPECT_EQ(server.input_capacity(), 0u);
  // Still usable afterwards, both through feed() and prepare()/commit().
  server.feed(frame_to(role::server, opcode::text, true, "again"));
  EXPECT_EQ(drain(server), (std::vector<recorded>{{event_kind::text, "again"}}));
  EXPECT_TRUE(server.release_input());
  const auto wire = frame_to(role::server, opcode::ping, true, "p");
  const auto space = server.prepare(wire.size());
  std::memcpy(space.data(), wire.data(), wire.size());
  server.commit(wire.size());
  EXPECT_EQ(drain(server), (std::vector<recorded>{{event_kind::ping, "p"}}));
  EXPECT_TRUE(server.release_input());
  EXPECT_EQ(server.input_capacity(), 0u);
}

TEST(connection, release_input_keeps_a_partial_frame_at_every_split) {
  const auto wire = frame_to(role::server, opcode::text, true, std::string(300, 'a')) +
                    frame_to(role::server, opcode::text, true, "b");
  for (std::size_t split = 0; split <= wire.size(); ++split) {
    auto server = make(role::server);
    std::vector<recorded> got;
    for (const auto part : {std::string_view(wire).substr(0, split), std::string_view(wire).substr(split)}) {
      server.feed(part);
      for (auto& r : drain(server)) got.push_back(std::move(r));
      server.release_input();  // must never lose buffered bytes
    }
    EXPECT_EQ(got, (std::vector<recorded>{{event_kind::text, std::string(300, 'a')}, {event_kind::text, "b"}}))
        << "split at " << split;
    EXPECT_TRUE(server.release_input());
    EXPECT_EQ(server.input_capacity(), 0u) << "split at " << split;
  }
}

TEST(connection, release_input_refuses_while_a_header_is_incomplete) {
  auto server = make(role::server);
  const auto wire = frame_to(role::server, opcode::text, true, "hello");
  server.feed(std::string_view(wire).substr(0, 3));
  EXPECT_TRUE(drain(server).empty());
  EXPECT_FALSE(server.release_input());
  EXPECT_GT(server.input_capacity(), 0u);
  server.feed(std::string_view(wire).substr(3));
  EXPECT_EQ(drain(server), (std::vector<recorded>{{event_kind::text, "hello"}}));
  EXPECT_TRUE(server.release_input());
}

TEST(connection, release_input_keeps_a_fragmented_message) {
  auto server = make(role::server);
  server.feed(frame_to(role::server, opcode::text, false, "Hel"));
  EXPECT_TRUE(drain(server).empty());
  EXPECT_FALSE(server.release_input());  // the first fragment is held until the message ends
  server.feed(frame_to(role::server, opcode::continuation, true, "lo"));
  EXPECT_EQ(drain(server), (std::vector<recorded>{{event_kind::text, "Hello"}}));
  EXPECT_TRUE(server.release_input());
  EXPECT_EQ(server.input_capacity(), 0u);
}

} // namespace
} // namespace parley::proto::websocket
