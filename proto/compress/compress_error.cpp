// Category of compress_errc, the errors of the zlib-stream and zstd-stream codecs (gateway.md §1.4–1.5).
#include "proto/compress/compress_error.hpp"

#include <string>

namespace parley::proto::compress {
namespace {

class compress_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "parley.compress"; }

  std::string message(int ev) const override {
    switch (static_cast<compress_errc>(ev)) {
      case compress_errc::corrupt_data: return "corrupt compressed data";
      case compress_errc::payload_too_large: return "decompressed payload exceeds the size limit";
      case compress_errc::buffer_limit_exceeded: return "buffered compressed data exceeds the size limit";
      case compress_errc::window_too_large: return "compression window exceeds the limit";
      case compress_errc::out_of_memory: return "compression library out of memory";
      case compress_errc::stream_failed: return "compression stream failed earlier";
      case compress_errc::internal_error: return "unexpected compression library status";
    }
    return "unknown compress error";
  }
};

} // namespace

const boost::system::error_category& compress_category() noexcept {
  static const compress_category_impl category;
  return category;
}

} // namespace parley::proto::compress
