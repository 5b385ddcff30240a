// The Range request header for a file of known size (RFC 9110 §14.1.2, §14.2): one byte range
// (first-last, first-, or -suffix) is served; anything the server may ignore (other units,
// several ranges, bad syntax) means "send the whole file", as §14.2 allows.
#pragma once

#include <cstdint>
#include <string_view>

namespace parley::server::files {

struct byte_range_request {
  enum class kind {
    whole,          // no usable Range: 200 with the full body
    partial,        // 206 with bytes first..last (inclusive)
    unsatisfiable,  // 416 with Content-Range: bytes */size
  };
  kind what = kind::whole;
  std::uint64_t first = 0;
  std::uint64_t last = 0;
};

byte_range_request parse_byte_range(std::string_view header, std::uint64_t size) noexcept;

} // namespace parley::server::files
