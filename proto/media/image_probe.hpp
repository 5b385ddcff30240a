// Image dimensions "when cheap" (rest.md §6.6.3 width/height): the format and pixel size read from
// the first bytes of a PNG (IHDR), GIF (logical screen), JPEG (first SOF marker) or WebP (VP8,
// VP8L, VP8X) file, without decoding. Anything else, or a header that is cut short or
// inconsistent, gives no answer. Reads only `bytes`; never allocates.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace parley::proto::media {

enum class image_format { png, gif, jpeg, webp };

struct image_info {
  image_format format;
  int width = 0;   // > 0
  int height = 0;  // > 0
};

// `bytes` is the file (or at least its beginning; a JPEG's SOF may sit after large metadata
// segments, so pass the whole file when you have it).
std::optional<image_info> probe_image(std::string_view bytes) noexcept;

// "image/png", "image/gif", "image/jpeg", "image/webp".
std::string_view mime_type(image_format format) noexcept;

} // namespace parley::proto::media
