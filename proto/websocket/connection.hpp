// A sans-I/O RFC 6455 connection after the opening handshake (§5 framing, §5.5 control frames,
// §7 closing), for either role. The server's gateway and voice sessions and the SDK client all
// drive this one codec.
//
// Usage:
//
//   connection conn(role::server, {.max_message_size = 64 * 1024});
//   // Reading: either read straight into the connection's buffer (no copy) ...
//   std::span<std::byte> space = conn.prepare(4096);
//   std::size_t n = co_await socket.async_read_some(buffer(space));
//   conn.commit(n);
//   // ... or hand it bytes read elsewhere: conn.feed(bytes);
//   for (event ev = conn.next_event(); ev.kind != event_kind::need_more; ev = conn.next_event()) {
//     switch (ev.kind) {
//       case event_kind::text:  on_text(ev.text()); break;      // views: see below
//       case event_kind::error: conn.send_close(ev.close_code); break;  // or an app code
//       ...
//     }
//   }
//   conn.send_text(reply);            // frames are appended to the output buffer
//   if (conn.has_output()) { conn.take_output(write_buffer); write it; }
//   if (conn.state() == connection_state::closed) { flush the output, then shut the socket }
//
// Automatic replies: a ping is answered with a pong (while open), a peer's Close is answered
// with a Close echoing its code. Both are queued in the output buffer; the events still report
// them. A protocol error is *not* answered automatically: the error event says which close code
// to send, and send_close is allowed once more even though the connection has failed, so the
// caller may send that code or its own (e.g. the gateway's 4002).
//
// Lifetimes: views in an event (payload, text(), reason()) and the span from prepare() stay valid
// until the next call of a non-const member function. Nothing here is thread-safe; the mask
// source is called from inside send_* and must not call back into the connection.
//
// Server fan-out: a frame shared by many sessions is better written as
// write_frame_header(...) + the shared payload with scatter/gather I/O, bypassing send_*; do that
// only while state() == open and after this connection's pending output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "proto/base/result.hpp"
#include "proto/websocket/detail/utf8_validator.hpp"
#include "proto/websocket/frame_header.hpp"

namespace parley::proto::websocket {

enum class role { client, server };

// See the transition table at the top of connection.cpp.
enum class connection_state {
  open,    // both directions open
  closing, // we sent a Close and wait for the peer's
  closed,  // both Close frames sent, or the connection failed: close the socket after flushing
};

enum class event_kind {
  need_more, // feed more bytes (also returned forever once the connection is closed)
  text,      // a complete text message (UTF-8 validated)
  binary,    // a complete binary message
  ping,      // a ping; the pong is already queued (while open)
  pong,      // a pong
  close,     // the peer's Close; close_code and reason(); our reply is already queued if needed
  error,     // the peer broke the protocol; `error` says why, close_code what to send
};

struct event {
  event_kind kind = event_kind::need_more;
  std::span<const std::byte> payload; // message, ping or pong payload; close: the reason
  std::uint16_t close_code = 0;       // close: the peer's code (1005 if none); error: the code to send
  error_code error{};                 // error only

  std::string_view text() const noexcept {
    return {reinterpret_cast<const char*>(payload.data()), payload.size()};
  }
  std::string_view reason() const noexcept { return text(); }
};

struct connection_options {
  // Limits on what the peer may send; exceeding either fails the connection with 1009 as soon as
  // a frame header announces it, before any of the excess is buffered.
  std::size_t max_message_size = 16 * 1024 * 1024; // sum of a message's fragments
  std::size_t max_frame_size = 16 * 1024 * 1024;
};

// Returns a fresh unpredictable masking key for each frame a client sends (§5.3).
using mask_source = std::function<masking_key()>;

class connection {
 public:
  // A client connection needs `masks`; a server connection ignores it.
  explicit connection(role r, connection_options options = {}, mask_source masks = {});

  // --- input ---

  // Copies bytes received from the peer. Call next_event() until need_more afterwards.
  void feed(std::span<const std::byte> bytes);
  void feed(std::string_view bytes) { feed(std::as_bytes(std::span(bytes.data(), bytes.size()))); }

