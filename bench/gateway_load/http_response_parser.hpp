// Incremental parser for one HTTP/1.1 response (RFC 9112 §4 status line, §5 fields, §6 body
// framing: Content-Length, chunked, or until close) for the load generator's REST client.
#pragma once

#include "proto/base/result.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace parley::bench::gateway_load {

struct http_response_limits {
  std::size_t max_header_size = 64 * 1024;
  std::size_t max_body_size = 16 * 1024 * 1024;
};

enum class http_parse_status { need_more, complete };

class http_response_parser {
 public:
  // `head_request`: the response to a HEAD has no body whatever its headers say.
  explicit http_response_parser(http_response_limits limits = {}, bool head_request = false);

  // Consumes bytes; returns how many were used (fewer than given only once complete: the rest
  // belongs to the next response on a keep-alive connection) or an error, after which every
  // call fails the same way.
  result<std::size_t> feed(std::string_view bytes);
  // The peer closed: completes a read-until-close body, else http_closed_early.
  result<void> feed_eof();

  bool complete() const noexcept { return phase_ == phase::done; }
  int status() const noexcept { return status_; }
  const std::string& body() const noexcept { return body_; }
  // False after "Connection: close", an HTTP/1.0 response, or a read-until-close body.
  bool keep_alive() const noexcept { return keep_alive_; }

  // Ready for the next response on the same connection (keeps buffer capacity).
  void reset(bool head_request = false);

 private:
  enum class phase { header, body_length, chunk_size, chunk_data, chunk_data_crlf, trailer, body_eof, done, failed };

  result<void> parse_header_block();
  result<std::size_t> fail(error_code ec);

  http_response_limits limits_;
  bool head_request_;
  phase phase_ = phase::header;
  std::string line_; // header block, or the current chunk-size / trailer line
  std::string body_;
  std::size_t remaining_ = 0; // body bytes (Content-Length) or chunk bytes left
  int status_ = 0;
  bool keep_alive_ = true;
  error_code error_;
};

} // namespace parley::bench::gateway_load
