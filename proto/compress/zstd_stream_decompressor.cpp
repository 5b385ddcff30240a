// zstd-stream decompression (gateway.md §1.5, client side): ZSTD_decompressStream until the
// message is consumed and flushed, with limits on window and output size.
#include "proto/compress/zstd_stream_decompressor.hpp"

#include "proto/compress/compress_error.hpp"

#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <utility>

namespace parley::proto::compress {

zstd_stream_decompressor::zstd_stream_decompressor(zstd_decompressor_limits limits) noexcept
    : limits_(limits) {}

zstd_stream_decompressor::~zstd_stream_decompressor() { ZSTD_freeDCtx(dctx_); }

zstd_stream_decompressor::zstd_stream_decompressor(zstd_stream_decompressor&& other) noexcept
    : dctx_(std::exchange(other.dctx_, nullptr)), limits_(other.limits_), failed_(other.failed_) {}

zstd_stream_decompressor& zstd_stream_decompressor::operator=(zstd_stream_decompressor&& other) noexcept {
  if (this != &other) {
    ZSTD_freeDCtx(dctx_);
    dctx_ = std::exchange(other.dctx_, nullptr);
    limits_ = other.limits_;
    failed_ = other.failed_;
  }
  return *this;
}

result<void> zstd_stream_decompressor::decompress(std::string_view message, std::string& payload) {
  if (failed_) return compress_errc::stream_failed;
  auto fail = [this](compress_errc e) -> error_code {
    failed_ = true;
    ZSTD_freeDCtx(dctx_);
    dctx_ = nullptr;
    return e;
  };
  if (dctx_ == nullptr) {
    dctx_ = ZSTD_createDCtx();
    if (dctx_ == nullptr) return fail(compress_errc::out_of_memory);
    if (ZSTD_isError(ZSTD_DCtx_setParameter(dctx_, ZSTD_d_windowLogMax, limits_.max_window_log))) {
      return fail(compress_errc::internal_error);
    }
  }

  payload.clear();
  ZSTD_inBuffer input{message.data(), message.size(), 0};
  const std::size_t capacity_limit = limits_.max_payload_size + 1;
  std::size_t room = std::max<std::size_t>(message.size() * 4, 1024);
  for (;;) {
    const std::size_t used = payload.size();
    room = std::min(room, capacity_limit - used);
    payload.resize(used + room);
    ZSTD_outBuffer output{payload.data() + used, room, 0};
    const std::size_t hint = ZSTD_decompressStream(dctx_, &output, &input);
    payload.resize(used + output.pos);
    if (ZSTD_isError(hint)) {
      return fail(ZSTD_getErrorCode(hint) == ZSTD_error_frameParameter_windowTooLarge
                      ? compress_errc::window_too_large
                  : ZSTD_getErrorCode(hint) == ZSTD_error_memory_allocation ? compress_errc::out_of_memory
                                                                            : compress_errc::corrupt_data);
    }
    if (payload.size() > limits_.max_payload_size) return fail(compress_errc::payload_too_large);
    // Output space left over means the decoder flushed all it could from the consumed input.
    if (input.pos == input.size && output.pos < output.size) break;
    if (output.pos == output.size) room = payload.size();  // doubles the buffer
  }
  return {};
}

} // namespace parley::proto::compress