  // Zero-copy alternative to feed(): returns at least `min_size` writable bytes at the end of the
  // input buffer; commit(n) then makes the first n of them input. The buffer keeps the largest
  // size it reached (unparsed bytes + min_size, or the largest feed), so read in bounded pieces.
  std::span<std::byte> prepare(std::size_t min_size);
  void commit(std::size_t n) noexcept;

  // Frees the input buffer if it holds no unparsed bytes (returns whether nothing is held now),
  // so a connection that reads into scratch memory and feed()s it keeps no read buffer while
  // idle. Invalidates the span from prepare() and the views of the last event (they may point
  // into the buffer). A partial frame keeps its bytes and the buffer; call again after the rest.
  bool release_input() noexcept;
  // Heap bytes held for input right now (the input buffer plus the reassembly buffer).
  std::size_t input_capacity() const noexcept { return input_capacity_ + message_.capacity(); }

  // The next event from the bytes received so far.
  event next_event();

  // --- output ---
  // Each queues one frame in the output buffer. After we sent a Close, or after a failure, they
  // queue nothing and return errc::not_open. send_text's text must be UTF-8 (not re-checked).
  result<void> send_text(std::string_view text);
  result<void> send_binary(std::span<const std::byte> data);
  // Payload at most 125 bytes, else errc::control_payload_too_long.
  result<void> send_ping(std::span<const std::byte> payload = {});
  result<void> send_pong(std::span<const std::byte> payload = {});
  // code: close_code::is_valid (errc::invalid_close_code); reason: UTF-8 (errc::invalid_close_reason),
  // at most 123 bytes (errc::control_payload_too_long). Open -> closing; allowed once after a
  // failure (state stays closed); otherwise errc::not_open.
  result<void> send_close(std::uint16_t code = 1000, std::string_view reason = {});

  bool has_output() const noexcept { return !output_.empty(); }
  std::string_view output() const noexcept { return output_; }
  // Moves the queued bytes into `buffer` (whose old contents are discarded) and keeps its
  // capacity for the next frames, so two alternating buffers make steady state allocation-free.
  void take_output(std::string& buffer) noexcept;

  // --- status ---
  connection_state state() const noexcept { return state_; }
  role get_role() const noexcept { return role_; }
  // 0 until a Close was sent / received; 1005 for a Close without a code.
  std::uint16_t close_code_sent() const noexcept { return close_sent_; }
  std::uint16_t close_code_received() const noexcept { return close_received_; }
  // Why the connection failed; empty unless an error event was produced.
  error_code failure() const noexcept { return failure_; }

 private:
  enum class read_state : std::uint8_t { header, data_payload };

  std::span<std::byte> input() noexcept { return {input_.get() + input_begin_, input_end_ - input_begin_}; }
  event fail(error_code why, std::uint16_t code);
  event on_control_frame(const frame_header& header, std::span<std::byte> payload);
  event finish_message();
  bool unmask_message_tail() noexcept;
  void queue_frame(opcode op, std::span<const std::byte> payload);
  void queue_frame(opcode op, std::span<const std::byte> part1, std::span<const std::byte> part2);

  role role_;
  connection_state state_ = connection_state::open;
  read_state read_state_ = read_state::header;
  bool message_open_ = false; // a fragmented message is being received
  bool message_text_ = false;
  std::uint16_t close_sent_ = 0;
  std::uint16_t close_received_ = 0;
  error_code failure_;
  connection_options options_;
  mask_source masks_;

  // Input bytes not yet parsed are input_[input_begin_, input_end_).
  std::unique_ptr<std::byte[]> input_;
  std::size_t input_capacity_ = 0;
  std::size_t input_begin_ = 0;
  std::size_t input_end_ = 0;

  // The data frame whose payload is streaming into message_.
  frame_header frame_;
  std::uint64_t frame_remaining_ = 0; // payload bytes not yet in message_
  std::uint64_t frame_offset_ = 0;    // payload bytes already unmasked (mask phase)

  // Message being reassembled; bytes from message_checked_ on are still masked and unvalidated.
  std::vector<std::byte> message_;
  std::size_t message_checked_ = 0;
  detail::utf8_validator utf8_;

  std::string output_;
};

} // namespace parley::proto::websocket
