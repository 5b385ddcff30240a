// Sans-I/O RFC 6455 connection: frame validation (§5.2-§5.6), fragmentation (§5.4), control
// frames (§5.5), UTF-8 checks (§8.1) and the closing handshake (§7.1-§7.4), for both roles.
//
// States and transitions (each row: state, input -> new state, effect):
//
//   open     send_close(c)                  -> closing  Close(c) queued
//   open     peer Close(c) received         -> closed   Close(c) echoed (empty if none)
//   open     peer protocol error            -> closed   error event; send_close allowed once
//   closing  peer Close(c) received         -> closed   no reply
//   closing  peer protocol error            -> closed   error event
//   closing  send_*                         -> closing  refused: errc::not_open
//   closed   any input                      -> closed   ignored; next_event says need_more
//   closed   send_* (except the one close after a failure) -> refused: errc::not_open
//
// Data frames are still delivered while closing (the peer may send until it sees our Close);
// pings are reported but not answered once we sent a Close, which must be our last frame.
#include "proto/websocket/connection.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <optional>

#include "proto/websocket/close_code.hpp"
#include "proto/websocket/error.hpp"

namespace parley::proto::websocket {
namespace {

// A reassembly buffer that grew beyond this for one large message is released afterwards.
constexpr std::size_t retained_message_capacity = 64 * 1024;
constexpr std::size_t min_input_capacity = 4096;

std::span<const std::byte> as_bytes(std::string_view s) noexcept {
  return std::as_bytes(std::span(s.data(), s.size()));
}

} // namespace

connection::connection(role r, connection_options options, mask_source masks)
    : role_(r), options_(options), masks_(std::move(masks)) {
  assert(role_ == role::server || masks_);
}

// ---------------------------------------------------------------------------------------------
// Input

void connection::feed(std::span<const std::byte> bytes) {
  if (state_ == connection_state::closed) return;
  // Mid-way through a data frame with nothing buffered: the payload goes straight to the message
  // buffer (one copy); next_event() unmasks and validates it there.
  if (read_state_ == read_state::data_payload && input_begin_ == input_end_ && frame_remaining_ != 0) {
    const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(bytes.size(), frame_remaining_));
    message_.insert(message_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(take));
    frame_remaining_ -= take;
    bytes = bytes.subspan(take);
  }
  if (bytes.empty()) return;
  const auto space = prepare(bytes.size());
  std::memcpy(space.data(), bytes.data(), bytes.size());
  commit(bytes.size());
}

std::span<std::byte> connection::prepare(std::size_t min_size) {
  const std::size_t used = input_end_ - input_begin_;
  if (used == 0) input_begin_ = input_end_ = 0;
  if (input_capacity_ - input_end_ < min_size) {
    if (input_capacity_ - used >= min_size) {
      std::memmove(input_.get(), input_.get() + input_begin_, used);
    } else {
      const std::size_t capacity = std::max({used + min_size, input_capacity_ * 2, min_input_capacity});
      auto bigger = std::make_unique_for_overwrite<std::byte[]>(capacity);
      if (used != 0) std::memcpy(bigger.get(), input_.get() + input_begin_, used);
      input_ = std::move(bigger);
      input_capacity_ = capacity;
    }
    input_begin_ = 0;
    input_end_ = used;
  }
  return {input_.get() + input_end_, input_capacity_ - input_end_};
}

void connection::commit(std::size_t n) noexcept {
  assert(n <= input_capacity_ - input_end_);
  input_end_ += n;
  if (state_ == connection_state::closed) input_begin_ = input_end_ = 0;
}

bool connection::release_input() noexcept {
  if (input_begin_ != input_end_) return false;
  input_.reset();
  input_capacity_ = input_begin_ = input_end_ = 0;
  // A fragmented message in progress lives in message_: keep it (and its bytes) until it ends.
  if (!message_open_ && read_state_ == read_state::header) std::vector<std::byte>().swap(message_);
  return !message_open_ && read_state_ == read_state::header;
}

