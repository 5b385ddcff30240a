// Error codes of the transport compression streams (gateway.md §1.4 zlib-stream, §1.5 zstd-stream).
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace parley::proto::compress {

enum class compress_errc {
  // The compressed bytes are not a valid continuation of the stream.
  corrupt_data = 1,
  // Decompressing one payload would exceed the configured maximum (decompression bomb).
  payload_too_large,
  // The compressed bytes buffered while waiting for the sync-flush suffix exceed the maximum.
  buffer_limit_exceeded,
  // The zstd frame asks for a window larger than the configured maximum.
  window_too_large,
  // The compression library could not allocate its state.
  out_of_memory,
  // An earlier error left the shared stream context unusable; the connection must be closed.
  stream_failed,
  // The compression library returned a status we do not expect (a bug, or invalid parameters).
  internal_error,
};

const boost::system::error_category& compress_category() noexcept;

inline boost::system::error_code make_error_code(compress_errc e) noexcept {
  return {static_cast<int>(e), compress_category()};
}

} // namespace parley::proto::compress

template <>
struct boost::system::is_error_code_enum<parley::proto::compress::compress_errc> : std::true_type {};
