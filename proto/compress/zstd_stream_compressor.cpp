// zstd-stream compression (gateway.md §1.5): ZSTD_compressStream2 with ZSTD_e_flush per payload,
// plus trim(), which ends the frame and frees the context of an idle session.
#include "proto/compress/zstd_stream_compressor.hpp"

#include "proto/compress/compress_error.hpp"

#include <zstd.h>
#include <zstd_errors.h>

#include <array>
#include <utility>

namespace parley::proto::compress {

zstd_stream_compressor::zstd_stream_compressor(zstd_compressor_options options) noexcept
    : options_(options) {}

zstd_stream_compressor::~zstd_stream_compressor() { close(); }

zstd_stream_compressor::zstd_stream_compressor(zstd_stream_compressor&& other) noexcept
    : cctx_(std::exchange(other.cctx_, nullptr)),
      frame_end_(std::move(other.frame_end_)),
      options_(other.options_),
      failed_(other.failed_) {}

zstd_stream_compressor& zstd_stream_compressor::operator=(zstd_stream_compressor&& other) noexcept {
  if (this != &other) {
    close();
    cctx_ = std::exchange(other.cctx_, nullptr);
    frame_end_ = std::move(other.frame_end_);
    options_ = other.options_;
    failed_ = other.failed_;
  }
  return *this;
}

void zstd_stream_compressor::close() noexcept {
  ZSTD_freeCCtx(cctx_);
  cctx_ = nullptr;
}

result<void> zstd_stream_compressor::open() {
  cctx_ = ZSTD_createCCtx();
  if (cctx_ == nullptr) return compress_errc::out_of_memory;
  const std::pair<ZSTD_cParameter, int> parameters[] = {
      {ZSTD_c_compressionLevel, options_.level},
      {ZSTD_c_windowLog, options_.window_log},
      {ZSTD_c_hashLog, options_.hash_log},
      {ZSTD_c_chainLog, options_.chain_log},
      // The stream never ends in normal operation, so a checksum would never be written anyway;
      // leaving it off keeps the frame end written by trim() at 3 bytes.
      {ZSTD_c_checksumFlag, 0},
  };
  for (const auto& [parameter, value] : parameters) {
    if (ZSTD_isError(ZSTD_CCtx_setParameter(cctx_, parameter, value))) {
      close();
      return compress_errc::internal_error;
    }
  }
  return {};
}

result<void> zstd_stream_compressor::compress(std::string_view payload, std::string& out) {
  if (failed_) return compress_errc::stream_failed;
  if (cctx_ == nullptr) {
    if (auto opened = open(); !opened) {
      failed_ = true;
      return opened.error();
    }
  }
  const std::size_t original_size = out.size();
  out.append(frame_end_);

  ZSTD_inBuffer input{payload.data(), payload.size(), 0};
  // compressBound covers the data; the extra covers a frame header and the flushed block headers.
  std::size_t room = ZSTD_compressBound(payload.size()) + 32;
  for (;;) {
    const std::size_t used = out.size();
    out.resize(used + room);
    ZSTD_outBuffer output{out.data() + used, room, 0};
    const std::size_t pending = ZSTD_compressStream2(cctx_, &output, &input, ZSTD_e_flush);
    out.resize(used + output.pos);
    if (ZSTD_isError(pending)) {
      out.resize(original_size);
      failed_ = true;
      close();
      return ZSTD_getErrorCode(pending) == ZSTD_error_memory_allocation ? compress_errc::out_of_memory
                                                                         : compress_errc::internal_error;
    }
    if (pending == 0) break;  // all input consumed and flushed
    room = std::max<std::size_t>(pending, 256);
  }
  frame_end_.clear();
  return {};
}

result<void> zstd_stream_compressor::trim() {
  if (failed_) return compress_errc::stream_failed;
  if (cctx_ == nullptr) return {};
  // Everything was flushed by the last compress(), so ending the frame only writes the last-block
  // marker; the loop is there for safety, not because more is expected.
  std::array<char, 64> buffer{};
  ZSTD_inBuffer input{nullptr, 0, 0};
  for (;;) {
    ZSTD_outBuffer output{buffer.data(), buffer.size(), 0};
    const std::size_t pending = ZSTD_compressStream2(cctx_, &output, &input, ZSTD_e_end);
    if (ZSTD_isError(pending)) {
      failed_ = true;
      close();
      return compress_errc::internal_error;
    }
    frame_end_.append(buffer.data(), output.pos);
    if (pending == 0) break;
  }
  close();
  return {};
}

std::size_t zstd_stream_compressor::allocated_bytes() const noexcept {
  return cctx_ != nullptr ? ZSTD_sizeof_CCtx(cctx_) : 0;
}

} // namespace parley::proto::compress