event connection::next_event() {
  if (state_ == connection_state::closed) return {};

  // The previous event's views are dead now: drop the buffer a large fragmented message left
  // behind, so an idle connection stays small. (The input buffer is sized by the caller's reads
  // and kept.)
  if (read_state_ == read_state::header && !message_open_ && message_.capacity() > retained_message_capacity) {
    std::vector<std::byte>().swap(message_);  // "= {}" would pick the initializer_list overload and keep the capacity
  }

  for (;;) {
    if (read_state_ == read_state::data_payload) {
      const auto in = input();
      const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(in.size(), frame_remaining_));
      message_.insert(message_.end(), in.begin(), in.begin() + static_cast<std::ptrdiff_t>(take));
      input_begin_ += take;
      frame_remaining_ -= take;
      if (!unmask_message_tail()) return fail(errc::invalid_utf8, close_code::invalid_payload);
      if (frame_remaining_ != 0) return {};
      read_state_ = read_state::header;
      if (frame_.fin) return finish_message();
      continue;
    }

    const auto in = input();
    frame_header header;
    const auto header_size = read_frame_header(in, header);
    if (!header_size) return fail(header_size.error(), close_code::protocol_error);
    if (*header_size == 0) return {};

    if (header.rsv != 0) return fail(errc::reserved_bits_set, close_code::protocol_error);
    if (!is_known(header.op)) return fail(errc::reserved_opcode, close_code::protocol_error);
    if (role_ == role::server && !header.masked) {
      return fail(errc::unmasked_client_frame, close_code::protocol_error);
    }
    if (role_ == role::client && header.masked) {
      return fail(errc::masked_server_frame, close_code::protocol_error);
    }

    const std::size_t available = in.size() - *header_size;
    if (is_control(header.op)) {
      if (!header.fin) return fail(errc::fragmented_control, close_code::protocol_error);
      if (header.payload_size > max_control_payload_size) {
        return fail(errc::control_frame_too_long, close_code::protocol_error);
      }
      // At most 139 bytes: wait for the whole frame and handle it in place.
      const auto size = static_cast<std::size_t>(header.payload_size);
      if (available < size) return {};
      const auto payload = in.subspan(*header_size, size);
      input_begin_ += *header_size + size;
      if (header.masked) apply_mask(payload, header.mask, 0);
      return on_control_frame(header, payload);
    }

    if (header.op == opcode::continuation) {
      if (!message_open_) return fail(errc::unexpected_continuation, close_code::protocol_error);
    } else if (message_open_) {
      return fail(errc::expected_continuation, close_code::protocol_error);
    }
    if (header.payload_size > options_.max_frame_size) {
      return fail(errc::frame_too_big, close_code::message_too_big);
    }
    const std::size_t message_so_far = message_open_ ? message_.size() : 0;
    if (header.payload_size > options_.max_message_size - message_so_far) {
      return fail(errc::message_too_big, close_code::message_too_big);
    }
    input_begin_ += *header_size;

    if (!message_open_ && header.fin && available >= header.payload_size) {
      // A whole unfragmented message is buffered: deliver it in place, no further copy.
      const auto payload = input().first(static_cast<std::size_t>(header.payload_size));
      input_begin_ += payload.size();
      if (header.masked) apply_mask(payload, header.mask, 0);
      const bool is_text = header.op == opcode::text;
      if (is_text && !detail::is_valid_utf8(payload)) {
        return fail(errc::invalid_utf8, close_code::invalid_payload);
      }
      return {is_text ? event_kind::text : event_kind::binary, payload};
    }

    if (header.op != opcode::continuation) {
      message_open_ = true;
      message_text_ = header.op == opcode::text;
      message_.clear();
      message_checked_ = 0;
      utf8_.reset();
    }
    frame_ = header;
    frame_remaining_ = header.payload_size;
    frame_offset_ = 0;
    read_state_ = read_state::data_payload;
  }
}

bool connection::unmask_message_tail() noexcept {
  const std::span<std::byte> tail(message_.data() + message_checked_, message_.size() - message_checked_);
  if (tail.empty()) return true;
  if (frame_.masked) apply_mask(tail, frame_.mask, frame_offset_);
  frame_offset_ += tail.size();
  message_checked_ = message_.size();
  return !message_text_ || utf8_.feed(tail);
}

event connection::finish_message() {
  if (message_text_ && !utf8_.complete()) return fail(errc::invalid_utf8, close_code::invalid_payload);
  message_open_ = false;
  return {message_text_ ? event_kind::text : event_kind::binary, message_};
}

