// Errors of the gateway load generator's decoders and REST client as an error_code category
// (STYLE.md "Errors"): a gateway payload it cannot scan, an HTTP response it cannot parse, a
// socket that failed.
#pragma once

#include <boost/system/error_code.hpp>
#include <type_traits>

namespace parley::bench::gateway_load {

enum class errc {
  // Gateway payloads (gateway.md §1.3).
  payload_not_object = 1, // not a JSON object
  payload_malformed,      // unbalanced, truncated or otherwise unscannable JSON
  payload_bad_field,      // op / s / t of the wrong type

  // HTTP/1.1 responses (RFC 9112).
  http_malformed,         // bad status line, header field or chunk framing
  http_header_too_large,  // header block above the parser's limit
  http_body_too_large,    // body above the parser's limit
  http_closed_early,      // the server closed before the response was complete

  // Sockets and setup.
  connect_failed,         // TCP connect to the server failed
  io_failed,              // send/recv failed
  http_status,            // a REST call answered with a status other than 2xx
  // IRC lines (RFC 1459 §2.3, IRC mode).
  irc_line_too_long,      // no line end within the reader's limit
  irc_malformed,          // a line without a command
};

const boost::system::error_category& load_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), load_category()};
}

} // namespace parley::bench::gateway_load

template <>
struct boost::system::is_error_code_enum<parley::bench::gateway_load::errc> : std::true_type {};
