// Server side of `compress=zstd-stream` (gateway.md §1.5): one zstd stream per connection, each
// payload compressed with ZSTD_e_flush into one message; the frame is not ended in normal operation.
#pragma once

#include "proto/base/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>

struct ZSTD_CCtx_s;

namespace parley::proto::compress {

struct zstd_compressor_options {
  // The defaults (level 1, 4 KiB window, 2^10-entry tables) measure 57,327 bytes of live context
  // (ZSTD_sizeof_CCtx, zstd 1.5.4); even a 2 KiB window with 2^9 tables measures 41 KB, so a live
  // zstd context cannot meet the 32 KiB budget: trim() idle sessions instead.
  int level = 1;
  int window_log = 12;  // 10..31; the client needs a window this big
  int hash_log = 10;    // 0 = zstd's choice for the level
  int chain_log = 10;   // 0 = zstd's choice for the level
};

// Not thread-safe; one per connection. Movable.
class zstd_stream_compressor {
 public:
  explicit zstd_stream_compressor(zstd_compressor_options options = {}) noexcept;
  ~zstd_stream_compressor();
  zstd_stream_compressor(zstd_stream_compressor&& other) noexcept;
  zstd_stream_compressor& operator=(zstd_stream_compressor&& other) noexcept;
  zstd_stream_compressor(const zstd_stream_compressor&) = delete;
  zstd_stream_compressor& operator=(const zstd_stream_compressor&) = delete;

  // Appends one message's worth of bytes for `payload`: everything a streaming decompressor needs
  // to produce the whole payload. On error `out` is unchanged and the compressor stays failed.
  result<void> compress(std::string_view payload, std::string& out);

  // Ends the current frame (ZSTD_e_end) and frees the context. The few closing bytes (an empty
  // last block, 3 bytes) are kept and sent in front of the next payload, which starts a new frame;
  // a ZSTD_DStream driven until its input is consumed decodes both frames from that one message.
  // Caveat: a client that stops at the end of the first frame (a single-frame decoder) would lose
  // everything after a trim; the gateway should enable this per deployment, not blindly.
  result<void> trim();

  // Bytes of the live context (ZSTD_sizeof_CCtx: the context, its workspace and stream buffers);
  // 0 when trimmed or before the first payload.
  std::size_t allocated_bytes() const noexcept;
  bool has_state() const noexcept { return cctx_ != nullptr; }
  bool failed() const noexcept { return failed_; }

 private:
  result<void> open();
  void close() noexcept;

  ZSTD_CCtx_s* cctx_ = nullptr;  // owned
  std::string frame_end_;        // end of the previous frame, not yet sent (fits the SSO buffer)
  zstd_compressor_options options_;
  bool failed_ = false;
};

} // namespace parley::proto::compress