event connection::on_control_frame(const frame_header& header, std::span<std::byte> payload) {
  switch (header.op) {
    case opcode::ping:
      if (state_ == connection_state::open) queue_frame(opcode::pong, payload);
      return {event_kind::ping, payload};
    case opcode::pong:
      return {event_kind::pong, payload};
    default:
      break;
  }
  assert(header.op == opcode::close);

  std::uint16_t code = close_code::no_status;
  std::span<const std::byte> reason;
  if (payload.size() == 1) return fail(errc::bad_close_payload, close_code::protocol_error);
  if (payload.size() >= 2) {
    code = static_cast<std::uint16_t>((std::to_integer<unsigned>(payload[0]) << 8) |
                                      std::to_integer<unsigned>(payload[1]));
    if (!close_code::is_valid(code)) return fail(errc::bad_close_code, close_code::protocol_error);
    reason = payload.subspan(2);
    if (!detail::is_valid_utf8(reason)) return fail(errc::invalid_utf8, close_code::invalid_payload);
  }
  close_received_ = code;
  if (state_ == connection_state::open) {
    // Echo the code (§5.5.1); a Close without a code is answered without one.
    const std::byte echo[2] = {payload.empty() ? std::byte{} : payload[0],
                               payload.empty() ? std::byte{} : payload[1]};
    queue_frame(opcode::close, std::span(echo, payload.empty() ? 0 : 2));
    close_sent_ = code;
  }
  state_ = connection_state::closed;
  input_begin_ = input_end_ = 0;
  return {event_kind::close, reason, code};
}

event connection::fail(error_code why, std::uint16_t code) {
  state_ = connection_state::closed;
  failure_ = why;
  input_begin_ = input_end_ = 0;
  return {event_kind::error, {}, code, why};
}

// ---------------------------------------------------------------------------------------------
// Output

void connection::queue_frame(opcode op, std::span<const std::byte> part1, std::span<const std::byte> part2) {
  std::byte header[max_frame_header_size];
  std::optional<masking_key> key;
  if (role_ == role::client) key = masks_();
  const std::size_t payload_size = part1.size() + part2.size();
  const std::size_t header_size = write_frame_header(header, op, true, payload_size, key);
  const std::size_t start = output_.size() + header_size;
  output_.reserve(start + payload_size);
  output_.append(reinterpret_cast<const char*>(header), header_size);
  output_.append(reinterpret_cast<const char*>(part1.data()), part1.size());
  output_.append(reinterpret_cast<const char*>(part2.data()), part2.size());
  if (key) {
    apply_mask(std::as_writable_bytes(std::span(output_.data() + start, payload_size)), *key, 0);
  }
}

void connection::queue_frame(opcode op, std::span<const std::byte> payload) {
  queue_frame(op, payload, {});
}

result<void> connection::send_text(std::string_view text) {
  if (state_ != connection_state::open) return errc::not_open;
  assert(detail::is_valid_utf8(as_bytes(text)));
  queue_frame(opcode::text, as_bytes(text));
  return {};
}

result<void> connection::send_binary(std::span<const std::byte> data) {
  if (state_ != connection_state::open) return errc::not_open;
  queue_frame(opcode::binary, data);
  return {};
}

result<void> connection::send_ping(std::span<const std::byte> payload) {
  if (state_ != connection_state::open) return errc::not_open;
  if (payload.size() > max_control_payload_size) return errc::control_payload_too_long;
  queue_frame(opcode::ping, payload);
  return {};
}

result<void> connection::send_pong(std::span<const std::byte> payload) {
  if (state_ != connection_state::open) return errc::not_open;
  if (payload.size() > max_control_payload_size) return errc::control_payload_too_long;
  queue_frame(opcode::pong, payload);
  return {};
}

result<void> connection::send_close(std::uint16_t code, std::string_view reason) {
  // Open, or failed before any Close left: both have close_sent_ == 0.
  if (close_sent_ != 0) return errc::not_open;
  if (!close_code::is_valid(code)) return errc::invalid_close_code;
  if (reason.size() > max_control_payload_size - 2) return errc::control_payload_too_long;
  if (!detail::is_valid_utf8(as_bytes(reason))) return errc::invalid_close_reason;
  const std::byte code_bytes[2] = {static_cast<std::byte>(code >> 8), static_cast<std::byte>(code)};
  queue_frame(opcode::close, code_bytes, as_bytes(reason));
  close_sent_ = code;
  if (state_ == connection_state::open) state_ = connection_state::closing;
  return {};
}

void connection::take_output(std::string& buffer) noexcept {
  buffer.clear();
  std::swap(buffer, output_);
}

} // namespace parley::proto::websocket
