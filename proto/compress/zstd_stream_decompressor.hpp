// Client side of `compress=zstd-stream` (gateway.md §1.5): one decompression stream per connection;
// every message carries exactly one payload.
#pragma once

#include "proto/base/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>

struct ZSTD_DCtx_s;

namespace parley::proto::compress {

struct zstd_decompressor_limits {
  // Largest payload one message may decompress to (decompression bombs are errors).
  std::size_t max_payload_size = std::size_t{32} << 20;
  // Largest window a frame may ask for; the decoder allocates a buffer this big.
  int max_window_log = 23;
};

// Not thread-safe; one per connection. Movable.
class zstd_stream_decompressor {
 public:
  explicit zstd_stream_decompressor(zstd_decompressor_limits limits = {}) noexcept;
  ~zstd_stream_decompressor();
  zstd_stream_decompressor(zstd_stream_decompressor&& other) noexcept;
  zstd_stream_decompressor& operator=(zstd_stream_decompressor&& other) noexcept;
  zstd_stream_decompressor(const zstd_stream_decompressor&) = delete;
  zstd_stream_decompressor& operator=(const zstd_stream_decompressor&) = delete;

  // Decompresses one message and replaces the contents of `payload` with the result (its capacity
  // is reused). A frame that ends inside the message is followed into the next one (that is what
  // the compressor's trim() produces). A message cut short yields a short payload, which the
  // caller's JSON/ETF parser rejects: zstd cannot tell a cut message from a block boundary.
  // Any error is final: every later call fails.
  result<void> decompress(std::string_view message, std::string& payload);

  bool failed() const noexcept { return failed_; }

 private:
  ZSTD_DCtx_s* dctx_ = nullptr;  // owned
  zstd_decompressor_limits limits_;
  bool failed_ = false;
};

} // namespace parley::proto::compress
