// Client side of the opening handshake: incrementally reads the server's HTTP response and
// accepts it only if it completes the upgrade (RFC 6455 §4.1 "the client MUST validate the
// server's response", §4.2.2). Bytes after the header block are the server's first frames.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "proto/base/result.hpp"

namespace parley::proto::websocket {

enum class handshake_status { need_more, accepted };

struct handshake_progress {
  handshake_status status = handshake_status::need_more;
  // When accepted: the part of the bytes passed to this feed() call that followed the header
  // block. It views the caller's buffer; hand it to connection::feed before reusing that buffer.
  std::span<const std::byte> leftover;
};

class upgrade_response_parser {
 public:
  // A header block (status line to the empty line, inclusive) above this fails.
  static constexpr std::size_t max_header_size = 16 * 1024;

  // `client_key` is the Sec-WebSocket-Key that was sent.
  explicit upgrade_response_parser(std::string_view client_key);

  // Feeds the next bytes from the socket. Returns need_more, accepted (see leftover), or an
  // error: malformed_response, bad_status (see status_code()), missing_upgrade,
  // missing_connection, missing_accept, bad_accept, unexpected_extension, header_too_large.
  // After an error every call returns the same error; after acceptance every call returns
  // accepted with all of its bytes as leftover.
  result<handshake_progress> feed(std::span<const std::byte> bytes);

  // The response's status code once the header block is complete, else 0.
  int status_code() const noexcept { return status_code_; }

 private:
  error_code check_header_block();

  std::string expected_accept_;
  std::string header_; // the header block read so far; at most max_header_size bytes
  error_code error_;
  int status_code_ = 0;
  bool accepted_ = false;
};

} // namespace parley::proto::websocket
