// Client side of `compress=zlib-stream` (gateway.md §1.4): one inflate context per connection;
// messages are buffered until the data ends with the sync-flush suffix 00 00 FF FF.
#pragma once

#include "proto/base/result.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace parley::proto::compress {

struct zlib_inflater_limits {
  // Largest payload one flush may inflate to; more is an error, not unbounded growth.
  std::size_t max_payload_size = std::size_t{32} << 20;
  // Largest amount of compressed data held while waiting for the suffix (and largest message).
  std::size_t max_buffered_size = std::size_t{8} << 20;
};

enum class inflate_status {
  need_more,  // the data so far does not end with 00 00 FF FF; feed the next message
  payload,    // one complete payload was written to the caller's string
};

// Not thread-safe; one per connection. Movable.
class zlib_stream_inflater {
 public:
  explicit zlib_stream_inflater(zlib_inflater_limits limits = {}) noexcept;
  ~zlib_stream_inflater();
  zlib_stream_inflater(zlib_stream_inflater&& other) noexcept;
  zlib_stream_inflater& operator=(zlib_stream_inflater&& other) noexcept;
  zlib_stream_inflater(const zlib_stream_inflater&) = delete;
  zlib_stream_inflater& operator=(const zlib_stream_inflater&) = delete;

  // Feeds one received binary message. When the accumulated data ends with the suffix, inflates it
  // through the connection's one context and replaces the contents of `payload` (its capacity is
  // reused) with the result. A message without the suffix is copied and kept until one arrives;
  // a message that completes the suffix on its own is inflated straight from the caller's bytes.
  // Any error is final: the shared context is out of step, every later call fails.
  result<inflate_status> feed(std::string_view message, std::string& payload);

  std::size_t buffered_size() const noexcept { return buffer_.size(); }
  // Heap bytes held by zlib plus our holder (not the buffer); 0 before the first payload.
  std::size_t allocated_bytes() const noexcept;
  bool failed() const noexcept { return failed_; }

 private:
  struct state;
  struct state_deleter {
    void operator()(state* s) const noexcept;
  };

  result<void> inflate_all(std::string_view input, std::string& payload);
  error_code fail(error_code ec);

  std::unique_ptr<state, state_deleter> state_;
  std::string buffer_;
  zlib_inflater_limits limits_;
  bool failed_ = false;
};

} // namespace parley::proto::compress
